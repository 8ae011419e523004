// PostgreSQL implementation of the issuer store, through libpq. All of its
// SQL is in this file and postgres_migrations.cc.
#include "issuer/store/postgres_store.h"

#include <libpq-fe.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "issuer/store/postgres_migrations.h"
#include "issuer/store/slot_permutation.h"

namespace anycred::issuer::store {

namespace {

constexpr std::size_t kMaxConnections = 16;
constexpr auto kPoolWait = std::chrono::seconds(60);
constexpr int kMaxAttempts = 8;  // a transaction that keeps conflicting
// The advisory lock key that serializes migrations ("anycred" in ASCII).
constexpr const char* kMigrationLock =
    "SELECT pg_advisory_xact_lock(7310594429781345636)";

#define kKeySelect                                                      \
  "SELECT org_id, key_id, public_key_multibase, sealed_seed, created, " \
  "COALESCE(activated, created), COALESCE(retired, ''), "               \
  "COALESCE(revoked, '') FROM signing_keys"

#define kOrgSelect                                                       \
  "SELECT id, name, did, verification_method, suspension, created FROM " \
  "organizations"

#define kClaimSelect                                                     \
  "SELECT id, org_id, achievement_id, hash, request, created, expires, " \
  "COALESCE(challenge, ''), COALESCE(challenge_expires, ''), "           \
  "COALESCE(used_at, ''), COALESCE(credential_id, '') FROM claims"

#define kBatchSelect                                                  \
  "SELECT id, org_id, achievement_id, source_sha256, options, rows, " \
  "valid_rows, state, created, updated FROM batches"

#define kAuditInsert                                                    \
  "INSERT INTO audit_log (at, org_id, actor, action, subject, detail) " \
  "VALUES ($1, $2, $3, $4, $5, $6)"

// SQLSTATEs this file acts on.
constexpr const char* kUniqueViolation = "23505";
constexpr const char* kSerializationFailure = "40001";
constexpr const char* kDeadlock = "40P01";

bool Retryable(const std::string& state) {
  return state == kSerializationFailure || state == kDeadlock;
}

// One connection and the statements prepared on it.
struct Conn {
  PGconn* pg = nullptr;
  std::unordered_map<std::string, std::string> prepared;  // SQL -> name
  std::string sqlstate;  // of the last failed command, "" after success
};

// A query's result, cleared when it goes out of scope.
class Res {
 public:
  explicit Res(PGresult* r = nullptr) : r_(r) {}
  Res(Res&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  Res& operator=(Res&& o) noexcept {
    if (this != &o) {
      PQclear(r_);
      r_ = o.r_;
      o.r_ = nullptr;
    }
    return *this;
  }
  ~Res() { PQclear(r_); }
  PGresult* get() const { return r_; }
  int rows() const { return PQntuples(r_); }
  std::uint64_t affected() const {
    const char* n = PQcmdTuples(r_);
    return n && *n ? std::stoull(n) : 0;
  }
  bool Null(int row, int col) const { return PQgetisnull(r_, row, col); }
  std::string Text(int row, int col) const {
    return std::string(PQgetvalue(r_, row, col), PQgetlength(r_, row, col));
  }
  std::int64_t Int(int row, int col) const {
    return Null(row, col) ? 0 : std::stoll(PQgetvalue(r_, row, col));
  }
  bool Bool(int row, int col) const {
    return PQgetvalue(r_, row, col)[0] == 't';
  }
  // A BYTEA column (text format: \x followed by hex digits).
  std::string Blob(int row, int col) const {
    std::size_t len = 0;
    unsigned char* p = PQunescapeBytea(
        reinterpret_cast<const unsigned char*>(PQgetvalue(r_, row, col)), &len);
    if (!p) return std::string();
    std::string out(reinterpret_cast<const char*>(p), len);
    PQfreemem(p);
    return out;
  }

 private:
  PGresult* r_;
};

// Parameters of one command: text, except BYTEA values sent as binary.
class Params {
 public:
  Params& Text(const std::string& v) { return Add(v, false, 0); }
  Params& Nullable(const std::string& v) { return Add(v, v.empty(), 0); }
  Params& Blob(const std::string& v) { return Add(v, false, 1); }
  Params& Int(std::int64_t v) { return Add(std::to_string(v), false, 0); }
  Params& Bool(bool v) { return Add(v ? "t" : "f", false, 0); }
  // A text[] or bigint[] literal.
  Params& TextArray(const std::vector<std::string>& v) {
    std::string lit = "{";
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) lit += ',';
      lit += '"';
      for (char ch : v[i]) {
        if (ch == '"' || ch == '\\') lit += '\\';
        lit += ch;
      }
      lit += '"';
    }
    return Add(lit + "}", false, 0);
  }
  Params& IntArray(const std::vector<std::int64_t>& v) {
    std::string lit = "{";
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) lit += ',';
      lit += std::to_string(v[i]);
    }
    return Add(lit + "}", false, 0);
  }

  int size() const { return static_cast<int>(values_.size()); }
  // Pointers into this object: valid while it lives and is not changed.
  void Arrays(std::vector<const char*>* values, std::vector<int>* lengths,
              std::vector<int>* formats) const {
    for (std::size_t i = 0; i < values_.size(); ++i) {
      values->push_back(null_[i] ? nullptr : values_[i].data());
      lengths->push_back(static_cast<int>(values_[i].size()));
      formats->push_back(formats_[i]);
    }
  }

 private:
  Params& Add(std::string v, bool null, int format) {
    values_.push_back(std::move(v));
    null_.push_back(null);
    formats_.push_back(format);
    return *this;
  }
  std::vector<std::string> values_;
  std::vector<bool> null_;
  std::vector<int> formats_;
};

std::string ErrorText(const char* msg) {
  std::string s = msg ? msg : "unknown error";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

Status Failed(Conn* c, const PGresult* r, const std::string& what) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  c->sqlstate = state ? state : "";
  std::string msg = r ? ErrorText(PQresultErrorMessage(r)) : "";
  if (msg.empty()) msg = ErrorText(PQerrorMessage(c->pg));
  return Status::Error(kStoreError, what + ": " + msg);
}

// Runs `sql` (no parameters; may hold several statements).
Status Exec(Conn* c, const char* sql, const std::string& what) {
  Res r(PQexec(c->pg, sql));
  ExecStatusType t = PQresultStatus(r.get());
  if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK)
    return Failed(c, r.get(), what);
  c->sqlstate.clear();
  return Status::Ok();
}

// The name of `sql` prepared on `c` (prepared now if it was not yet).
Result<const std::string*> Prepare(Conn* c, const char* sql,
                                   const std::string& what) {
  auto it = c->prepared.find(sql);
  if (it == c->prepared.end()) {
    std::string name = "q" + std::to_string(c->prepared.size());
    Res r(PQprepare(c->pg, name.c_str(), sql, 0, nullptr));
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK)
      return Failed(c, r.get(), what);
    it = c->prepared.emplace(sql, name).first;
  }
  return &it->second;
}

// Runs `sql` with `p`, prepared once per connection. On failure,
// c->sqlstate tells why.
Result<Res> Run(Conn* c, const char* sql, const Params& p,
                const std::string& what) {
  ANYCRED_ASSIGN_OR_RETURN(const std::string* name, Prepare(c, sql, what));
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  p.Arrays(&values, &lengths, &formats);
  Res r(PQexecPrepared(c->pg, name->c_str(), p.size(), values.data(),
                       lengths.data(), formats.data(), 0));
  ExecStatusType t = PQresultStatus(r.get());
  if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK)
    return Failed(c, r.get(), what);
  c->sqlstate.clear();
  return r;
}

Result<Res> Run(Conn* c, const char* sql, const std::string& what) {
  return Run(c, sql, Params(), what);
}

std::string RandomHex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char ch : raw) {
    out += kHex[ch >> 4];
    out += kHex[ch & 15];
  }
  return out;
}

Params AuditParams(const AuditEvent& e) {
  Params p;
  p.Text(e.at)
      .Nullable(e.org_id)
      .Text(e.actor)
      .Text(e.action)
      .Nullable(e.subject)
      .Nullable(e.detail);
  return p;
}

Status InsertAudit(Conn* c, const AuditEvent& e) {
  return Run(c, kAuditInsert, AuditParams(e), "cannot append to the audit log")
      .status();
}

