// Tests of issuer/store/slot_permutation.h: the permutation is a bijection
// of [0, size) for the sizes lists have, Position inverts Index, and the
// indices are those the header's definition gives (known answers, computed
// by an independent implementation of that definition), so positions
// stored by one version of the program mean the same indices in the next.
#include <sodium.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "issuer/store/slot_permutation.h"

namespace anycred::issuer::store {
namespace {

SlotPermutation::Key CountingKey() {  // bytes 00 01 … 0f
  SlotPermutation::Key key;
  for (std::size_t i = 0; i < key.size(); ++i)
    key[i] = static_cast<unsigned char>(i);
  return key;
}

std::vector<std::uint64_t> First(const SlotPermutation& p, std::size_t n) {
  std::vector<std::uint64_t> out;
  for (std::uint64_t i = 0; i < n; ++i) out.push_back(p.Index(i));
  return out;
}

TEST_CASE("slot permutation: the indices the definition gives",
          "[issuer][store][status]") {
  REQUIRE(sodium_init() >= 0);
  using V = std::vector<std::uint64_t>;
  CHECK(First(SlotPermutation(CountingKey(), 131072), 6) ==
        V{107263, 8670, 57426, 28489, 96333, 44322});
  // Same 18-bit domain, other size: only the cycle walking differs.
  CHECK(First(SlotPermutation(CountingKey(), 200003), 6) ==
        V{107263, 8670, 172610, 28489, 96333, 44322});
  CHECK(First(SlotPermutation(CountingKey(), 5), 5) == V{2, 1, 4, 0, 3});
}

TEST_CASE("slot permutation: every index once, and Position inverts Index",
          "[issuer][store][status]") {
  REQUIRE(sodium_init() >= 0);
  const auto key = SlotPermutation::NewKey();
  for (std::uint64_t size : {2u, 3u, 5u, 17u, 1000u, 131072u, 131073u}) {
    INFO("size " << size);
    const SlotPermutation p(key, size);
    std::vector<bool> seen(size, false);
    std::uint64_t repeated = 0, outside = 0, not_inverted = 0;
    for (std::uint64_t pos = 0; pos < size; ++pos) {
      const std::uint64_t idx = p.Index(pos);
      if (idx >= size) {
        ++outside;
        continue;
      }
      if (seen[idx]) ++repeated;
      seen[idx] = true;
      if (p.Position(idx) != pos) ++not_inverted;
    }
    CHECK(outside == 0);
    CHECK(repeated == 0);
    CHECK(not_inverted == 0);
    CHECK(std::count(seen.begin(), seen.end(), true) ==
          static_cast<std::ptrdiff_t>(size));
  }
}

TEST_CASE("slot permutation: indices are spread, and depend on the key",
          "[issuer][store][status]") {
  REQUIRE(sodium_init() >= 0);
  const SlotPermutation a(SlotPermutation::NewKey(), 131072);
  const SlotPermutation b(SlotPermutation::NewKey(), 131072);
  const auto first_a = First(a, 1000);
  const auto first_b = First(b, 1000);
  CHECK(first_a != first_b);
  CHECK_FALSE(std::is_sorted(first_a.begin(), first_a.end()));
  // Each eighth of the list gets about an eighth of the first 1,000
  // indices (125; a uniform draw is within 60 of that with overwhelming
  // probability).
  std::vector<int> eighths(8, 0);
  for (std::uint64_t idx : first_a) ++eighths[idx / (131072 / 8)];
  for (int n : eighths) CHECK((n > 65 && n < 185));

  SlotPermutation::Key key;
  CHECK(SlotPermutation::KeyFromBytes(std::string(16, 'k'), &key));
  CHECK_FALSE(SlotPermutation::KeyFromBytes(std::string(15, 'k'), &key));
  CHECK_FALSE(SlotPermutation::KeyFromBytes("", &key));
}

}  // namespace
}  // namespace anycred::issuer::store
