#include "core/proof/eddsa_rdfc_2022.h"

#include <catch2/catch.hpp>

#include "core/json/jcs.h"
#include "core/jsonld/document_loader.h"
#include "core/keys/key_file.h"
#include "core/keys/multikey.h"
#include "core/proof/data_integrity.h"
#include "core/proof/rdfc_transform.h"
#include "core/proof/suite_util.h"
#include "tests/test_util.h"

using namespace anycred;

namespace {
std::string Dir(const std::string& name) {
  return testing::ConformanceDir() + "/vectors/" + name + "/";
}

keys::SigningKey KeyOf(const Json& keypair) {
  Json file = keypair;
  if (!file.contains("secretKeyMultibase") &&
      file.contains("secretKeyMultibase_asPublished")) {
    file["secretKeyMultibase"] = file["secretKeyMultibase_asPublished"];
  }
  if (file.contains("privateKeyMultibase"))
    file["secretKeyMultibase"] = file["privateKeyMultibase"];
  auto key = keys::ParseKeyFile(
      file, [] { return Result<SecretString>(Status::Error("X", "no")); });
  INFO(key.status().ToString());
  REQUIRE(key.ok());
  return std::move(key).value();
}

// The controller document an https issuer would publish for its key.
Json ControllerDocument(const keys::SigningKey& key) {
  return {{"@context",
           {"https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/multikey/v1"}},
          {"id", key.controller},
          {"verificationMethod",
           {{{"id", key.verification_method},
             {"type", "Multikey"},
             {"controller", key.controller},
             {"publicKeyMultibase",
              keys::EncodeEd25519PublicMultibase(key.key.public_key())}}}},
          {"assertionMethod", {key.verification_method}}};
}

const Json& FirstProof(const Json& doc) {
  return doc["proof"].is_array() ? doc["proof"][0] : doc["proof"];
}

struct VectorCase {
  const char* dir;
  const char* extra_context_url;  // registered with the loader, or nullptr
  const char* extra_context_file;
};
}  // namespace

TEST_CASE("eddsa-rdfc-2022 reproduces every signing vector byte for byte",
          "[eddsa-rdfc-2022][vectors]") {
  const VectorCase cases[] = {
      {"eddsa-rdfc-2022", nullptr, nullptr},
      {"eddsa-rdfc-2022-employment", "https://w3id.org/citizenship/v4rc1",
       "citizenship-v4rc1.jsonld"},
      {"ob3-eddsa-rdfc-2022", nullptr, nullptr},
      {"clr2-eddsa-rdfc-2022", nullptr, nullptr},
  };
  for (const auto& c : cases) {
    SECTION(c.dir) {
      jsonld::DocumentLoader loader;
      if (c.extra_context_url != nullptr) {
        REQUIRE(
            loader
                .AddFile(c.extra_context_url, Dir(c.dir) + c.extra_context_file)
                .ok());
      }
      keys::SigningKey key =
          KeyOf(testing::ReadJsonFile(Dir(c.dir) + "keypair.json"));
      Json unsigned_doc = testing::ReadJsonFile(Dir(c.dir) + "unsigned.json");
      Json options_json =
          testing::ReadJsonFile(Dir(c.dir) + "proof-options.json");
      Json hashes = testing::ReadJsonFile(Dir(c.dir) + "hashes.json");
      Json expected = testing::ReadJsonFile(Dir(c.dir) + "signed.json");
      CHECK(key.verification_method ==
            options_json["verificationMethod"].get<std::string>());

      proof::Transcript transcript;
      proof::AddProofOptions options;
      options.cryptosuite = "eddsa-rdfc-2022";
      options.created = options_json["created"].get<std::string>();
      options.env.loader = &loader;
      options.transcript = &transcript;
      auto signed_doc = proof::AddProof(unsigned_doc, key, options);
      INFO(signed_doc.status().ToString());
      REQUIRE(signed_doc.ok());
      CHECK(transcript.canonical_document ==
            testing::ReadFile(Dir(c.dir) + "canonical-document.nq"));
      CHECK(transcript.canonical_proof_config ==
            testing::ReadFile(Dir(c.dir) + "canonical-proof-options.nq"));
      CHECK(transcript.document_hash_hex ==
            hashes["documentHashHex"].get<std::string>());
      CHECK(transcript.proof_config_hash_hex ==
            hashes["proofOptionsHashHex"].get<std::string>());
      CHECK((*signed_doc)["proof"]["proofValue"] ==
            FirstProof(expected)["proofValue"]);
      CHECK_FALSE((*signed_doc)["proof"].contains("@context"));
      // Same proof members as the published one (member order aside).
      CHECK(*JcsSerialize((*signed_doc)["proof"]) ==
            *JcsSerialize(FirstProof(expected)));

      // And the published credential verifies, with the key retrieved as a
      // verifier would (did:key locally, https from the issuer's document).
      did::StaticDocumentSource documents;
      if (key.controller.rfind("https://", 0) == 0)
        documents.Add(key.controller, ControllerDocument(key));
      did::Resolver resolver(&documents);
      proof::VerifyProofOptions verify;
      verify.now = Now();
      verify.resolver = &resolver;
      verify.env.loader = &loader;
      auto result = proof::VerifyProofs(expected, verify);
      for (const auto& p : result.proofs) {
        for (const auto& e : p.errors) INFO(e.ToString());
      }
      CHECK(result.verified);
    }
  }
}