SealedKey ReadKey(const Res& r, int i) {
  return SealedKey{r.Text(i, 0), r.Text(i, 1), r.Text(i, 2), r.Blob(i, 3),
                   r.Text(i, 4), r.Text(i, 5), r.Text(i, 6), r.Text(i, 7)};
}

Organization ReadOrg(const Res& r, int i) {
  return Organization{r.Text(i, 0), r.Text(i, 1), r.Text(i, 2),
                      r.Text(i, 3), r.Bool(i, 4), r.Text(i, 5)};
}

Batch ReadBatch(const Res& r, int i) {
  return Batch{r.Text(i, 0),
               r.Text(i, 1),
               r.Text(i, 2),
               r.Text(i, 3),
               r.Text(i, 4),
               static_cast<std::uint64_t>(r.Int(i, 5)),
               static_cast<std::uint64_t>(r.Int(i, 6)),
               r.Text(i, 7),
               r.Text(i, 8),
               r.Text(i, 9)};
}

class PostgresStore : public Store {
 public:
  explicit PostgresStore(std::string url)
      : url_(std::move(url)), shown_(RedactStoreUrl(url_)) {}
  ~PostgresStore() override {
    for (Conn* c : idle_) {
      PQfinish(c->pg);
      delete c;
    }
  }

  // A connection borrowed from the pool for one call.
  class Lease {
   public:
    explicit Lease(PostgresStore* s) : s_(s) { status_ = s->Acquire(&c_); }
    ~Lease() {
      if (c_) s_->Release(c_);
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Conn* get() const { return c_; }
    const Status& status() const { return status_; }

   private:
    PostgresStore* s_;
    Conn* c_ = nullptr;
    Status status_;
  };

  // While one group commit waits for its commit to be flushed, the next
  // ones are written (PostgreSQL flushes concurrent commits together).
  std::size_t ConcurrentWriters() const override { return 4; }

