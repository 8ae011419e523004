#include "core/proof/ed25519_signature_2020.h"

#include <catch2/catch.hpp>

#include "core/keys/key_file.h"
#include "core/proof/data_integrity.h"
#include "tests/test_util.h"

using namespace anycred;

namespace {
std::string Dir() {
  return testing::ConformanceDir() + "/vectors/ed25519signature2020/";
}
}  // namespace

TEST_CASE("Ed25519Signature2020 reproduces the W3C vector",
          "[ed25519signature2020][vectors]") {
  auto key = keys::ParseKeyFile(
      testing::ReadJsonFile(Dir() + "keypair.json"),
      [] { return Result<SecretString>(Status::Error("X", "no")); });
  REQUIRE(key.ok());
  Json expected = testing::ReadJsonFile(Dir() + "signed.json");
  Json hashes = testing::ReadJsonFile(Dir() + "hashes.json");
  proof::Transcript transcript;
  proof::AddProofOptions options;
  options.cryptosuite = "Ed25519Signature2020";
  options.created = expected["proof"]["created"].get<std::string>();
  options.transcript = &transcript;
  auto signed_doc = proof::AddProof(
      testing::ReadJsonFile(Dir() + "unsigned.json"), *key, options);
  INFO(signed_doc.status().ToString());
  REQUIRE(signed_doc.ok());
  CHECK(transcript.canonical_document ==
        testing::ReadFile(Dir() + "canonical-document.nq"));
  CHECK(transcript.canonical_proof_config ==
        testing::ReadFile(Dir() + "canonical-proof-options.nq"));
  CHECK(transcript.document_hash_hex ==
        hashes["documentHashHex"].get<std::string>());
  CHECK(*signed_doc == expected);

  proof::VerifyProofOptions verify;
  verify.now = Now();
  CHECK(proof::VerifyProofs(expected, verify).verified);
  Json changed = expected;
  changed["credentialSubject"]["alumniOf"] = "Elsewhere";
  CHECK_FALSE(proof::VerifyProofs(changed, verify).verified);
}

TEST_CASE("Ed25519Signature2020 needs its context and a created date",
          "[ed25519signature2020]") {
  auto key = keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  Json doc = testing::ReadJsonFile(Dir() + "unsigned.json");
  doc["@context"].erase(2);
  proof::AddProofOptions options;
  options.cryptosuite = "Ed25519Signature2020";
  auto r = proof::AddProof(doc, key, options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("ed25519-2020") != std::string::npos);

  Json expected = testing::ReadJsonFile(Dir() + "signed.json");
  expected["proof"].erase("created");
  proof::VerifyProofOptions verify;
  verify.now = Now();
  auto v = proof::VerifyProofs(expected, verify);
  CHECK_FALSE(v.verified);
  REQUIRE_FALSE(v.proofs.at(0).errors.empty());
  CHECK(v.proofs[0].errors[0].code() == "MALFORMED_PROOF");
}