TEST_CASE("eddsa-rdfc-2022 proof sets and chains from the W3C vectors",
          "[eddsa-rdfc-2022][vectors]") {
  std::string dir = Dir("eddsa-rdfc-2022-proof-set-chain");
  Json pairs = testing::ReadJsonFile(dir + "multiKeyPairs.json");
  Json unsigned_doc = testing::ReadJsonFile(dir + "unsigned.json");
  auto options_from = [](const Json& config) {
    proof::AddProofOptions o;
    o.cryptosuite = config["cryptosuite"].get<std::string>();
    o.created = config["created"].get<std::string>();
    if (config.contains("id")) o.id = config["id"].get<std::string>();
    if (config.contains("previousProof")) {
      const Json& p = config["previousProof"];
      if (p.is_string()) {
        o.previous_proof = {p.get<std::string>()};
      } else {
        for (const auto& s : p)
          o.previous_proof.push_back(s.get<std::string>());
      }
    }
    return o;
  };
  // Proof set: two independent proofs.
  auto set1 = proof::AddProof(
      unsigned_doc, KeyOf(pairs["keyPair1"]),
      options_from(testing::ReadJsonFile(dir + "proofSetConfig1.json")));
  REQUIRE(set1.ok());
  auto set2 = proof::AddProof(
      *set1, KeyOf(pairs["keyPair2"]),
      options_from(testing::ReadJsonFile(dir + "proofSetConfig2.json")));
  REQUIRE(set2.ok());
  Json expected_set = testing::ReadJsonFile(dir + "signedProofSet2.json");
  REQUIRE((*set2)["proof"].size() == 2);
  for (int i = 0; i < 2; ++i)
    CHECK((*set2)["proof"][i]["proofValue"] ==
          expected_set["proof"][i]["proofValue"]);

  // Proof chain: proof 3 over proofs 1 and 2, proof 4 over proof 3.
  auto chain3 = proof::AddProof(
      *set2, KeyOf(pairs["keyPair3"]),
      options_from(testing::ReadJsonFile(dir + "proofChainConfig1.json")));
  REQUIRE(chain3.ok());
  auto chain4 = proof::AddProof(
      *chain3, KeyOf(pairs["keyPair4"]),
      options_from(testing::ReadJsonFile(dir + "proofChainConfig2.json")));
  REQUIRE(chain4.ok());
  Json expected_chain = testing::ReadJsonFile(dir + "signedProofChain2.json");
  REQUIRE((*chain4)["proof"].size() == 4);
  for (int i = 0; i < 4; ++i) {
    INFO("proof " << i);
    CHECK((*chain4)["proof"][i]["proofValue"] ==
          expected_chain["proof"][i]["proofValue"]);
  }

  proof::VerifyProofOptions verify;
  verify.now = Now();
  for (const char* file : {"signedProofSet2.json", "signedProofChain1.json",
                           "signedProofChain2.json"}) {
    INFO(file);
    auto r = proof::VerifyProofs(testing::ReadJsonFile(dir + file), verify);
    CHECK(r.verified);
  }
  // Removing a proof that the chain depends on breaks it.
  Json broken = expected_chain;
  broken["proof"].erase(2);
  auto r = proof::VerifyProofs(broken, verify);
  CHECK_FALSE(r.verified);
}

