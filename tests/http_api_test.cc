// The HTTP API's handlers on their own (verifier/http_api.h): problem
// details, status codes and VCALM result shapes.
#include "verifier/http_api.h"

#include <catch2/catch.hpp>

using namespace anycred;
using namespace anycred::verifier;

TEST_CASE("problem details carry a URL type, the code and the message",
          "[http]") {
  Json p = ProblemDetails({"SIGNATURE_INVALID", "changed after signing"});
  CHECK(p["type"] ==
        "https://www.w3.org/TR/vc-data-model#CRYPTOGRAPHIC_SECURITY_ERROR");
  CHECK(p["title"] == "SIGNATURE_INVALID");
  CHECK(p["detail"] == "changed after signing");
  CHECK(ProblemDetails({"DOMAIN_MISMATCH", ""})["type"] ==
        "https://w3id.org/security#INVALID_DOMAIN_ERROR");
  CHECK(ProblemDetails({"REVOKED", "x"})["type"] ==
        "urn:anycred:problem:REVOKED");
}

TEST_CASE("handlers refuse what is not a request", "[http]") {
  auto context = VerifyContext::Create({});
  REQUIRE(context.ok());
  CHECK(HandleVerifyCredential("[]", **context).status == 400);
  CHECK(HandleVerifyCredential("{\"verifiableCredential\": {}, \"options\": 3}",
                               **context)
            .status == 400);
  auto empty =
      HandleVerifyCredential("{\"verifiableCredential\": {}}", **context);
  CHECK(empty.status == 422);
  CHECK(empty.body["verified"] == false);
  CHECK(empty.body["results"]["proof"].empty());
  CHECK(HandleVerifyPresentation("{}", **context).status == 400);
  CHECK(
      HandleVerifyPresentation(
          "{\"presentation\": {}, \"options\": {\"domain\": null}}", **context)
          .status == 422);
  std::string deep = std::string(kMaxRequestDepth + 1, '[') +
                     std::string(kMaxRequestDepth + 1, ']');
  CHECK(HandleVerifyCredential(deep, **context).status == 413);
  auto file = HandleVerifyFile("hello", **context, "", "");
  CHECK(file.status == 200);
  CHECK(file.body["verified"] == false);
  CHECK(file.body["kind"] == "unreadable");
}
