#include "core/vc/presentation.h"

#include "core/vc/structure.h"

namespace anycred::vc {

namespace {
std::string Kind(const Json& v) {
  if (v.is_string()) return "a string";
  if (v.is_array()) return "a list";
  if (v.is_object()) return "an object";
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  return "a number";
}
}  // namespace

std::vector<Status> CheckPresentationStructure(const Json& vp) {
  std::vector<Status> out;
  auto error = [&](const std::string& path, const std::string& message) {
    out.push_back(Status::Error(kMalformedPresentation, path + ": " + message));
  };
  if (!vp.is_object()) {
    error("(document)",
          "a presentation must be a JSON object, found " + Kind(vp));
    return out;
  }
  if (DetectDataModel(vp) == DataModel::kUnknown) {
    error("@context", std::string("the first entry must be ") + kContextV2 +
                          " (VC 2.0) or " + kContextV1 + " (VC 1.1)");
  }
  auto type = vp.find("type");
  bool has_vp = false;
  if (type != vp.end()) {
    if (type->is_string()) has_vp = *type == "VerifiablePresentation";
    if (type->is_array()) {
      for (const auto& t : *type) has_vp |= t == "VerifiablePresentation";
    }
  }
  if (!has_vp) error("type", "must include \"VerifiablePresentation\"");
  if (auto id = vp.find("id"); id != vp.end() && !IsUrl(*id))
    error("id", "must be a URL");
  if (auto holder = vp.find("holder"); holder != vp.end()) {
    if (holder->is_object()) {
      auto hid = holder->find("id");
      if (hid == holder->end() || !IsUrl(*hid))
        error("holder.id", "must be a URL such as a DID");
    } else if (!IsUrl(*holder)) {
      error("holder", "must be a URL such as a DID, or an object with an id");
    }
  }
  if (auto vcs = vp.find("verifiableCredential"); vcs != vp.end()) {
    if (vcs->is_array()) {
      for (std::size_t i = 0; i < vcs->size(); ++i) {
        if (!(*vcs)[i].is_object()) {
          error(
              "verifiableCredential[" + std::to_string(i) + "]",
              "must be a credential (a JSON object), found " + Kind((*vcs)[i]));
        }
      }
    } else if (!vcs->is_object()) {
      error(
          "verifiableCredential",
          "must be a credential or a list of credentials, found " + Kind(*vcs));
    }
  }
  return out;
}

std::string HolderId(const Json& vp) {
  if (!vp.is_object()) return "";
  auto h = vp.find("holder");
  if (h == vp.end()) return "";
  if (h->is_string()) return h->get<std::string>();
  if (h->is_object()) {
    auto id = h->find("id");
    if (id != h->end() && id->is_string()) return id->get<std::string>();
  }
  return "";
}

std::vector<const Json*> EnclosedCredentials(const Json& vp) {
  std::vector<const Json*> out;
  if (!vp.is_object()) return out;
  auto vcs = vp.find("verifiableCredential");
  if (vcs == vp.end()) return out;
  if (vcs->is_array()) {
    for (const auto& c : *vcs) out.push_back(&c);
  } else {
    out.push_back(&*vcs);
  }
  return out;
}

std::vector<std::string> SubjectIds(const Json& credential) {
  std::vector<std::string> out;
  if (!credential.is_object()) return out;
  auto s = credential.find("credentialSubject");
  if (s == credential.end()) return out;
  auto add = [&](const Json& subject) {
    if (!subject.is_object()) return;
    auto id = subject.find("id");
    if (id != subject.end() && id->is_string())
      out.push_back(id->get<std::string>());
  };
  if (s->is_array()) {
    for (const auto& subject : *s) add(subject);
  } else {
    add(*s);
  }
  return out;
}

}  // namespace anycred::vc
