#include "core/proof/data_integrity.h"

#include <catch2/catch.hpp>

#include "core/keys/multikey.h"
#include "core/proof/errors.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::proof;

namespace {
Json Credential() {
  return Json::parse(R"({
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
    "id": "urn:uuid:6a9c92a9-2530-4e2b-9776-530467e9bbe0",
    "type": ["VerifiableCredential", "ExampleCredential"],
    "issuer": "did:example:issuer",
    "validFrom": "2024-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:subject", "name": "Ada"}
  })");
}

AddProofOptions Jcs(std::optional<std::string> id = std::nullopt,
                    std::vector<std::string> previous = {}) {
  AddProofOptions o;
  o.cryptosuite = "eddsa-jcs-2022";
  o.created = "2024-01-01T00:00:00Z";
  o.id = std::move(id);
  o.previous_proof = std::move(previous);
  return o;
}

bool HasCode(const ProofResult& r, const std::string& code) {
  for (const auto& e : r.errors) {
    if (e.code() == code) return true;
  }
  return false;
}

VerifyProofOptions Defaults() {
  VerifyProofOptions o;
  o.now = Now();
  return o;
}
}  // namespace

TEST_CASE("proof sets and chains verify, each proof reported",
          "[data-integrity]") {
  auto k1 = keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  auto k2 = keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  auto k3 = keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  auto one = AddProof(Credential(), k1, Jcs("urn:uuid:p1"));
  REQUIRE(one.ok());
  CHECK((*one)["proof"].is_object());
  auto set = AddProof(*one, k2, Jcs("urn:uuid:p2"));
  REQUIRE(set.ok());
  REQUIRE((*set)["proof"].is_array());
  auto chain =
      AddProof(*set, k3, Jcs(std::nullopt, {"urn:uuid:p1", "urn:uuid:p2"}));
  REQUIRE(chain.ok());
  REQUIRE((*chain)["proof"].size() == 3);
  CHECK((*chain)["proof"][2]["previousProof"] ==
        Json::array({"urn:uuid:p1", "urn:uuid:p2"}));

  auto result = VerifyProofs(*chain, Defaults());
  CHECK(result.verified);
  REQUIRE(result.proofs.size() == 3);
  for (const auto& p : result.proofs) {
    CHECK(p.verified);
    CHECK(p.errors.empty());
  }
  // A set member verifies on its own, without the others.
  Json alone = *chain;
  alone["proof"] = (*chain)["proof"][1];
  CHECK(VerifyProofs(alone, Defaults()).verified);

  // Breaking a referenced proof breaks the chain too.
  Json broken = *chain;
  broken["proof"][0]["created"] = "2024-01-02T00:00:00Z";
  auto r = VerifyProofs(broken, Defaults());
  CHECK_FALSE(r.verified);
  CHECK(HasCode(r.proofs[0], "SIGNATURE_INVALID"));
  CHECK(r.proofs[1].verified);
  CHECK(HasCode(r.proofs[2], "PREVIOUS_PROOF_INVALID"));
  // …and the chained proof signed over p1 as it was, so its own signature fails
  // as well.
  CHECK(HasCode(r.proofs[2], "SIGNATURE_INVALID"));

  // A chain that names a proof that is not there.
  Json missing = *chain;
  missing["proof"].erase(0);
  r = VerifyProofs(missing, Defaults());
  CHECK_FALSE(r.verified);
  CHECK(HasCode(r.proofs[1], "MALFORMED_PROOF"));

  CHECK(AddProof(*set, k3, Jcs(std::nullopt, {"urn:uuid:nope"}))
            .status()
            .code() == "PROOF_GENERATION_ERROR");
}

