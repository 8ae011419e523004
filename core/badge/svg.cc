#include "core/badge/svg.h"

#include <pugixml.hpp>
#include <sstream>

#include "core/badge/png.h"

namespace anycred::badge {

namespace {

Status Malformed(const std::string& message) {
  return Status::Error("MALFORMED_CREDENTIAL", "SVG: " + message);
}

std::string_view LocalName(std::string_view name) {
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view Prefix(std::string_view name) {
  auto colon = name.find(':');
  return colon == std::string_view::npos ? std::string_view()
                                         : name.substr(0, colon);
}

// The namespace URI bound to `prefix` at `node` (searching ancestors).
std::string NamespaceOf(pugi::xml_node node, std::string_view prefix) {
  std::string attr = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  for (pugi::xml_node n = node; n; n = n.parent()) {
    if (n.type() != pugi::node_element) continue;
    if (pugi::xml_attribute a = n.attribute(attr.c_str())) return a.value();
  }
  return "";
}

bool IsCredentialElement(pugi::xml_node n) {
  return n.type() == pugi::node_element &&
         LocalName(n.name()) == "credential" &&
         NamespaceOf(n, Prefix(n.name())) == kSvgNamespace;
}

// Depth-first, first match in document order; bounded by the document.
pugi::xml_node FindCredential(pugi::xml_node root) {
  struct Finder : pugi::xml_tree_walker {
    pugi::xml_node found;
    bool for_each(pugi::xml_node& n) override {
      if (IsCredentialElement(n)) {
        found = n;
        return false;
      }
      return true;
    }
  } finder;
  if (IsCredentialElement(root)) return root;
  root.traverse(finder);
  return finder.found;
}

constexpr unsigned kParseOptions =
    pugi::parse_default | pugi::parse_declaration | pugi::parse_doctype |
    pugi::parse_comments | pugi::parse_pi;

Result<pugi::xml_node> ParseSvg(std::string_view svg, pugi::xml_document* doc) {
  if (svg.size() > kMaxImageBytes) {
    return Malformed("the image is larger than " +
                     std::to_string(kMaxImageBytes >> 20) + " MiB");
  }
  pugi::xml_parse_result parsed = doc->load_buffer(
      svg.data(), svg.size(), kParseOptions, pugi::encoding_utf8);
  if (!parsed) {
    return Malformed("not well-formed XML at byte offset " +
                     std::to_string(parsed.offset) + ": " +
                     parsed.description());
  }
  pugi::xml_node root = doc->document_element();
  if (!root || LocalName(root.name()) != "svg")
    return Malformed("the root element is not <svg>");
  return root;
}

}  // namespace

bool LooksLikeXml(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  auto first = bytes.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && bytes[first] == '<';
}

Result<std::string> ExtractSvg(std::string_view svg) {
  pugi::xml_document doc;
  ANYCRED_ASSIGN_OR_RETURN(pugi::xml_node root, ParseSvg(svg, &doc));
  pugi::xml_node el = FindCredential(root);
  if (!el) {
    return Malformed(
        "the image carries no Open Badges credential (no "
        "<openbadges:credential> element in namespace " +
        std::string(kSvgNamespace) + "): it is not a baked badge");
  }
  std::string where = "element <" + std::string(el.name()) + ">";
  std::string text;
  if (pugi::xml_attribute verify = el.attribute("verify")) {
    text = verify.value();
  } else {
    for (pugi::xml_node c = el.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_cdata || c.type() == pugi::node_pcdata)
        text += c.value();
      else if (c.type() == pugi::node_element)
        return Malformed(where + ": must hold only the credential text");
    }
  }
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos)
    return Malformed(where + ": the credential element is empty");
  auto last = text.find_last_not_of(" \t\r\n");
  text = text.substr(first, last - first + 1);
  if (text.size() > kMaxCredentialBytes) {
    return Malformed(where + ": the credential is larger than " +
                     std::to_string(kMaxCredentialBytes >> 20) + " MiB");
  }
  return text;
}

Result<std::string> BakeSvg(std::string_view svg, std::string_view credential) {
  if (credential.size() > kMaxCredentialBytes) {
    return Status::Error(codes::kInvalidArgument,
                         "the credential is larger than " +
                             std::to_string(kMaxCredentialBytes >> 20) +
                             " MiB");
  }
  pugi::xml_document doc;
  ANYCRED_ASSIGN_OR_RETURN(pugi::xml_node root, ParseSvg(svg, &doc));
  while (pugi::xml_node old = FindCredential(root))
    old.parent().remove_child(old);
  // Reuse the prefix "openbadges" unless it is bound to something else.
  std::string prefix = "openbadges";
  std::string bound = NamespaceOf(root, prefix);
  if (bound.empty()) {
    root.append_attribute("xmlns:openbadges") = kSvgNamespace;
  } else if (bound != kSvgNamespace) {
    prefix = "anycredob";
    root.remove_attribute("xmlns:anycredob");
    root.append_attribute("xmlns:anycredob") = kSvgNamespace;
  }
  pugi::xml_node el = root.prepend_child((prefix + ":credential").c_str());
  std::string text(credential);
  auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') {
    el.append_child(pugi::node_cdata).set_value(text.c_str());
  } else {
    el.append_attribute("verify") = text.c_str();
  }
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
  // format_no_declaration drops only a declaration pugixml would add; the
  // document's own declaration node (parse_declaration) is kept.
  return out.str();
}

}  // namespace anycred::badge
