#include "core/keys/key_file.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "core/keys/multikey.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::keys;

namespace {
PassphraseSource Fixed(const std::string& p) {
  return [p]() -> Result<SecretString> { return SecretString(p); };
}
PassphraseSource NeverAsked() {
  return []() -> Result<SecretString> {
    FAIL("passphrase asked for a plain key file");
    return Status::Error("X", "unreachable");
  };
}
KdfLimits FastKdf() { return {1, 8192}; }  // test only: minimum Argon2id cost
}  // namespace

TEST_CASE("key file with only the multibase fields derives the did:key",
          "[keys]") {
  Json file = {{"publicKeyMultibase",
                "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"},
               {"secretKeyMultibase",
                "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"},
               {"somethingElse", 42}};
  auto key = ParseKeyFile(file, NeverAsked());
  REQUIRE(key.ok());
  CHECK(key->controller ==
        "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2");
  CHECK(key->verification_method ==
        "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#"
        "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2");
}

TEST_CASE(
    "the 1EdTech 64-byte secret key form is accepted; 32-byte form is written",
    "[keys]") {
  Json kp = testing::ReadJsonFile(testing::ConformanceDir() +
                                  "/vectors/ob3-eddsa-rdfc-2022/keypair.json");
  Json file = {{"secretKeyMultibase", kp["secretKeyMultibase_asPublished"]},
               {"publicKeyMultibase", kp["publicKeyMultibase"]},
               {"controller", kp["controller"]}};
  auto key = ParseKeyFile(file, NeverAsked());
  REQUIRE(key.ok());
  CHECK(key->verification_method ==
        kp["verificationMethod"].get<std::string>());
  Json out = KeyFileJson(*key);
  CHECK(out["type"] == "Multikey");
  CHECK(out["controller"] == kp["controller"]);
  auto again = ParseKeyFile(out, NeverAsked());
  REQUIRE(again.ok());
  CHECK(again->key.public_key() == key->key.public_key());
  // Written secret is the CID form: 0x8026 + 32 bytes -> 48 base58 chars after
  // 'z'.
  CHECK(out["secretKeyMultibase"].get<std::string>().rfind("z3u2", 0) == 0);
}

TEST_CASE("key file errors name the problem", "[keys]") {
  auto err = [](const Json& f) {
    return ParseKeyFile(f, NeverAsked()).status().message();
  };
  CHECK(err(Json{{"publicKeyMultibase", "z6Mk"}}).find("secretKeyMultibase") !=
        std::string::npos);
  CHECK(err(Json{{"secretKeyMultibase",
                  "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"}})
            .find("public key was given") != std::string::npos);
  CHECK(err(Json{{"secretKeyMultibase",
                  "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"},
                 {"publicKeyMultibase",
                  "z6MkhWqdDBPojHA7cprTGTt5yHv5yUi1B8cnXn8ReLumkw6E"}})
            .find("does not match") != std::string::npos);
  CHECK(err(Json{{"secretKeyMultibase", "u3u2en7t"}}).find("'z'") !=
        std::string::npos);
  CHECK(err(Json::array()).find("object") != std::string::npos);
}

TEST_CASE("encrypted key files round trip and refuse a wrong passphrase",
          "[keys]") {
  SigningKey key = SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  SecretString pass("correct horse battery staple");
  auto enc = EncryptedKeyFileJson(key, pass, FastKdf());
  REQUIRE(enc.ok());
  std::string text = DumpJson(*enc);
  CHECK(text.find(EncodeEd25519SecretMultibase(key.key)) == std::string::npos);
  CHECK(text.find("secretKeyMultibase") == std::string::npos);
  auto back = ParseKeyFile(*enc, Fixed("correct horse battery staple"));
  INFO(back.status().ToString());
  REQUIRE(back.ok());
  CHECK(back->key.public_key() == key.key.public_key());
  CHECK(back->verification_method == key.verification_method);

  auto wrong = ParseKeyFile(*enc, Fixed("wrong"));
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.status().code() == "WRONG_PASSPHRASE");
  CHECK(wrong.status().message().find("wrong") != std::string::npos);

  Json tampered = *enc;
  tampered["controller"] = "did:example:someone-else";
  CHECK(ParseKeyFile(tampered, Fixed("correct horse battery staple"))
            .status()
            .code() == "WRONG_PASSPHRASE");
}

TEST_CASE("secret files are written with mode 0600 and not overwritten",
          "[keys]") {
  testing::TempDir dir;
  std::string path = dir.File("key.json");
  REQUIRE(WriteSecretFile(path, "{}", false).ok());
  struct stat st;
  REQUIRE(stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK_FALSE(WriteSecretFile(path, "{}", false).ok());
  CHECK(WriteSecretFile(path, "{\"a\":1}", true).ok());
  CHECK(testing::ReadFile(path) == "{\"a\":1}");
  CHECK_FALSE(ReadKeyFile(dir.File("missing.json"), NeverAsked()).ok());
}
