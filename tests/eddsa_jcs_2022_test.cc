#include "core/proof/eddsa_jcs_2022.h"

#include <catch2/catch.hpp>

#include "core/keys/key_file.h"
#include "core/keys/multikey.h"
#include "core/proof/data_integrity.h"
#include "core/proof/errors.h"
#include "tests/test_util.h"

using namespace anycred;

namespace {
std::string VectorDir() {
  return testing::ConformanceDir() + "/vectors/eddsa-jcs-2022/";
}

keys::SigningKey VectorKey() {
  Json kp = testing::ReadJsonFile(VectorDir() + "keypair.json");
  auto key = keys::ParseKeyFile(
      kp, [] { return Result<SecretString>(Status::Error("X", "no")); });
  REQUIRE(key.ok());
  return std::move(key).value();
}
}  // namespace

TEST_CASE("eddsa-jcs-2022 reproduces the W3C vector byte for byte",
          "[eddsa-jcs-2022][vectors]") {
  Json unsigned_doc = testing::ReadJsonFile(VectorDir() + "unsigned.json");
  Json expected = testing::ReadJsonFile(VectorDir() + "signed.json");
  Json hashes = testing::ReadJsonFile(VectorDir() + "hashes.json");
  keys::SigningKey key = VectorKey();
  CHECK(key.verification_method ==
        expected["proof"]["verificationMethod"].get<std::string>());

  proof::Transcript transcript;
  proof::AddProofOptions options;
  options.cryptosuite = "eddsa-jcs-2022";
  options.created = expected["proof"]["created"].get<std::string>();
  options.transcript = &transcript;
  auto signed_doc = proof::AddProof(unsigned_doc, key, options);
  REQUIRE(signed_doc.ok());
  CHECK(*signed_doc == expected);
  CHECK(DumpJson(*signed_doc, true) ==
        DumpJson(expected, true));  // member order too
  CHECK(transcript.canonical_document ==
        testing::ReadFile(VectorDir() + "canonical-document.jcs.json"));
  CHECK(transcript.canonical_proof_config ==
        testing::ReadFile(VectorDir() + "canonical-proof-options.jcs.json"));
  CHECK(transcript.document_hash_hex ==
        hashes["documentHashHex"].get<std::string>());
  CHECK(transcript.proof_config_hash_hex ==
        hashes["proofOptionsHashHex"].get<std::string>());
  CHECK(transcript.hash_data_hex == hashes["hashDataHex"].get<std::string>());
  CHECK((*signed_doc)["proof"]["proofValue"] == hashes["proofValue"]);
}

TEST_CASE("eddsa-jcs-2022 verifies the vector and refuses changes",
          "[eddsa-jcs-2022]") {
  Json signed_doc = testing::ReadJsonFile(VectorDir() + "signed.json");
  proof::VerifyProofOptions options;
  auto ok = proof::VerifyProofs(signed_doc, options);
  REQUIRE(ok.proofs.size() == 1);
  CHECK(ok.verified);
  CHECK(ok.proofs[0].errors.empty());
  REQUIRE(ok.proofs[0].method);
  CHECK(ok.proofs[0].method->controller ==
        "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2");

  auto first_code = [](const proof::ProofsResult& r) {
    REQUIRE(!r.proofs.empty());
    REQUIRE(!r.proofs[0].errors.empty());
    return r.proofs[0].errors[0].code();
  };

  Json changed = signed_doc;
  changed["credentialSubject"]["alumniOf"] = "Another School";
  auto r = proof::VerifyProofs(changed, options);
  CHECK_FALSE(r.verified);
  CHECK(first_code(r) == "SIGNATURE_INVALID");

  Json proof_changed = signed_doc;
  proof_changed["proof"]["created"] = "2023-02-24T23:36:39Z";
  CHECK(first_code(proof::VerifyProofs(proof_changed, options)) ==
        "SIGNATURE_INVALID");

  Json context_changed = signed_doc;
  context_changed["@context"] =
      Json::array({"https://www.w3.org/ns/credentials/v2"});
  CHECK(first_code(proof::VerifyProofs(context_changed, options)) ==
        "MALFORMED_PROOF");

  for (const Json& bad : {Json("u" + std::string(86, 'A')), Json("z111"),
                          Json(42), Json("z" + std::string(88, '0'))}) {
    Json d = signed_doc;
    d["proof"]["proofValue"] = bad;
    INFO(bad.dump());
    CHECK(first_code(proof::VerifyProofs(d, options)) ==
          "MALFORMED_PROOF_VALUE");
  }
  Json no_value = signed_doc;
  no_value["proof"].erase("proofValue");
  CHECK(first_code(proof::VerifyProofs(no_value, options)) ==
        "MALFORMED_PROOF_VALUE");
}

