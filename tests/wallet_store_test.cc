// The wallet's encrypted store (wallet-cli/store/wallet_store.h): what it
// promises about confidentiality, integrity, passphrases and backups,
// checked against the bytes on disk (specs/wallet-format.md).
#include "wallet-cli/store/wallet_store.h"

#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>

#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::wallet;
namespace wcodes = anycred::wallet::codes;

namespace {
// Cheap Argon2id limits so that the tests can open wallets many times.
const KdfLimits kFast{1, 8192};

Json Credential(const std::string& name, const std::string& code) {
  Json c = testing::ReadJsonFile(testing::SourceDir() +
                                 "/specs/examples/welding-safety-badge.json");
  c["id"] = "urn:uuid:" + name;
  c["credentialSubject"]["achievement"]["name"] = name;
  c["credentialSubject"]["achievement"]["alignment"][0]["targetCode"] = code;
  return c;
}

std::unique_ptr<WalletStore> MustCreate(const std::string& dir,
                                        const std::string& pass) {
  auto store = WalletStore::Create(dir, SecretString(pass), kFast);
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  return std::move(store).value();
}

std::unique_ptr<WalletStore> MustOpen(const std::string& dir,
                                      const std::string& pass) {
  auto store = WalletStore::Open(dir, SecretString(pass));
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  return std::move(store).value();
}

std::string Code(const std::string& dir, const std::string& pass) {
  auto store = WalletStore::Open(dir, SecretString(pass));
  return store.ok() ? "OK" : store.status().code();
}

// The record spans of a wallet file (specs/wallet-format.md): offset and
// total size (id, version, length, sealed bytes) of each.
struct Span {
  std::size_t at, size;
};
std::uint32_t U32(const std::string& b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i)
    v = (v << 8) | static_cast<std::uint8_t>(b[at + i]);
  return v;
}
std::vector<Span> Records(const std::string& file) {
  std::vector<Span> out;
  std::size_t at = 136;
  at += 4 + U32(file, at);
  while (at < file.size()) {
    std::size_t size = 24 + U32(file, at + 20);
    out.push_back({at, size});
    at += size;
  }
  return out;
}
}  // namespace

TEST_CASE("a wallet opens with its passphrase and keeps its records",
          "[wallet][store]") {
  testing::TempDir tmp;
  std::string dir = tmp.File("w");
  std::string did;
  {
    auto store = MustCreate(dir, "correct horse");
    did = store->holder_did();
    CHECK(did.rfind("did:key:z6Mk", 0) == 0);
    CHECK(store->Add(Credential("Welding", "WLD.1"), {{"flagged", false}}));
    CHECK_FALSE(store->Add(Credential("Welding", "WLD.1"), {}));  // duplicate
    CHECK(store->Add(Credential("Algebra", "ALG.2"), {{"flagged", true}}));
    REQUIRE(store->Commit().ok());
  }
  auto store = MustOpen(dir, "correct horse");
  CHECK(store->holder_did() == did);
  REQUIRE(store->entries().size() == 2);
  CHECK(store->entries()[0].credential == Credential("Welding", "WLD.1"));
  CHECK(store->entries()[1].meta["flagged"] == true);
  CHECK(store->entries()[0].id == CredentialId(Credential("Welding", "WLD.1")));
  // Mode 0600 file in a 0700 folder.
  auto perms =
      std::filesystem::status(WalletStore::DataPath(dir)).permissions();
  CHECK((perms & std::filesystem::perms::group_all) ==
        std::filesystem::perms::none);
  CHECK((perms & std::filesystem::perms::others_all) ==
        std::filesystem::perms::none);
  // Creating over it is refused.
  auto again = WalletStore::Create(dir, SecretString("x"), kFast);
  REQUIRE_FALSE(again.ok());
  CHECK(again.status().code() == wcodes::kWalletExists);
}