TEST_CASE("eddsa-rdfc-2022 refuses data it could not sign faithfully",
          "[eddsa-rdfc-2022][safe-mode]") {
  keys::SigningKey key =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  // An Open Badge: its contexts define every term (no @vocab fallback).
  Json doc = testing::ReadJsonFile(testing::SourceDir() +
                                   "/specs/examples/welding-safety-badge.json");
  doc["issuer"]["id"] = key.controller;
  proof::AddProofOptions options;
  auto signed_doc = proof::AddProof(doc, key, options);
  REQUIRE(signed_doc.ok());
  CHECK((*signed_doc)["proof"]["cryptosuite"] ==
        "eddsa-rdfc-2022");  // the default suite
  proof::VerifyProofOptions verify;
  verify.now = Now();
  CHECK(proof::VerifyProofs(*signed_doc, verify).verified);

  auto first_code = [&](const Json& d) {
    auto r = proof::VerifyProofs(d, verify);
    REQUIRE(!r.proofs.empty());
    REQUIRE(!r.proofs[0].errors.empty());
    return r.proofs[0].errors[0].code();
  };
  // Reordering members and arrays of a set changes nothing.
  Json reordered = *signed_doc;
  reordered.erase("credentialSubject");
  reordered["credentialSubject"] = (*signed_doc)["credentialSubject"];
  CHECK(proof::VerifyProofs(reordered, verify).verified);
  // A term no context defines, added after signing: data loss, not "valid".
  Json added = *signed_doc;
  added["credentialSubject"]["unsignedClaim"] = "added later";
  CHECK(first_code(added) == "DATA_LOSS_DETECTION_ERROR");
  // An unknown context is never fetched.
  Json unknown_context = *signed_doc;
  unknown_context["@context"].push_back("https://example.org/unknown-context");
  CHECK(first_code(unknown_context) == "CONTEXT_UNLOADABLE");
  // A changed value breaks the signature.
  Json changed = *signed_doc;
  changed["credentialSubject"]["result"][0]["value"] = "100";
  CHECK(first_code(changed) == "SIGNATURE_INVALID");
  // Signing refuses the same data loss.
  Json lossy = doc;
  lossy["unknownTerm"] = 1;
  CHECK(proof::AddProof(lossy, key, options).status().code() ==
        "DATA_LOSS_DETECTION_ERROR");
  // eddsa-2022 (the early name) verifies but is never produced.
  CHECK_FALSE(proof::AddProof(doc, key,
                              [] {
                                proof::AddProofOptions o;
                                o.cryptosuite = "eddsa-2022";
                                return o;
                              }())
                  .ok());
}

TEST_CASE("language tags are signed lower-cased and verified in either case",
          "[eddsa-rdfc-2022][language]") {
  keys::SigningKey key =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  Json doc = testing::ReadJsonFile(testing::SourceDir() +
                                   "/specs/examples/welding-safety-badge.json");
  doc["issuer"]["id"] = key.controller;
  doc["name"] = {{"@value", "Welding Safety"}, {"@language", "en-US"}};
  proof::Transcript transcript;
  proof::AddProofOptions options;
  options.created = "2026-06-12T00:00:00Z";
  options.transcript = &transcript;
  auto signed_doc = proof::AddProof(doc, key, options);
  REQUIRE(signed_doc.ok());
  // As jsonld.js signs it: the tag lower-cased in the hashed bytes, the
  // credential itself unchanged.
  CHECK(transcript.canonical_document.find("\"Welding Safety\"@en-us .") !=
        std::string::npos);
  CHECK((*signed_doc)["name"]["@language"] == "en-US");
  proof::VerifyProofOptions verify;
  verify.now = Now();
  CHECK(proof::VerifyProofs(*signed_doc, verify).verified);

  // A signer that kept the tag as written: verified too.
  Json unsigned_doc = doc;
  Json proof_options = {{"type", "DataIntegrityProof"},
                        {"cryptosuite", "eddsa-rdfc-2022"},
                        {"created", "2026-06-12T00:00:00Z"},
                        {"verificationMethod", key.verification_method},
                        {"proofPurpose", "assertionMethod"}};
  auto as_written = proof::CanonicalNQuads(unsigned_doc, {}, "credential",
                                           proof::LanguageTags::kAsWritten);
  auto config =
      proof::CanonicalNQuads(proof::RdfProofConfig(proof_options, unsigned_doc),
                             {}, "proof", proof::LanguageTags::kAsWritten);
  REQUIRE(as_written.ok());
  REQUIRE(config.ok());
  CHECK(as_written->find("@en-US .") != std::string::npos);
  std::string hash_data = proof::HashData(*config, *as_written, nullptr);
  Json other = unsigned_doc;
  other["proof"] = proof_options;
  other["proof"]["proofValue"] =
      proof::EncodeProofValue(key.key.Sign(hash_data));
  CHECK(proof::VerifyProofs(other, verify).verified);
  // …but not a changed tag.
  other["name"]["@language"] = "en-GB";
  CHECK_FALSE(proof::VerifyProofs(other, verify).verified);
}

