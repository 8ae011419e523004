// Bulk awards from a registrar's CSV file (issue 5; specs/bulk-issuance.md).
//
// CheckBatch reads the whole file and reports every problem; RunBatch reads
// it again and streams it through four stages joined by bounded queues,
// so memory stays flat however long the file is:
//
//   reader (the caller's thread): CSV → checked rows, in chunks; rows whose
//     award exists already are dropped (resumption);
//   signers (one per core): award credential → status entries → proof;
//   recorder: one group commit per chunk, each credential with its award
//     row (and claim link) in one transaction;
//   writer: the recorded credentials and claim lines to the output files,
//     in file order.
//
// Exactly-once comes from the store, not from this code: the award's
// primary key refuses a second award of the same key, so a crash, a re-run
// or a second process can only waste a signature, never issue twice.
#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <ostream>
#include <thread>
#include <unordered_map>

#include "core/csv/csv_reader.h"
#include "core/encoding/base64.h"
#include "core/encoding/hex.h"
#include "core/util/bounded_queue.h"
#include "core/util/datetime.h"
#include "core/util/parallel.h"
#include "issuer/service/claim_util.h"
#include "issuer/service/issuer_service.h"
#include "issuer/service/open_badges.h"
#include "issuer/service/organizations.h"

namespace anycred::issuer {

Json BatchCheckJson(const BatchCheck& c) {
  Json problems = Json::array();
  for (const auto& p : c.problems)
    problems.push_back({{"row", p.row},
                        {"column", p.column},
                        {"problem", p.problem},
                        {"expected", p.expected}});
  return Json{{"batch", c.batch.id},
              {"achievement", c.batch.achievement_id},
              {"rows", c.batch.rows},
              {"validRows", c.batch.valid_rows},
              {"invalidRows", c.invalid_rows},
              {"awardedBefore", c.awarded_before},
              {"mapping", c.mapping},
              {"unusedColumns", c.unused_columns},
              {"problemCount", c.problem_count},
              {"problems", problems}};
}

namespace {

constexpr std::size_t kChunk = 256;       // rows read, signed together
constexpr std::size_t kMaxCommit = 4096;  // credentials in one transaction
constexpr std::int64_t kMaxClaimSeconds = 90LL * 24 * 3600;

// Streams the file through the CSV parser, hashing its bytes on the way.
// `on_row(row, fields)` gets every record, the header (row 1) included.
Status ReadCsv(const BatchRequest& request, const csv::CsvReader::RowFn& on_row,
               std::string* sha256_hex) {
  if (!request.read) return Status::Error(kInvalidRequest, "no file to read");
  crypto_hash_sha256_state hash;
  crypto_hash_sha256_init(&hash);
  csv::CsvReader reader(on_row);
  ANYCRED_RETURN_IF_ERROR(request.read([&](std::string_view bytes) {
    crypto_hash_sha256_update(
        &hash, reinterpret_cast<const unsigned char*>(bytes.data()),
        bytes.size());
    return reader.Feed(bytes);
  }));
  ANYCRED_RETURN_IF_ERROR(reader.Finish());
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&hash, digest);
  if (sha256_hex != nullptr)
    *sha256_hex = encoding::HexEncode(
        std::span<const std::uint8_t>(digest, sizeof digest));
  return Status::Ok();
}

// The file's data rows, mapped: the header (row 1) makes `*mapper`, then
// `on_row(row, mapped, problems)` gets each data row, `mapped` empty when
// the row has problems (listed in `problems`, cleared for each row).
using MappedRowFn =
    std::function<Status(std::size_t row, std::optional<BatchRow>& mapped,
                         std::vector<RowProblem>& problems)>;
Status ReadMappedRows(const BatchRequest& request, const Json& achievement,
                      std::optional<BatchMapper>* mapper,
                      const MappedRowFn& on_row, std::string* sha256_hex) {
  std::vector<RowProblem> problems;
  return ReadCsv(
      request,
      [&](std::size_t row, std::vector<std::string>& fields) -> Status {
        if (!*mapper) {
          ANYCRED_ASSIGN_OR_RETURN(
              BatchMapper m,
              BatchMapper::Create(fields, achievement, request.maps));
          mapper->emplace(std::move(m));
          return Status::Ok();
        }
        problems.clear();
        std::optional<BatchRow> mapped = (*mapper)->Map(row, fields, &problems);
        return on_row(row, mapped, problems);
      },
      sha256_hex);
}

std::string BatchId(const std::string& org_id,
                    const std::string& achievement_id,
                    const std::string& mapping, const std::string& sha256) {
  std::string input = "anycred-batch-v1";
  input.push_back('\0');
  for (const std::string* part :
       {&org_id, &achievement_id, &mapping, &sha256}) {
    input += *part;
    input.push_back('\0');
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest,
                     reinterpret_cast<const unsigned char*>(input.data()),
                     input.size());
  return "bat_" +
         encoding::HexEncode(std::span<const std::uint8_t>(digest, 16));
}

// A CSV cell, quoted when it needs to be (RFC 4180). A leading =, +, - or
// @ is prefixed with ' so that a spreadsheet does not run it as a formula.
std::string CsvCell(const std::string& v) {
  std::string s = v;
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@'))
    s = "'" + s;
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

struct RowChunk {
  std::uint64_t seq = 0;  // chunks in file order
  std::vector<BatchRow> rows;
};

struct SignedChunk {
  std::uint64_t seq = 0;
  std::vector<store::IssuedCredential> credentials;
  std::vector<std::string> claim_lines;  // one per credential
};

constexpr const char* kClaimsHeader =
    "row,name,email,student_id,did,credential_id,claim_url,claim_expires";

}  // namespace

namespace {

std::string ClaimLine(const BatchRow& r, const std::string& credential_id,
                      const std::string& url, const std::string& expires) {
  return std::to_string(r.row) + "," + CsvCell(r.name) + "," +
         CsvCell(r.email) + "," + CsvCell(r.student_id) + "," + CsvCell(r.did) +
         "," + CsvCell(credential_id) + "," + CsvCell(url) + "," +
         CsvCell(expires);
}

}  // namespace

std::string IssuerService::ClaimToken(const std::string& claim_id) const {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(
      mac, reinterpret_cast<const unsigned char*>(claim_id.data()),
      claim_id.size(), link_key_.data());
  std::string token =
      encoding::Base64UrlEncode(std::span<const std::uint8_t>(mac, sizeof mac));
  sodium_memzero(mac, sizeof mac);
  return token;
}

Result<BatchCheck> IssuerService::CheckBatch(const BatchRequest& request) {
  ANYCRED_ASSIGN_OR_RETURN(store::Organization org, Org(request.org_id));
  auto stored = store_->GetAchievement(request.achievement_id);
  if (!stored.ok()) {
    if (stored.status().code() == codes::kNotFound)
      return Status::Error(codes::kNotFound,
                           "achievement: no achievement " +
                               request.achievement_id +
                               " in the catalog (create it first)");
    return stored.status();
  }
  if (stored->org_id != org.id)
    return Status::Error(kForbidden, "achievement: " + request.achievement_id +
                                         " belongs to another organization");
  ANYCRED_ASSIGN_OR_RETURN(Json achievement, ParseJson(stored->json));

  BatchCheck check;
  std::optional<BatchMapper> mapper;
  // 8 bytes of each valid row's award key and its row: duplicates are
  // found by sorting at the end (16 bytes a row).
  std::vector<std::pair<std::uint64_t, std::uint64_t>> keys;
  std::vector<std::string> pending_keys;
  auto add_problem = [&](RowProblem p) {
    ++check.problem_count;
    if (check.problems.size() < request.max_problems)
      check.problems.push_back(std::move(p));
  };
  auto lookup = [&]() -> Status {
    if (pending_keys.empty()) return Status::Ok();
    ANYCRED_ASSIGN_OR_RETURN(
        auto found, store_->FindAwards(request.achievement_id, pending_keys));
    check.awarded_before += found.size();
    pending_keys.clear();
    return Status::Ok();
  };
  std::string sha256;
  Status read = ReadMappedRows(
      request, achievement, &mapper,
      [&](std::size_t row, std::optional<BatchRow>& mapped,
          std::vector<RowProblem>& problems) -> Status {
        ++check.batch.rows;
        if (!mapped) {
          ++check.invalid_rows;
          for (auto& p : problems) add_problem(std::move(p));
          return Status::Ok();
        }
        std::uint64_t k = 0;
        for (int i = 0; i < 8; ++i)
          k = (k << 8) |
              static_cast<std::uint64_t>(std::stoul(
                  mapped->award_key.substr(static_cast<std::size_t>(2 * i), 2),
                  nullptr, 16));
        keys.emplace_back(k, row);
        pending_keys.push_back(mapped->award_key);
        if (pending_keys.size() >= kChunk) ANYCRED_RETURN_IF_ERROR(lookup());
        if (check.preview.size() < request.preview) {
          auto cred = BuildAward(org, achievement, mapped->request, "");
          if (cred.ok()) check.preview.push_back(std::move(*cred));
        }
        return Status::Ok();
      },
      &sha256);
  ANYCRED_RETURN_IF_ERROR(read);
  ANYCRED_RETURN_IF_ERROR(lookup());
  if (!mapper)
    return Status::Error(kInvalidRequest,
                         "the file is empty: row 1 must name the columns, "
                         "e.g. email,name");

  // The same award twice in the file: the later rows are problems.
  std::sort(keys.begin(), keys.end());
  std::vector<RowProblem> dups;
  for (std::size_t i = 1; i < keys.size(); ++i) {
    if (keys[i].first != keys[i - 1].first) continue;
    std::size_t first = i - 1;
    while (first > 0 && keys[first - 1].first == keys[i].first) --first;
    dups.push_back(RowProblem{
        keys[i].second, "",
        "awards the achievement to the same recipient as row " +
            std::to_string(keys[first].second),
        "one row per recipient, or a column that tells the awards apart "
        "(--map COLUMN=key)"});
  }
  std::sort(
      dups.begin(), dups.end(),
      [](const RowProblem& a, const RowProblem& b) { return a.row < b.row; });
  // (Only 8 bytes of the keys were compared; a false duplicate needs a
  // 64-bit collision among the file's rows.)
  check.invalid_rows += dups.size();
  for (const auto& d : dups) check.repeated_rows.push_back(d.row);
  for (auto& d : dups) add_problem(std::move(d));
  std::sort(
      check.problems.begin(), check.problems.end(),
      [](const RowProblem& a, const RowProblem& b) { return a.row < b.row; });

  check.mapping = mapper->MappingJson();
  check.mapping_words = mapper->MappingWords();
  check.unused_columns = mapper->Unused();
  store::Batch& b = check.batch;
  b.org_id = org.id;
  b.achievement_id = request.achievement_id;
  b.source_sha256 = sha256;
  b.id =
      BatchId(org.id, request.achievement_id, DumpJson(check.mapping), sha256);
  b.valid_rows = b.rows - check.invalid_rows;
  b.options = DumpJson(Json{{"mapping", check.mapping},
                            {"skipInvalid", request.skip_invalid},
                            {"claimLinks", request.claim_links}});
  b.state = "issuing";
  return check;
}

Result<store::Batch> IssuerService::OpenBatch(const BatchRequest& request,
                                              const BatchCheck& check) {
  if (!check.ok() && !request.skip_invalid)
    return Status::Error(
        kInvalidRequest,
        (check.invalid_rows == 1
             ? std::string("1 row has")
             : std::to_string(check.invalid_rows) + " rows have") +
            " problems; nothing was issued (fix them, or skip those rows)");
  store::Batch fresh = check.batch;
  fresh.created = fresh.updated = FormatDateTime(Now());
  ANYCRED_ASSIGN_OR_RETURN(
      auto created,
      store_->CreateBatch(fresh, AuditNow(request.org_id, request.actor,
                                          "batch.create", fresh.id,
                                          std::to_string(fresh.valid_rows) +
                                              " rows to award achievement " +
                                              request.achievement_id)));
  return created.first;
}

Result<BatchOutcome> IssuerService::RunBatch(
    const BatchRequest& request, const BatchCheck& check,
    const std::function<void(const BatchProgress&)>& progress,
    const Sinks* sinks) {
  if (!check.ok() && !request.skip_invalid)
    return Status::Error(
        kInvalidRequest,
        (check.invalid_rows == 1
             ? std::string("1 row has")
             : std::to_string(check.invalid_rows) + " rows have") +
            " problems; nothing was issued (fix them, or skip those rows)");
  std::int64_t ttl = request.claim_ttl_seconds > 0 ? request.claim_ttl_seconds
                                                   : options_.claim_ttl_seconds;
  if (ttl > kMaxClaimSeconds)
    return Status::Error(kInvalidRequest,
                         "claim link lifetime: at most 90 days");
  ANYCRED_ASSIGN_OR_RETURN(store::Organization org, Org(request.org_id));
  ANYCRED_ASSIGN_OR_RETURN(store::Achievement stored,
                           store_->GetAchievement(request.achievement_id));
  ANYCRED_ASSIGN_OR_RETURN(Json achievement, ParseJson(stored.json));
  BatchOutcome outcome;
  ANYCRED_ASSIGN_OR_RETURN(outcome.batch, OpenBatch(request, check));
  outcome.invalid = check.invalid_rows;
  const std::string batch_id = outcome.batch.id;

  if (sinks != nullptr && sinks->claims != nullptr)
    *sinks->claims << kClaimsHeader << "\r\n";
  const auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         started)
        .count();
  };
  std::mutex err_mu;
  Status error = Status::Ok();
  BoundedQueue<RowChunk> to_sign(8);
  BoundedQueue<SignedChunk> to_record(16);
  // A group committed but maybe not yet on disk, and how many of its
  // credentials this run issued.
  struct RecordedGroup {
    std::vector<SignedChunk> chunks;
    store::SyncToken sync = 0;
    std::uint64_t issued = 0;
  };
  BoundedQueue<RecordedGroup> to_write(2);
  auto fail = [&](Status st) {
    {
      std::lock_guard<std::mutex> lock(err_mu);
      if (error.ok()) error = std::move(st);
    }
    to_sign.Close();
    to_record.Close();
    to_write.Close();
  };
  std::atomic<std::uint64_t> issued{0}, elsewhere{0};
  std::uint64_t before = 0, other_batches = 0;
  const std::uint64_t total =
      check.batch.valid_rows > check.awarded_before
          ? check.batch.valid_rows - check.awarded_before
          : 0;

  auto stop_requested = [&] {
    if (request.cancel == nullptr || !request.cancel->load()) return false;
    fail(Status::Error("CANCELLED",
                       "the batch was stopped; run it again to finish it"));
    return true;
  };

  // Writer: waits until each recorded group is on disk (the recorder
  // commits without waiting: it writes the next group meanwhile), then
  // counts it as issued and writes it to the sinks in file order (chunks
  // finish out of order; the few ahead of their turn wait in `ahead`,
  // bounded by the queues). Nothing reaches a file or the progress count
  // before it is durable.
  bool streamed_all = true;  // recorder thread only
  auto emit = [&](SignedChunk& chunk) -> Status {
    for (std::size_t i = 0; i < chunk.credentials.size(); ++i) {
      if (chunk.credentials[i].json.empty()) continue;  // not recorded here
      if (sinks->credentials != nullptr)
        *sinks->credentials << chunk.credentials[i].json << '\n';
      if (sinks->claims != nullptr)
        *sinks->claims << chunk.claim_lines[i] << "\r\n";
    }
    if ((sinks->credentials != nullptr && !*sinks->credentials) ||
        (sinks->claims != nullptr && !*sinks->claims))
      return Status::Error("IO_ERROR", "cannot write the output files");
    return Status::Ok();
  };
  std::thread writer([&] {
    std::uint64_t next_seq = 0, durable = 0;
    std::map<std::uint64_t, SignedChunk> ahead;
    while (auto group = to_write.Pop()) {
      if (Status st = store_->Sync(group->sync); !st.ok()) {
        fail(st);
        return;
      }
      durable += group->issued;
      if (progress) progress(BatchProgress{total, durable, elapsed()});
      if (sinks == nullptr) continue;
      for (auto& c : group->chunks) ahead.emplace(c.seq, std::move(c));
      for (auto it = ahead.find(next_seq); it != ahead.end();
           it = ahead.find(next_seq)) {
        if (Status st = emit(it->second); !st.ok()) {
          fail(st);
          return;
        }
        ahead.erase(it);
        ++next_seq;
      }
    }
  });

  // Recorder: one group commit for whatever chunks are ready, then the
  // group to the writer, which waits for the disk.
  std::thread recorder([&] {
    while (auto first = to_record.Pop()) {
      if (stop_requested()) return;
      std::vector<SignedChunk> group;
      std::size_t n = first->credentials.size();
      group.push_back(std::move(*first));
      while (n < kMaxCommit) {
        auto more = to_record.TryPop();
        if (!more) break;
        n += more->credentials.size();
        group.push_back(std::move(*more));
      }
      std::vector<store::IssuedCredential> all;
      all.reserve(n);
      for (auto& c : group)
        for (auto& cred : c.credentials) all.push_back(std::move(cred));
      store::SyncToken sync = 0;
      auto results = store_->RecordCredentialsUnsynced(all, &sync);
      if (!results.ok()) {
        fail(results.status());
        return;
      }
      std::size_t k = 0;
      std::uint64_t group_issued = 0;
      for (auto& c : group) {
        for (auto& cred : c.credentials) {
          cred = std::move(all[k]);
          const Status& st = (*results)[k++];
          if (st.ok()) {
            ++group_issued;
          } else if (st.code() == store::kAlreadyExists) {
            ++elsewhere;  // another process recorded this award first
            cred.json.clear();
            streamed_all = false;
          } else {
            fail(Status::Error(st.code(), "row " +
                                              std::to_string(cred.award->row) +
                                              ": " + st.message()));
            return;
          }
        }
      }
      issued += group_issued;
      if (!to_write.Push(RecordedGroup{std::move(group), sync, group_issued}))
        return;
    }
  });

  // Signers.
  unsigned threads = request.threads > 0 ? request.threads : DefaultThreads();
  std::vector<std::thread> signers;
  for (unsigned t = 0; t < threads; ++t) {
    signers.emplace_back([&] {
      while (auto chunk = to_sign.Pop()) {
        if (stop_requested()) return;
        auto key = Key(org);
        if (!key.ok()) {
          fail(key.status());
          return;
        }
        SignedChunk out;
        out.seq = chunk->seq;
        out.credentials.reserve(chunk->rows.size());
        out.claim_lines.reserve(chunk->rows.size());
        for (BatchRow& row : chunk->rows) {
          std::uint8_t salt_bytes[12];
          randombytes_buf(salt_bytes, sizeof salt_bytes);
          auto cred = BuildAward(org, achievement, row.request,
                                 encoding::HexEncode(salt_bytes));
          Result<std::pair<store::IssuedCredential, Json>> prepared =
              cred.ok()
                  ? PrepareSigned(org, request.actor, request.achievement_id,
                                  std::move(*cred), **key)
                  : Result<std::pair<store::IssuedCredential, Json>>(
                        cred.status());
          if (!prepared.ok()) {
            fail(Status::Error(prepared.status().code(),
                               "row " + std::to_string(row.row) + ": " +
                                   prepared.status().message()));
            return;
          }
          store::IssuedCredential rec = std::move(prepared->first);
          rec.audit.detail = "achievement " + request.achievement_id +
                             " awarded (batch " + batch_id + ", row " +
                             std::to_string(row.row) + ")";
          store::Award award{request.achievement_id,
                             row.award_key,
                             rec.id,
                             batch_id,
                             row.row,
                             ""};
          std::string url, expires;
          if (row.needs_claim && request.claim_links) {
            store::Claim claim;
            claim.id = NewClaimId();
            claim.org_id = org.id;
            claim.achievement_id = request.achievement_id;
            claim.hash = HashToken(ClaimToken(claim.id));
            claim.request =
                DumpJson(StoredRequest(row.request, prepared->second));
            claim.created = FormatDateTime(Now());
            claim.expires = Later(ttl);
            award.claim_id = claim.id;
            if (sinks != nullptr) {
              url = options_.public_url + "/workflows/claim/exchanges/" +
                    ClaimToken(claim.id);
              expires = claim.expires;
            }
            rec.claim = std::move(claim);
          }
          rec.award = std::move(award);
          if (sinks != nullptr)
            out.claim_lines.push_back(ClaimLine(row, rec.id, url, expires));
          out.credentials.push_back(std::move(rec));
        }
        if (!to_record.Push(std::move(out))) return;
      }
    });
  }

  // Reader: the caller's thread.
  std::optional<BatchMapper> mapper;
  RowChunk chunk;
  std::uint64_t seq = 0;
  auto flush = [&]() -> Status {
    if (chunk.rows.empty()) return Status::Ok();
    std::vector<std::string> keys;
    keys.reserve(chunk.rows.size());
    for (const auto& r : chunk.rows) keys.push_back(r.award_key);
    ANYCRED_ASSIGN_OR_RETURN(auto found,
                             store_->FindAwards(request.achievement_id, keys));
    if (!found.empty()) {
      std::unordered_map<std::string, const store::Award*> done;
      for (const auto& a : found) done[a.award_key] = &a;
      std::vector<BatchRow> left;
      for (auto& r : chunk.rows) {
        auto it = done.find(r.award_key);
        if (it == done.end()) {
          left.push_back(std::move(r));
        } else if (it->second->batch_id == batch_id) {
          ++before;
        } else {
          ++other_batches;
        }
      }
      chunk.rows = std::move(left);
    }
    if (!chunk.rows.empty()) {
      chunk.seq = seq++;
      if (!to_sign.Push(std::move(chunk)))
        return Status::Error("CANCELLED", "stopped");
    }
    chunk = RowChunk{};
    return Status::Ok();
  };
  std::string sha256;
  Status read = ReadMappedRows(
      request, achievement, &mapper,
      [&](std::size_t row, std::optional<BatchRow>& mapped,
          std::vector<RowProblem>&) -> Status {
        if (request.cancel != nullptr && request.cancel->load())
          return Status::Error("CANCELLED",
                               "the batch was stopped; run it again to "
                               "finish it");
        if (!mapped) return Status::Ok();  // invalid: skipped (checked)
        if (std::binary_search(check.repeated_rows.begin(),
                               check.repeated_rows.end(), row))
          return Status::Ok();  // the same award as an earlier row
        chunk.rows.push_back(std::move(*mapped));
        if (chunk.rows.size() >= kChunk) return flush();
        return Status::Ok();
      },
      &sha256);
  if (read.ok()) read = flush();
  if (read.ok() && sha256 != check.batch.source_sha256)
    read = Status::Error(kInvalidRequest,
                         "the file changed between the check and the run; "
                         "run the batch again");
  const bool cancelled = request.cancel != nullptr && request.cancel->load();
  if (!read.ok() && (read.code() != "CANCELLED" || cancelled)) fail(read);
  to_sign.Close();
  for (auto& t : signers) t.join();
  to_record.Close();
  recorder.join();
  to_write.Close();
  writer.join();
  if (!error.ok()) return error;

  outcome.issued = issued.load();
  outcome.issued_before = before;
  outcome.awarded_elsewhere = other_batches + elsewhere.load();
  outcome.seconds = elapsed();
  if (sinks != nullptr) {
    if (sinks->credentials != nullptr) sinks->credentials->flush();
    if (sinks->claims != nullptr) sinks->claims->flush();
  }
  ANYCRED_ASSIGN_OR_RETURN(std::uint64_t recorded,
                           store_->CountBatchAwards(batch_id));
  // Complete when this run recorded the whole batch and lost no race.
  outcome.streamed_all = sinks != nullptr && streamed_all && before == 0 &&
                         recorded == outcome.issued;
  const std::string done_at = FormatDateTime(Now());
  ANYCRED_RETURN_IF_ERROR(store_->SetBatchState(
      batch_id, "done", done_at,
      outcome.batch.state == "done" && outcome.issued == 0
          ? store::AuditEvent{}
          : AuditNow(org.id, request.actor, "batch.done", batch_id,
                     std::to_string(recorded) + " of " +
                         std::to_string(outcome.batch.valid_rows) +
                         " rows awarded by this batch; " +
                         std::to_string(outcome.issued) + " in this run")));
  outcome.batch.state = "done";
  outcome.batch.updated = done_at;
  return outcome;
}

