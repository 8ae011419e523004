#include "verifier/http_api.h"

#include <map>

#include "core/badge/badge.h"
#include "core/credit/evaluation.h"
#include "core/vc/achievement_facts.h"
#include "core/vc/presentation.h"
#include "core/verification/verify_credential.h"
#include "core/verification/verify_presentation.h"
#include "verifier/evaluate_inputs.h"

namespace anycred::verifier {

namespace {

using verification::CheckResult;
using verification::CredentialReport;
using verification::Outcome;
using verification::Problem;

ApiResponse Error(int status, const std::string& code,
                  const std::string& message) {
  return {status,
          {{"verified", false},
           {"problemDetails", Json::array({ProblemDetails({code, message})})}}};
}

// Parses a request body; 413 for nesting beyond kMaxRequestDepth, 400 for
// anything that is not a JSON object.
Result<Json> ParseBody(std::string_view body, ApiResponse* error) {
  auto json = ParseJson(body, kMaxRequestDepth);
  if (!json.ok()) {
    bool deep = json.status().message().rfind("JSON is nested", 0) == 0;
    *error =
        Error(deep ? 413 : 400, deep ? "REQUEST_TOO_DEEP" : "PARSING_ERROR",
              "the request body " + json.status().message());
    return json.status();
  }
  if (!json->is_object()) {
    *error =
        Error(400, "PARSING_ERROR", "the request body must be a JSON object");
    return Status::Error("PARSING_ERROR", "not an object");
  }
  return json;
}

const CheckResult* FindCheck(const CredentialReport& r, const char* name) {
  for (const auto& c : r.checks) {
    if (c.check == name) return &c;
  }
  return nullptr;
}

Json ProblemList(const std::vector<Problem>& problems) {
  Json out = Json::array();
  for (const auto& p : problems) out.push_back(ProblemDetails(p));
  return out;
}

// VCALM "results" for a credential, from the anycred report.
Json CredentialResults(const Json& credential, const CredentialReport& r) {
  Json results = Json::object();
  if (const CheckResult* v = FindCheck(r, "validity")) {
    bool v1 = v->details.contains("issuanceDate") ||
              v->details.contains("expirationDate");
    const char* from = v1 ? "issuanceDate" : "validFrom";
    const char* until = v1 ? "expirationDate" : "validUntil";
    auto has = [&](const char* code) {
      for (const auto& e : v->errors) {
        if (e.code == code) return true;
      }
      return false;
    };
    if (v->details.contains(from))
      results["validFrom"] = {{"verified", !has("NOT_YET_VALID")},
                              {"input", v->details[from]}};
    if (v->details.contains(until))
      results["validUntil"] = {{"verified", !has("EXPIRED")},
                               {"input", v->details[until]}};
  }
  Json proofs = Json::array();
  const Json* inputs = nullptr;
  if (credential.is_object() && credential.contains("proof"))
    inputs = &credential["proof"];
  if (const CheckResult* p = FindCheck(r, "proof")) {
    if (p->details.contains("proofs")) {
      for (const auto& pr : p->details["proofs"]) {
        std::size_t index = pr.value("index", std::size_t{0});
        Json input = Json::object();
        if (inputs != nullptr) {
          if (inputs->is_array() && index < inputs->size())
            input = (*inputs)[index];
          else if (inputs->is_object() && index == 0)
            input = *inputs;
        }
        proofs.push_back(
            {{"verified", pr.value("verified", false)}, {"input", input}});
      }
    }
  }
  results["proof"] = std::move(proofs);
  // Checks that later versions add (schema, status) fill these lists.
  for (auto [member, check] : {std::pair{"credentialSchema", "schema"},
                               std::pair{"credentialStatus", "status"}}) {
    Json list = Json::array();
    const CheckResult* c = FindCheck(r, check);
    if (c != nullptr && credential.is_object() && credential.contains(member)) {
      const Json& in = credential[member];
      for (const Json& item : in.is_array() ? in : Json::array({in})) {
        list.push_back(
            {{"verified", c->outcome == Outcome::kOk}, {"input", item}});
      }
    }
    results[member] = std::move(list);
  }
  return results;
}

Json CredentialResult(const Json& credential, const CredentialReport& r) {
  return {{"verified", r.verified},
          {"problemDetails", ProblemList(r.errors)},
          {"results", CredentialResults(credential, r)},
          {"checks", verification::ChecksToJson(r.checks)}};
}

// Reads options.challenge / options.domain; 400 when not strings.
bool ReadOptions(const Json& request, std::optional<std::string>* challenge,
                 std::optional<std::string>* domain, ApiResponse* error) {
  auto it = request.find("options");
  if (it == request.end() || it->is_null()) return true;
  if (!it->is_object()) {
    *error = Error(400, "MALFORMED_VALUE_ERROR", "options must be an object");
    return false;
  }
  for (auto [name, out] :
       {std::pair{"challenge", challenge}, std::pair{"domain", domain}}) {
    auto v = it->find(name);
    if (v == it->end() || v->is_null()) continue;
    if (!v->is_string()) {
      *error = Error(400, "MALFORMED_VALUE_ERROR",
                     std::string("options.") + name + " must be a string");
      return false;
    }
    *out = v->get<std::string>();
  }
  return true;
}

Json PresentationResults(const Json& vp,
                         const verification::PresentationReport& r,
                         const std::optional<std::string>& challenge,
                         const std::optional<std::string>& domain) {
  auto has = [&](const char* code) {
    for (const auto& e : r.errors) {
      if (e.code == code) return true;
    }
    return false;
  };
  Json presentation = Json::object();
  if (challenge)
    presentation["challenge"] = {{"verified", !has("CHALLENGE_MISMATCH")},
                                 {"input", *challenge}};
  if (domain)
    presentation["domain"] = {{"verified", !has("DOMAIN_MISMATCH")},
                              {"input", *domain}};
  if (r.facts.contains("holder"))
    presentation["holder"] = {{"verified", !has("HOLDER_MISMATCH")},
                              {"input", r.facts["holder"]}};
  Json proofs = Json::array();
  for (const auto& c : r.checks) {
    if (c.check != "proof" || !c.details.contains("proofs")) continue;
    const Json* inputs = vp.contains("proof") ? &vp["proof"] : nullptr;
    for (const auto& pr : c.details["proofs"]) {
      std::size_t index = pr.value("index", std::size_t{0});
      Json input = Json::object();
      if (inputs && inputs->is_array() && index < inputs->size())
        input = (*inputs)[index];
      else if (inputs && inputs->is_object())
        input = *inputs;
      proofs.push_back({{"verified", pr.value("verified", false)},
                        {"input", input},
                        {"problemDetails", ProblemList(c.errors)}});
    }
  }
  presentation["proof"] = std::move(proofs);
  Json credentials = Json::array();
  std::vector<const Json*> enclosed;
  for (const Json* c : vc::EnclosedCredentials(vp)) {
    if (c->is_object()) enclosed.push_back(c);  // as VerifyPresentation does
  }
  for (std::size_t i = 0; i < r.credentials.size(); ++i) {
    Json item = CredentialResult(i < enclosed.size() ? *enclosed[i] : Json(),
                                 r.credentials[i].report);
    item["subjectIsHolder"] =
        verification::SubjectMatchName(r.credentials[i].subject_is_holder);
    credentials.push_back(std::move(item));
  }
  return {{"presentation", std::move(presentation)},
          {"credentials", std::move(credentials)}};
}

}  // namespace

Json ProblemDetails(const Problem& problem) {
  static const std::map<std::string, std::string> kTypes = {
      {"PARSING_ERROR", "https://www.w3.org/TR/vc-data-model#PARSING_ERROR"},
      {"MALFORMED_CREDENTIAL",
       "https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR"},
      {"MALFORMED_PRESENTATION",
       "https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR"},
      {"MALFORMED_VALUE_ERROR",
       "https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR"},
      {"SIGNATURE_INVALID",
       "https://www.w3.org/TR/vc-data-model#CRYPTOGRAPHIC_SECURITY_ERROR"},
      {"NOT_YET_VALID", "https://www.w3.org/TR/vc-data-model#RANGE_ERROR"},
      {"EXPIRED", "https://www.w3.org/TR/vc-data-model#RANGE_ERROR"},
      {"CHALLENGE_MISMATCH",
       "https://w3id.org/security#INVALID_CHALLENGE_ERROR"},
      {"DOMAIN_MISMATCH", "https://w3id.org/security#INVALID_DOMAIN_ERROR"},
      {"DATA_LOSS_DETECTION_ERROR",
       "https://w3id.org/security#DATA_LOSS_DETECTION_ERROR"},
      {"MALFORMED_PROOF", "https://w3id.org/security#PROOF_VERIFICATION_ERROR"},
      {"MALFORMED_PROOF_VALUE",
       "https://w3id.org/security#PROOF_VERIFICATION_ERROR"},
      {"WRONG_PROOF_PURPOSE",
       "https://w3id.org/security#PROOF_VERIFICATION_ERROR"},
      {"NO_PROOF", "https://w3id.org/security#PROOF_VERIFICATION_ERROR"},
      {"NO_MATCHING_PROOF",
       "https://w3id.org/security#PROOF_VERIFICATION_ERROR"},
      {"KEY_UNRESOLVABLE",
       "https://w3id.org/security#INVALID_VERIFICATION_METHOD"},
      {"KEY_NOT_AUTHORIZED",
       "https://w3id.org/"
       "security#INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD"},
  };
  auto it = kTypes.find(problem.code);
  std::string type =
      it != kTypes.end() ? it->second : "urn:anycred:problem:" + problem.code;
  return {{"type", type}, {"title", problem.code}, {"detail", problem.message}};
}

ApiResponse HandleVerifyCredential(std::string_view body,
                                   const VerifyContext& context) {
  ApiResponse error;
  auto request = ParseBody(body, &error);
  if (!request.ok()) return error;
  auto vc = request->find("verifiableCredential");
  if (vc == request->end() || !vc->is_object()) {
    return Error(400, "MALFORMED_VALUE_ERROR",
                 "the request needs \"verifiableCredential\", a credential "
                 "(a JSON object)");
  }
  std::optional<std::string> unused_challenge, unused_domain;
  if (!ReadOptions(*request, &unused_challenge, &unused_domain, &error))
    return error;
  CredentialReport report =
      verification::VerifyCredential(*vc, context.Options());
  return {report.verified ? 200 : 422, CredentialResult(*vc, report)};
}

ApiResponse HandleVerifyPresentation(std::string_view body,
                                     const VerifyContext& context) {
  ApiResponse error;
  auto request = ParseBody(body, &error);
  if (!request.ok()) return error;
  auto vp = request->find("verifiablePresentation");
  if (vp == request->end()) vp = request->find("presentation");
  if (vp == request->end() || !vp->is_object()) {
    return Error(400, "MALFORMED_VALUE_ERROR",
                 "the request needs \"verifiablePresentation\", a "
                 "presentation (a JSON object)");
  }
  verification::VerifyPresentationOptions options;
  if (!ReadOptions(*request, &options.challenge, &options.domain, &error))
    return error;
  options.credential = context.Options();
  auto report = verification::VerifyPresentation(*vp, options);
  Json out = {{"verified", report.verified},
              {"problemDetails", ProblemList(report.errors)},
              {"results", PresentationResults(*vp, report, options.challenge,
                                              options.domain)},
              {"checks", verification::ChecksToJson(report.checks)}};
  return {report.verified ? 200 : 422, std::move(out)};
}

ApiResponse HandleVerifyFile(std::string_view body,
                             const VerifyContext& context,
                             const std::string& challenge,
                             const std::string& domain) {
  badge::Format format;
  auto doc = badge::ReadCredential(body, &format);
  Json out = Json::object();
  out["format"] = badge::FormatName(format);
  if (!doc.ok()) {
    CredentialReport report = verification::UnreadableCredential(doc.status());
    out["kind"] = "unreadable";
    out["verified"] = false;
    out["report"] = verification::ReportToJson(report, "upload");
    out["problemDetails"] = ProblemList(report.errors);
    return {200, std::move(out)};
  }
  out["facts"] = vc::AchievementFacts(*doc);
  bool is_vp = false;
  if (auto t = doc->find("type"); t != doc->end()) {
    if (t->is_string()) is_vp = *t == "VerifiablePresentation";
    if (t->is_array()) {
      for (const auto& v : *t) is_vp |= v == "VerifiablePresentation";
    }
  }
  if (is_vp) {
    verification::VerifyPresentationOptions options;
    options.credential = context.Options();
    if (!challenge.empty()) options.challenge = challenge;
    if (!domain.empty()) options.domain = domain;
    auto report = verification::VerifyPresentation(*doc, options);
    out["kind"] = "presentation";
    out["verified"] = report.verified;
    out["report"] = verification::PresentationReportToJson(report, "upload");
    out["problemDetails"] = ProblemList(report.errors);
    return {200, std::move(out)};
  }
  CredentialReport report =
      verification::VerifyCredential(*doc, context.Options());
  out["kind"] = "credential";
  out["verified"] = report.verified;
  out["report"] = verification::ReportToJson(report, "upload");
  out["problemDetails"] = ProblemList(report.errors);
  return {200, std::move(out)};
}

ApiResponse HandleEvaluate(std::string_view body,
                           const VerifyContext& context) {
  ApiResponse error;
  auto request = ParseBody(body, &error);
  if (!request.ok()) return error;
  auto p = request->find("policy");
  if (p == request->end() || !p->is_object())
    return Error(400, "INVALID_POLICY",
                 "policy: the request needs \"policy\", the institution's "
                 "credit policy (a JSON object)");
  auto policy = credit::ParsePolicy(*p);
  if (!policy.ok())
    return Error(400, policy.status().code(),
                 "policy." + policy.status().message());
  auto registries = credit::LoadPolicyRegistry(*policy, "");
  if (!registries.ok())
    return Error(400, registries.status().code(),
                 "policy." + registries.status().message());
  for (const auto& r : context.registries()) registries->push_back(r);

  auto vcs = request->find("verifiableCredentials");
  auto vp = request->find("verifiablePresentation");
  if (vcs != request->end() && vp != request->end())
    return Error(400, "MALFORMED_VALUE_ERROR",
                 "give either \"verifiableCredentials\" or "
                 "\"verifiablePresentation\", not both");
  if (vcs == request->end() && vp == request->end())
    return Error(400, "MALFORMED_VALUE_ERROR",
                 "verifiableCredentials: the request needs the student's "
                 "credentials (\"verifiableCredentials\", a list) or a "
                 "presentation (\"verifiablePresentation\")");
  const auto options = context.Options();
  EvaluateInputs inputs;
  if (vp != request->end()) {
    if (!vp->is_object() || !IsPresentation(*vp))
      return Error(400, "MALFORMED_VALUE_ERROR",
                   "verifiablePresentation: must be a presentation (a JSON "
                   "object of type VerifiablePresentation)");
    AddEvaluateInput(*vp, "verifiablePresentation", options, &inputs);
  } else {
    if (!vcs->is_array())
      return Error(400, "MALFORMED_VALUE_ERROR",
                   "verifiableCredentials: must be a list of credentials");
    for (std::size_t i = 0; i < vcs->size(); ++i) {
      const Json& c = (*vcs)[i];
      std::string where = "verifiableCredentials[" + std::to_string(i) + "]";
      if (!c.is_object() || IsPresentation(c))
        return Error(400, "MALFORMED_VALUE_ERROR",
                     where + ": must be a credential (a JSON object)");
      AddEvaluateInput(c, where, options, &inputs);
    }
  }
  credit::Evaluation evaluation = credit::EvaluateCredentials(
      *policy, *registries, std::move(inputs.credentials), options.at,
      /*accept_unknown_status=*/false);
  Json out = credit::DecisionToJson(evaluation.decision, evaluation.evidence);
  out["inputs"] = std::move(inputs.summary);
  return {200, std::move(out)};
}

}  // namespace anycred::verifier