TEST_CASE("every proof problem is reported, not only the first",
          "[data-integrity]") {
  auto key = keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  AddProofOptions o = Jcs();
  o.proof_purpose = "authentication";
  o.challenge = "abc";
  o.domain = {"verifier.example"};
  o.expires = "2020-01-01T00:00:00Z";
  auto signed_doc = AddProof(Credential(), key, o);
  REQUIRE(signed_doc.ok());
  VerifyProofOptions v = Defaults();
  v.challenge = "xyz";
  v.domain = "other.example";
  auto r = VerifyProofs(*signed_doc, v);
  CHECK_FALSE(r.verified);
  REQUIRE(r.proofs.size() == 1);
  CHECK(HasCode(r.proofs[0], "WRONG_PROOF_PURPOSE"));
  CHECK(HasCode(r.proofs[0], "CHALLENGE_MISMATCH"));
  CHECK(HasCode(r.proofs[0], "DOMAIN_MISMATCH"));
  CHECK(HasCode(r.proofs[0], "PROOF_EXPIRED"));

  v.expected_proof_purpose = "authentication";
  v.challenge = "abc";
  v.domain = "verifier.example";
  v.now = *ParseDateTime("2019-01-01T00:00:00Z", true);
  CHECK(VerifyProofs(*signed_doc, v).verified);
}

TEST_CASE("documents without a usable proof", "[data-integrity]") {
  auto r = VerifyProofs(Credential(), Defaults());
  CHECK_FALSE(r.verified);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].code() == "NO_PROOF");

  Json d = Credential();
  d["proof"] = {{"type", "BbsBlsSignature2020"},
                {"verificationMethod", "did:key:z6Mk"},
                {"proofPurpose", "assertionMethod"},
                {"proofValue", "z1"}};
  r = VerifyProofs(d, Defaults());
  CHECK_FALSE(r.verified);
  CHECK(r.errors.at(0).code() == "NO_MATCHING_PROOF");

  d["proof"] = {{"type", "DataIntegrityProof"},
                {"cryptosuite", "eddsa-jcs-2022"}};
  r = VerifyProofs(d, Defaults());
  CHECK(HasCode(r.proofs.at(0), "MALFORMED_PROOF"));
  d["proof"] = "not a proof";
  r = VerifyProofs(d, Defaults());
  CHECK(r.errors.at(0).code() == "MALFORMED_PROOF");
  d["proof"] = Json::array({"not a proof"});
  r = VerifyProofs(d, Defaults());
  CHECK(HasCode(r.proofs.at(0), "MALFORMED_PROOF"));
}

TEST_CASE("keys are retrieved from controller documents and must be authorized",
          "[data-integrity][resolver]") {
  auto raw = crypto::Ed25519PrivateKey::Generate();
  std::string mb = keys::EncodeEd25519PublicMultibase(raw.public_key());
  keys::SigningKey key{"did:web:college.example#key-1",
                       "did:web:college.example", raw.Clone()};
  auto signed_doc = AddProof(Credential(), key, Jcs());
  REQUIRE(signed_doc.ok());

  // No documents: the key cannot be found; the reason says how to supply it.
  auto r = VerifyProofs(*signed_doc, Defaults());
  REQUIRE(HasCode(r.proofs.at(0), "KEY_UNRESOLVABLE"));
  CHECK(r.proofs[0].errors[0].message().find(
            "https://college.example/.well-known/did.json") !=
        std::string::npos);

  did::StaticDocumentSource docs;
  Json did_doc = {{"@context",
                   {"https://www.w3.org/ns/did/v1",
                    "https://w3id.org/security/multikey/v1"}},
                  {"id", "did:web:college.example"},
                  {"verificationMethod",
                   {{{"id", "did:web:college.example#key-1"},
                     {"type", "Multikey"},
                     {"controller", "did:web:college.example"},
                     {"publicKeyMultibase", mb}}}},
                  {"assertionMethod", {"did:web:college.example#key-1"}}};
  docs.Add("https://college.example/.well-known/did.json", did_doc);
  did::Resolver resolver(&docs);
  VerifyProofOptions v = Defaults();
  v.resolver = &resolver;
  r = VerifyProofs(*signed_doc, v);
  CHECK(r.verified);
  CHECK(r.proofs.at(0).method->resolved_from ==
        "https://college.example/.well-known/did.json");

  // Listed only for authentication: not allowed to sign credentials.
  did_doc.erase("assertionMethod");
  did_doc["authentication"] = {"#key-1"};
  docs.Add("https://college.example/.well-known/did.json", did_doc);
  r = VerifyProofs(*signed_doc, v);
  CHECK(HasCode(r.proofs.at(0), "KEY_NOT_AUTHORIZED"));

  // A document that claims another id is refused.
  did_doc["id"] = "did:web:evil.example";
  docs.Add("https://college.example/.well-known/did.json", did_doc);
  r = VerifyProofs(*signed_doc, v);
  CHECK(HasCode(r.proofs.at(0), "KEY_UNRESOLVABLE"));
}

