// anycred-issuer bulk: award an achievement to every row of a registrar's
// CSV file (specs/bulk-issuance.md). First every row is checked and all
// problems are reported at once; then the rows are issued, with progress on
// standard error, and the signed credentials and a mail-merge file of
// claim links are written to --out.
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "core/util/datetime.h"
#include "issuer/cli.h"
#include "issuer/service/issuer_service.h"
#include "issuer/service/master_key.h"
#include "issuer/service/open_badges.h"
#include "issuer/service/organizations.h"
#include "issuer/store/open_store.h"

namespace anycred::issuer {

namespace {

struct BulkArgs {
  std::string data = "anycred-data";
  std::string store;  // --store URL (PostgreSQL), else SQLite in data
  std::string org, achievement, file, out, public_url;
  std::vector<std::string> maps;
  bool dry_run = false, skip_invalid = false, json = false;
  bool no_claim_links = false, no_progress = false;
  int claim_days = 14;
  unsigned threads = 0;
  std::size_t preview = 3;
};

int Fail(const Status& st, int code) {
  std::cerr << "error: " << st.message() << "\n";
  return code;
}

std::string Thousands(std::uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
    s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

// "1 row", "2,000 rows".
std::string Count(std::uint64_t n, const char* one, const char* many) {
  return Thousands(n) + " " + (n == 1 ? one : many);
}

std::string Clock(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--:--";
  auto s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60,
                  s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

// Reads FILE (or standard input for "-", kept in memory so it can be read
// twice) in 1 MiB pieces.
struct Source {
  std::string path;
  std::string stdin_copy;
  Status Read(const std::function<Status(std::string_view)>& sink) const {
    if (path == "-") return sink(stdin_copy);
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::Error("IO_ERROR", "cannot read " + path);
    std::vector<char> buf(1 << 20);
    while (in) {
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      std::streamsize n = in.gcount();
      if (n > 0)
        ANYCRED_RETURN_IF_ERROR(
            sink(std::string_view(buf.data(), static_cast<std::size_t>(n))));
    }
    if (in.bad()) return Status::Error("IO_ERROR", "cannot read " + path);
    return Status::Ok();
  }
};

void PrintCheck(const BatchCheck& c) {
  std::cerr << "Batch " << c.batch.id << ": "
            << Count(c.batch.rows, "row", "rows") << " to award "
            << c.batch.achievement_id << "\n";
  std::string cols;
  for (const auto& [column, field] : c.mapping_words.items())
    cols += (cols.empty() ? "" : "; ") + ("\"" + column + "\" → ") +
            field.get<std::string>();
  std::cerr << "Columns: " << cols << "\n";
  for (const auto& u : c.unused_columns)
    std::cerr << "Note: column \"" << u
              << "\" is not used (map it with --map \"" << u
              << "=FIELD\", or --map \"" << u << "=ignore\" to silence this)\n";
  if (c.problem_count == 0) {
    std::cerr << "Checked " << Count(c.batch.rows, "row", "rows")
              << ": no problems.\n";
  } else {
    std::cerr << "Checked " << Count(c.batch.rows, "row", "rows") << ": "
              << Count(c.invalid_rows, "row has", "rows have")
              << " problems:\n";
    for (const auto& p : c.problems) {
      std::cerr << "  row " << p.row;
      if (!p.column.empty()) std::cerr << ", column \"" << p.column << "\"";
      std::cerr << ": " << p.problem;
      if (!p.expected.empty()) std::cerr << " (expected " << p.expected << ")";
      std::cerr << "\n";
    }
    if (c.problem_count > c.problems.size())
      std::cerr << "  … and " << Thousands(c.problem_count - c.problems.size())
                << " more problems\n";
  }
  if (c.awarded_before > 0)
    std::cerr << Count(c.awarded_before, "row was", "rows were")
              << " awarded already and will not be issued again.\n";
}

// Progress on standard error: a bar on a terminal, JSON lines otherwise;
// at most a few times a second.
class Progress {
 public:
  Progress(bool enabled, std::string batch)
      : enabled_(enabled), tty_(isatty(2) != 0), batch_(std::move(batch)) {}
  void Update(const BatchProgress& p, bool final = false) {
    if (!enabled_) return;
    if (!final && p.seconds - last_ < (tty_ ? 0.2 : 1.0)) return;
    if (final && !tty_ && last_done_ == p.done && last_ >= 0) return;
    last_done_ = p.done;
    last_ = p.seconds;
    double rate = p.seconds > 0 ? static_cast<double>(p.done) / p.seconds : 0;
    double eta =
        rate > 0
            ? static_cast<double>(p.total - std::min(p.total, p.done)) / rate
            : NAN;
    if (!tty_) {
      std::cerr << DumpJson(Json{
                       {"event", "progress"},
                       {"batch", batch_},
                       {"done", p.done},
                       {"total", p.total},
                       {"perSecond", std::round(rate)},
                       {"etaSeconds", std::isfinite(eta) ? Json(std::round(eta))
                                                         : Json(nullptr)}})
                << std::endl;
      return;
    }
    const int width = 30;
    double frac =
        p.total > 0 ? static_cast<double>(p.done) / static_cast<double>(p.total)
                    : 1.0;
    int fill = static_cast<int>(frac * width);
    std::cerr << "\r[" << std::string(static_cast<std::size_t>(fill), '#')
              << std::string(static_cast<std::size_t>(width - fill), '.')
              << "] " << Thousands(p.done) << "/" << Thousands(p.total) << "  "
              << Thousands(static_cast<std::uint64_t>(rate)) << "/s  ETA "
              << Clock(eta) << "   " << std::flush;
    if (final) std::cerr << "\n";
  }

 private:
  bool enabled_, tty_;
  std::string batch_;
  double last_ = -1;
  std::uint64_t last_done_ = 0;
};

// Writes `fn`'s output to PATH atomically (PATH.partial, then rename).
Status WriteFile(const std::string& path, mode_t mode,
                 const std::function<Status(std::ostream&)>& fn) {
  std::string tmp = path + ".partial";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::Error("IO_ERROR", "cannot write " + tmp);
    chmod(tmp.c_str(), mode);
    ANYCRED_RETURN_IF_ERROR(fn(out));
    out.close();
    if (!out) return Status::Error("IO_ERROR", "cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    return Status::Error("IO_ERROR", "cannot write " + path);
  return Status::Ok();
}

int RunBulk(const BulkArgs& a) {
  if (a.claim_days < 1 || a.claim_days > 90)
    return Fail(Status::Error("USAGE", "--claim-days: must be from 1 to 90"),
                kExitUsage);
  Source source{a.file, ""};
  if (a.file == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    source.stdin_copy = ss.str();
  } else {
    struct stat st;
    if (stat(a.file.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
      return Fail(Status::Error("IO_ERROR", "cannot read " + a.file),
                  kExitUsage);
  }
  auto store = store::OpenStore(a.store, a.data, false);
  if (!store.ok()) return Fail(store.status(), kExitUsage);
  auto mk = MasterKey::Load(a.data, store->get());
  if (!mk.ok()) return Fail(mk.status(), kExitUsage);
  ServiceOptions opts;
  opts.public_url = a.public_url;
  if (opts.public_url.empty()) {
    auto remembered = (*store)->GetMeta("public_url");
    if (remembered.ok() && remembered->has_value())
      opts.public_url = **remembered;
  }
  if (opts.public_url.empty())
    return Fail(Status::Error("USAGE",
                              "--public-url: say where the issuer service "
                              "is reached (its status lists and claim links "
                              "are there), e.g. https://credentials."
                              "example.edu; `anycred-issuer serve` remembers "
                              "it once it has run"),
                kExitUsage);
  opts.claim_ttl_seconds = a.claim_days * 24 * 3600;
  // Status indices are reserved durably, a block per transaction: a big
  // batch takes big blocks (a crash wastes at most one block, an eighth of
  // a list). Each reservation holds the store's writer back; with blocks
  // of 4,096 that was 14 s of a 1,000,000-row batch, with 16,384 9 s.
  opts.reserve_block = 16384;
  IssuerService service(store->get(), std::move(*mk), opts);

  BatchRequest req;
  req.org_id = a.org;
  req.actor = CliActor();
  req.achievement_id = a.achievement;
  req.maps = a.maps;
  req.skip_invalid = a.skip_invalid;
  req.claim_links = !a.no_claim_links;
  req.preview = a.preview;
  req.threads = a.threads;
  req.read = [&source](const std::function<Status(std::string_view)>& sink) {
    return source.Read(sink);
  };
  if (auto org = (*store)->GetOrganization(a.org); !org.ok())
    return Fail(
        Status::Error(org.status().code(), "--org: no organization " + a.org),
        kExitRefused);

  auto check = service.CheckBatch(req);
  if (!check.ok()) {
    const std::string c = check.status().code();
    return Fail(check.status(), c == "IO_ERROR" ? kExitUsage : kExitRefused);
  }
  if (!a.json) PrintCheck(*check);
  if (a.dry_run) {
    if (a.json) {
      Json out = BatchCheckJson(*check);
      out["dryRun"] = true;
      out["preview"] = check->preview;
      std::cout << DumpJson(out) << "\n";
    } else {
      for (std::size_t i = 0; i < check->preview.size(); ++i)
        std::cout << "Preview " << i + 1 << " (unsigned):\n"
                  << check->preview[i].dump(2) << "\n";
      std::cerr << "Dry run: nothing was issued.\n";
    }
    return check->ok() ? kExitOk : kExitRefused;
  }
  if (!check->ok() && !a.skip_invalid) {
    if (a.json) {
      Json out = BatchCheckJson(*check);
      out["issued"] = 0;
      std::cout << DumpJson(out) << "\n";
    }
    std::cerr << "Nothing was issued. Fix the rows and run again, or add "
                 "--skip-invalid to issue the "
              << Thousands(check->batch.valid_rows) << " valid rows.\n";
    return kExitRefused;
  }

  std::string out_dir =
      a.out.empty() ? "anycred-batch-" + check->batch.id.substr(4, 12) : a.out;
  if (mkdir(out_dir.c_str(), 0700) != 0 && errno != EEXIST)
    return Fail(
        Status::Error("IO_ERROR", "--out: cannot create the folder " + out_dir),
        kExitUsage);

  // The files are streamed while rows are issued; a resumed run (or one
  // that shared the batch with another process) writes them again from
  // the store afterwards.
  const std::string creds_path = out_dir + "/credentials.jsonl";
  const std::string claims_path = out_dir + "/claims.csv";
  std::ofstream creds_out(creds_path + ".partial",
                          std::ios::binary | std::ios::trunc);
  std::ofstream claims_out(claims_path + ".partial",
                           std::ios::binary | std::ios::trunc);
  chmod((creds_path + ".partial").c_str(), 0600);
  chmod((claims_path + ".partial").c_str(), 0600);
  if (!creds_out || !claims_out)
    return Fail(Status::Error("IO_ERROR", "--out: cannot write in " + out_dir),
                kExitUsage);
  IssuerService::Sinks sinks{&creds_out, &claims_out};
  Progress progress(!a.no_progress, check->batch.id);
  auto outcome = service.RunBatch(
      req, *check, [&](const BatchProgress& p) { progress.Update(p); }, &sinks);
  if (!outcome.ok()) {
    std::cerr << "\n";
    Fail(outcome.status(), kExitUsage);
    std::cerr << "What was issued before the error is kept; run the same "
                 "command again to finish the batch.\n";
    return outcome.status().code() == kInvalidRequest ? kExitRefused
                                                      : kExitUsage;
  }
  progress.Update(
      BatchProgress{outcome->issued, outcome->issued, outcome->seconds}, true);

  creds_out.close();
  claims_out.close();
  Status w = Status::Ok();
  if (outcome->streamed_all && creds_out && claims_out) {
    if (std::rename((creds_path + ".partial").c_str(), creds_path.c_str()) !=
            0 ||
        std::rename((claims_path + ".partial").c_str(), claims_path.c_str()) !=
            0)
      w = Status::Error("IO_ERROR", "cannot write in " + out_dir);
  } else {
    w = WriteFile(creds_path, 0600, [&](std::ostream& o) {
      return service.ExportBatchCredentials(outcome->batch.id, o);
    });
    if (w.ok())
      w = WriteFile(claims_path, 0600, [&](std::ostream& o) {
        return service.ExportBatchClaims(outcome->batch.id, &req, o);
      });
  }
  if (!w.ok()) {
    Fail(w, kExitUsage);
    std::cerr << "The credentials are issued and stored; run the same "
                 "command again to write the files.\n";
    return kExitUsage;
  }
  if (a.json) {
    Json out = BatchCheckJson(*check);
    out["state"] = outcome->batch.state;
    out["issued"] = outcome->issued;
    out["issuedBefore"] = outcome->issued_before;
    out["awardedElsewhere"] = outcome->awarded_elsewhere;
    out["skippedInvalid"] = outcome->invalid;
    out["seconds"] = outcome->seconds;
    out["credentials"] = creds_path;
    out["claims"] = claims_path;
    std::cout << DumpJson(out) << "\n";
  } else {
    std::cout << "Issued "
              << Count(outcome->issued, "credential", "credentials");
    if (outcome->seconds > 0 && outcome->issued > 0)
      std::cout << " in " << Clock(outcome->seconds) << " ("
                << Thousands(static_cast<std::uint64_t>(
                       static_cast<double>(outcome->issued) / outcome->seconds))
                << "/s)";
    std::cout << ".\n";
    if (outcome->issued_before > 0)
      std::cout << Count(outcome->issued_before, "row", "rows")
                << " had been issued by an earlier run of this batch.\n";
    if (outcome->awarded_elsewhere > 0)
      std::cout << Count(outcome->awarded_elsewhere, "row was", "rows were")
                << " awarded already by another batch and not issued "
                   "again.\n";
    if (outcome->invalid > 0)
      std::cout << Count(outcome->invalid, "row with problems was",
                         "rows with problems were")
                << " skipped.\n";
    std::cout << "Signed credentials: " << creds_path << "\n"
              << "Mail merge (claim links; keep it private): " << claims_path
              << "\n";
  }
  return kExitOk;
}

}  // namespace

Command RegisterBulk(CLI::App& app) {
  auto a = std::make_shared<BulkArgs>();
  CLI::App* cmd = app.add_subcommand(
      "bulk",
      "Award an achievement to every row of a CSV file (checks every row "
      "first; safe to run again: nothing is issued twice)");
  AddStoreOptions(cmd, &a->data, &a->store);
  cmd->add_option("--org", a->org, "The issuing organization")->required();
  cmd->add_option("--achievement", a->achievement,
                  "The catalog achievement to award")
      ->required();
  cmd->add_option("file", a->file, "The CSV file (header row first), or -")
      ->required();
  cmd->add_option("--map", a->maps,
                  "COLUMN=FIELD: what a column holds (did, email, studentId, "
                  "name, result, result:NAME, evidence, validFrom, "
                  "validUntil, key, ignore); repeatable");
  cmd->add_flag("--dry-run", a->dry_run,
                "Check every row and preview the first credentials; issue "
                "nothing");
  cmd->add_flag("--skip-invalid", a->skip_invalid,
                "Issue the valid rows even if some rows have problems");
  cmd->add_option("--out", a->out,
                  "Folder for credentials.jsonl and claims.csv; default "
                  "./anycred-batch-ID");
  cmd->add_option("--public-url", a->public_url,
                  "The issuer service's base URL (status lists, claim "
                  "links); default: the one `serve` last used");
  cmd->add_flag("--no-claim-links", a->no_claim_links,
                "Do not make claim links for recipients without a DID");
  cmd->add_option("--claim-days", a->claim_days,
                  "Days a claim link stays valid (1-90, default 14)");
  cmd->add_option("--threads", a->threads,
                  "Signing threads (default: one per core)");
  cmd->add_option("--preview", a->preview,
                  "Credentials a dry run shows (default 3)");
  cmd->add_flag("--no-progress", a->no_progress,
                "No progress on standard error");
  cmd->add_flag("--json", a->json, "Print the result as JSON");
  return [a] { return RunBulk(*a); };
}

}  // namespace anycred::issuer
