#include "core/crypto/sha2.h"

#include <catch2/catch.hpp>

#include "core/encoding/hex.h"

using namespace anycred;

TEST_CASE("SHA-256 and SHA-384 of known inputs", "[sha2]") {
  CHECK(crypto::HashHex(crypto::HashAlgorithm::kSha256, "abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(crypto::HashHex(crypto::HashAlgorithm::kSha384, "abc") ==
        "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
        "8086072ba1e7cc2358baeca134c825a7");
  CHECK(encoding::HexEncode(crypto::Sha256("")) ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  crypto::Hasher h(crypto::HashAlgorithm::kSha256);
  h.Update("a");
  h.Update("bc");
  CHECK(encoding::HexEncode(h.Finish()) ==
        crypto::HashHex(crypto::HashAlgorithm::kSha256, "abc"));
}

TEST_CASE("hash algorithm names", "[sha2]") {
  CHECK(*crypto::ParseHashAlgorithm("SHA384") ==
        crypto::HashAlgorithm::kSha384);
  CHECK(*crypto::ParseHashAlgorithm("sha-256") ==
        crypto::HashAlgorithm::kSha256);
  auto bad = crypto::ParseHashAlgorithm("MD5");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("MD5") != std::string::npos);
}

TEST_CASE("hex decoding rejects malformed input", "[hex]") {
  CHECK(encoding::HexEncode(*encoding::HexDecode("00FFa1")) == "00ffa1");
  CHECK_FALSE(encoding::HexDecode("abc").ok());
  auto bad = encoding::HexDecode("zz");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("position 0") != std::string::npos);
}
