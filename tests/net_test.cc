// Fetching documents: URL rules, limits, bundles, the cache folder and
// offline mode, against a server on loopback.
#include <catch2/catch.hpp>
#include <filesystem>

#include "core/net/document_sources.h"
#include "core/net/http_client.h"
#include "tests/http_test_server.h"
#include "tests/test_util.h"

using namespace anycred;
using namespace anycred::net;

TEST_CASE("net: URLs, loopback hosts and what may be fetched", "[net]") {
  auto u = ParseHttpUrl("https://Example.org:8443/a/b?x=1#frag");
  REQUIRE(u.ok());
  CHECK(u->host == "example.org");
  CHECK(u->port == 8443);
  CHECK(u->path == "/a/b?x=1");
  CHECK(ParseHttpUrl("https://[::1]/x")->host == "::1");
  CHECK(ParseHttpUrl("https://example.org")->path == "/");
  CHECK_FALSE(ParseHttpUrl("ftp://example.org/").ok());
  CHECK_FALSE(ParseHttpUrl("https://user@example.org/").ok());
  CHECK_FALSE(ParseHttpUrl("https://example.org:99999/").ok());

  CHECK(IsLoopbackHost("localhost"));
  CHECK(IsLoopbackHost("127.0.0.1"));
  CHECK(IsLoopbackHost("::1"));
  CHECK_FALSE(IsLoopbackHost("127.example.org"));
  CHECK_FALSE(IsLoopbackHost("10.0.0.1"));

  HttpOptions strict, loopback;
  loopback.allow_http_loopback = true;
  CHECK(CheckFetchable(*ParseHttpUrl("https://example.org/"), strict).ok());
  CHECK(CheckFetchable(*ParseHttpUrl("http://127.0.0.1/"), strict).code() ==
        kFetchRefused);
  CHECK(CheckFetchable(*ParseHttpUrl("http://127.0.0.1/"), loopback).ok());
  CHECK(CheckFetchable(*ParseHttpUrl("http://example.org/"), loopback).code() ==
        kFetchRefused);

  CHECK(ParseMaxAge("public, max-age=300") == 300);
  CHECK(ParseMaxAge("no-store") == 0);
  CHECK_FALSE(ParseMaxAge("public").has_value());
}

TEST_CASE("net: GET with size limit, bounded redirects, http refused",
          "[net]") {
  testing::HttpTestServer server;
  server.Serve("/doc", R"({"id": "x"})");
  server.Serve("/big", std::string(10000, ' ') + "{}");
  server.Redirect("/moved", "/doc");
  server.Redirect("/loop", "/loop");
  server.Redirect("/away", "http://example.org/doc");
  HttpOptions o;
  o.allow_http_loopback = true;
  auto r = HttpGet(server.Url("/doc"), o);
  REQUIRE(r.ok());
  CHECK(r->body == R"({"id": "x"})");
  CHECK(r->max_age_seconds == 600);

  auto moved = HttpGet(server.Url("/moved"), o);
  REQUIRE(moved.ok());
  CHECK(moved->url == server.Url("/doc"));
  CHECK(HttpGet(server.Url("/loop"), o).status().code() == kFetchFailed);
  // A redirect off loopback to plain http is refused.
  CHECK(HttpGet(server.Url("/away"), o).status().code() == kFetchRefused);

  o.max_bytes = 1000;
  CHECK(HttpGet(server.Url("/big"), o).status().code() == kFetchTooLarge);
  CHECK(HttpGet(server.Url("/missing"), o).status().code() == kFetchFailed);

  HttpOptions strict;
  CHECK(HttpGet(server.Url("/doc"), strict).status().code() == kFetchRefused);
}

TEST_CASE("net: a bundle folder answers URLs from its index", "[net]") {
  testing::TempDir dir;
  testing::WriteFile(dir.File("did.json"), R"({"id": "did:web:a.example"})");
  testing::WriteFile(
      dir.File("index.json"),
      R"({"documents": {"https://a.example/.well-known/did.json": "did.json",
           "https://a.example/status/1": {"file": "did.json",
                                          "fetchedAt": "2026-05-01T10:00:00Z"}}})");
  auto bundle = BundleDocumentSource::Open(dir.path());
  REQUIRE(bundle.ok());
  auto d = (*bundle)->FetchDocument("https://a.example/.well-known/did.json");
  REQUIRE(d.ok());
  CHECK(d->document["id"] == "did:web:a.example");
  CHECK(d->origin == "bundle");
  auto s = (*bundle)->FetchDocument("https://a.example/status/1");
  REQUIRE(s.ok());
  CHECK(FormatDateTime(*s->fetched_at) == "2026-05-01T10:00:00Z");
  CHECK((*bundle)->Fetch("https://b.example/").status().code() ==
        codes::kNotFound);

  testing::WriteFile(dir.File("index.json"),
                     R"({"documents": {"https://x/": "../etc/passwd"}})");
  CHECK_FALSE(BundleDocumentSource::Open(dir.path()).ok());
  testing::WriteFile(dir.File("index.json"), R"([])");
  CHECK_FALSE(BundleDocumentSource::Open(dir.path()).ok());
}

