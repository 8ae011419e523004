// Tests of issuer/service/claim_util.h: claim ids.
#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "issuer/service/claim_util.h"

namespace anycred::issuer {
namespace {

TEST_CASE("claim ids: clm_, the time in milliseconds, then random bytes",
          "[issuer][claims]") {
  const std::uint64_t t = 0x0193a1b2c3d4;  // Dec 2024, in ms
  std::string id = NewClaimIdAt(t);
  REQUIRE(id.size() == 4 + 24);
  CHECK(id.rfind("clm_0193a1b2c3d4", 0) == 0);
  CHECK(std::all_of(id.begin() + 4, id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }));
  // Different random parts within one millisecond.
  std::set<std::string> same_ms;
  for (int i = 0; i < 1000; ++i) same_ms.insert(NewClaimIdAt(t));
  CHECK(same_ms.size() == 1000);
}

TEST_CASE("claim ids made one after another sort in the order made",
          "[issuer][claims]") {
  std::vector<std::string> ids;
  for (std::uint64_t ms = 1700000000000; ms < 1700000000000 + 300; ms += 3)
    ids.push_back(NewClaimIdAt(ms));
  CHECK(std::is_sorted(ids.begin(), ids.end()));
  // The clock's: later than any id of a past millisecond.
  CHECK(NewClaimId() > NewClaimIdAt(1700000000000));
  CHECK(NewClaimId().size() == 28);
}

}  // namespace
}  // namespace anycred::issuer
