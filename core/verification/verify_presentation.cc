#include "core/verification/verify_presentation.h"

#include "core/proof/data_integrity.h"
#include "core/proof/errors.h"
#include "core/vc/presentation.h"
#include "core/verification/checks.h"

namespace anycred::verification {

namespace {

std::string WithoutFragment(const std::string& url) {
  return url.substr(0, url.find('#'));
}

CheckResult CheckPresentationStructure(const Json& vp) {
  CheckResult r;
  r.check = "structure";
  for (const auto& s : vc::CheckPresentationStructure(vp))
    r.errors.push_back({s.code(), s.message()});
  if (r.errors.empty()) {
    r.summary = "The presentation has every required field, in the right form.";
  } else {
    r.outcome = Outcome::kFailed;
    r.summary = "The presentation is not well formed (" +
                std::to_string(r.errors.size()) +
                (r.errors.size() == 1 ? " problem)." : " problems).");
  }
  return r;
}

// "holder": the proof for authentication was made with the holder's key.
CheckResult CheckHolder(const std::string& holder,
                        const proof::ProofsResult& proofs) {
  CheckResult r;
  r.check = "holder";
  r.details["holder"] = holder;
  std::vector<std::string> signers;
  bool bound = false;
  for (const auto& p : proofs.proofs) {
    if (!p.method) continue;
    // Whether the purpose is right is the proof check's business
    // (WRONG_PROOF_PURPOSE); here only whose key it is matters.
    if (!holder.empty() && p.method->controller == holder) {
      bound = true;
    } else {
      signers.push_back(p.method->controller);
    }
  }
  if (bound) {
    r.summary = "The presentation was signed by its holder, " + holder + ".";
  } else if (holder.empty() && !signers.empty()) {
    r.summary = "The presentation names no holder; it was signed by " +
                signers[0] + ".";
    r.details["signer"] = signers[0];
    r.warnings.push_back(
        {"NO_HOLDER", "the presentation does not say who presents it"});
  } else if (!signers.empty()) {
    r.outcome = Outcome::kFailed;
    r.errors.push_back({"HOLDER_MISMATCH",
                        "the presentation says it is presented by " + holder +
                            ", but it was signed with a key of " + signers[0]});
    r.summary =
        "The presentation was not signed by the person it names as "
        "holder.";
  } else {
    r.outcome = Outcome::kUnknown;
    r.summary =
        "Could not tell who signed the presentation: the signing key was not "
        "found.";
  }
  return r;
}

EnclosedCredentialReport VerifyEnclosed(const Json& credential,
                                        const std::string& holder,
                                        const VerifyCredentialOptions& opts) {
  EnclosedCredentialReport e;
  e.report = VerifyCredential(credential, opts);
  std::vector<std::string> subjects = vc::SubjectIds(credential);
  if (holder.empty()) {
    e.subject_is_holder = SubjectMatch::kUnknown;
    e.subject_note = "The presentation names no holder to compare with.";
  } else if (subjects.empty()) {
    e.subject_is_holder = SubjectMatch::kUnknown;
    e.subject_note =
        "The credential does not name its recipient by an id (it may use a "
        "hashed identifier), so it cannot be matched to the holder.";
  } else {
    bool match = false;
    for (const auto& s : subjects)
      match |= s == holder || WithoutFragment(s) == WithoutFragment(holder);
    e.subject_is_holder = match ? SubjectMatch::kYes : SubjectMatch::kNo;
    e.subject_note = match ? "The credential is about the holder."
                           : "The credential is about " + subjects[0] +
                                 ", not the holder who presents it.";
  }
  return e;
}

CheckResult CheckCredentials(
    const std::vector<EnclosedCredentialReport>& credentials) {
  CheckResult r;
  r.check = "credentials";
  std::size_t failed = 0, unknown = 0;
  for (std::size_t i = 0; i < credentials.size(); ++i) {
    const auto& rep = credentials[i].report;
    if (rep.verified) continue;
    bool any_failed = false;
    for (const auto& c : rep.checks)
      any_failed |= c.outcome == Outcome::kFailed;
    (any_failed ? failed : unknown)++;
    std::string codes;
    for (const auto& err : rep.errors) {
      if (codes.find(err.code) != std::string::npos) continue;
      codes += (codes.empty() ? "" : ", ") + err.code;
    }
    r.errors.push_back({"CREDENTIAL_NOT_VERIFIED",
                        "credential " + std::to_string(i + 1) +
                            " did not verify" +
                            (codes.empty() ? "" : " (" + codes + ")")});
  }
  for (std::size_t i = 0; i < credentials.size(); ++i) {
    if (credentials[i].subject_is_holder == SubjectMatch::kNo) {
      r.warnings.push_back(
          {"SUBJECT_NOT_HOLDER", "credential " + std::to_string(i + 1) + ": " +
                                     credentials[i].subject_note});
    }
  }
  std::size_t n = credentials.size();
  if (n == 0) {
    r.summary = "The presentation carries no credentials.";
  } else if (failed > 0) {
    r.outcome = Outcome::kFailed;
    r.summary = std::to_string(failed) + " of " + std::to_string(n) +
                (n == 1 ? " credential" : " credentials") + " did not verify.";
  } else if (unknown > 0) {
    r.outcome = Outcome::kUnknown;
    r.summary = std::to_string(unknown) + " of " + std::to_string(n) +
                (n == 1 ? " credential" : " credentials") +
                " could not be fully checked.";
  } else {
    r.summary = n == 1 ? "The credential verified."
                       : "All " + std::to_string(n) + " credentials verified.";
  }
  return r;
}

void Add(PresentationReport* report, CheckResult check) {
  report->errors.insert(report->errors.end(), check.errors.begin(),
                        check.errors.end());
  report->warnings.insert(report->warnings.end(), check.warnings.begin(),
                          check.warnings.end());
  report->checks.push_back(std::move(check));
}

void Finish(PresentationReport* report) {
  report->verified = !report->checks.empty();
  for (const auto& c : report->checks)
    report->verified &= c.outcome == Outcome::kOk;
}

}  // namespace

const char* SubjectMatchName(SubjectMatch m) {
  switch (m) {
    case SubjectMatch::kYes:
      return "yes";
    case SubjectMatch::kNo:
      return "no";
    case SubjectMatch::kUnknown:
      return "unknown";
  }
  return "unknown";
}

PresentationReport VerifyPresentation(
    const Json& presentation, const VerifyPresentationOptions& options) {
  PresentationReport report;
  std::string holder = vc::HolderId(presentation);
  if (presentation.is_object()) {
    if (auto id = presentation.find("id");
        id != presentation.end() && id->is_string())
      report.facts["id"] = *id;
  }
  if (!holder.empty()) report.facts["holder"] = holder;
  Add(&report, CheckPresentationStructure(presentation));

  const VerifyCredentialOptions& c = options.credential;
  proof::VerifyProofOptions proof_options;
  proof_options.expected_proof_purpose = "authentication";
  proof_options.challenge = options.challenge;
  proof_options.domain = options.domain;
  proof_options.now = c.at;
  proof_options.resolver = c.resolver;
  proof_options.env = c.env;
  proof_options.trace = c.trace;
  proof::ProofsResult proofs = proof::VerifyProofs(presentation, proof_options);
  CheckResult proof_check = CheckProof(proofs, c.trace);
  if (proof_check.outcome == Outcome::kFailed &&
      proof_check.summary.find("credential") != std::string::npos) {
    proof_check.summary =
        proofs.proofs.empty()
            ? "The presentation is not signed by its holder."
            : "The holder's signature is not valid: the presentation cannot "
              "be trusted as it is.";
  }
  Add(&report, std::move(proof_check));
  Add(&report, CheckHolder(holder, proofs));

  for (const Json* credential : vc::EnclosedCredentials(presentation)) {
    if (!credential->is_object()) continue;  // a structure error already
    report.credentials.push_back(VerifyEnclosed(*credential, holder, c));
  }
  report.facts["credentials"] = report.credentials.size();
  Add(&report, CheckCredentials(report.credentials));
  Finish(&report);
  return report;
}

PresentationReport UnreadablePresentation(const Status& status) {
  PresentationReport report;
  CheckResult c;
  c.check = "structure";
  c.outcome = Outcome::kFailed;
  c.summary = "The input is not a presentation that can be read.";
  c.errors.push_back({status.code(), status.message()});
  Add(&report, std::move(c));
  Finish(&report);
  return report;
}

Json PresentationReportToJson(const PresentationReport& report,
                              const Json& source) {
  Json out = Json::object();
  out["file"] = source;
  out["verified"] = report.verified;
  out["presentation"] = report.facts;
  out["checks"] = ChecksToJson(report.checks);
  out["errors"] = ProblemsToJson(report.errors);
  out["warnings"] = ProblemsToJson(report.warnings);
  Json credentials = Json::array();
  for (std::size_t i = 0; i < report.credentials.size(); ++i) {
    const auto& e = report.credentials[i];
    Json j = {{"index", i},
              {"subjectIsHolder", SubjectMatchName(e.subject_is_holder)},
              {"subjectNote", e.subject_note}};
    Json body = ReportToJson(e.report, Json());
    body.erase("file");
    for (auto& [k, v] : body.items()) j[k] = std::move(v);
    credentials.push_back(std::move(j));
  }
  out["credentials"] = std::move(credentials);
  return out;
}

std::string PresentationReportToText(const PresentationReport& report,
                                     const std::string& source) {
  std::string out = source + ": PRESENTATION " +
                    (report.verified ? "VERIFIED" : "NOT VERIFIED") + "\n";
  if (auto h = report.facts.find("holder"); h != report.facts.end())
    out += "  Presented by: " + h->get<std::string>() + "\n";
  out += ChecksToText(report.checks, "  ");
  std::size_t n = report.credentials.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto& e = report.credentials[i];
    std::string text =
        ReportToText(e.report, "Credential " + std::to_string(i + 1) + " of " +
                                   std::to_string(n));
    // Indent the credential's report under the presentation's.
    std::string indented;
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      indented += "  " + text.substr(start, end - start) + "\n";
      start = end + 1;
    }
    out += indented;
    out += "    Subject is the holder: " +
           std::string(SubjectMatchName(e.subject_is_holder)) + ". " +
           e.subject_note + "\n";
  }
  return out;
}

}  // namespace anycred::verification