  Status Acquire(Conn** out) {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, kPoolWait, [this] {
          return !idle_.empty() || open_ < kMaxConnections;
        }))
      return Status::Error(kStoreError, "every connection to the store " +
                                            shown_ +
                                            " stayed busy for a minute");
    if (!idle_.empty()) {
      *out = idle_.back();
      idle_.pop_back();
      return Status::Ok();
    }
    ++open_;
    lock.unlock();
    auto c = Connect();
    if (!c.ok()) {
      lock.lock();
      --open_;
      cv_.notify_one();
      return c.status();
    }
    *out = *c;
    return Status::Ok();
  }

  void Release(Conn* c) {
    bool broken = PQstatus(c->pg) != CONNECTION_OK ||
                  PQtransactionStatus(c->pg) != PQTRANS_IDLE ||
                  PQpipelineStatus(c->pg) != PQ_PIPELINE_OFF;
    std::lock_guard<std::mutex> lock(mu_);
    if (broken) {
      PQfinish(c->pg);
      delete c;
      --open_;
    } else {
      idle_.push_back(c);
    }
    cv_.notify_one();
  }

  Result<Conn*> Connect() {
    const char* keys[] = {"connect_timeout", "application_name", "dbname",
                          nullptr};
    const char* values[] = {"10", "anycred-issuer", url_.c_str(), nullptr};
    PGconn* pg = PQconnectdbParams(keys, values, 1);
    if (!pg || PQstatus(pg) != CONNECTION_OK) {
      std::string msg = pg ? ErrorText(PQerrorMessage(pg)) : "out of memory";
      PQfinish(pg);
      return Status::Error(
          kStoreError,
          "cannot connect to the store " + shown_ + ": " + RedactStoreUrl(msg));
    }
    // NOTICEs (e.g. "relation exists, skipping") are not for users.
    PQsetNoticeProcessor(
        pg, [](void*, const char*) {}, nullptr);
    auto* c = new Conn;
    c->pg = pg;
    return c;
  }

  // Runs `fn` in one transaction (READ COMMITTED unless `isolation` says
  // otherwise), committing when it returns OK. A serialization failure or
  // deadlock runs it again from the start: `fn` must reset its outputs.
  Status Tx(const std::function<Status(Conn*)>& fn,
            const char* begin = "BEGIN") {
    Status last;
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
      Lease lease(this);
      if (!lease.get()) return lease.status();
      Conn* c = lease.get();
      ANYCRED_RETURN_IF_ERROR(Exec(c, begin, "cannot write the store"));
      Status st = fn(c);
      if (st.ok()) st = Exec(c, "COMMIT", "cannot commit to the store");
      if (st.ok()) return st;
      std::string state = c->sqlstate;
      if (PQtransactionStatus(c->pg) != PQTRANS_IDLE)
        (void)Exec(c, "ROLLBACK", "rollback");
      if (!Retryable(state) || st.code() != kStoreError) return st;
      last = st;
      std::this_thread::sleep_for(
          std::chrono::milliseconds(1 + randombytes_uniform(5u << attempt)));
    }
    return last;
  }

  Status Open(bool create) {
    if (!create) {
      Lease lease(this);
      if (!lease.get()) return lease.status();
      ANYCRED_ASSIGN_OR_RETURN(
          Res r, Run(lease.get(), "SELECT to_regclass('schema_version')",
                     "cannot read the store"));
      if (r.Null(0, 0))
        return Status::Error(codes::kNotFound,
                             "the database " + shown_ +
                                 " holds no issuer store (create one with "
                                 "`anycred-issuer init --store URL`)");
    }
    return Tx([this](Conn* c) -> Status {
      ANYCRED_RETURN_IF_ERROR(
          Exec(c, kMigrationLock, "cannot lock the store for migration"));
      ANYCRED_RETURN_IF_ERROR(
          Exec(c,
               "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER "
               "NOT NULL, applied TIMESTAMPTZ NOT NULL DEFAULT now())",
               "cannot migrate the store"));
      ANYCRED_ASSIGN_OR_RETURN(
          Res r, Run(c, "SELECT COALESCE(MAX(version), 0) FROM schema_version",
                     "cannot read the schema version"));
      int current = static_cast<int>(r.Int(0, 0));
      const auto& migrations = PostgresMigrations();
      if (current > static_cast<int>(migrations.size()))
        return Status::Error(kSchemaTooNew,
                             "the store " + shown_ + " has schema version " +
                                 std::to_string(current) +
                                 " but this program knows only up to " +
                                 std::to_string(migrations.size()) +
                                 "; use a newer anycred");
      for (int v = current + 1; v <= static_cast<int>(migrations.size()); ++v) {
        ANYCRED_RETURN_IF_ERROR(
            Exec(c, migrations[v - 1],
                 "migration " + std::to_string(v) + " failed"));
        ANYCRED_RETURN_IF_ERROR(
            Run(c, "INSERT INTO schema_version (version) VALUES ($1)",
                Params().Int(v), "cannot record the schema version")
                .status());
      }
      return Status::Ok();
    });
  }

  int SchemaVersion() override {
    Lease lease(this);
    if (!lease.get()) return 0;
    auto r =
        Run(lease.get(), "SELECT COALESCE(MAX(version), 0) FROM schema_version",
            "cannot read the store");
    return r.ok() ? static_cast<int>(r->Int(0, 0)) : 0;
  }

  Result<std::optional<std::string>> GetMeta(const std::string& name) override {
    ANYCRED_ASSIGN_OR_RETURN(
        Res r,
        Read("SELECT value FROM meta WHERE name = $1", Params().Text(name)));
    if (r.rows() == 0) return std::optional<std::string>();
    return std::optional<std::string>(r.Blob(0, 0));
  }

  Status PutMeta(const std::string& name, const std::string& value) override {
    return Tx([&](Conn* c) {
      return Run(c,
                 "INSERT INTO meta (name, value) VALUES ($1, $2) ON CONFLICT "
                 "(name) DO UPDATE SET value = excluded.value",
                 Params().Text(name).Blob(value), "cannot write the store")
          .status();
    });
  }

  Status CreateOrganization(const Organization& org, const SealedKey& key,
                            const Token& token,
                            const std::vector<AuditEvent>& audit) override {
    return Tx([&](Conn* c) -> Status {
      auto r = Run(c,
                   "INSERT INTO organizations (id, name, did, "
                   "verification_method, suspension, created) VALUES ($1, $2, "
                   "$3, $4, $5, $6)",
                   Params()
                       .Text(org.id)
                       .Text(org.name)
                       .Text(org.did)
                       .Text(org.verification_method)
                       .Bool(org.suspension)
                       .Text(org.created),
                   "cannot create the organization");
      if (!r.ok()) {
        if (c->sqlstate == kUniqueViolation)
          return Status::Error(kAlreadyExists, "an organization with the id " +
                                                   org.id + " or the DID " +
                                                   org.did + " exists already");
        return r.status();
      }
      ANYCRED_RETURN_IF_ERROR(
          Run(c,
              "INSERT INTO signing_keys (org_id, key_id, "
              "public_key_multibase, sealed_seed, created, activated) VALUES "
              "($1, $2, $3, $4, $5, $6)",
              Params()
                  .Text(key.org_id)
                  .Text(key.key_id)
                  .Text(key.public_key_multibase)
                  .Blob(key.sealed_seed)
                  .Text(key.created)
                  .Text(key.activated.empty() ? key.created : key.activated),
              "cannot store the signing key")
              .status());
      ANYCRED_RETURN_IF_ERROR(InsertToken(c, token));
      for (const auto& e : audit) ANYCRED_RETURN_IF_ERROR(InsertAudit(c, e));
      return Status::Ok();
    });
  }

  Result<Organization> GetOrganization(const std::string& id) override {
    ANYCRED_ASSIGN_OR_RETURN(
        Res r, Read(kOrgSelect " WHERE id = $1", Params().Text(id)));
    if (r.rows() == 0)
      return Status::Error(codes::kNotFound, "no organization " + id);
    return ReadOrg(r, 0);
  }

  Result<std::vector<Organization>> ListOrganizations() override {
    ANYCRED_ASSIGN_OR_RETURN(
        Res r, Read(kOrgSelect " ORDER BY created, id", Params()));
    std::vector<Organization> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(ReadOrg(r, i));
    return out;
  }

  Result<SealedKey> GetSigningKey(const std::string& org_id) override {
    ANYCRED_ASSIGN_OR_RETURN(
        Res r,
        Read(kKeySelect " WHERE org_id = $1 AND retired IS NULL AND revoked IS "
                        "NULL",
             Params().Text(org_id)));
    if (r.rows() == 0)
      return Status::Error(codes::kNotFound, "the organization " + org_id +
                                                 " has no active signing key");
    return ReadKey(r, 0);
  }

  Result<std::vector<SealedKey>> ListSigningKeys(
      const std::string& org_id) override {
    ANYCRED_ASSIGN_OR_RETURN(
        Res r, Read(kKeySelect " WHERE org_id = $1 ORDER BY activated, seq",
                    Params().Text(org_id)));
    std::vector<SealedKey> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(ReadKey(r, i));
    return out;
  }

  Status RotateSigningKey(const SealedKey& next,
                          const std::string& verification_method,
                          const std::vector<AuditEvent>& audit) override {
    return Tx([&](Conn* c) -> Status {
      ANYCRED_RETURN_IF_ERROR(ActivateKey(c, next, verification_method));
      for (const auto& e : audit) ANYCRED_RETURN_IF_ERROR(InsertAudit(c, e));
      return Status::Ok();
    });
  }

  Result<KeyRevocationResult> RevokeSigningKey(
      const KeyRevocation& rv) override {
    KeyRevocationResult result;
    Status st = Tx([&](Conn* c) -> Status {
      result = KeyRevocationResult{};
      ANYCRED_ASSIGN_OR_RETURN(
          Res k,
          Run(c, kKeySelect " WHERE org_id = $1 AND key_id = $2 FOR UPDATE",
              Params().Text(rv.org_id).Text(rv.key_id),
              "cannot read the store"));
      if (k.rows() == 0)
        return Status::Error(codes::kNotFound, "the organization " + rv.org_id +
                                                   " has no key " + rv.key_id);
      SealedKey key = ReadKey(k, 0);
      result.newly_revoked = key.revoked.empty();
      if (key.active()) {
        if (!rv.replacement)
          return Status::Error(codes::kInvalidArgument,
                               "the key " + rv.key_id +
                                   " is the active key; a new key must take "
                                   "its place");
        ANYCRED_RETURN_IF_ERROR(ActivateKey(
            c, *rv.replacement, rv.replacement_verification_method));
      }
      if (result.newly_revoked)
        ANYCRED_RETURN_IF_ERROR(
            Run(c,
                "UPDATE signing_keys SET revoked = $1, retired = "
                "COALESCE(retired, $1) WHERE org_id = $2 AND key_id = $3",
                Params().Text(rv.at).Text(rv.org_id).Text(rv.key_id),
                "cannot revoke the key")
                .status());
      if (rv.revoke_credentials) {
        // Every revocation entry not set yet of a credential the key
        // signed, locked so a concurrent status change waits.
        ANYCRED_ASSIGN_OR_RETURN(
            Res todo,
            Run(c,
                "SELECT c.id, s.list_id, s.pos FROM credentials c JOIN "
                "status_entries s ON s.credential_id = c.id JOIN status_lists "
                "l ON l.id = s.list_id WHERE c.org_id = $1 AND c.key_id = $2 "
                "AND l.purpose = 'revocation' AND s.value = 0 ORDER BY "
                "c.issued_at, c.id FOR UPDATE OF s",
                Params().Text(rv.org_id).Text(rv.key_id),
                "cannot read the store"));
        for (int i = 0; i < todo.rows(); ++i) {
          std::string id = todo.Text(i, 0), list = todo.Text(i, 1);
          ANYCRED_RETURN_IF_ERROR(
              Run(c,
                  "UPDATE status_entries SET value = 1 WHERE list_id = $1 "
                  "AND pos = $2",
                  Params().Text(list).Int(todo.Int(i, 2)),
                  "cannot revoke a credential")
                  .status());
          ANYCRED_RETURN_IF_ERROR(
              Run(c,
                  "UPDATE status_lists SET version = version + 1 WHERE id = "
                  "$1",
                  Params().Text(list), "cannot revoke a credential")
                  .status());
          AuditEvent e{
              0,
              rv.at,
              rv.org_id,
              rv.actor,
              "status.revoke",
              id,
              "revocation set: signed with the revoked key " + rv.key_id};
          ANYCRED_RETURN_IF_ERROR(InsertAudit(c, e));
          result.revoked_credentials.push_back(id);
        }
      }
      for (const auto& e : rv.audit) ANYCRED_RETURN_IF_ERROR(InsertAudit(c, e));
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return result;
  }

  Status AddToken(const Token& token, const AuditEvent& audit) override {
    return Tx([&](Conn* c) -> Status {
      ANYCRED_RETURN_IF_ERROR(InsertToken(c, token));
      return InsertAudit(c, audit);
    });
  }

  Status RevokeToken(const std::string& org_id, const std::string& token_id,
                     const AuditEvent& audit) override {
    return Tx([&](Conn* c) -> Status {
      ANYCRED_ASSIGN_OR_RETURN(
          Res r,
          Run(c,
              "UPDATE tokens SET revoked = TRUE WHERE id = $1 AND "
              "org_id = $2",
              Params().Text(token_id).Text(org_id), "cannot revoke the token"));
      if (r.affected() == 0)
        return Status::Error(codes::kNotFound, "the organization " + org_id +
                                                   " has no token " + token_id);
      return InsertAudit(c, audit);
    });
  }

  Result<Token> FindToken(const std::string& hash) override {
    ANYCRED_ASSIGN_OR_RETURN(
        Res r, Read("SELECT id, org_id, hash, created, revoked FROM tokens "
                    "WHERE hash = $1",
                    Params().Blob(hash)));
    if (r.rows() == 0) return Status::Error(codes::kNotFound, "no such token");
    return Token{r.Text(0, 0), r.Text(0, 1), r.Blob(0, 2), r.Text(0, 3),
                 r.Bool(0, 4)};
  }

  Result<std::vector<Token>> ListTokens(const std::string& org_id) override {
    ANYCRED_ASSIGN_OR_RETURN(
        Res r, Read("SELECT id, org_id, created, revoked FROM tokens WHERE "
                    "org_id = $1 ORDER BY created, id",
                    Params().Text(org_id)));
    std::vector<Token> out;
    for (int i = 0; i < r.rows(); ++i)
      out.push_back(
          Token{r.Text(i, 0), r.Text(i, 1), "", r.Text(i, 2), r.Bool(i, 3)});
    return out;
  }

  Result<bool> PutAchievement(const Achievement& a,
                              const AuditEvent& audit) override {
    bool created = false;
    Status st = Tx([&](Conn* c) -> Status {
      // One statement: insert, or update when the id is this org's.
      // xmax = 0 tells a fresh row from an updated one.
      ANYCRED_ASSIGN_OR_RETURN(
          Res r,
          Run(c,
              "INSERT INTO achievements (id, org_id, json, updated) "
              "VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET "
              "json = excluded.json, updated = excluded.updated WHERE "
              "achievements.org_id = excluded.org_id RETURNING (xmax = "
              "0)",
              Params().Text(a.id).Text(a.org_id).Text(a.json).Text(a.updated),
              "cannot store the achievement"));
      if (r.rows() == 0)
        return Status::Error(kConflict, "the achievement id " + a.id +
                                            " belongs to another organization");
      created = r.Bool(0, 0);
      return InsertAudit(c, audit);
    });
    if (!st.ok()) return st;
    return created;
  }

  Result<Achievement> GetAchievement(const std::string& id) override {
    ANYCRED_ASSIGN_OR_RETURN(
        Res r, Read("SELECT id, org_id, json, updated FROM achievements WHERE "
                    "id = $1",
                    Params().Text(id)));
    if (r.rows() == 0)
      return Status::Error(codes::kNotFound, "no achievement " + id);
    return Achievement{r.Text(0, 0), r.Text(0, 1), r.Text(0, 2), r.Text(0, 3)};
  }

  Result<std::vector<StatusSlot>> ReserveStatusIndices(
      const std::string& org_id, const std::string& purpose, std::size_t n,
      std::uint64_t list_size) override {
    std::vector<StatusSlot> out;
    std::vector<std::pair<std::string, SlotPermutation>> created;
    Status st = Tx([&](Conn* c) -> Status {
      out.clear();
      out.reserve(n);
      created.clear();
      // Reservations of one org and purpose take turns (so that two
      // processes never open two lists at once); the list's row lock keeps
      // its count of positions handed out consistent regardless. NO KEY
      // UPDATE: recording an entry takes a KEY SHARE lock on its list (the
      // foreign key), which FOR UPDATE would wait for and hold back.
      ANYCRED_RETURN_IF_ERROR(
          Run(c, "SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))",
              Params().Text(org_id).Text(purpose),
              "cannot lock the status lists")
              .status());
      while (out.size() < n) {
        ANYCRED_ASSIGN_OR_RETURN(
            Res l, Run(c,
                       "SELECT id, size, reserved, index_key FROM "
                       "status_lists WHERE org_id = $1 AND purpose = $2 AND "
                       "open AND index_key IS NOT NULL ORDER BY created, id "
                       "LIMIT 1 FOR NO KEY UPDATE",
                       Params().Text(org_id).Text(purpose),
                       "cannot read the status lists"));
        std::string list_id;
        std::int64_t size = 0, reserved = 0;
        SlotPermutation::Key key{};
        if (l.rows() == 1) {
          list_id = l.Text(0, 0);
          size = l.Int(0, 1);
          reserved = l.Int(0, 2);
          if (!SlotPermutation::KeyFromBytes(l.Blob(0, 3), &key))
            return Status::Error(kStoreError, "the status list " + list_id +
                                                  " has a damaged index key");
        } else {
          list_id = RandomHex(8);
          size = static_cast<std::int64_t>(list_size);
          key = SlotPermutation::NewKey();
          ANYCRED_RETURN_IF_ERROR(
              Run(c,
                  "INSERT INTO status_lists (id, org_id, purpose, size, "
                  "created, index_key) VALUES ($1, $2, $3, $4, "
                  "to_char(clock_timestamp() AT TIME ZONE 'UTC', "
                  "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), $5)",
                  Params()
                      .Text(list_id)
                      .Text(org_id)
                      .Text(purpose)
                      .Int(size)
                      .Blob(std::string(key.begin(), key.end())),
                  "cannot create a status list")
                  .status());
        }
        const SlotPermutation perm(key, static_cast<std::uint64_t>(size));
        const std::int64_t limit = size - size / 8;  // keep 1/8 unreserved
        const std::int64_t take = std::max<std::int64_t>(
            0, std::min<std::int64_t>(static_cast<std::int64_t>(n - out.size()),
                                      limit - reserved));
        for (std::int64_t pos = reserved; pos < reserved + take; ++pos)
          out.push_back(StatusSlot{
              list_id, purpose, perm.Index(static_cast<std::uint64_t>(pos))});
        reserved += take;
        ANYCRED_RETURN_IF_ERROR(
            Run(c,
                "UPDATE status_lists SET reserved = $1, open = $2 WHERE id = "
                "$3",
                Params().Int(reserved).Bool(reserved < limit).Text(list_id),
                "cannot update the status list")
                .status());
        if (l.rows() == 0) created.emplace_back(list_id, perm);
      }
      return Status::Ok();
    });
    if (!st.ok()) return st;
    // The lists made are committed now: their keys may be cached.
    for (const auto& [id, perm] : created)
      CachePermutation(id, std::make_shared<const SlotPermutation>(perm));
    return out;
  }

  Result<StatusList> GetStatusList(const std::string& org_id,
                                   const std::string& list_id) override {
    ANYCRED_ASSIGN_OR_RETURN(
        Res r, Read("SELECT id, org_id, purpose, size, version, created FROM "
                    "status_lists WHERE id = $1 AND org_id = $2",
                    Params().Text(list_id).Text(org_id)));
    if (r.rows() == 0)
      return Status::Error(codes::kNotFound,
                           "no status list " + org_id + "/" + list_id);
    return StatusList{r.Text(0, 0), r.Text(0, 1),
                      r.Text(0, 2), static_cast<std::uint64_t>(r.Int(0, 3)),
                      r.Int(0, 4),  r.Text(0, 5)};
  }

  Result<std::vector<std::uint64_t>> StatusListSetIndices(
      const std::string& list_id) override {
    ANYCRED_ASSIGN_OR_RETURN(
        Res r, Read("SELECT idx FROM status_entries WHERE list_id = $1 AND "
                    "value = 1 ORDER BY idx",
                    Params().Text(list_id)));
    std::vector<std::uint64_t> out;
    for (int i = 0; i < r.rows(); ++i)
      out.push_back(static_cast<std::uint64_t>(r.Int(i, 0)));
    return out;
  }

  Result<bool> SetCredentialStatus(const std::string& org_id,
                                   const std::string& credential_id,
                                   const std::string& purpose, bool value,
                                   const AuditEvent& audit) override {
    bool changed = false;
    Status st = Tx([&](Conn* c) -> Status {
      changed = false;
      ANYCRED_ASSIGN_OR_RETURN(
          Res r, Run(c,
                     "SELECT s.list_id, s.pos, s.value FROM status_entries "
                     "s JOIN status_lists l ON l.id = s.list_id JOIN "
                     "credentials c ON c.id = s.credential_id WHERE "
                     "s.credential_id = $1 AND c.org_id = $2 AND l.purpose = "
                     "$3 FOR UPDATE OF s",
                     Params().Text(credential_id).Text(org_id).Text(purpose),
                     "cannot read the store"));
      if (r.rows() == 0)
        return Status::Error(codes::kNotFound,
                             "the credential " + credential_id + " has no " +
                                 purpose + " status entry here");
      if ((r.Int(0, 2) != 0) == value) return Status::Ok();
      std::string list = r.Text(0, 0);
      ANYCRED_RETURN_IF_ERROR(
          Run(c,
              "UPDATE status_entries SET value = $1 WHERE list_id = $2 AND "
              "pos = $3",
              Params().Int(value ? 1 : 0).Text(list).Int(r.Int(0, 1)),
              "cannot set the status")
              .status());
      ANYCRED_RETURN_IF_ERROR(
          Run(c, "UPDATE status_lists SET version = version + 1 WHERE id = $1",
              Params().Text(list), "cannot set the status")
              .status());
      ANYCRED_RETURN_IF_ERROR(InsertAudit(c, audit));
      changed = true;
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return changed;
  }

  Result<std::vector<Status>> RecordCredentials(
      const std::vector<IssuedCredential>& batch) override {
    std::vector<Status> results;
    Status st = Tx([&](Conn* c) -> Status {
      results.clear();
      results.reserve(batch.size());
      // Usually every credential is good: all in one pipeline. Otherwise
      // start again, one savepoint per credential, to tell which failed.
      bool all_recorded = false;
      ANYCRED_RETURN_IF_ERROR(
          Exec(c, kKeyLookupsOnly, "cannot record credentials"));
      ANYCRED_ASSIGN_OR_RETURN(auto positions, Positions(c, batch));
      ANYCRED_RETURN_IF_ERROR(
          RecordPipelined(c, batch, positions, &all_recorded));
      if (all_recorded) {
        results.assign(batch.size(), Status::Ok());
        return Status::Ok();
      }
      ANYCRED_RETURN_IF_ERROR(
          Exec(c, "ROLLBACK; BEGIN", "cannot record credentials"));
      ANYCRED_RETURN_IF_ERROR(
          Exec(c, kKeyLookupsOnly, "cannot record credentials"));
      for (std::size_t i = 0; i < batch.size(); ++i) {
        ANYCRED_RETURN_IF_ERROR(
            Exec(c, "SAVEPOINT one", "cannot record credentials"));
        Status one = RecordOne(c, batch[i], positions[i]);
        if (one.ok()) {
          ANYCRED_RETURN_IF_ERROR(
              Exec(c, "RELEASE SAVEPOINT one", "cannot record credentials"));
        } else {
          if (one.code() == kStoreError) return one;  // the whole batch
          ANYCRED_RETURN_IF_ERROR(
              Exec(c, "ROLLBACK TO SAVEPOINT one; RELEASE SAVEPOINT one",
                   "cannot record credentials"));
        }
        results.push_back(one);
      }
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return results;
  }

  Result<CredentialRecord> GetCredential(const std::string& id) override {
    CredentialRecord rec;
    Status st = Tx(
        [&](Conn* c) -> Status {
          ANYCRED_ASSIGN_OR_RETURN(
              Res r, Run(c,
                         "SELECT id, org_id, COALESCE(achievement_id, ''), "
                         "issued_at, json, COALESCE(key_id, '') FROM "
                         "credentials WHERE id = $1",
                         Params().Text(id), "cannot read the store"));
          if (r.rows() == 0)
            return Status::Error(codes::kNotFound, "no credential " + id);
          rec = CredentialRecord{r.Text(0, 0), r.Text(0, 1), r.Text(0, 2),
                                 r.Text(0, 3), r.Text(0, 4), {},
                                 r.Text(0, 5)};
          ANYCRED_ASSIGN_OR_RETURN(
              Res e, Run(c,
                         "SELECT s.list_id, l.purpose, s.idx, s.value FROM "
                         "status_entries s JOIN status_lists l ON l.id = "
                         "s.list_id WHERE s.credential_id = $1 ORDER BY "
                         "l.purpose",
                         Params().Text(id), "cannot read the store"));
          for (int i = 0; i < e.rows(); ++i)
            rec.status.push_back(ReadEntry(e, i, 0));
          return Status::Ok();
        },
        kReadTx);
    if (!st.ok()) return st;
    return rec;
  }

  Result<std::vector<CredentialRecord>> ListCredentials(
      const std::string& org_id) override {
    std::vector<CredentialRecord> out;
    Status st = Tx(
        [&](Conn* c) -> Status {
          out.clear();
          ANYCRED_ASSIGN_OR_RETURN(
              Res r, Run(c,
                         "SELECT id, org_id, COALESCE(achievement_id, ''), "
                         "issued_at, json, COALESCE(key_id, '') FROM "
                         "credentials WHERE org_id = $1 ORDER BY issued_at, "
                         "id",
                         Params().Text(org_id), "cannot read the store"));
          std::unordered_map<std::string, std::size_t> at;
          for (int i = 0; i < r.rows(); ++i) {
            at[r.Text(i, 0)] = out.size();
            out.push_back(CredentialRecord{r.Text(i, 0),
                                           r.Text(i, 1),
                                           r.Text(i, 2),
                                           r.Text(i, 3),
                                           r.Text(i, 4),
                                           {},
                                           r.Text(i, 5)});
          }
          ANYCRED_ASSIGN_OR_RETURN(
              Res e, Run(c,
                         "SELECT s.list_id, l.purpose, s.idx, s.value, "
                         "s.credential_id FROM status_entries s JOIN "
                         "status_lists l ON l.id = s.list_id JOIN credentials "
                         "c ON c.id = s.credential_id WHERE c.org_id = $1 "
                         "ORDER BY l.purpose",
                         Params().Text(org_id), "cannot read the store"));
          for (int i = 0; i < e.rows(); ++i) {
            auto it = at.find(e.Text(i, 4));
            if (it != at.end())
              out[it->second].status.push_back(ReadEntry(e, i, 0));
          }
          return Status::Ok();
        },
        kReadTx);
    if (!st.ok()) return st;
    return out;
  }

  Status AddClaim(const Claim& claim, const AuditEvent& audit) override {
    return Tx([&](Conn* c) -> Status {
      ANYCRED_RETURN_IF_ERROR(InsertClaim(c, claim));
      return InsertAudit(c, audit);
    });
  }

  Result<Claim> FindClaim(const std::string& hash) override {
    ANYCRED_ASSIGN_OR_RETURN(
        Res r, Read(kClaimSelect " WHERE hash = $1", Params().Blob(hash)));
    if (r.rows() == 0) return Status::Error(codes::kNotFound, "no such claim");
    return Claim{r.Text(0, 0), r.Text(0, 1), r.Text(0, 2), r.Blob(0, 3),
                 r.Text(0, 4), r.Text(0, 5), r.Text(0, 6), r.Text(0, 7),
                 r.Text(0, 8), r.Text(0, 9), r.Text(0, 10)};
  }

  Status SetClaimChallenge(const std::string& claim_id,
                           const std::string& challenge,
                           const std::string& expires) override {
    return Tx([&](Conn* c) -> Status {
      ANYCRED_ASSIGN_OR_RETURN(
          Res r, Run(c,
                     "UPDATE claims SET challenge = $1, challenge_expires = "
                     "$2 WHERE id = $3",
                     Params().Text(challenge).Text(expires).Text(claim_id),
                     "cannot record the challenge"));
      if (r.affected() == 0)
        return Status::Error(codes::kNotFound, "no claim " + claim_id);
      return Status::Ok();
    });
  }

  Status UseClaim(const std::string& claim_id, const std::string& credential_id,
                  const std::string& at, const AuditEvent& audit) override {
    return Tx([&](Conn* c) -> Status {
      // A concurrent UseClaim waits for this row; it then sees used_at set
      // and changes nothing.
      ANYCRED_ASSIGN_OR_RETURN(
          Res r, Run(c,
                     "UPDATE claims SET used_at = $1, credential_id = $2, "
                     "challenge = NULL WHERE id = $3 AND used_at IS NULL",
                     Params().Text(at).Text(credential_id).Text(claim_id),
                     "cannot record the claim"));
      if (r.affected() == 0) {
        ANYCRED_ASSIGN_OR_RETURN(
            Res e, Run(c, "SELECT 1 FROM claims WHERE id = $1",
                       Params().Text(claim_id), "cannot read the store"));
        if (e.rows() == 0)
          return Status::Error(codes::kNotFound, "no claim " + claim_id);
        return Status::Error(
            kConflict, "the claim " + claim_id + " has been used already");
      }
      return InsertAudit(c, audit);
    });
  }

  Status ReleaseClaim(const std::string& claim_id,
                      const std::string& credential_id) override {
    return Tx([&](Conn* c) -> Status {
      return Run(c,
                 "UPDATE claims SET used_at = NULL, credential_id = NULL "
                 "WHERE id = $1 AND credential_id = $2",
                 Params().Text(claim_id).Text(credential_id),
                 "cannot release the claim")
          .status();
    });
  }

  Result<std::pair<Batch, bool>> CreateBatch(const Batch& b,
                                             const AuditEvent& audit) override {
    std::pair<Batch, bool> out;
    Status st = Tx([&](Conn* c) -> Status {
      ANYCRED_ASSIGN_OR_RETURN(
          Res r, Run(c,
                     "INSERT INTO batches (id, org_id, achievement_id, "
                     "source_sha256, options, rows, valid_rows, state, "
                     "created, updated) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                     "$8, $9, $10) ON CONFLICT (id) DO NOTHING",
                     Params()
                         .Text(b.id)
                         .Text(b.org_id)
                         .Text(b.achievement_id)
                         .Text(b.source_sha256)
                         .Text(b.options)
                         .Int(static_cast<std::int64_t>(b.rows))
                         .Int(static_cast<std::int64_t>(b.valid_rows))
                         .Text(b.state)
                         .Text(b.created)
                         .Text(b.updated),
                     "cannot record the batch"));
      out.second = r.affected() == 1;
      if (out.second) ANYCRED_RETURN_IF_ERROR(InsertAudit(c, audit));
      ANYCRED_ASSIGN_OR_RETURN(
          Res s, Run(c, kBatchSelect " WHERE id = $1", Params().Text(b.id),
                     "cannot read the store"));
      if (s.rows() == 0)
        return Status::Error(kStoreError, "the batch " + b.id + " vanished");
      out.first = ReadBatch(s, 0);
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return out;
  }

  Result<Batch> GetBatch(const std::string& id) override {
    ANYCRED_ASSIGN_OR_RETURN(
        Res r, Read(kBatchSelect " WHERE id = $1", Params().Text(id)));
    if (r.rows() == 0) return Status::Error(codes::kNotFound, "no batch " + id);
    return ReadBatch(r, 0);
  }

  Status SetBatchState(const std::string& id, const std::string& state,
                       const std::string& updated,
                       const AuditEvent& audit) override {
    return Tx([&](Conn* c) -> Status {
      ANYCRED_ASSIGN_OR_RETURN(
          Res r, Run(c,
                     "UPDATE batches SET state = $1, updated = $2 WHERE id = "
                     "$3",
                     Params().Text(state).Text(updated).Text(id),
                     "cannot update the batch"));
      if (r.affected() != 1)
        return Status::Error(codes::kNotFound, "no batch " + id);
      if (!audit.action.empty()) return InsertAudit(c, audit);
      return Status::Ok();
    });
  }

  Result<std::vector<Award>> FindAwards(
      const std::string& achievement_id,
      const std::vector<std::string>& award_keys) override {
    std::vector<Award> out;
    if (award_keys.empty()) return out;
    ANYCRED_ASSIGN_OR_RETURN(
        Res r, Read("SELECT award_key, credential_id, COALESCE(batch_id, ''), "
                    "COALESCE(row_number, 0), COALESCE(claim_id, '') FROM "
                    "awards WHERE achievement_id = $1 AND award_key = "
                    "ANY($2::text[])",
                    Params().Text(achievement_id).TextArray(award_keys)));
    for (int i = 0; i < r.rows(); ++i)
      out.push_back(Award{achievement_id, r.Text(i, 0), r.Text(i, 1),
                          r.Text(i, 2), static_cast<std::uint64_t>(r.Int(i, 3)),
                          r.Text(i, 4)});
    return out;
  }

  Result<std::uint64_t> CountBatchAwards(const std::string& batch_id) override {
    ANYCRED_ASSIGN_OR_RETURN(
        Res r, Read("SELECT COUNT(*) FROM awards WHERE batch_id = $1",
                    Params().Text(batch_id)));
    return static_cast<std::uint64_t>(r.Int(0, 0));
  }

  Status ForEachBatchAward(
      const std::string& batch_id,
      const std::function<Status(const Award&, const std::string&)>& fn)
      override {
    // Pages of 1,000 in (row, key) order, so that a big batch is never
    // held in memory at once.
    std::int64_t after_row = -1;
    std::string after_key;
    for (;;) {
      ANYCRED_ASSIGN_OR_RETURN(
          Res r, Read("SELECT a.achievement_id, a.award_key, "
                      "a.credential_id, COALESCE(a.row_number, 0), "
                      "COALESCE(a.claim_id, ''), c.json FROM awards a JOIN "
                      "credentials c ON c.id = a.credential_id WHERE "
                      "a.batch_id = $1 AND (COALESCE(a.row_number, 0), "
                      "a.award_key) > ($2, $3) ORDER BY COALESCE(a.row_number, "
                      "0), a.award_key LIMIT 1000",
                      Params().Text(batch_id).Int(after_row).Text(after_key)));
      for (int i = 0; i < r.rows(); ++i) {
        Award a{r.Text(i, 0),
                r.Text(i, 1),
                r.Text(i, 2),
                batch_id,
                static_cast<std::uint64_t>(r.Int(i, 3)),
                r.Text(i, 4)};
        ANYCRED_RETURN_IF_ERROR(fn(a, r.Text(i, 5)));
      }
      if (r.rows() < 1000) return Status::Ok();
      after_row = r.Int(r.rows() - 1, 3);
      after_key = r.Text(r.rows() - 1, 1);
    }
  }

  Status AppendAudit(const AuditEvent& event) override {
    return Tx([&](Conn* c) { return InsertAudit(c, event); });
  }

  Result<std::vector<AuditEvent>> ListAudit(
      const std::string& org_id) override {
    ANYCRED_ASSIGN_OR_RETURN(
        Res r, Read("SELECT seq, at, COALESCE(org_id, ''), actor, action, "
                    "COALESCE(subject, ''), COALESCE(detail, '') FROM "
                    "audit_log WHERE org_id = $1 ORDER BY seq",
                    Params().Text(org_id)));
    std::vector<AuditEvent> out;
    for (int i = 0; i < r.rows(); ++i)
      out.push_back(AuditEvent{r.Int(i, 0), r.Text(i, 1), r.Text(i, 2),
                               r.Text(i, 3), r.Text(i, 4), r.Text(i, 5),
                               r.Text(i, 6)});
    return out;
  }

 private:
  static constexpr const char* kReadTx =
      "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
  // Recording credentials looks rows up by their keys only. A prepared
  // statement's generic plan is made once per connection, at its sixth
  // run: when a new store's tables hold a few rows, a scan of the whole
  // status list looks as cheap as its primary key, and that plan then
  // stayed while the list grew (every credential read every slot of its
  // list). Planned inside this transaction, the statements use the keys.
  static constexpr const char* kKeyLookupsOnly =
      "SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; "
      "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off";

  // One statement outside a transaction, on a pooled connection.
  Result<Res> Read(const char* sql, const Params& p) {
    Lease lease(this);
    if (!lease.get()) return lease.status();
    return Run(lease.get(), sql, p, "cannot read the store");
  }

  static StatusEntry ReadEntry(const Res& r, int i, int col) {
    return StatusEntry{
        StatusSlot{r.Text(i, col), r.Text(i, col + 1),
                   static_cast<std::uint64_t>(r.Int(i, col + 2))},
        r.Int(i, col + 3) != 0};
  }

  Status InsertToken(Conn* c, const Token& token) {
    auto r = Run(c,
                 "INSERT INTO tokens (id, org_id, hash, created, revoked) "
                 "VALUES ($1, $2, $3, $4, FALSE)",
                 Params()
                     .Text(token.id)
                     .Text(token.org_id)
                     .Blob(token.hash)
                     .Text(token.created),
                 "cannot store the token");
    if (!r.ok() && c->sqlstate == kUniqueViolation)
      return Status::Error(kAlreadyExists, "the token exists already");
    return r.status();
  }

  static constexpr const char* kClaimInsert =
      "INSERT INTO claims (id, org_id, achievement_id, hash, request, "
      "created, expires) VALUES ($1, $2, $3, $4, $5, $6, $7)";
  static Params ClaimParams(const Claim& cl) {
    Params p;
    p.Text(cl.id)
        .Text(cl.org_id)
        .Text(cl.achievement_id)
        .Blob(cl.hash)
        .Text(cl.request)
        .Text(cl.created)
        .Text(cl.expires);
    return p;
  }
  Status InsertClaim(Conn* c, const Claim& cl) {
    auto r = Run(c, kClaimInsert, ClaimParams(cl), "cannot record the claim");
    if (!r.ok() && c->sqlstate == kUniqueViolation)
      return Status::Error(kAlreadyExists, "the claim " + cl.id + " exists");
    return r.status();
  }

  static constexpr const char* kAwardInsert =
      "INSERT INTO awards (achievement_id, award_key, credential_id, "
      "batch_id, row_number, claim_id) VALUES ($1, $2, $3, $4, $5, $6)";
  static Params AwardParams(const Award& a) {
    Params p;
    p.Text(a.achievement_id)
        .Text(a.award_key)
        .Text(a.credential_id)
        .Nullable(a.batch_id)
        .Int(static_cast<std::int64_t>(a.row))
        .Nullable(a.claim_id);
    return p;
  }
  Status InsertAward(Conn* c, const Award& a) {
    auto r = Run(c, kAwardInsert, AwardParams(a), "cannot record the award");
    if (!r.ok() && c->sqlstate == kUniqueViolation)
      return Status::Error(kAlreadyExists,
                           "the achievement " + a.achievement_id +
                               " was awarded already for this recipient");
    return r.status();
  }

  // The credential, its audit event and its status entries in one
  // statement (one round trip), when the token ($15) is still the
  // organization's and not revoked and the key is still active (if $16).
  // Entry i is list $7[i], index $8[i], at position $17[i] (computed from
  // the list's key; -1 when the list has none): it is inserted only when
  // that position was handed out (below the list's `reserved`) and is not
  // taken. Its result: the number of entries inserted, and whether the
  // credential was inserted.
  static constexpr const char* kRecordCredential =
      "WITH valid AS (SELECT 1 WHERE ($15::text IS NULL OR EXISTS (SELECT 1 "
      "FROM tokens WHERE id = $15 AND org_id = $2 AND NOT revoked)) AND (NOT "
      "$16::boolean OR EXISTS (SELECT 1 FROM signing_keys WHERE org_id = $2 "
      "AND key_id = $6 AND retired IS NULL AND revoked IS NULL))), cred AS "
      "(INSERT INTO credentials (id, org_id, achievement_id, issued_at, json, "
      "key_id) SELECT $1::text, $2::text, $3::text, $4::text, $5::text, "
      "$6::text FROM valid RETURNING id), used AS (INSERT INTO status_entries "
      "(list_id, pos, idx, credential_id) SELECT u.list_id, u.pos, u.idx, "
      "cred.id FROM cred, unnest($7::text[], $8::bigint[], $17::bigint[]) AS "
      "u(list_id, idx, pos), status_lists l WHERE l.id = u.list_id AND u.pos "
      ">= 0 AND u.pos < l.reserved ON CONFLICT DO NOTHING RETURNING 1), "
      "logged AS (INSERT INTO audit_log (at, org_id, actor, action, subject, "
      "detail) SELECT $9, $10, $11, $12, $13, $14 FROM cred) SELECT (SELECT "
      "COUNT(*) FROM used), (SELECT COUNT(*) FROM cred)";
  // `positions`: of each of cred.status (Positions()).
  static Params RecordParams(const IssuedCredential& cred,
                             const std::vector<std::int64_t>& positions) {
    std::vector<std::string> lists;
    std::vector<std::int64_t> indices;
    for (const auto& slot : cred.status) {
      lists.push_back(slot.list_id);
      indices.push_back(static_cast<std::int64_t>(slot.index));
    }
    const AuditEvent& e = cred.audit;
    Params p;
    p.Text(cred.id)
        .Text(cred.org_id)
        .Nullable(cred.achievement_id)
        .Text(cred.issued_at)
        .Text(cred.json)
        .Nullable(cred.key_id)
        .TextArray(lists)
        .IntArray(indices)
        .Text(e.at)
        .Nullable(e.org_id)
        .Text(e.actor)
        .Text(e.action)
        .Nullable(e.subject)
        .Nullable(e.detail)
        .Nullable(cred.token_id)
        .Bool(cred.key_must_be_active)
        .IntArray(positions);
    return p;
  }

  // A list's permutation (nullptr: the list has no key, so it never hands
  // out positions) for the cache. A list's key and size never change.
  void CachePermutation(const std::string& list_id,
                        std::shared_ptr<const SlotPermutation> perm) {
    std::lock_guard<std::mutex> lock(perm_mu_);
    perms_[list_id] = std::move(perm);
  }

  // The position of each status slot of each credential of `batch` in its
  // list, or -1 when it has none (no such list, a list without a key, an
  // index beyond the list): such a slot was never reserved. Lists not in
  // the cache are read through `c`.
  Result<std::vector<std::vector<std::int64_t>>> Positions(
      Conn* c, const std::vector<IssuedCredential>& batch) {
    std::unordered_map<std::string, std::shared_ptr<const SlotPermutation>>
        perms;
    std::vector<std::string> missing;
    {
      std::lock_guard<std::mutex> lock(perm_mu_);
      for (const auto& cred : batch)
        for (const auto& slot : cred.status) {
          if (perms.count(slot.list_id)) continue;
          auto it = perms_.find(slot.list_id);
          if (it != perms_.end()) {
            perms.emplace(slot.list_id, it->second);
          } else {
            perms.emplace(slot.list_id, nullptr);
            missing.push_back(slot.list_id);
          }
        }
    }
    if (!missing.empty()) {
      ANYCRED_ASSIGN_OR_RETURN(
          Res r,
          Run(c,
              "SELECT id, size, index_key FROM status_lists WHERE id = "
              "ANY($1::text[])",
              Params().TextArray(missing), "cannot read the status lists"));
      for (int i = 0; i < r.rows(); ++i) {
        std::shared_ptr<const SlotPermutation> perm;
        SlotPermutation::Key key;
        const std::int64_t size = r.Int(i, 1);
        if (!r.Null(i, 2) &&
            SlotPermutation::KeyFromBytes(r.Blob(i, 2), &key) && size >= 2 &&
            size <= (std::int64_t{1} << 32))
          perm = std::make_shared<const SlotPermutation>(
              key, static_cast<std::uint64_t>(size));
        perms[r.Text(i, 0)] = perm;
        CachePermutation(r.Text(i, 0), std::move(perm));
      }
    }
    std::vector<std::vector<std::int64_t>> out;
    out.reserve(batch.size());
    for (const auto& cred : batch) {
      std::vector<std::int64_t> positions;
      positions.reserve(cred.status.size());
      for (const auto& slot : cred.status) {
        const SlotPermutation* perm = perms[slot.list_id].get();
        positions.push_back(
            perm && slot.index < perm->size()
                ? static_cast<std::int64_t>(perm->Position(slot.index))
                : -1);
      }
      out.push_back(std::move(positions));
    }
    return out;
  }

  // The fast path of RecordCredentials, inside its transaction: every
  // credential's statements sent in a pipeline (one round trip per chunk,
  // no savepoints). *all_recorded is false when any credential failed; the
  // transaction must then be rolled back (it may be aborted).
  Status RecordPipelined(
      Conn* c, const std::vector<IssuedCredential>& batch,
      const std::vector<std::vector<std::int64_t>>& positions,
      bool* all_recorded) {
    *all_recorded = false;
    const char* what = "cannot record credentials";
    ANYCRED_ASSIGN_OR_RETURN(const std::string* record,
                             Prepare(c, kRecordCredential, what));
    ANYCRED_ASSIGN_OR_RETURN(const std::string* claim,
                             Prepare(c, kClaimInsert, what));
    ANYCRED_ASSIGN_OR_RETURN(const std::string* award,
                             Prepare(c, kAwardInsert, what));
    if (PQenterPipelineMode(c->pg) != 1)
      return Status::Error(kStoreError, "cannot record credentials: " +
                                            ErrorText(PQerrorMessage(c->pg)));
    // Chunks keep the unread results small, so neither side's socket
    // buffer fills while the other waits.
    constexpr std::size_t kChunk = 128;
    bool ok = true, sent_all = true;
    for (std::size_t start = 0; start < batch.size() && ok && sent_all;
         start += kChunk) {
      std::size_t end = std::min(batch.size(), start + kChunk);
      std::vector<std::int64_t> expect;  // slots, or -1: a plain INSERT
      auto send = [&](const std::string* name, const Params& p,
                      std::int64_t slots) {
        std::vector<const char*> values;
        std::vector<int> lengths, formats;
        p.Arrays(&values, &lengths, &formats);
        if (PQsendQueryPrepared(c->pg, name->c_str(), p.size(), values.data(),
                                lengths.data(), formats.data(), 0) != 1) {
          sent_all = false;
          return;
        }
        expect.push_back(slots);
      };
      for (std::size_t i = start; i < end && sent_all; ++i) {
        const auto& cred = batch[i];
        send(record, RecordParams(cred, positions[i]),
             static_cast<std::int64_t>(cred.status.size()));
        if (cred.claim && sent_all) send(claim, ClaimParams(*cred.claim), -1);
        if (cred.award && sent_all) send(award, AwardParams(*cred.award), -1);
      }
      if (PQpipelineSync(c->pg) != 1) sent_all = false;
      if (!sent_all) break;
      for (std::int64_t slots : expect) {
        PGresult* r = PQgetResult(c->pg);
        ExecStatusType t = PQresultStatus(r);
        if (slots >= 0) {
          ok = ok && t == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
               std::stoll(PQgetvalue(r, 0, 0)) == slots &&
               std::stoll(PQgetvalue(r, 0, 1)) == 1;
        } else {
          ok = ok && t == PGRES_COMMAND_OK;
        }
        PQclear(r);
        while ((r = PQgetResult(c->pg)) != nullptr) PQclear(r);  // its end
      }
      // The sync point.
      for (int nulls = 0;;) {
        PGresult* r = PQgetResult(c->pg);
        if (!r) {
          if (++nulls > 8 || PQstatus(c->pg) != CONNECTION_OK) {
            sent_all = false;
            break;
          }
          continue;
        }
        bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
        PQclear(r);
        if (sync) break;
      }
    }
    if (!sent_all || PQexitPipelineMode(c->pg) != 1)
      return Status::Error(kStoreError, "cannot record credentials: " +
                                            ErrorText(PQerrorMessage(c->pg)));
    *all_recorded = ok;
    return Status::Ok();
  }

  // Within RecordCredentials' savepoint: the credential, its audit event
  // and its status entries, then the claim and award when present.
  Status RecordOne(Conn* c, const IssuedCredential& cred,
                   const std::vector<std::int64_t>& positions) {
    auto r = Run(c, kRecordCredential, RecordParams(cred, positions),
                 "cannot record the credential");
    if (!r.ok()) {
      if (c->sqlstate == kUniqueViolation)
        return Status::Error(kAlreadyExists,
                             "a credential with the id " + cred.id + " exists");
      return r.status();
    }
    if (r->Int(0, 1) == 0) return WhyNotValid(c, cred);
    if (static_cast<std::size_t>(r->Int(0, 0)) != cred.status.size())
      return WhyNoEntry(c, cred, positions);
    if (cred.claim) ANYCRED_RETURN_IF_ERROR(InsertClaim(c, *cred.claim));
    if (cred.award) ANYCRED_RETURN_IF_ERROR(InsertAward(c, *cred.award));
    return Status::Ok();
  }

  // Why kRecordCredential inserted the credential but not every status
  // entry (read before its savepoint is rolled back): CONFLICT naming the
  // first slot that was not reserved or is in use (by another credential,
  // or given twice), as the SQLite store says.
  Status WhyNoEntry(Conn* c, const IssuedCredential& cred,
                    const std::vector<std::int64_t>& positions) {
    std::set<std::pair<std::string, std::int64_t>> ours;
    for (std::size_t i = 0; i < cred.status.size(); ++i) {
      const StatusSlot& slot = cred.status[i];
      const std::int64_t pos = positions[i];
      const std::string where =
          "status index " + slot.list_id + "#" + std::to_string(slot.index);
      bool reserved = false;
      if (pos >= 0) {
        ANYCRED_ASSIGN_OR_RETURN(
            Res l,
            Run(c, "SELECT reserved FROM status_lists WHERE id = $1",
                Params().Text(slot.list_id), "cannot read the status lists"));
        reserved = l.rows() == 1 && pos < l.Int(0, 0);
      }
      if (!reserved)
        return Status::Error(kConflict, where + " was not reserved");
      ANYCRED_ASSIGN_OR_RETURN(
          Res e, Run(c,
                     "SELECT credential_id FROM status_entries WHERE list_id "
                     "= $1 AND pos = $2",
                     Params().Text(slot.list_id).Int(pos),
                     "cannot read the status entries"));
      if (e.rows() == 0 || e.Text(0, 0) != cred.id ||
          !ours.emplace(slot.list_id, pos).second)
        return Status::Error(kConflict, where + " is in use");
    }
    return Status::Error(kConflict, "a status index of " + cred.id +
                                        " was not reserved or is in use");
  }

  // Why kRecordCredential inserted nothing although no constraint failed:
  // the token or the key check.
  Status WhyNotValid(Conn* c, const IssuedCredential& cred) {
    if (!cred.token_id.empty()) {
      ANYCRED_ASSIGN_OR_RETURN(
          Res t, Run(c,
                     "SELECT 1 FROM tokens WHERE id = $1 AND org_id = $2 AND "
                     "NOT revoked",
                     Params().Text(cred.token_id).Text(cred.org_id),
                     "cannot read the token"));
      if (t.rows() == 0)
        return Status::Error(kTokenRevoked, "the API token " + cred.token_id +
                                                " has been revoked");
    }
    return Status::Error(kKeyNotActive, "the signing key " + cred.key_id +
                                            " of " + cred.org_id +
                                            " is no longer the active key");
  }

  // Within a write transaction: retires the active key at next.activated
  // and stores `next` as the active key.
  Status ActivateKey(Conn* c, const SealedKey& next, const std::string& vm) {
    ANYCRED_RETURN_IF_ERROR(
        Run(c,
            "UPDATE signing_keys SET retired = $1 WHERE org_id = $2 AND "
            "retired IS NULL AND revoked IS NULL",
            Params().Text(next.activated).Text(next.org_id),
            "cannot retire the signing key")
            .status());
    ANYCRED_ASSIGN_OR_RETURN(
        Res o, Run(c,
                   "UPDATE organizations SET verification_method = $1 WHERE "
                   "id = $2",
                   Params().Text(vm).Text(next.org_id),
                   "cannot update the organization"));
    if (o.affected() == 0)
      return Status::Error(codes::kNotFound, "no organization " + next.org_id);
    auto r = Run(c,
                 "INSERT INTO signing_keys (org_id, key_id, "
                 "public_key_multibase, sealed_seed, created, activated) "
                 "VALUES ($1, $2, $3, $4, $5, $6)",
                 Params()
                     .Text(next.org_id)
                     .Text(next.key_id)
                     .Text(next.public_key_multibase)
                     .Blob(next.sealed_seed)
                     .Text(next.created)
                     .Text(next.activated),
                 "cannot store the signing key");
    if (!r.ok() && c->sqlstate == kUniqueViolation)
      return Status::Error(
          kConflict, "the organization " + next.org_id + " already has a key " +
                         next.key_id +
                         " (another rotation ran at the same time)");
    return r.status();
  }

  std::string url_;
  std::string shown_;  // url_ without its password
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Conn*> idle_;
  std::size_t open_ = 0;
  // Status lists' permutations by list id (nullptr: no key), loaded on
  // first use.
  std::mutex perm_mu_;
  std::unordered_map<std::string, std::shared_ptr<const SlotPermutation>>
      perms_;
};

}  // namespace

bool IsPostgresUrl(const std::string& url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

std::string RedactStoreUrl(const std::string& url) {
  std::string out = url;
  // user:PASSWORD@host
  std::size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    std::size_t start = scheme + 3;
    std::size_t end = out.find_first_of("/?", start);
    std::size_t at =
        out.rfind('@', end == std::string::npos ? out.size() - 1 : end);
    if (at != std::string::npos && at >= start) {
      std::size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at)
        out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=… (query parameter or keyword=value form)
  for (std::size_t pos = 0;
       (pos = out.find("password=", pos)) != std::string::npos;) {
    std::size_t start = pos + 9;
    std::size_t end = out.find_first_of("& \t", start);
    if (end == std::string::npos) end = out.size();
    out.replace(start, end - start, "***");
    pos = start + 3;
  }
  return out;
}

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                 bool create) {
  auto store = std::make_unique<PostgresStore>(url);
  ANYCRED_RETURN_IF_ERROR(store->Open(create));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace anycred::issuer::store
