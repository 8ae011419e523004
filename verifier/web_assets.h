// The verifier's web page (verifier/web/), compiled into the program by
// cmake/EmbedWebAssets.cmake: served by `anycred-verifier serve` with no
// file access and no outside resource.
//
// Thread safety: constant data.
#ifndef ANYCRED_VERIFIER_WEB_ASSETS_H_
#define ANYCRED_VERIFIER_WEB_ASSETS_H_

#include <cstddef>
#include <span>

namespace anycred::verifier {

struct WebAsset {
  const char* path;          // "/index.html"
  const char* content_type;  // "text/html; charset=utf-8"
  const unsigned char* data;
  std::size_t size;
};

std::span<const WebAsset> WebAssets();

}  // namespace anycred::verifier

#endif  // ANYCRED_VERIFIER_WEB_ASSETS_H_
