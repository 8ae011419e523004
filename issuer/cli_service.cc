// anycred-issuer init | org | revoke | suspend | unsuspend | credentials |
// audit | serve: the issuer service and its administration from the
// command line (specs/cli.md).
#include <sys/stat.h>

#include <iostream>
#include <memory>

#include "core/util/datetime.h"
#include "issuer/cli.h"
#include "issuer/http/server.h"
#include "issuer/service/issuer_service.h"
#include "issuer/service/master_key.h"
#include "issuer/service/open_badges.h"
#include "issuer/service/organizations.h"
#include "issuer/service/sealed_key_vault.h"
#include "issuer/store/open_store.h"

namespace anycred::issuer {

namespace {

const char* kDataHelp =
    "The issuer's data folder (store and master key); default ./anycred-data";

int Fail(const Status& st, int code) {
  std::cerr << "error: " << st.message() << "\n";
  return code;
}

// Opens the store of an initialized data folder (or --store database).
Result<std::unique_ptr<store::Store>> OpenData(const std::string& dir,
                                               const std::string& url) {
  return store::OpenStore(url, dir, false);
}

int ExitFor(const Status& st) {
  const std::string& c = st.code();
  if (c == codes::kNotFound || c == kForbidden || c == store::kAlreadyExists ||
      c == kInvalidRequest || c == "MALFORMED_CREDENTIAL")
    return kExitRefused;
  return kExitUsage;
}

// ---------------------------------------------------------------- init
struct InitArgs {
  std::string data = "anycred-data";
  std::string store;  // --store URL; "" = SQLite in the data folder
};

int RunInit(const InitArgs& a) {
  if (mkdir(a.data.c_str(), 0700) != 0 && errno != EEXIST) {
    std::cerr << "error: cannot create the data folder " << a.data << "\n";
    return kExitUsage;
  }
  auto st = store::OpenStore(a.store, a.data, true);
  if (!st.ok()) return Fail(st.status(), kExitUsage);
  auto mk = MasterKey::Create(a.data, st->get());
  if (!mk.ok() && mk.status().code() == store::kAlreadyExists &&
      !a.store.empty())
    return Fail(
        Status::Error(store::kAlreadyExists,
                      "the database " + store::DescribeStore(a.store, a.data) +
                          " holds an issuer store already; to run "
                          "another process on it, give that process "
                          "the same master key (a copy of "
                          "master.key in its --data folder, or "
                          "ANYCRED_MASTER_KEY) instead of running "
                          "init"),
        kExitRefused);
  if (!mk.ok()) return Fail(mk.status(), ExitFor(mk.status()));
  std::cerr << "Initialized the issuer data folder " << a.data << " (store "
            << store::DescribeStore(a.store, a.data) << ", schema version "
            << (*st)->SchemaVersion() << ").\n";
  if (std::getenv(kMasterKeyEnv) == nullptr)
    std::cerr << "The master key is in " << a.data
              << "/master.key: back it up; without it the signing keys "
                 "cannot be opened.\n";
  return kExitOk;
}

// ---------------------------------------------------------------- org
struct OrgArgs {
  std::string data = "anycred-data";
  std::string store;  // --store URL; "" = SQLite in the data folder
  std::string name, did_web, org, token_id;
  bool did_key = false, suspension = false, json = false;
  CLI::App *create = nullptr, *list = nullptr, *token = nullptr,
           *token_create = nullptr, *token_revoke = nullptr;
  OrgKeyCommand key;
};

int RunOrg(const OrgArgs& a) {
  if (a.key.command->parsed()) return a.key.run();
  auto st = OpenData(a.data, a.store);
  if (!st.ok()) return Fail(st.status(), kExitUsage);
  store::Store* s = st->get();
  if (a.create->parsed()) {
    if (a.did_key == !a.did_web.empty()) {
      std::cerr
          << "error: give exactly one of --did-web DOMAIN[%3APORT][:PATH…]"
             " and --did-key\n";
      return kExitUsage;
    }
    auto mk = MasterKey::Load(a.data, s);
    if (!mk.ok()) return Fail(mk.status(), kExitUsage);
    OrganizationSpec spec{a.name, a.did_web, a.suspension};
    SealedKeyVault vault(std::move(*mk));
    auto org = CreateOrganization(s, vault, spec, CliActor());
    if (!org.ok()) return Fail(org.status(), ExitFor(org.status()));
    if (a.json) {
      std::cout << DumpJson(Json{{"org", org->org.id},
                                 {"did", org->org.did},
                                 {"token", org->token.token.value()}})
                << "\n";
    } else {
      std::cout << "Organization: " << org->org.id
                << "\nDID:          " << org->org.did
                << "\nAPI token:    " << org->token.token.value() << "  (id "
                << org->token.id
                << ")\nKeep the token safe: it is shown only now.\n";
    }
    return kExitOk;
  }
  if (a.list->parsed()) {
    auto orgs = s->ListOrganizations();
    if (!orgs.ok()) return Fail(orgs.status(), kExitUsage);
    Json out = Json::array();
    for (const auto& o : *orgs)
      out.push_back({{"org", o.id},
                     {"name", o.name},
                     {"did", o.did},
                     {"verificationMethod", o.verification_method},
                     {"suspension", o.suspension},
                     {"created", o.created}});
    if (a.json) {
      std::cout << DumpJson(out, true) << "\n";
    } else {
      if (orgs->empty()) std::cout << "No organizations yet.\n";
      for (const auto& o : *orgs)
        std::cout << o.id << "\t" << o.did << "\t" << o.name << "\n";
    }
    return kExitOk;
  }
  if (a.token_create->parsed()) {
    auto t = CreateToken(s, a.org, CliActor());
    if (!t.ok()) return Fail(t.status(), ExitFor(t.status()));
    if (a.json) {
      std::cout << DumpJson(Json{{"org", a.org},
                                 {"tokenId", t->id},
                                 {"token", t->token.value()}})
                << "\n";
    } else {
      std::cout << "API token: " << t->token.value() << "  (id " << t->id
                << ")\nKeep it safe: it is shown only now.\n";
    }
    return kExitOk;
  }
  if (a.token_revoke->parsed()) {
    Status r = RevokeToken(s, a.org, a.token_id, CliActor());
    if (!r.ok()) return Fail(r, ExitFor(r));
    if (a.json)
      std::cout << DumpJson(Json{{"org", a.org},
                                 {"tokenId", a.token_id},
                                 {"revoked", true}})
                << "\n";
    else
      std::cout << "Revoked the token " << a.token_id << ".\n";
    return kExitOk;
  }
  return kExitUsage;
}

// ------------------------------------------------- revoke/suspend/unsuspend
struct StatusArgs {
  std::string data = "anycred-data";
  std::string store;  // --store URL; "" = SQLite in the data folder
  std::string org, credential;
  bool json = false;
};

int RunStatus(const StatusArgs& a, const std::string& purpose, bool value,
              const char* verb) {
  auto st = OpenData(a.data, a.store);
  if (!st.ok()) return Fail(st.status(), kExitUsage);
  auto mk = MasterKey::Load(a.data, st->get());
  if (!mk.ok()) return Fail(mk.status(), kExitUsage);
  ServiceOptions opts;
  IssuerService service(st->get(), std::move(*mk), opts);
  auto org = (*st)->GetOrganization(a.org);
  if (!org.ok()) return Fail(org.status(), kExitRefused);
  auto changed =
      service.SetStatus(a.org, CliActor(), a.credential, purpose, value);
  if (!changed.ok()) return Fail(changed.status(), ExitFor(changed.status()));
  if (a.json) {
    std::cout << DumpJson(Json{{"credentialId", a.credential},
                               {"statusPurpose", purpose},
                               {"status", value},
                               {"changed", *changed}})
              << "\n";
  } else {
    std::cout << (*changed ? "" : "Already ") << verb << ": " << a.credential
              << "\n";
  }
  return kExitOk;
}

// ---------------------------------------------------------- credentials
struct ListArgs {
  std::string data = "anycred-data";
  std::string store;  // --store URL; "" = SQLite in the data folder
  std::string org;
  bool json = false;
};

int RunCredentials(const ListArgs& a) {
  auto st = OpenData(a.data, a.store);
  if (!st.ok()) return Fail(st.status(), kExitUsage);
  auto org = (*st)->GetOrganization(a.org);
  if (!org.ok()) return Fail(org.status(), kExitRefused);
  auto list = (*st)->ListCredentials(a.org);
  if (!list.ok()) return Fail(list.status(), kExitUsage);
  Json out = Json::array();
  for (const auto& c : *list) {
    Json entry = {{"id", c.id}, {"issued", c.issued_at}};
    if (!c.achievement_id.empty()) entry["achievement"] = c.achievement_id;
    Json status = Json::array();
    bool revoked = false, suspended = false;
    for (const auto& e : c.status) {
      status.push_back({{"statusPurpose", e.slot.purpose},
                        {"list", e.slot.list_id},
                        {"statusListIndex", std::to_string(e.slot.index)},
                        {"set", e.set}});
      if (e.set) (e.slot.purpose == "revocation" ? revoked : suspended) = true;
    }
    entry["status"] = status;
    entry["revoked"] = revoked;
    entry["suspended"] = suspended;
    out.push_back(entry);
  }
  if (a.json) {
    std::cout << DumpJson(out, true) << "\n";
    return kExitOk;
  }
  if (list->empty()) std::cout << "No credentials issued yet.\n";
  for (const auto& e : out)
    std::cout << e["issued"].get<std::string>() << "  "
              << e["id"].get<std::string>()
              << (e["revoked"].get<bool>() ? "  REVOKED" : "")
              << (e["suspended"].get<bool>() ? "  SUSPENDED" : "") << "\n";
  return kExitOk;
}

int RunAudit(const ListArgs& a) {
  auto st = OpenData(a.data, a.store);
  if (!st.ok()) return Fail(st.status(), kExitUsage);
  auto org = (*st)->GetOrganization(a.org);
  if (!org.ok()) return Fail(org.status(), kExitRefused);
  auto events = (*st)->ListAudit(a.org);
  if (!events.ok()) return Fail(events.status(), kExitUsage);
  Json out = Json::array();
  for (const auto& e : *events)
    out.push_back({{"seq", e.seq},
                   {"at", e.at},
                   {"org", e.org_id},
                   {"actor", e.actor},
                   {"action", e.action},
                   {"subject", e.subject},
                   {"detail", e.detail}});
  if (a.json) {
    std::cout << DumpJson(out, true) << "\n";
    return kExitOk;
  }
  for (const auto& e : *events)
    std::cout << e.at << "  " << e.actor << "  " << e.action << "  "
              << e.subject << "  " << e.detail << "\n";
  return kExitOk;
}

// ---------------------------------------------------------------- serve
struct ServeArgs {
  std::string data = "anycred-data";
  std::string store;  // --store URL; "" = SQLite in the data folder
  std::string listen = "127.0.0.1:8080";
  std::string public_url;
  std::string tls_cert, tls_key;
  int threads = 32;
  std::size_t max_body = 1 << 20;
  std::size_t max_batch_body = 64 << 20;
  double rate_limit = 1000, rate_burst = 0;
  int status_ttl = 300;
  std::size_t reserve_block = 256;
  bool no_request_log = false;
};

int RunServe(const ServeArgs& a) {
  HttpOptions http;
  if (Status st = ParseListen(a.listen, &http); !st.ok())
    return Fail(st, kExitUsage);
  http.tls_cert = a.tls_cert;
  http.tls_key = a.tls_key;
  http.threads = a.threads;
  http.max_body_bytes = a.max_body;
  http.max_batch_body_bytes = a.max_batch_body;
  http.rate_limit = a.rate_limit;
  http.rate_burst = a.rate_burst > 0 ? a.rate_burst : a.rate_limit;
  http.request_log = !a.no_request_log;
  auto st = OpenData(a.data, a.store);
  if (!st.ok()) return Fail(st.status(), kExitUsage);
  auto mk = MasterKey::Load(a.data, st->get());
  if (!mk.ok()) return Fail(mk.status(), kExitUsage);
  ServiceOptions opts;
  opts.public_url = a.public_url;
  if (opts.public_url.empty()) {
    bool tls = !a.tls_cert.empty();
    std::string host = http.host == "0.0.0.0" ? "localhost" : http.host;
    opts.public_url = std::string(tls ? "https://" : "http://") + host + ":" +
                      std::to_string(http.port);
  }
  opts.status_ttl_seconds = a.status_ttl;
  opts.reserve_block = a.reserve_block;
  // `bulk` signs for this service: it needs the same status-list URLs.
  if (Status remembered = (*st)->PutMeta("public_url", opts.public_url);
      !remembered.ok())
    return Fail(remembered, kExitUsage);
  IssuerService service(st->get(), std::move(*mk), opts);
  Status served = Serve(&service, http);
  if (!served.ok()) return Fail(served, kExitUsage);
  return kExitOk;
}

}  // namespace

void AddStoreOptions(CLI::App* cmd, std::string* data, std::string* store) {
  cmd->add_option("--data", *data, kDataHelp);
  cmd->add_option("--store", *store,
                  "Keep the store in a PostgreSQL database instead of the "
                  "data folder: postgresql://USER@HOST:PORT/DATABASE (give "
                  "the password in PGPASSWORD or ~/.pgpass, not the URL); "
                  "several `serve` processes may share it");
}

Command RegisterInit(CLI::App& app) {
  auto a = std::make_shared<InitArgs>();
  CLI::App* cmd = app.add_subcommand(
      "init", "Create an issuer data folder: the store and a master key");
  AddStoreOptions(cmd, &a->data, &a->store);
  return [a] { return RunInit(*a); };
}

Command RegisterOrg(CLI::App& app) {
  auto a = std::make_shared<OrgArgs>();
  CLI::App* org = app.add_subcommand(
      "org", "Organizations that issue through this service, and their tokens");
  org->require_subcommand(1);
  a->create = org->add_subcommand(
      "create", "Create an organization with a signing key and an API token");
  AddStoreOptions(a->create, &a->data, &a->store);
  a->create->add_option("--name", a->name, "The organization's name")
      ->required();
  a->create->add_option("--did-web", a->did_web,
                        "Its did:web identifier without did:web:, "
                        "DOMAIN[%3APORT][:PATH…]");
  a->create->add_flag("--did-key", a->did_key,
                      "Use a did:key identifier instead of did:web");
  a->create->add_flag("--suspension", a->suspension,
                      "Credentials also get a suspension status entry");
  a->create->add_flag("--json", a->json,
                      "Print {\"org\", \"did\", \"token\"} as JSON");
  a->list = org->add_subcommand("list", "List the organizations");
  AddStoreOptions(a->list, &a->data, &a->store);
  a->list->add_flag("--json", a->json, "Print JSON");
  a->token = org->add_subcommand("token", "Create or revoke API tokens");
  a->token->require_subcommand(1);
  a->token_create = a->token->add_subcommand("create", "Create an API token");
  AddStoreOptions(a->token_create, &a->data, &a->store);
  a->token_create->add_option("--org", a->org, "The organization")->required();
  a->token_create->add_flag("--json", a->json, "Print JSON");
  a->token_revoke = a->token->add_subcommand("revoke", "Revoke an API token");
  AddStoreOptions(a->token_revoke, &a->data, &a->store);
  a->token_revoke->add_option("--org", a->org, "The organization")->required();
  a->token_revoke
      ->add_option("token_id", a->token_id,
                   "The token's id (tok_…), not the token itself")
      ->required();
  a->token_revoke->add_flag("--json", a->json, "Print JSON");
  a->key = RegisterOrgKey(*org);
  return [a] { return RunOrg(*a); };
}

Command RegisterStatusCommand(CLI::App& app, const std::string& name) {
  auto a = std::make_shared<StatusArgs>();
  std::string what = name == "revoke"    ? "Revoke a credential (final)"
                     : name == "suspend" ? "Suspend a credential"
                                         : "Lift a credential's suspension";
  CLI::App* cmd = app.add_subcommand(name, what);
  AddStoreOptions(cmd, &a->data, &a->store);
  cmd->add_option("--org", a->org, "The issuing organization")->required();
  cmd->add_option("credential_id", a->credential, "The credential's id")
      ->required();
  cmd->add_flag("--json", a->json, "Print JSON");
  if (name == "revoke")
    return [a] { return RunStatus(*a, "revocation", true, "Revoked"); };
  if (name == "suspend")
    return [a] { return RunStatus(*a, "suspension", true, "Suspended"); };
  return [a] { return RunStatus(*a, "suspension", false, "Unsuspended"); };
}

Command RegisterCredentials(CLI::App& app) {
  auto a = std::make_shared<ListArgs>();
  CLI::App* cmd =
      app.add_subcommand("credentials", "List the credentials an org issued");
  AddStoreOptions(cmd, &a->data, &a->store);
  cmd->add_option("--org", a->org, "The organization")->required();
  cmd->add_flag("--json", a->json, "Print JSON");
  return [a] { return RunCredentials(*a); };
}

Command RegisterAudit(CLI::App& app) {
  auto a = std::make_shared<ListArgs>();
  CLI::App* cmd = app.add_subcommand("audit", "Show an org's audit log");
  AddStoreOptions(cmd, &a->data, &a->store);
  cmd->add_option("--org", a->org, "The organization")->required();
  cmd->add_flag("--json", a->json, "Print JSON");
  return [a] { return RunAudit(*a); };
}

Command RegisterServe(CLI::App& app) {
  auto a = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand("serve", "Run the issuer HTTP service");
  AddStoreOptions(cmd, &a->data, &a->store);
  cmd->add_option("--listen", a->listen,
                  "HOST:PORT to listen on; default 127.0.0.1:8080");
  cmd->add_option("--public-url", a->public_url,
                  "Base URL of status lists and achievements as others reach "
                  "the service; default http(s)://HOST:PORT");
  cmd->add_option("--tls-cert", a->tls_cert, "TLS certificate chain (PEM)");
  cmd->add_option("--tls-key", a->tls_key, "TLS private key (PEM)");
  cmd->add_option("--threads", a->threads,
                  "Connection threads (default 32; each keep-alive connection "
                  "holds one)");
  cmd->add_option("--max-body", a->max_body,
                  "Largest request body in bytes (default 1048576)");
  cmd->add_option("--max-batch-body", a->max_batch_body,
                  "Largest CSV file POST /achievements/ID/batches takes, in "
                  "bytes (default 67108864)");
  cmd->add_option("--rate-limit", a->rate_limit,
                  "Requests per second per token (default 1000; 0 = none)");
  cmd->add_option("--rate-burst", a->rate_burst,
                  "Requests a token may send at once (default: the rate)");
  cmd->add_option("--status-ttl", a->status_ttl,
                  "Seconds status lists may be cached (default 300)");
  cmd->add_option(
      "--reserve-block", a->reserve_block,
      "Status indices reserved per store transaction (default 256)");
  cmd->add_flag("--no-request-log", a->no_request_log,
                "Do not log one JSON line per request to standard error");
  return [a] { return RunServe(*a); };
}

}  // namespace anycred::issuer
