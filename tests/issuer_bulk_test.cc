// Bulk awards in the issuer service (issuer/service/batches.cc), in
// process: the check reports every problem, nothing is issued from a file
// with problems unless asked, a batch run again or stopped half-way and
// resumed issues each row exactly once, two services running the same
// batch at once (two processes sharing a store) still issue each row once,
// and the mail-merge claim links work.
#include <atomic>
#include <catch2/catch.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "core/csv/csv_reader.h"
#include "issuer/service/issuer_service.h"
#include "issuer/service/master_key.h"
#include "issuer/service/open_badges.h"
#include "issuer/service/organizations.h"
#include "issuer/service/sealed_key_vault.h"
#include "issuer/store/sqlite_store.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::issuer;

namespace {

struct Fixture {
  testing::TempDir dir;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<IssuerService> service;
  Principal who;

  Fixture() {
    auto s = store::OpenSqliteStore(dir.File("issuer.db"), true);
    REQUIRE(s.ok());
    store = std::move(s).value();
    auto mk = MasterKey::Create(dir.path(), store.get());
    REQUIRE(mk.ok());
    {
      auto vault_key = MasterKey::Load(dir.path(), store.get());
      REQUIRE(vault_key.ok());
      SealedKeyVault vault(std::move(*vault_key));
      auto org = CreateOrganization(
          store.get(), vault,
          OrganizationSpec{"Riverside College", "issuer.example", false},
          "test");
      INFO(org.status().message());
      REQUIRE(org.ok());
      service = NewService(store.get());
      auto p = service->Authenticate(org->token.token.value());
      REQUIRE(p.ok());
      who = *p;
    }
    auto put = service->PutAchievement(who, Json::parse(R"({
      "id": "wd-101", "name": "Web Development Fundamentals",
      "description": "Builds accessible web pages.",
      "criteria": {"narrative": "Pass the final project."},
      "resultDescription": [{"id": "urn:uuid:rd-grade", "name": "Final grade",
                             "resultType": "Percent"}]})"));
    INFO(put.status().message());
    REQUIRE(put.ok());
  }

  std::unique_ptr<IssuerService> NewService(store::Store* s) {
    auto mk = MasterKey::Load(dir.path(), s);
    REQUIRE(mk.ok());
    ServiceOptions opts;
    opts.public_url = "https://issuer.example";
    opts.reserve_block = 64;
    return std::make_unique<IssuerService>(s, std::move(*mk), opts);
  }

  BatchRequest Request(const std::string& csv) {
    BatchRequest r;
    r.org_id = who.org_id;
    r.actor = who.Actor();
    r.achievement_id = "wd-101";
    auto text = std::make_shared<std::string>(csv);
    r.read = [text](const std::function<Status(std::string_view)>& sink) {
      // In pieces, as a file is read.
      for (std::size_t i = 0; i < text->size(); i += 4096)
        ANYCRED_RETURN_IF_ERROR(sink(std::string_view(*text).substr(i, 4096)));
      return Status::Ok();
    };
    return r;
  }
};

std::string Csv(int rows, const std::string& domain = "example.edu") {
  std::string csv = "name,email,final grade\r\n";
  for (int i = 0; i < rows; ++i)
    csv += "\"Student, " + std::to_string(i) + "\",s" + std::to_string(i) +
           "@" + domain + "," + std::to_string(50 + i % 50) + "\r\n";
  return csv;
}

std::size_t CountLines(const std::string& text) {
  std::size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

}  // namespace

TEST_CASE(
    "bulk: every problem is reported; nothing is issued from a file "
    "with problems unless asked",
    "[issuer][bulk]") {
  Fixture f;
  std::string csv =
      "name,email,final grade\n"
      "Ana,ana@example.edu,91\n"
      "Bo,bo-at-example.edu,88\n"
      "Cy,cy@example.edu,101\n"
      "Ana again,ANA@example.edu,70\n"
      "Di,di@example.edu,75\n";
  BatchRequest req = f.Request(csv);
  auto check = f.service->CheckBatch(req);
  REQUIRE(check.ok());
  CHECK(check->batch.rows == 5);
  CHECK(check->invalid_rows == 3);
  CHECK(check->batch.valid_rows == 2);
  REQUIRE(check->problems.size() == 3);
  CHECK(check->problems[0].row == 3);
  CHECK(check->problems[0].column == "email");
  CHECK(check->problems[1].row == 4);
  CHECK(check->problems[1].column == "final grade");
  CHECK(check->problems[2].row == 5);
  CHECK(check->problems[2].problem.find("same recipient as row 2") !=
        std::string::npos);
  // The first valid rows, unsigned (the repeat of row 2 is found after).
  REQUIRE(check->preview.size() == 3);
  CHECK_FALSE(check->preview[0].contains("proof"));
  CHECK(check->batch.id.rfind("bat_", 0) == 0);

  auto refused = f.service->RunBatch(req, *check, nullptr);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == kInvalidRequest);
  auto none = f.store->ListCredentials(f.who.org_id);
  REQUIRE(none.ok());
  CHECK(none->empty());
  CHECK_FALSE(f.store->GetBatch(check->batch.id).ok());

