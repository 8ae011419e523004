#include "core/status/bitstring.h"

#include <zlib.h>

#include <catch2/catch.hpp>

#include "core/crypto/sha2.h"
#include "core/encoding/base64.h"
#include "core/encoding/hex.h"
#include "tests/test_util.h"

using namespace anycred;
using status::Bitstring;

TEST_CASE("Bitstring Status List vectors decode bit for bit", "[status]") {
  Json v = testing::ReadJsonFile(testing::ConformanceDir() +
                                 "/vectors/bitstring-status-list/vector.json");
  auto example =
      Bitstring::Decode(v["specExample"]["encodedList"].get<std::string>());
  REQUIRE(example.ok());
  CHECK(example->entries() == 131072);
  CHECK(std::all_of(example->bytes().begin(), example->bytes().end(),
                    [](auto b) { return b == 0; }));

  const Json& g = v["generated"];
  auto list = Bitstring::Decode(g["encodedList"].get<std::string>());
  REQUIRE(list.ok());
  CHECK(list->entries() == g["lengthBits"].get<std::size_t>());
  std::string raw(list->bytes().begin(), list->bytes().end());
  CHECK(crypto::HashHex(crypto::HashAlgorithm::kSha256, raw) ==
        g["uncompressedSha256"].get<std::string>());
  for (auto it = g["expected"].begin(); it != g["expected"].end(); ++it) {
    INFO("index " << it.key());
    CHECK(*list->Get(std::stoull(it.key())) == it.value().get<std::uint32_t>());
  }
  CHECK(encoding::HexEncode(std::vector<std::uint8_t>{
            list->bytes()[0], list->bytes()[1], list->bytes()[5]}) ==
        g["byte0Hex"].get<std::string>() + g["byte1Hex"].get<std::string>() +
            g["byte5Hex"].get<std::string>());

  // Our own encoding of the same bits decodes to the same bits.
  Bitstring mine;
  for (const auto& i : g["setIndexes"])
    REQUIRE(mine.Set(i.get<std::uint64_t>(), 1).ok());
  auto again = Bitstring::Decode(mine.Encode());
  REQUIRE(again.ok());
  CHECK(again->bytes() == list->bytes());
  CHECK(mine.Encode().rfind("uH4sI", 0) == 0);  // multibase u + GZIP magic
}

TEST_CASE("status entries wider than one bit", "[status]") {
  Bitstring list(status::kMinimumEntries, 2);
  REQUIRE(list.Set(3, 2).ok());  // bits 6,7 = 1,0
  CHECK(list.bytes()[0] == 0x02);
  CHECK(*list.Get(3) == 2);
  CHECK(*list.Get(2) == 0);
  CHECK(list.Set(1, 4).code() == "RANGE_ERROR");
  auto decoded = Bitstring::Decode(list.Encode(), 2);
  REQUIRE(decoded.ok());
  CHECK(*decoded->Get(3) == 2);
  // Read as 1-bit entries, the same bytes hold twice as many entries.
  auto one_bit = Bitstring::Decode(list.Encode(), 1);
  CHECK(*one_bit->Get(6) == 1);
}

TEST_CASE("bad lists are refused with the spec's error names", "[status]") {
  Bitstring list;
  CHECK(list.Get(131072).status().code() == "RANGE_ERROR");
  CHECK(list.Set(131072, 1).code() == "RANGE_ERROR");
  CHECK(Bitstring::Decode("zabc").status().code() == "MALFORMED_VALUE_ERROR");
  CHECK(Bitstring::Decode("u!!!").status().code() == "MALFORMED_VALUE_ERROR");
  CHECK(Bitstring::Decode(
            "u" + encoding::Base64UrlEncode(std::string_view("not gzip")))
            .status()
            .code() == "MALFORMED_VALUE_ERROR");
  // Too short: 1,000 entries.
  CHECK(Bitstring::Decode(Bitstring(1000).Encode()).status().code() ==
        "STATUS_LIST_LENGTH_ERROR");
  // Truncated GZIP.
  std::string enc = Bitstring().Encode();
  auto gz = *encoding::Base64UrlDecode(enc.substr(1));
  gz.resize(gz.size() / 2);
  CHECK(
      Bitstring::Decode("u" + encoding::Base64UrlEncode(gz)).status().code() ==
      "MALFORMED_VALUE_ERROR");
  // A zip bomb: 64 MiB of zeros compresses to ~64 KiB; refused before it is all
  // inflated.
  {
    std::vector<std::uint8_t> zeros(64u << 20, 0);
    z_stream zs{};
    deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::vector<std::uint8_t> out(
        deflateBound(&zs, static_cast<uLong>(zeros.size())));
    zs.next_in = zeros.data();
    zs.avail_in = static_cast<uInt>(zeros.size());
    zs.next_out = out.data();
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    auto bomb = Bitstring::Decode("u" + encoding::Base64UrlEncode(out));
    CHECK(bomb.status().code() == "MALFORMED_VALUE_ERROR");
    CHECK(bomb.status().message().find("MiB") != std::string::npos);
  }
  CHECK(*status::ParseStatusListIndex("94567") == 94567);
  CHECK(*status::ParseStatusListIndex("0") == 0);
  for (const char* bad :
       {"", "-1", "01", "1.5", "1e3", " 1", "99999999999999999999"}) {
    CHECK(status::ParseStatusListIndex(bad).status().code() ==
          "MALFORMED_VALUE_ERROR");
  }
}
