#include "core/did/resolver.h"

#include <algorithm>

#include "core/did/did_key.h"
#include "core/encoding/base64.h"

namespace anycred::did {

namespace {
constexpr const char* kUnresolvable = "KEY_UNRESOLVABLE";
constexpr const char* kRelationships[] = {
    "assertionMethod", "authentication", "capabilityInvocation",
    "capabilityDelegation", "keyAgreement"};

Status Unresolvable(const std::string& msg) {
  return Status::Error(kUnresolvable, msg);
}

std::string Absolute(const std::string& ref, const std::string& doc_id) {
  if (!ref.empty() && ref[0] == '#') return doc_id + ref;
  return ref;
}

Result<keys::PublicKeyMultibase> KeyOf(const Json& vm) {
  if (auto mb = vm.find("publicKeyMultibase");
      mb != vm.end() && mb->is_string()) {
    return keys::DecodePublicKeyMultibase(mb->get<std::string>());
  }
  if (auto jwk = vm.find("publicKeyJwk"); jwk != vm.end() && jwk->is_object()) {
    if (jwk->value("kty", "") == "OKP" && jwk->value("crv", "") == "Ed25519") {
      auto x = encoding::Base64UrlDecode(jwk->value("x", ""));
      if (!x.ok() || x->size() != 32) {
        return Status::Error(codes::kMalformedInput,
                             "publicKeyJwk.x is not a 32-byte Ed25519 key");
      }
      return keys::PublicKeyMultibase{keys::KeyType::kEd25519,
                                      std::move(x).value()};
    }
    return Status::Error(codes::kMalformedInput,
                         "unsupported publicKeyJwk key type");
  }
  return Status::Error(
      codes::kMalformedInput,
      "the verification method has no publicKeyMultibase or publicKeyJwk");
}

// Finds `vm_url` in the controller document `doc` whose id is `doc_id`.
Result<VerificationMethod> FromControllerDocument(const Json& doc,
                                                  const std::string& doc_url,
                                                  const std::string& vm_url) {
  if (!doc.is_object()) return Unresolvable(doc_url + " is not a JSON object");
  std::string doc_id = doc.value("id", "");
  if (doc_id != doc_url) {
    return Unresolvable("the document at " + doc_url + " has id \"" + doc_id +
                        "\", which is not its own URL");
  }
  const Json* found = nullptr;
  // Candidates: verificationMethod[] and objects embedded in relationships.
  auto consider = [&](const Json& item) {
    if (found == nullptr && item.is_object() && item.contains("id") &&
        item["id"].is_string() &&
        Absolute(item["id"].get<std::string>(), doc_id) == vm_url) {
      found = &item;
    }
  };
  if (auto vms = doc.find("verificationMethod"); vms != doc.end()) {
    if (vms->is_array()) {
      for (const auto& item : *vms) consider(item);
    } else {
      consider(*vms);
    }
  }
  for (const char* rel : kRelationships) {
    if (auto list = doc.find(rel); list != doc.end() && list->is_array()) {
      for (const auto& item : *list) consider(item);
    }
  }
  if (found == nullptr) {
    return Unresolvable("the document at " + doc_url + " does not list " +
                        vm_url);
  }
  VerificationMethod vm;
  vm.id = vm_url;
  vm.type = found->value("type", "");
  vm.controller = Absolute(found->value("controller", ""), doc_id);
  vm.resolved_from = doc_url;
  if (vm.controller != doc_id) {
    return Unresolvable("the verification method's controller (" +
                        vm.controller + ") is not the document " + doc_id);
  }
  auto key = KeyOf(*found);
  if (!key.ok()) return Unresolvable(vm_url + ": " + key.status().message());
  vm.public_key = std::move(key).value();
  for (const char* rel : kRelationships) {
    auto list = doc.find(rel);
    if (list == doc.end() || !list->is_array()) continue;
    bool listed =
        std::any_of(list->begin(), list->end(), [&](const Json& item) {
          if (item.is_string())
            return Absolute(item.get<std::string>(), doc_id) == vm_url;
          return item.is_object() && item.value("id", "") != "" &&
                 Absolute(item.value("id", ""), doc_id) == vm_url;
        });
    if (listed) vm.relationships.emplace_back(rel);
  }
  return vm;
}
}  // namespace

Result<Json> StaticDocumentSource::Fetch(const std::string& url) const {
  auto it = documents_.find(url);
  if (it == documents_.end())
    return Status::Error(codes::kNotFound, "no local document for " + url);
  return it->second;
}

Result<FetchedDocument> DocumentSource::FetchDocument(
    const std::string& url) const {
  ANYCRED_ASSIGN_OR_RETURN(Json doc, Fetch(url));
  FetchedDocument out;
  out.document = std::move(doc);
  return out;
}

Result<FetchedDocument> StaticDocumentSource::FetchDocument(
    const std::string& url) const {
  ANYCRED_ASSIGN_OR_RETURN(Json doc, Fetch(url));
  FetchedDocument out;
  out.document = std::move(doc);
  out.origin = "document";
  return out;
}

bool VerificationMethod::Has(const std::string& relationship) const {
  return std::find(relationships.begin(), relationships.end(), relationship) !=
         relationships.end();
}

Result<std::string> DidWebToUrl(const std::string& did) {
  constexpr std::string_view kPrefix = "did:web:";
  if (did.rfind(kPrefix, 0) != 0 || did.size() == kPrefix.size()) {
    return Status::Error("invalidDid", "not a did:web identifier: " + did);
  }
  std::string rest = did.substr(kPrefix.size());
  if (rest.find_first_of("/?#") != std::string::npos) {
    return Status::Error("invalidDid",
                         "a did:web identifier has no path, query or fragment");
  }
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t colon = rest.find(':', start);
    parts.push_back(rest.substr(start, colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  std::string host = parts[0];
  auto pct = host.find("%3A");
  if (pct == std::string::npos) pct = host.find("%3a");
  if (pct != std::string::npos) host.replace(pct, 3, ":");
  if (host.empty() ||
      std::any_of(parts.begin(), parts.end(),
                  [](const std::string& p) { return p.empty(); })) {
    return Status::Error("invalidDid",
                         "did:web identifier has an empty part: " + did);
  }
  std::string url = "https://" + host;
  if (parts.size() == 1) {
    url += "/.well-known";
  } else {
    for (std::size_t i = 1; i < parts.size(); ++i) url += "/" + parts[i];
  }
  return url + "/did.json";
}

Result<VerificationMethod> Resolver::Resolve(const std::string& vm_url) const {
  std::string base = vm_url.substr(0, vm_url.find('#'));
  if (base.rfind("did:key:", 0) == 0) {
    auto key = ParseDidKey(base);
    if (!key.ok()) return Unresolvable(key.status().message());
    if (vm_url != key->VerificationMethodId()) {
      return Unresolvable(vm_url + " is not the verification method of " +
                          base + " (expected " + key->VerificationMethodId() +
                          ")");
    }
    VerificationMethod vm;
    vm.id = vm_url;
    vm.type = "Multikey";
    vm.controller = key->did;
    vm.public_key = {key->type, key->public_key};
    vm.relationships = {"authentication", "assertionMethod",
                        "capabilityInvocation", "capabilityDelegation"};
    vm.resolved_from = "did:key";
    return vm;
  }
  std::string fetch_url = base;
  if (base.rfind("did:web:", 0) == 0) {
    auto url = DidWebToUrl(base);
    if (!url.ok()) return Unresolvable(url.status().message());
    fetch_url = *url;
  } else if (base.rfind("https://", 0) != 0 && base.rfind("http://", 0) != 0) {
    return Unresolvable("cannot resolve " + vm_url +
                        ": only did:key, did:web and https URLs are supported");
  }
  if (documents_ == nullptr) {
    return Unresolvable(
        "cannot retrieve " + fetch_url + " to find the key " + vm_url +
        " (no network access; supply it with --document URL=FILE)");
  }
  auto doc = documents_->Fetch(fetch_url);
  if (!doc.ok() && fetch_url != base) doc = documents_->Fetch(base);
  if (!doc.ok()) {
    return Unresolvable("cannot retrieve " + fetch_url + " to find the key " +
                        vm_url + ": " + doc.status().message());
  }
  // A URL may answer with the verification method itself.
  if (doc->is_object() && doc->value("id", "") == vm_url &&
      doc->contains("controller")) {
    VerificationMethod vm;
    vm.id = vm_url;
    vm.type = doc->value("type", "");
    vm.controller = doc->value("controller", "");
    vm.resolved_from = fetch_url;
    // Only the controller's own URL may vouch for a key this way; a key
    // served elsewhere must be listed by the controller's document.
    if (vm.controller != base) {
      return Unresolvable(
          vm_url + " names " + vm.controller +
          " as its controller, but is not served from that controller's URL");
    }
    auto key = KeyOf(*doc);
    if (!key.ok()) return Unresolvable(vm_url + ": " + key.status().message());
    vm.public_key = std::move(key).value();
    // A standalone method document lists no relationships; its controller's
    // document would. Treat it as usable for assertions, as OB 3.0 does.
    vm.relationships = {"assertionMethod"};
    return vm;
  }
  auto vm = FromControllerDocument(*doc, base, vm_url);
  if (vm.ok()) vm->resolved_from = fetch_url;
  return vm;
}

}  // namespace anycred::did