Status IssuerService::ExportBatchCredentials(const std::string& batch_id,
                                             std::ostream& out) {
  ANYCRED_RETURN_IF_ERROR(store_->ForEachBatchAward(
      batch_id, [&](const store::Award&, const std::string& json) -> Status {
        out << json << '\n';
        if (!out) return Status::Error("IO_ERROR", "cannot write the output");
        return Status::Ok();
      }));
  out.flush();
  return out ? Status::Ok()
             : Status::Error("IO_ERROR", "cannot write the output");
}

Status IssuerService::ExportBatchClaims(const std::string& batch_id,
                                        const BatchRequest* request,
                                        std::ostream& out) {
  ANYCRED_ASSIGN_OR_RETURN(store::Batch batch, store_->GetBatch(batch_id));
  auto claim_link = [&](const store::Award& a, std::string* url,
                        std::string* expires) -> Status {
    if (a.claim_id.empty()) return Status::Ok();
    std::string token = ClaimToken(a.claim_id);
    auto claim = store_->FindClaim(HashToken(token));
    if (!claim.ok()) return Status::Ok();
    if (claim->used_at.empty()) {
      *url = options_.public_url + "/workflows/claim/exchanges/" + token;
      *expires = claim->expires;
    } else {
      *expires = "claimed " + claim->used_at;
    }
    return Status::Ok();
  };

  auto write = [&](const std::string& line) -> Status {
    out << line << "\r\n";
    return out ? Status::Ok()
               : Status::Error("IO_ERROR", "cannot write the output");
  };
  if (request == nullptr || !request->read) {
    ANYCRED_RETURN_IF_ERROR(write("row,credential_id,claim_url,claim_expires"));
    return store_->ForEachBatchAward(
        batch_id, [&](const store::Award& a, const std::string&) -> Status {
          std::string url, expires;
          ANYCRED_RETURN_IF_ERROR(claim_link(a, &url, &expires));
          return write(std::to_string(a.row) + "," + CsvCell(a.credential_id) +
                       "," + CsvCell(url) + "," + CsvCell(expires));
        });
  }
  // With the file: its recipient columns joined by award key.
  ANYCRED_ASSIGN_OR_RETURN(store::Achievement stored,
                           store_->GetAchievement(batch.achievement_id));
  ANYCRED_ASSIGN_OR_RETURN(Json achievement, ParseJson(stored.json));
  ANYCRED_RETURN_IF_ERROR(write(kClaimsHeader));
  std::optional<BatchMapper> mapper;
  std::vector<BatchRow> rows;
  auto flush = [&]() -> Status {
    if (rows.empty()) return Status::Ok();
    std::vector<std::string> keys;
    for (const auto& r : rows) keys.push_back(r.award_key);
    ANYCRED_ASSIGN_OR_RETURN(auto found,
                             store_->FindAwards(batch.achievement_id, keys));
    std::unordered_map<std::string, const store::Award*> by_key;
    for (const auto& a : found)
      if (a.batch_id == batch_id) by_key[a.award_key] = &a;
    for (const auto& r : rows) {
      auto it = by_key.find(r.award_key);
      if (it == by_key.end() || it->second->row != r.row) continue;
      std::string url, expires;
      ANYCRED_RETURN_IF_ERROR(claim_link(*it->second, &url, &expires));
      ANYCRED_RETURN_IF_ERROR(
          write(ClaimLine(r, it->second->credential_id, url, expires)));
    }
    rows.clear();
    return Status::Ok();
  };
  ANYCRED_RETURN_IF_ERROR(ReadMappedRows(
      *request, achievement, &mapper,
      [&](std::size_t, std::optional<BatchRow>& mapped,
          std::vector<RowProblem>&) -> Status {
        if (mapped) rows.push_back(std::move(*mapped));
        if (rows.size() >= kChunk) return flush();
        return Status::Ok();
      },
      nullptr));
  ANYCRED_RETURN_IF_ERROR(flush());
  out.flush();
  return out ? Status::Ok()
             : Status::Error("IO_ERROR", "cannot write the output");
}

Result<Json> IssuerService::BatchStatus(const std::string& org_id,
                                        const std::string& batch_id) {
  auto batch = store_->GetBatch(batch_id);
  if (!batch.ok() || batch->org_id != org_id) {
    if (!batch.ok() && batch.status().code() != codes::kNotFound)
      return batch.status();
    return Status::Error(codes::kNotFound, "no batch " + batch_id);
  }
  ANYCRED_ASSIGN_OR_RETURN(std::uint64_t issued,
                           store_->CountBatchAwards(batch_id));
  return Json{{"id", batch->id},
              {"achievement", batch->achievement_id},
              {"state", batch->state},
              {"rows", batch->rows},
              {"validRows", batch->valid_rows},
              {"issued", issued},
              {"created", batch->created},
              {"updated", batch->updated}};
}

}  // namespace anycred::issuer