  req.skip_invalid = true;
  auto run = f.service->RunBatch(req, *check, nullptr);
  INFO(run.status().message());
  REQUIRE(run.ok());
  CHECK(run->issued == 2);
  CHECK(run->invalid == 3);
  CHECK(run->awarded_elsewhere == 0);  // row 5 repeats row 2: skipped
  auto issued = f.store->ListCredentials(f.who.org_id);
  REQUIRE(issued.ok());
  CHECK(issued->size() == 2);
}

TEST_CASE(
    "bulk: the same batch run again issues nothing twice; a stopped "
    "run resumes",
    "[issuer][bulk]") {
  Fixture f;
  const int kRows = 1200;
  BatchRequest req = f.Request(Csv(kRows));
  auto check = f.service->CheckBatch(req);
  REQUIRE(check.ok());
  REQUIRE(check->ok());

  // Stop the first run once a few hundred rows are recorded.
  std::atomic<bool> cancel{false};
  req.cancel = &cancel;
  req.threads = 2;
  auto first = f.service->RunBatch(req, *check, [&](const BatchProgress& p) {
    if (p.done >= 300) cancel.store(true);
  });
  REQUIRE_FALSE(first.ok());
  CHECK(first.status().code() == "CANCELLED");
  auto partial = f.store->CountBatchAwards(check->batch.id);
  REQUIRE(partial.ok());
  CHECK(*partial >= 300);
  CHECK(*partial < static_cast<std::uint64_t>(kRows));
  auto state = f.store->GetBatch(check->batch.id);
  REQUIRE(state.ok());
  CHECK(state->state == "issuing");

  cancel.store(false);
  auto again = f.service->CheckBatch(req);
  REQUIRE(again.ok());
  CHECK(again->batch.id == check->batch.id);
  CHECK(again->awarded_before == *partial);
  auto second = f.service->RunBatch(req, *again, nullptr);
  INFO(second.status().message());
  REQUIRE(second.ok());
  CHECK(second->issued_before == *partial);
  CHECK(second->issued + second->issued_before == kRows);
  CHECK(second->batch.state == "done");

  auto third = f.service->RunBatch(req, *f.service->CheckBatch(req), nullptr);
  REQUIRE(third.ok());
  CHECK(third->issued == 0);
  CHECK(third->issued_before == kRows);

  auto creds = f.store->ListCredentials(f.who.org_id);
  REQUIRE(creds.ok());
  CHECK(creds->size() == static_cast<std::size_t>(kRows));
  std::set<std::string> slots;
  for (const auto& c : *creds)
    for (const auto& e : c.status)
      slots.insert(e.slot.list_id + "#" + std::to_string(e.slot.index));
  CHECK(slots.size() == static_cast<std::size_t>(kRows));

  // The audit log has one credential.issue per credential.
  auto audit = f.store->ListAudit(f.who.org_id);
  REQUIRE(audit.ok());
  std::size_t issues = 0, dones = 0;
  for (const auto& e : *audit) {
    issues += e.action == "credential.issue";
    dones += e.action == "batch.done";
  }
  CHECK(issues == static_cast<std::size_t>(kRows));
  CHECK(dones == 1);

  std::ostringstream jsonl;
  REQUIRE(f.service->ExportBatchCredentials(check->batch.id, jsonl).ok());
  CHECK(CountLines(jsonl.str()) == static_cast<std::size_t>(kRows));
}

