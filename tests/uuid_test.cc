#include "core/util/uuid.h"

#include <catch2/catch.hpp>
#include <regex>
#include <set>

using namespace anycred;

namespace {
const std::regex kUrnUuid(
    "urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-([0-9a-f])[0-9a-f]{"
    "3}-[0-9a-f]{12}");

char VersionOf(const std::string& urn) {
  std::smatch m;
  REQUIRE(std::regex_match(urn, m, kUrnUuid));
  std::string variant = m[2];
  CHECK((variant == "8" || variant == "9" || variant == "a" ||
         variant == "b"));  // RFC 9562 variant bits 10
  return m[1].str()[0];
}
}  // namespace

TEST_CASE("version 4 UUIDs are random URNs", "[uuid]") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string u = NewUrnUuid();
    CHECK(VersionOf(u) == '4');
    seen.insert(u);
  }
  CHECK(seen.size() == 1000);
}

TEST_CASE("version 7 UUIDs carry the time first and sort by it", "[uuid]") {
  // RFC 9562 appendix A.6: 2022-02-22T19:22:22Z is 0x017F22E279B0 ms.
  std::string u = NewTimeOrderedUrnUuidAt(0x017F22E279B0ULL);
  CHECK(u.rfind("urn:uuid:017f22e2-79b0-7", 0) == 0);
  CHECK(VersionOf(u) == '7');

  std::string earlier = NewTimeOrderedUrnUuidAt(1'700'000'000'000ULL);
  std::string later = NewTimeOrderedUrnUuidAt(1'700'000'000'001ULL);
  CHECK(earlier < later);
  CHECK(NewTimeOrderedUrnUuidAt(1'700'000'000'000ULL) != earlier);

  std::string now = NewTimeOrderedUrnUuid();
  CHECK(VersionOf(now) == '7');
  CHECK(now > NewTimeOrderedUrnUuidAt(1'700'000'000'000ULL));  // after 2023
}