TEST_CASE(
    "eddsa-jcs-2022 refuses a wrong proof type and bad dates when signing",
    "[eddsa-jcs-2022]") {
  proof::EddsaJcs2022 suite;
  auto key = crypto::Ed25519PrivateKey::Generate();
  Json doc = {{"a", 1}};
  Json options = {{"type", "Ed25519Signature2020"},
                  {"cryptosuite", "eddsa-jcs-2022"}};
  CHECK(suite.CreateProof(doc, options, key, {}, nullptr).status().code() ==
        "PROOF_GENERATION_ERROR");
  options = {{"type", "DataIntegrityProof"},
             {"cryptosuite", "eddsa-jcs-2022"},
             {"created", "yesterday"}};
  CHECK(suite.CreateProof(doc, options, key, {}, nullptr).status().code() ==
        "PROOF_GENERATION_ERROR");
}

TEST_CASE(
    "eddsa-jcs-2022 reuses a proof configuration only when the options are "
    "equal",
    "[eddsa-jcs-2022]") {
  // Each thread remembers the last canonical proof configuration; signing
  // and verifying with alternating options must never answer with the
  // other one.
  keys::SigningKey key = VectorKey();
  Json doc = testing::ReadJsonFile(VectorDir() + "unsigned.json");
  auto sign = [&](const std::string& created, proof::Transcript* t) {
    proof::AddProofOptions options;
    options.cryptosuite = "eddsa-jcs-2022";
    options.created = created;
    options.transcript = t;
    auto signed_doc = proof::AddProof(doc, key, options);
    REQUIRE(signed_doc.ok());
    return std::move(signed_doc).value();
  };
  proof::Transcript t1, t2, t3;
  Json a = sign("2026-01-01T00:00:00Z", &t1);
  Json b = sign("2026-01-01T00:00:01Z", &t2);
  Json a_again = sign("2026-01-01T00:00:00Z", &t3);
  CHECK(t1.canonical_proof_config.find("2026-01-01T00:00:00Z") !=
        std::string::npos);
  CHECK(t2.canonical_proof_config.find("2026-01-01T00:00:01Z") !=
        std::string::npos);
  CHECK(t1.proof_config_hash_hex != t2.proof_config_hash_hex);
  CHECK(t3.canonical_proof_config == t1.canonical_proof_config);
  CHECK(t3.proof_config_hash_hex == t1.proof_config_hash_hex);
  CHECK(a_again == a);  // Ed25519 is deterministic
  CHECK(a["proof"]["proofValue"] != b["proof"]["proofValue"]);

  proof::VerifyProofOptions verify;
  CHECK(proof::VerifyProofs(a, verify).verified);
  CHECK(proof::VerifyProofs(b, verify).verified);
  CHECK(proof::VerifyProofs(a, verify).verified);
  // b's signature under a's configuration, right after a's verified: the
  // configuration differs, so it must be hashed afresh and fail.
  Json swapped = a;
  swapped["proof"]["proofValue"] = b["proof"]["proofValue"];
  auto r = proof::VerifyProofs(swapped, verify);
  CHECK_FALSE(r.verified);
  // A configuration that cannot be processed is an error every time, even
  // right after a valid one was remembered.
  CHECK(proof::VerifyProofs(a, verify).verified);
  Json bad_date = a;
  bad_date["proof"]["created"] = "yesterday";
  for (int i = 0; i < 2; ++i) {
    auto bad = proof::VerifyProofs(bad_date, verify);
    CHECK_FALSE(bad.verified);
    REQUIRE_FALSE(bad.proofs.empty());
    REQUIRE_FALSE(bad.proofs[0].errors.empty());
    CHECK(bad.proofs[0].errors[0].code() == "MALFORMED_PROOF");
  }
}
