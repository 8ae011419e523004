#include <catch2/catch.hpp>
#include <string>

#include "core/encoding/base58.h"
#include "core/encoding/base64.h"
#include "core/encoding/hex.h"
#include "core/encoding/multibase.h"

using namespace anycred;
using namespace anycred::encoding;

namespace {
std::vector<std::uint8_t> Bytes(std::string_view s) {
  return {s.begin(), s.end()};
}
std::vector<std::uint8_t> Hex(std::string_view h) { return *HexDecode(h); }
}  // namespace

TEST_CASE("base58btc round trips and known values", "[base58]") {
  CHECK(Base58BtcEncode(Bytes("Hello World!")) == "2NEpo7TZRRrLZSi2U");
  CHECK(Base58BtcEncode(Hex("0000287fb4cd")) == "11233QC4");
  CHECK(Base58BtcEncode({}) == "");
  CHECK(*Base58BtcDecode("11233QC4") == Hex("0000287fb4cd"));
  CHECK(Base58BtcDecode("").value().empty());
  CHECK(*Base58BtcDecode("1") == Hex("00"));
  for (int len = 0; len < 70; ++len) {
    std::vector<std::uint8_t> data(static_cast<std::size_t>(len));
    for (int i = 0; i < len; ++i)
      data[static_cast<std::size_t>(i)] =
          static_cast<std::uint8_t>((i * 37 + len) & 0xff);
    if (len > 3) data[0] = data[1] = 0;
    CHECK(*Base58BtcDecode(Base58BtcEncode(data)) == data);
  }
}

TEST_CASE("base58btc round trips long random inputs", "[base58]") {
  std::uint32_t x = 12345;
  for (std::size_t len : {1u, 31u, 32u, 33u, 34u, 64u, 65u, 200u, 1000u}) {
    std::vector<std::uint8_t> data(len);
    for (auto& b : data) {
      x = x * 1103515245u + 12345u;
      b = static_cast<std::uint8_t>(x >> 24);
    }
    std::string text = Base58BtcEncode(data);
    CHECK(text.find_first_not_of(
              "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz") ==
          std::string::npos);
    CHECK(*Base58BtcDecode(text) == data);
  }
  // 0xff.. values exercise every limb carry.
  std::vector<std::uint8_t> ones(64, 0xff);
  CHECK(*Base58BtcDecode(Base58BtcEncode(ones)) == ones);
}

TEST_CASE("base58btc rejects characters outside the alphabet", "[base58]") {
  for (const std::string& bad : std::vector<std::string>{
           "0abc", "abcO", "Il", "ab+c", std::string("ab\0c", 4)}) {
    auto r = Base58BtcDecode(bad);
    CHECK_FALSE(r.ok());
    CHECK(r.status().code() == "MALFORMED_INPUT");
    CHECK(r.status().message().find("position") != std::string::npos);
  }
  CHECK_FALSE(
      Base58BtcDecode(std::string(kMaxBase58DecodeInput + 1, '2')).ok());
}

TEST_CASE("base64url without padding", "[base64]") {
  CHECK(Base64UrlEncode(std::string_view("")) == "");
  CHECK(Base64UrlEncode(std::string_view("f")) == "Zg");
  CHECK(Base64UrlEncode(std::string_view("fo")) == "Zm8");
  CHECK(Base64UrlEncode(std::string_view("foo")) == "Zm9v");
  CHECK(Base64UrlEncode(Hex("fbff")) == "-_8");
  CHECK(*Base64UrlDecode("-_8") == Hex("fbff"));
  CHECK(*Base64UrlDecode("Zm9vYmFy") == Bytes("foobar"));
  CHECK_FALSE(Base64UrlDecode("Zg==").ok());  // padding is not base64url-nopad
  CHECK_FALSE(Base64UrlDecode("Z").ok());     // impossible length
  CHECK_FALSE(Base64UrlDecode("Zh").ok());    // non-zero trailing bits
  CHECK_FALSE(Base64UrlDecode("+/8").ok());   // standard alphabet
}

TEST_CASE("standard base64 with padding", "[base64]") {
  CHECK(Base64Encode(Bytes("fo")) == "Zm8=");
  CHECK(Base64Encode(Hex("fbff")) == "+/8=");
  CHECK(*Base64Decode("Zm8=") == Bytes("fo"));
  CHECK(*Base64Decode("Zm9vYg==") == Bytes("foob"));
  CHECK_FALSE(Base64Decode("Zm8").ok());
}

TEST_CASE("multibase prefixes", "[multibase]") {
  auto data = Hex(
      "ed01b00d8d938e7f773d51565aad36a623f5344f7f5d1960f9cf3e8e12620ea2810f");
  CHECK(MultibaseEncode(Multibase::kBase58Btc, data) ==
        "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2");
  CHECK(*MultibaseDecode("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2") ==
        data);
  CHECK(*MultibaseDecode(MultibaseEncode(Multibase::kBase64Url, data)) == data);
  auto wrong = MultibaseDecode("m" + std::string("AAAA"));
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.status().message().find("'m'") != std::string::npos);
  CHECK_FALSE(MultibaseDecode("").ok());
  CHECK_FALSE(MultibaseDecode("uAAAA", Multibase::kBase58Btc).ok());
}

TEST_CASE("multicodec varints", "[multicodec]") {
  std::vector<std::uint8_t> out;
  AppendVarint(multicodec::kEd25519Pub, &out);
  CHECK(out == Hex("ed01"));
  out.clear();
  AppendVarint(multicodec::kEd25519Priv, &out);
  CHECK(out == Hex("8026"));
  out.clear();
  AppendVarint(multicodec::kP256Pub, &out);
  CHECK(out == Hex("8024"));
  auto split = SplitMulticodec(Hex("8024aabb"));
  REQUIRE(split.ok());
  CHECK(split->code == multicodec::kP256Pub);
  CHECK(split->payload == Hex("aabb"));
  CHECK_FALSE(ReadVarint(Hex("80")).ok());    // truncated
  CHECK_FALSE(ReadVarint(Hex("8000")).ok());  // not minimal
  CHECK_FALSE(ReadVarint({}).ok());
  CHECK_FALSE(ReadVarint(Hex("ffffffffffffffffff01")).ok());  // too long
}