TEST_CASE("no credential content, name, id or the holder DID is in the file",
          "[wallet][store]") {
  testing::TempDir tmp;
  std::string dir = tmp.File("w");
  auto store = MustCreate(dir, "pw");
  Json c = Credential("Underwater Basket Weaving", "UBW.9.9");
  std::string id = CredentialId(c);
  REQUIRE(store->Add(c, {{"source", "weaving-badge.json"}}));
  REQUIRE(store->Commit().ok());
  std::string did = store->holder_did();
  std::string bytes = testing::ReadFile(WalletStore::DataPath(dir));
  for (std::string needle :
       {std::string("Underwater"), std::string("UBW.9.9"),
        std::string("urn:uuid:Underwater"), std::string("Riverside"),
        std::string("did:example:student-4821"), std::string("weaving-badge"),
        std::string("credentialSubject"), std::string("OpenBadgeCredential"),
        did, did.substr(8), id, id.substr(0, 8)}) {
    INFO(needle);
    CHECK(bytes.find(needle) == std::string::npos);
  }
  // The seed of the holder key is not there either.
  auto seed = store->holder().key.ExportSeed();
  CHECK(bytes.find(std::string(reinterpret_cast<const char*>(seed.data()),
                               seed.size())) == std::string::npos);
  crypto::Wipe(seed.data(), seed.size());
}

TEST_CASE("a wrong passphrase is WRONG_PASSPHRASE and changes nothing",
          "[wallet][store]") {
  testing::TempDir tmp;
  std::string dir = tmp.File("w");
  {
    auto store = MustCreate(dir, "right");
    REQUIRE(store->Add(Credential("A", "A.1"), {}));
    REQUIRE(store->Commit().ok());
  }
  std::string before = testing::ReadFile(WalletStore::DataPath(dir));
  CHECK(Code(dir, "wrong") == wcodes::kWrongPassphrase);
  CHECK(Code(dir, "Right") == wcodes::kWrongPassphrase);
  CHECK(testing::ReadFile(WalletStore::DataPath(dir)) == before);
  CHECK(Code(tmp.File("nowhere"), "right") == wcodes::kWalletNotFound);
}

TEST_CASE("every altered byte of the file is detected", "[wallet][store]") {
  testing::TempDir tmp;
  std::string dir = tmp.File("w");
  {
    auto store = MustCreate(dir, "pw");
    REQUIRE(store->Add(Credential("A", "A.1"), {}));
    REQUIRE(store->Commit().ok());
  }
  std::string path = WalletStore::DataPath(dir);
  std::string good = testing::ReadFile(path);
  // Every byte of the header and manifest, then every 7th of the records.
  std::size_t records_at = Records(good).at(0).at;
  for (std::size_t i = 0; i < good.size(); i += i < records_at + 24 ? 1 : 7) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    testing::WriteFile(path, bad);
    std::string code = Code(dir, "pw");
    INFO("byte " << i << ": " << code);
    // The header (bytes 0..135) is bound to the key wrap: altering it looks
    // like a wrong passphrase or is refused as unknown; the rest is damage.
    if (i >= 136) {
      CHECK(code == wcodes::kWalletDamaged);
    } else {
      CHECK(
          (code == wcodes::kWrongPassphrase || code == wcodes::kWalletDamaged));
    }
  }
  // Cut short, or with bytes added.
  testing::WriteFile(path, good.substr(0, good.size() - 1));
  CHECK(Code(dir, "pw") == wcodes::kWalletDamaged);
  testing::WriteFile(path, good + "x");
  CHECK(Code(dir, "pw") == wcodes::kWalletDamaged);
  testing::WriteFile(path, good);
  CHECK(Code(dir, "pw") == "OK");
}