TEST_CASE("net: the cache folder keeps fetches and answers offline", "[net]") {
  testing::HttpTestServer server;
  server.Serve("/list", R"({"id": "list"})");
  testing::TempDir dir;
  std::string cache = dir.File("cache");
  NetworkOptions o;
  o.http.allow_http_loopback = true;
  o.cache_dir = cache;
  {
    auto net = NetworkDocumentSource::Open(o);
    REQUIRE(net.ok());
    auto d = (*net)->FetchDocument(server.Url("/list"));
    REQUIRE(d.ok());
    CHECK(d->origin == "network");
    REQUIRE(d->fetched_at.has_value());
    // Fresh (max-age=600): the second fetch does not reach the server.
    auto again = (*net)->FetchDocument(server.Url("/list"));
    REQUIRE(again.ok());
    CHECK(again->origin == "cache");
    CHECK(server.hits() == 1);
  }
  // The folder is also a bundle.
  auto bundle = BundleDocumentSource::Open(cache);
  REQUIRE(bundle.ok());
  CHECK((*bundle)->Fetch(server.Url("/list"))->value("id", "") == "list");

  // Offline, in a later run: the copy answers whatever its age; anything
  // else is OFFLINE.
  o.offline = true;
  auto offline = NetworkDocumentSource::Open(o);
  REQUIRE(offline.ok());
  auto d = (*offline)->FetchDocument(server.Url("/list"));
  REQUIRE(d.ok());
  CHECK(d->origin == "cache");
  CHECK(d->fetched_at.has_value());
  CHECK((*offline)->Fetch(server.Url("/other")).status().code() ==
        did::kOffline);
  CHECK(server.hits() == 1);

  // no-store answers are refetched every time; a size bound evicts.
  server.SetCacheControl("no-store");
  o.offline = false;
  o.max_cache_bytes = 20;
  server.Serve("/a", R"({"id": "aaaaaaaa"})");
  server.Serve("/b", R"({"id": "bbbbbbbb"})");
  auto bounded = NetworkDocumentSource::Open(o);
  REQUIRE(bounded.ok());
  REQUIRE((*bounded)->Fetch(server.Url("/a")).ok());
  REQUIRE((*bounded)->Fetch(server.Url("/a")).ok());
  CHECK(server.hits() == 3);
  REQUIRE((*bounded)->Fetch(server.Url("/b")).ok());
  auto index = testing::ReadJsonFile(cache + "/index.json");
  CHECK(index["documents"].size() == 1);
  CHECK(index["documents"].contains(server.Url("/b")));
}

TEST_CASE("net: layers answer in order; offline says so", "[net]") {
  did::StaticDocumentSource first, second;
  first.Add("https://a/", Json{{"n", 1}});
  second.Add("https://a/", Json{{"n", 2}});
  second.Add("https://b/", Json{{"n", 3}});
  LayeredDocumentSource layers;
  layers.Add(&first);
  layers.Add(&second);
  CHECK((*layers.Fetch("https://a/"))["n"] == 1);
  CHECK((*layers.Fetch("https://b/"))["n"] == 3);
  CHECK(layers.Fetch("https://c/").status().code() == codes::kNotFound);
  LayeredDocumentSource offline(true);
  offline.Add(&first);
  CHECK(offline.Fetch("https://c/").status().code() == did::kOffline);
}

TEST_CASE("net: a verifier's sources from its options", "[net]") {
  testing::TempDir dir;
  testing::WriteFile(dir.File("doc.json"), R"({"from": "document"})");
  testing::WriteFile(dir.File("b.json"), R"({"from": "bundle"})");
  testing::WriteFile(
      dir.File("index.json"),
      R"({"documents": {"https://a/": "b.json", "https://b/": "b.json"}})");
  SourceOptions o;
  o.documents = {"https://a/=" + dir.File("doc.json")};
  o.bundles = {dir.path()};
  o.offline = true;
  auto sources = VerifierDocumentSources::Open(o);
  REQUIRE(sources.ok());
  const did::DocumentSource* s = (*sources)->source();
  CHECK((*s->Fetch("https://a/"))["from"] == "document");  // --document first
  auto b = s->FetchDocument("https://b/");
  REQUIRE(b.ok());
  CHECK(b->origin == "bundle");
  CHECK(s->Fetch("https://c/").status().code() == did::kOffline);

  SourceOptions missing;
  missing.documents = {"https://a/=" + dir.File("nope.json")};
  auto m = VerifierDocumentSources::Open(missing);
  REQUIRE_FALSE(m.ok());
  CHECK(m.status().message().rfind("--document", 0) == 0);
  SourceOptions no_bundle;
  no_bundle.bundles = {dir.File("nowhere")};
  auto nb = VerifierDocumentSources::Open(no_bundle);
  REQUIRE_FALSE(nb.ok());
  CHECK(nb.status().message().rfind("--bundle", 0) == 0);
}