TEST_CASE(
    "bulk: two services running the same batch at once issue each row "
    "once",
    "[issuer][bulk]") {
  Fixture f;
  const int kRows = 800;
  std::string csv = Csv(kRows);
  // A second store connection and service: as a second process would.
  auto other_store = store::OpenSqliteStore(f.dir.File("issuer.db"), false);
  REQUIRE(other_store.ok());
  auto other = f.NewService(other_store->get());
  BatchRequest req = f.Request(csv);
  req.threads = 1;
  auto check = f.service->CheckBatch(req);
  REQUIRE(check.ok());

  Result<BatchOutcome> a = Status::Error("X", "not run");
  Result<BatchOutcome> b = Status::Error("X", "not run");
  std::thread ta([&] { a = f.service->RunBatch(req, *check, nullptr); });
  std::thread tb([&] { b = other->RunBatch(req, *check, nullptr); });
  ta.join();
  tb.join();
  INFO(a.status().message() << " / " << b.status().message());
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->issued + b->issued == static_cast<std::uint64_t>(kRows));
  auto creds = f.store->ListCredentials(f.who.org_id);
  REQUIRE(creds.ok());
  CHECK(creds->size() == static_cast<std::size_t>(kRows));
  auto awarded = f.store->CountBatchAwards(check->batch.id);
  REQUIRE(awarded.ok());
  CHECK(*awarded == static_cast<std::uint64_t>(kRows));
}

TEST_CASE(
    "bulk: another file's rows awarded already are not issued again; "
    "claim links from the mail merge work",
    "[issuer][bulk]") {
  Fixture f;
  BatchRequest first = f.Request(Csv(3));
  auto c1 = f.service->CheckBatch(first);
  REQUIRE(c1.ok());
  REQUIRE(f.service->RunBatch(first, *c1, nullptr).ok());

  // Rows 0-2 again plus two new ones, in another order and another file.
  std::string csv =
      "email,name\ns4@example.edu,Four\ns0@example.edu,Zero\n"
      "s1@example.edu,One\ns5@example.edu,Five\n";
  BatchRequest second = f.Request(csv);
  auto c2 = f.service->CheckBatch(second);
  REQUIRE(c2.ok());
  CHECK(c2->batch.id != c1->batch.id);
  CHECK(c2->awarded_before == 2);
  auto run = f.service->RunBatch(second, *c2, nullptr);
  REQUIRE(run.ok());
  CHECK(run->issued == 2);
  CHECK(run->awarded_elsewhere == 2);

  std::ostringstream claims;
  REQUIRE(f.service->ExportBatchClaims(c2->batch.id, &second, claims).ok());
  auto rows = csv::ParseCsv(claims.str());
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 3);  // header + the two rows this batch issued
  CHECK((*rows)[0][0] == "row");
  CHECK((*rows)[1][0] == "2");
  CHECK((*rows)[1][2] == "s4@example.edu");
  CHECK((*rows)[2][0] == "5");
  const std::string url = (*rows)[1][6];
  const std::string prefix =
      "https://issuer.example/workflows/claim/exchanges/";
  REQUIRE(url.rfind(prefix, 0) == 0);

  // The same links are written out again (the token is derived, not kept),
  // and the exchange answers with a DID Authentication request.
  std::ostringstream again;
  REQUIRE(f.service->ExportBatchClaims(c2->batch.id, &second, again).ok());
  CHECK(again.str() == claims.str());
  auto vpr =
      f.service->ClaimExchange(url.substr(prefix.size()), Json::object());
  INFO(vpr.status().message());
  REQUIRE(vpr.ok());
  CHECK(DumpJson(*vpr).find("DIDAuthentication") != std::string::npos);

  // Without the file, the export has the row, credential and link only.
  std::ostringstream bare;
  REQUIRE(f.service->ExportBatchClaims(c2->batch.id, nullptr, bare).ok());
  auto bare_rows = csv::ParseCsv(bare.str());
  REQUIRE(bare_rows.ok());
  REQUIRE(bare_rows->size() == 3);
  CHECK((*bare_rows)[1][2] == url);

  // A status query for another organization's batch is NOT_FOUND.
  CHECK(f.service->BatchStatus("someone-else", c2->batch.id).status().code() ==
        "NOT_FOUND");
  auto st = f.service->BatchStatus(f.who.org_id, c2->batch.id);
  REQUIRE(st.ok());
  CHECK((*st)["issued"] == 2);
  CHECK((*st)["state"] == "done");
}