TEST_CASE("swapped, rolled-back, removed and foreign records are detected",
          "[wallet][store]") {
  testing::TempDir tmp;
  std::string dir = tmp.File("w");
  std::string path = WalletStore::DataPath(dir);
  {
    auto store = MustCreate(dir, "pw");
    REQUIRE(store->Add(Credential("A", "A.1"), {{"flagged", true}}));
    REQUIRE(store->Add(Credential("B", "B.1"), {}));
    REQUIRE(store->Commit().ok());
  }
  std::string v1 = testing::ReadFile(path);
  {
    auto store = MustOpen(dir, "pw");
    std::string id = store->entries()[0].id;
    REQUIRE(store->UpdateMeta(id, {{"flagged", false}}).ok());
    REQUIRE(store->Commit().ok());
  }
  std::string v2 = testing::ReadFile(path);
  auto r1 = Records(v1);
  auto r2 = Records(v2);
  REQUIRE(r1.size() == 2);
  REQUIRE(r2.size() == 2);

  SECTION("reordering two records") {
    std::string bad = v2.substr(0, r2[0].at) + v2.substr(r2[1].at, r2[1].size) +
                      v2.substr(r2[0].at, r2[0].size);
    REQUIRE(bad.size() == v2.size());
    testing::WriteFile(path, bad);
    CHECK(Code(dir, "pw") == wcodes::kWalletDamaged);
  }
  SECTION("swapping the sealed contents under two record headers") {
    std::string bad = v2.substr(0, r2[0].at) + v2.substr(r2[0].at, 24) +
                      v2.substr(r2[1].at + 24, r2[1].size - 24) +
                      v2.substr(r2[1].at, 24) +
                      v2.substr(r2[0].at + 24, r2[0].size - 24);
    testing::WriteFile(path, bad);
    CHECK(Code(dir, "pw") == wcodes::kWalletDamaged);
  }
  SECTION("rolling one record back to its older version") {
    std::string bad = v2.substr(0, r2[0].at) + v1.substr(r1[0].at, r1[0].size) +
                      v2.substr(r2[1].at);
    testing::WriteFile(path, bad);
    CHECK(Code(dir, "pw") == wcodes::kWalletDamaged);
  }
  SECTION("removing a record") {
    testing::WriteFile(path, v2.substr(0, r2[1].at));
    CHECK(Code(dir, "pw") == wcodes::kWalletDamaged);
  }
  SECTION("duplicating a record") {
    testing::WriteFile(path, v2 + v2.substr(r2[1].at, r2[1].size));
    CHECK(Code(dir, "pw") == wcodes::kWalletDamaged);
  }
  SECTION("a record from another wallet with the same passphrase") {
    std::string other_dir = tmp.File("other");
    {
      auto other = MustCreate(other_dir, "pw");
      REQUIRE(other->Add(Credential("C", "C.1"), {}));
      REQUIRE(other->Commit().ok());
    }
    std::string o = testing::ReadFile(WalletStore::DataPath(other_dir));
    auto ro = Records(o);
    testing::WriteFile(path, v2 + o.substr(ro[0].at, ro[0].size));
    CHECK(Code(dir, "pw") == wcodes::kWalletDamaged);
  }
  SECTION("the older file as a whole is a valid older wallet") {
    testing::WriteFile(path, v1);
    auto store = MustOpen(dir, "pw");
    CHECK(store->entries()[0].meta["flagged"] == true);
  }
}

TEST_CASE("a leftover temporary file from an interrupted write is harmless",
          "[wallet][store]") {
  testing::TempDir tmp;
  std::string dir = tmp.File("w");
  {
    auto store = MustCreate(dir, "pw");
    REQUIRE(store->Add(Credential("A", "A.1"), {}));
    REQUIRE(store->Commit().ok());
  }
  testing::WriteFile(WalletStore::DataPath(dir) + ".tmp", "half a wal");
  auto store = MustOpen(dir, "pw");
  REQUIRE(store->entries().size() == 1);
  REQUIRE(store->Add(Credential("B", "B.1"), {}));
  REQUIRE(store->Commit().ok());
  store.reset();
  CHECK(MustOpen(dir, "pw")->entries().size() == 2);
  CHECK_FALSE(std::filesystem::exists(WalletStore::DataPath(dir) + ".tmp"));
}

TEST_CASE("ChangePassphrase re-wraps the key; the records stay",
          "[wallet][store]") {
  testing::TempDir tmp;
  std::string dir = tmp.File("w");
  std::string did;
  {
    auto store = MustCreate(dir, "old");
    did = store->holder_did();
    REQUIRE(store->Add(Credential("A", "A.1"), {}));
    REQUIRE(store->Commit().ok());
    REQUIRE(store->ChangePassphrase(SecretString("new"), kFast).ok());
  }
  CHECK(Code(dir, "old") == wcodes::kWrongPassphrase);
  auto store = MustOpen(dir, "new");
  CHECK(store->holder_did() == did);
  CHECK(store->entries().size() == 1);
}

