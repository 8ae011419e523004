#include "core/did/did_key.h"

#include <catch2/catch.hpp>

#include "core/encoding/hex.h"
#include "core/encoding/multibase.h"
#include "tests/test_util.h"

using namespace anycred;

TEST_CASE("did:key vectors resolve to their documents", "[did]") {
  Json v = testing::ReadJsonFile(testing::ConformanceDir() +
                                 "/vectors/did/vector.json");
  for (const char* kind : {"ed25519", "p256"}) {
    const Json& c = v["didKey"][kind];
    INFO(kind);
    auto parsed = did::ParseDidKey(c["did"].get<std::string>());
    REQUIRE(parsed.ok());
    CHECK(encoding::HexEncode(parsed->public_key) ==
          c["keyBytesHex"].get<std::string>());
    CHECK(parsed->multibase == c["multibase"].get<std::string>());
    CHECK(did::DidKeyDocument(*parsed) == c["didDocument_Multikey"]);
  }
}

TEST_CASE("did:key from an Ed25519 key", "[did]") {
  auto pk = crypto::Ed25519PublicKey::FromBytes(*encoding::HexDecode(
      "b00d8d938e7f773d51565aad36a623f5344f7f5d1960f9cf3e8e12620ea2810f"));
  CHECK(did::DidKeyFromEd25519(*pk) ==
        "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2");
}

TEST_CASE("did:key errors use the method's codes", "[did]") {
  CHECK(did::ParseDidKey("did:web:example.com").status().code() ==
        "invalidDid");
  CHECK(did::ParseDidKey("did:key:m123").status().code() == "invalidDid");
  CHECK(did::ParseDidKey(
            "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#x")
            .status()
            .code() == "invalidDid");
  // Ed25519 header with 31 key bytes.
  std::vector<std::uint8_t> short_key = {0xed, 0x01};
  short_key.resize(2 + 31, 0x11);
  CHECK(did::ParseDidKey("did:key:" +
                         encoding::MultibaseEncode(
                             encoding::Multibase::kBase58Btc, short_key))
            .status()
            .code() == "invalidPublicKeyLength");
  // A P-256 header on 33 bytes that are not a point on the curve.
  std::vector<std::uint8_t> bad = {0x80, 0x24, 0x02};
  bad.resize(35, 0xff);
  std::string did = "did:key:" + encoding::MultibaseEncode(
                                     encoding::Multibase::kBase58Btc, bad);
  CHECK(did::ParseDidKey(did).status().code() == "invalidPublicKey");
}