TEST_CASE("did:web URLs", "[resolver]") {
  CHECK(*did::DidWebToUrl("did:web:w3c-ccg.github.io") ==
        "https://w3c-ccg.github.io/.well-known/did.json");
  CHECK(*did::DidWebToUrl("did:web:w3c-ccg.github.io:user:alice") ==
        "https://w3c-ccg.github.io/user/alice/did.json");
  CHECK(*did::DidWebToUrl("did:web:example.com%3A3000:user:alice") ==
        "https://example.com:3000/user/alice/did.json");
  CHECK_FALSE(did::DidWebToUrl("did:web:").ok());
  CHECK_FALSE(did::DidWebToUrl("did:web:example.com::x").ok());
  CHECK_FALSE(did::DidWebToUrl("did:key:z6Mk").ok());
}

TEST_CASE(
    "VerifyProofsInPlace gives VerifyProofs' answers and restores the "
    "document",
    "[data-integrity]") {
  auto k1 = keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  auto k2 = keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  AddProofOptions rdfc;
  rdfc.cryptosuite = "eddsa-rdfc-2022";
  rdfc.created = "2024-01-01T00:00:00Z";
  auto one = AddProof(Credential(), k1, rdfc);
  REQUIRE(one.ok());
  auto chain = AddProof(*AddProof(Credential(), k1, Jcs("urn:uuid:p1")), k2,
                        Jcs(std::nullopt, {"urn:uuid:p1"}));
  REQUIRE(chain.ok());
  Json tampered = *one;
  tampered["credentialSubject"]["name"] = "Eve";
  // The proof first instead of last: verified from a copy, as before.
  Json proof_first = Json::object();
  proof_first["proof"] = (*one)["proof"];
  for (const auto& [key, value] : one->items()) {
    if (key != "proof") proof_first[key] = value;
  }
  Json no_proof = Credential();
  Json null_proof = Credential();
  null_proof["proof"] = nullptr;
  Json not_object = Json::array({1, 2});

  for (const Json* doc : {&*one, &*chain, &tampered, &proof_first, &no_proof,
                          &null_proof, &not_object}) {
    INFO(doc->dump());
    const ProofsResult expected = VerifyProofs(*doc, Defaults());
    Json owned = *doc;
    const ProofsResult got = VerifyProofsInPlace(owned, Defaults());
    CHECK(owned == *doc);
    CHECK(owned.dump() == doc->dump());  // members in the same order
    CHECK(got.verified == expected.verified);
    REQUIRE(got.proofs.size() == expected.proofs.size());
    for (std::size_t i = 0; i < got.proofs.size(); ++i) {
      CHECK(got.proofs[i].verified == expected.proofs[i].verified);
      CHECK(got.proofs[i].errors.size() == expected.proofs[i].errors.size());
    }
    REQUIRE(got.errors.size() == expected.errors.size());
    for (std::size_t i = 0; i < got.errors.size(); ++i) {
      CHECK(got.errors[i].code() == expected.errors[i].code());
    }
  }
  CHECK(VerifyProofs(*one, Defaults()).verified);
  CHECK(VerifyProofs(*chain, Defaults()).verified);
  CHECK(VerifyProofs(proof_first, Defaults()).verified);
  CHECK_FALSE(VerifyProofs(tampered, Defaults()).verified);
}