TEST_CASE("ids: full, unique prefix of 4+, ambiguous, unknown",
          "[wallet][store]") {
  testing::TempDir tmp;
  auto store = MustCreate(tmp.File("w"), "pw");
  REQUIRE(store->Add(Credential("A", "A.1"), {}));
  std::string id = store->entries()[0].id;
  CHECK((*store->Find(id))->id == id);
  CHECK((*store->Find(id.substr(0, 8)))->id == id);
  std::string upper = id.substr(0, 6);
  for (auto& ch : upper) ch = static_cast<char>(std::toupper(ch));
  CHECK((*store->Find(upper))->id == id);
  CHECK(store->Find(id.substr(0, 3)).status().code() ==
        wcodes::kNoSuchCredential);
  CHECK(store->Find("zzzzzzzz").status().code() == wcodes::kNoSuchCredential);
  // Find two credentials sharing a first hex digit to test ambiguity.
  for (int i = 0; i < 64; ++i) {
    Json c = Credential("X" + std::to_string(i), "X");
    if (CredentialId(c)[0] == id[0] && CredentialId(c)[1] == id[1] &&
        CredentialId(c)[2] == id[2] && CredentialId(c)[3] == id[3]) {
      REQUIRE(store->Add(c, {}));
      CHECK(store->Find(id.substr(0, 4)).status().code() ==
            wcodes::kAmbiguousId);
    }
  }
  REQUIRE(store->Remove(id).ok());
  CHECK(store->Find(id).status().code() == wcodes::kNoSuchCredential);
  CHECK(store->Remove(id).code() == wcodes::kNoSuchCredential);
}

TEST_CASE(
    "a backup restores elsewhere; wrong passphrase, tampering and an "
    "existing wallet are refused without changes",
    "[wallet][store][backup]") {
  testing::TempDir tmp;
  std::string dir = tmp.File("w");
  std::string backup, did;
  {
    auto store = MustCreate(dir, "pw");
    did = store->holder_did();
    REQUIRE(store->Add(Credential("A", "A.1"), {{"flagged", true}}));
    REQUIRE(store->Add(Credential("B", "B.1"), {}));
    REQUIRE(store->Commit().ok());
    auto b = store->ExportBackup();
    REQUIRE(b.ok());
    backup = *b;
  }
  CHECK(backup.find("did:key") == std::string::npos);
  std::string elsewhere = tmp.File("elsewhere/wallet");

  // Wrong passphrase: nothing is created.
  Status st =
      WalletStore::RestoreBackup(elsewhere, backup, SecretString("no"), false);
  CHECK(st.code() == wcodes::kWrongPassphrase);
  CHECK_FALSE(WalletStore::Exists(elsewhere));
  // Tampered: refused.
  std::string bad = backup;
  bad[bad.size() - 5] = static_cast<char>(bad[bad.size() - 5] ^ 0x40);
  CHECK(WalletStore::RestoreBackup(elsewhere, bad, SecretString("pw"), false)
            .code() == wcodes::kWalletDamaged);
  CHECK_FALSE(WalletStore::Exists(elsewhere));
  // The wallet file itself is not a backup (and a backup is not a wallet).
  CHECK(WalletStore::RestoreBackup(
            elsewhere, testing::ReadFile(WalletStore::DataPath(dir)),
            SecretString("pw"), false)
            .code() == wcodes::kWalletDamaged);

  // Round trip.
  REQUIRE(
      WalletStore::RestoreBackup(elsewhere, backup, SecretString("pw"), false)
          .ok());
  {
    auto restored = MustOpen(elsewhere, "pw");
    CHECK(restored->holder_did() == did);
    REQUIRE(restored->entries().size() == 2);
    CHECK(restored->entries()[0].meta["flagged"] == true);
    CHECK(restored->entries()[1].credential == Credential("B", "B.1"));
  }
  // An existing wallet is not overwritten without `overwrite`.
  std::string other = tmp.File("other");
  { MustCreate(other, "pw2"); }
  std::string before = testing::ReadFile(WalletStore::DataPath(other));
  CHECK(WalletStore::RestoreBackup(other, backup, SecretString("pw"), false)
            .code() == wcodes::kWalletExists);
  CHECK(testing::ReadFile(WalletStore::DataPath(other)) == before);
  REQUIRE(
      WalletStore::RestoreBackup(other, backup, SecretString("pw"), true).ok());
  CHECK(MustOpen(other, "pw")->holder_did() == did);
}