TEST_CASE("the remembered proof configuration is the one its inputs give",
          "[proof][rdfc]") {
  const std::string url = "https://example.com/memo-test/v1";
  auto context_mapping = [](const std::string& iri) {
    return DumpJson(
        Json{{"@context",
              {{"@version", 1.1},
               {"created",
                {{"@id", iri},
                 {"@type", "http://www.w3.org/2001/XMLSchema#dateTime"}}},
               {"level", "https://example.com/level"},
               {"type", "@type"}}}});
  };
  const Json document = {{"@context", url}};
  Json proof = {{"type", "https://example.com/Proof"},
                {"created", "2026-06-12T00:00:00Z"}};
  jsonld::DocumentLoader loader(false);
  REQUIRE(loader.AddDocument(url, context_mapping("https://a.example/created"))
              .ok());
  proof::SuiteEnvironment env{&loader};
  auto tags = proof::LanguageTags::kLowercase;
  int checks = 0;
  auto check = [&](const Json& options) {
    ++checks;
    CHECK_FALSE(options.contains("proofValue"));
    return Status::Ok();
  };
  auto config = [&](const Json& p, const proof::SuiteEnvironment& e,
                    const char* suite = "test-suite") {
    return proof::CanonicalProofConfig(suite, p, document, e, tags, check);
  };
  auto direct = [&](const Json& p, const proof::SuiteEnvironment& e) {
    Json options = p;
    options.erase("proofValue");
    return proof::CanonicalNQuads(proof::RdfProofConfig(options, document), e,
                                  "proof", tags)
        .value();
  };
  const std::string expected = direct(proof, env);
  CHECK(expected.find("<https://a.example/created>") != std::string::npos);
  for (int i = 0; i < 2; ++i) {  // computed, then remembered
    auto memo = config(proof, env);
    REQUIRE(memo.ok());
    CHECK((*memo)->nquads == expected);
    CHECK((*memo)->hash == crypto::Sha256(expected));
  }
  CHECK(checks == 1);
  // The proofValue is not part of the configuration.
  Json signed_proof = proof;
  signed_proof["proofValue"] = "z123";
  auto with_value = config(signed_proof, env);
  REQUIRE(with_value.ok());
  CHECK((*with_value)->nquads == expected);
  CHECK(checks == 1);
  // Another suite checks the options itself.
  REQUIRE(config(proof, env, "other-suite").ok());
  CHECK(checks == 2);
  // Another date is another configuration.
  Json later = proof;
  later["created"] = "2026-06-13T00:00:00Z";
  auto other_date = config(later, env);
  REQUIRE(other_date.ok());
  CHECK((*other_date)->nquads.find("2026-06-13") != std::string::npos);
  // An integer and a double that compare equal: each gets its own entry,
  // and each the canonical form computed directly.
  Json integer = proof;
  integer["level"] = 1;
  Json real = proof;
  real["level"] = 1.0;
  REQUIRE(integer["level"] == real["level"]);  // equal to nlohmann
  const int checks_before_numbers = checks;
  auto as_integer = config(integer, env);
  auto as_double = config(real, env);
  REQUIRE(as_integer.ok());
  REQUIRE(as_double.ok());
  CHECK(checks == checks_before_numbers + 2);
  CHECK((*as_integer)->nquads == direct(integer, env));
  CHECK((*as_double)->nquads == direct(real, env));
  // The same URL now maps the term elsewhere: the loader's generation
  // changed, so the memo is not consulted for the old answer.
  REQUIRE(loader.AddDocument(url, context_mapping("https://b.example/created"))
              .ok());
  auto changed = config(proof, env);
  REQUIRE(changed.ok());
  CHECK((*changed)->nquads.find("<https://b.example/created>") !=
        std::string::npos);
  CHECK((*changed)->nquads == direct(proof, env));
  // So does another loader with the other mapping.
  jsonld::DocumentLoader second(false);
  REQUIRE(second.AddDocument(url, context_mapping("https://c.example/created"))
              .ok());
  auto elsewhere = config(proof, proof::SuiteEnvironment{&second});
  REQUIRE(elsewhere.ok());
  CHECK((*elsewhere)->nquads.find("<https://c.example/created>") !=
        std::string::npos);
  // Errors are not remembered: a failed check, or an unknown context, stays
  // an error.
  const int before = checks;
  auto refuse = [&](const Json&) {
    ++checks;
    return Status::Error("MALFORMED_PROOF", "refused");
  };
  CHECK_FALSE(proof::CanonicalProofConfig("refusing", proof, document, env,
                                          tags, refuse)
                  .ok());
  CHECK_FALSE(proof::CanonicalProofConfig("refusing", proof, document, env,
                                          tags, refuse)
                  .ok());
  CHECK(checks == before + 2);
  const Json unknown_document = {
      {"@context", "https://example.com/not-loaded"}};
  for (int i = 0; i < 2; ++i) {
    CHECK_FALSE(proof::CanonicalProofConfig("test-suite", proof,
                                            unknown_document, env, tags, check)
                    .ok());
  }
}
