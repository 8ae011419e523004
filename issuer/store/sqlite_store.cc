// SQLite implementation of the issuer store. All of the service's SQL is in
// this file and sqlite_migrations.cc.
#include "issuer/store/sqlite_store.h"

#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "issuer/store/slot_permutation.h"
#include "issuer/store/sqlite_migrations.h"
#include "issuer/store/wal_sync.h"

namespace anycred::issuer::store {

namespace {

constexpr int kBusyTimeoutMs = 30000;

#define kKeySelect                                                      \
  "SELECT org_id, key_id, public_key_multibase, sealed_seed, created, " \
  "activated, retired, revoked FROM signing_keys"

#define kOrgSelect                                                       \
  "SELECT id, name, did, verification_method, suspension, created FROM " \
  "organizations"

Status DbError(sqlite3* db, const std::string& what) {
  return Status::Error(kStoreError,
                       what + ": " + (db ? sqlite3_errmsg(db) : "no database"));
}

// Prepared statements, kept per connection and reused: preparing parses
// and plans the SQL, which took a tenth of the service's CPU when every
// call prepared its statements anew. A connection is used by one thread at
// a time (the writer under write_mu_, a reader while it is leased), so a
// cached statement is never shared between threads; the same SQL used
// again while its statement is still in use on that connection (a nested
// query) gets a fresh statement, finalized after use.
class StatementCache {
 public:
  // The statement for `sql` on `db`, or nullptr (see sqlite3_errmsg).
  sqlite3_stmt* Acquire(sqlite3* db, const char* sql, bool* cached) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto& per_db = cache_[db];
      auto it = per_db.find(sql);
      if (it != per_db.end() && !it->second.in_use) {
        it->second.in_use = true;
        *cached = true;
        return it->second.stmt;
      }
      *cached = it == per_db.end();
    }
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt,
                           nullptr) != SQLITE_OK) {
      sqlite3_finalize(stmt);
      *cached = false;
      return nullptr;
    }
    if (*cached) {
      std::lock_guard<std::mutex> lock(mu_);
      cache_[db].emplace(sql, Entry{stmt, true});
    }
    return stmt;
  }
  // Resets `stmt` for its next use, or finalizes it if it was not cached.
  void Release(sqlite3* db, const char* sql, sqlite3_stmt* stmt, bool cached) {
    if (!cached) {
      sqlite3_finalize(stmt);
      return;
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    std::lock_guard<std::mutex> lock(mu_);
    cache_[db][sql].in_use = false;
  }
  // Finalizes the statements of `db`; call before closing it.
  void Forget(sqlite3* db) {
    std::unordered_map<std::string, Entry> per_db;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = cache_.find(db);
      if (it == cache_.end()) return;
      per_db = std::move(it->second);
      cache_.erase(it);
    }
    for (auto& [sql, entry] : per_db) sqlite3_finalize(entry.stmt);
  }

 private:
  struct Entry {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  std::mutex mu_;
  std::unordered_map<sqlite3*, std::unordered_map<std::string, Entry>> cache_;
};

StatementCache& Statements() {
  static auto* cache = new StatementCache();  // outlives every store
  return *cache;
}

// Closes a connection and finalizes its cached statements.
void CloseConnection(sqlite3* db) {
  if (db == nullptr) return;
  Statements().Forget(db);
  sqlite3_close(db);
}

// A prepared statement for one use, from the connection's cache.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db), sql_(sql) {
    stmt_ = Statements().Acquire(db, sql, &cached_);
    rc_ = stmt_ != nullptr ? SQLITE_OK : sqlite3_errcode(db);
  }
  ~Stmt() {
    if (stmt_ != nullptr) Statements().Release(db_, sql_, stmt_, cached_);
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }

  Stmt& Bind(int i, const std::string& text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()),
                      SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& BindBlob(int i, const std::string& bytes) {
    sqlite3_bind_blob(stmt_, i, bytes.data(), static_cast<int>(bytes.size()),
                      SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, std::int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Stmt& BindNullable(int i, const std::string& text) {
    if (text.empty()) {
      sqlite3_bind_null(stmt_, i);
      return *this;
    }
    return Bind(i, text);
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(stmt_); }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string Text(int col) const {
    const unsigned char* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           sqlite3_column_bytes(stmt_, col))
             : std::string();
  }
  std::string Blob(int col) const {
    const void* p = sqlite3_column_blob(stmt_, col);
    return p ? std::string(static_cast<const char*>(p),
                           sqlite3_column_bytes(stmt_, col))
             : std::string();
  }
  std::int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }

 private:
  sqlite3* db_;
  const char* sql_;  // the caller's, outlives the statement
  sqlite3_stmt* stmt_ = nullptr;
  bool cached_ = false;
  int rc_;
};

// Runs one statement that returns no rows, prepared once per connection.
Status Run(sqlite3* db, const char* sql) {
  Stmt s(db, sql);
  if (!s.ok() || s.Step() != SQLITE_DONE)
    return Status::Error(kStoreError, sqlite3_errmsg(db));
  return Status::Ok();
}

// Runs a script of several statements (parsed at each call).
Status Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Status::Error(kStoreError, msg);
  }
  return Status::Ok();
}

Result<sqlite3*> OpenConnection(const std::string& path, bool create) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
              (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    Status st = DbError(db, "cannot open the store " + path);
    sqlite3_close(db);
    return st;
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  // temp_store=MEMORY: the statement journal of each credential's
  // SAVEPOINT in a group commit stays in memory instead of a temporary
  // file (otherwise every page a credential touches is written there
  // first: dozens of system calls per credential).
  Status st = Exec(db,
                   "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                   "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;");
  if (!st.ok()) {
    sqlite3_close(db);
    return st.WithContext("cannot configure the store " + path);
  }
  return db;
}

// BEGIN IMMEDIATE … COMMIT, rolled back unless committed. The writer runs
// with synchronous=NORMAL (wal_sync.h): Commit() also waits for the disk,
// CommitUnsynced() leaves that to the caller, who may release the write
// lock first.
class Transaction {
 public:
  Transaction(sqlite3* db, WalSync* wal) : db_(db), wal_(wal) {
    begun_ = Run(db, "BEGIN IMMEDIATE").ok();
  }
  ~Transaction() {
    if (begun_ && !done_) (void)Run(db_, "ROLLBACK");
  }
  bool begun() const { return begun_; }
  Status Commit() {
    std::uint64_t ticket = 0;
    ANYCRED_RETURN_IF_ERROR(CommitUnsynced(&ticket));
    return wal_->Sync(ticket);
  }
  // Committed (visible, kept if the process dies) but not yet on disk:
  // *ticket is for WalSync::Sync.
  Status CommitUnsynced(std::uint64_t* ticket) {
    Status st = Run(db_, "COMMIT");
    if (!st.ok()) return st;
    done_ = true;
    *ticket = wal_->Committed();
    return st;
  }

 private:
  sqlite3* db_;
  WalSync* wal_;
  bool begun_ = false;
  bool done_ = false;
};

Status InsertAudit(sqlite3* db, const AuditEvent& e) {
  Stmt s(db,
         "INSERT INTO audit_log(at, org_id, actor, action, subject, detail) "
         "VALUES (?,?,?,?,?,?)");
  if (!s.ok()) return DbError(db, "audit log");
  s.Bind(1, e.at)
      .BindNullable(2, e.org_id)
      .Bind(3, e.actor)
      .Bind(4, e.action)
      .BindNullable(5, e.subject)
      .BindNullable(6, e.detail);
  if (s.Step() != SQLITE_DONE)
    return DbError(db, "cannot append to the audit log");
  return Status::Ok();
}

bool IsConstraint(sqlite3* db) {
  return (sqlite3_extended_errcode(db) & 0xff) == SQLITE_CONSTRAINT;
}

std::string RandomHex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

class SqliteStore : public Store {
 public:
  SqliteStore(std::string path, sqlite3* writer, const SqliteOptions& options)
      : path_(std::move(path)),
        wal_limit_(std::max<std::int64_t>(options.wal_limit_bytes, 1 << 20)),
        writer_(writer) {}
  ~SqliteStore() override {
    if (checkpointer_.joinable()) {
      {
        std::lock_guard<std::mutex> lock(ck_mu_);
        stopping_ = true;
      }
      ck_cv_.notify_all();
      checkpointer_.join();
    }
    CloseConnection(writer_);
    for (sqlite3* db : readers_) CloseConnection(db);
  }

  Status Migrate() {
    std::lock_guard<std::mutex> lock(write_mu_);
    ANYCRED_RETURN_IF_ERROR(Exec(writer_,
                                 "CREATE TABLE IF NOT EXISTS schema_version("
                                 "version INTEGER NOT NULL, applied TEXT NOT "
                                 "NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ',"
                                 "'now')))"));
    Transaction tx(writer_, &wal_);
    if (!tx.begun()) return DbError(writer_, "cannot migrate the store");
    int current = 0;
    {
      Stmt s(writer_, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
      if (!s.ok() || s.Step() != SQLITE_ROW)
        return DbError(writer_, "cannot read the schema version");
      current = static_cast<int>(s.Int(0));
    }
    const auto& migrations = SqliteMigrations();
    if (current > static_cast<int>(migrations.size())) {
      return Status::Error(
          kSchemaTooNew,
          "the store " + path_ + " has schema version " +
              std::to_string(current) + " but this program knows only up to " +
              std::to_string(migrations.size()) + "; use a newer anycred");
    }
    for (int v = current + 1; v <= static_cast<int>(migrations.size()); ++v) {
      ANYCRED_RETURN_IF_ERROR(
          Exec(writer_, migrations[v - 1])
              .WithContext("migration " + std::to_string(v)));
      Stmt s(writer_, "INSERT INTO schema_version(version) VALUES (?)");
      s.Bind(1, static_cast<std::int64_t>(v));
      if (s.Step() != SQLITE_DONE) return DbError(writer_, "schema version");
    }
    return tx.Commit();
  }

  // Checkpoints the WAL into the database from a thread of its own, so
  // that commits never wait for a checkpoint's writes and fsync (the
  // writer's automatic checkpoints are turned off). PASSIVE checkpoints
  // never block readers or the writer, but under continuous load they
  // never catch up either, and a WAL is only rewound after a complete
  // checkpoint: it grew to gigabytes in a few minutes of issuing. So once
  // the WAL holds more than wal_limit_ bytes, one RESTART checkpoint runs
  // with this process's writers held back (write_mu_; other processes wait
  // through the busy timeout) until it has copied every frame; the next
  // commit then writes from the start of the file again. The file is not
  // emptied (as TRUNCATE would): commits that overwrite a WAL of the same
  // size spare fdatasync the file-size change (a synchronous inode and
  // block-bitmap write, on every commit, while the file regrew). The
  // journal_size_limit cuts it back to wal_limit_ at that next commit.
  // A RESTART holds the writer back while it copies what the last commits
  // wrote and syncs the database file. A bulk group commit writes tens of
  // megabytes, so a small WAL held the writer back after every commit or
  // two: 1,000,000 rows of bulk issuing spent 20.8 s in RESTARTs with
  // 256 MiB, 9.3 s with 1 GiB (the default); 300,000 rows 9.8 s with
  // 64 MiB.
  void StartCheckpointer() {
    (void)Exec(writer_, "PRAGMA wal_autocheckpoint=0");
    // A 64 MiB page cache for the writer (SQLite's default is 2 MiB): the
    // random-keyed indices (award keys, claim hashes, status slots) of a
    // store with a million credentials no longer fit the default, and each
    // commit read their pages back from the OS and spilled dirty ones to the
    // WAL before it could commit. Bulk issuing of 1,000,000 rows: 214 s with
    // 2 MiB, 204 s with 32 MiB, 187 s with 64 MiB, 179 s with 128 MiB.
    (void)Exec(writer_, "PRAGMA cache_size=-65536");
    (void)Exec(
        writer_,
        ("PRAGMA journal_size_limit=" + std::to_string(wal_limit_)).c_str());
    checkpointer_ = std::thread([this] {
      auto db = OpenConnection(path_, false);
      if (!db.ok()) return;
      std::int64_t page_size = 4096;
      {
        Stmt s(*db, "PRAGMA page_size");
        if (s.ok() && s.Step() == SQLITE_ROW) page_size = s.Int(0);
      }
      std::unique_lock<std::mutex> lock(ck_mu_);
      while (!stopping_) {
        ck_cv_.wait_for(lock, std::chrono::milliseconds(250));
        lock.unlock();
        int frames = 0;
        sqlite3_wal_checkpoint_v2(*db, nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                  &frames, nullptr);
        if (frames * page_size > wal_limit_) {
          // Holding write_mu_ keeps this process's writer out; otherwise a
          // writer that commits back to back (bulk issuing) always takes
          // the lock first and the checkpoint gives up after the busy
          // timeout, again and again, while the WAL grows.
          std::lock_guard<std::mutex> writers(write_mu_);
          sqlite3_wal_checkpoint_v2(*db, nullptr, SQLITE_CHECKPOINT_RESTART,
                                    nullptr, nullptr);
        }
        lock.lock();
      }
      CloseConnection(*db);
    });
  }

  int SchemaVersion() override {
    Reader r(this);
    if (!r.db) return 0;
    Stmt s(r.db, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
    return s.ok() && s.Step() == SQLITE_ROW ? static_cast<int>(s.Int(0)) : 0;
  }

  Result<std::optional<std::string>> GetMeta(const std::string& name) override {
    Reader r(this);
    if (!r.db) return r.status;
    Stmt s(r.db, "SELECT value FROM meta WHERE name = ?");
    s.Bind(1, name);
    int rc = s.Step();
    if (rc == SQLITE_ROW) return std::optional<std::string>(s.Blob(0));
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    return DbError(r.db, "cannot read the store");
  }

  Status PutMeta(const std::string& name, const std::string& value) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    Stmt s(writer_, "INSERT OR REPLACE INTO meta(name, value) VALUES (?, ?)");
    s.Bind(1, name).BindBlob(2, value);
    if (s.Step() != SQLITE_DONE)
      return DbError(writer_, "cannot write the store");
    return Durable();
  }

  Status CreateOrganization(const Organization& org, const SealedKey& key,
                            const Token& token,
                            const std::vector<AuditEvent>& audit) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    Transaction tx(writer_, &wal_);
    if (!tx.begun()) return DbError(writer_, "cannot write the store");
    {
      Stmt s(writer_,
             "INSERT INTO organizations(id, name, did, verification_method, "
             "suspension, created) VALUES (?,?,?,?,?,?)");
      s.Bind(1, org.id)
          .Bind(2, org.name)
          .Bind(3, org.did)
          .Bind(4, org.verification_method)
          .Bind(5, std::int64_t{org.suspension ? 1 : 0})
          .Bind(6, org.created);
      if (s.Step() != SQLITE_DONE) {
        if (IsConstraint(writer_))
          return Status::Error(kAlreadyExists, "an organization with the id " +
                                                   org.id + " or the DID " +
                                                   org.did + " exists already");
        return DbError(writer_, "cannot create the organization");
      }
    }
    {
      Stmt s(writer_,
             "INSERT INTO signing_keys(org_id, key_id, public_key_multibase, "
             "sealed_seed, created, activated) VALUES (?,?,?,?,?,?)");
      s.Bind(1, key.org_id)
          .Bind(2, key.key_id)
          .Bind(3, key.public_key_multibase)
          .BindBlob(4, key.sealed_seed)
          .Bind(5, key.created)
          .Bind(6, key.activated.empty() ? key.created : key.activated);
      if (s.Step() != SQLITE_DONE)
        return DbError(writer_, "cannot store the signing key");
    }
    ANYCRED_RETURN_IF_ERROR(InsertToken(token));
    for (const auto& e : audit)
      ANYCRED_RETURN_IF_ERROR(InsertAudit(writer_, e));
    return tx.Commit();
  }

  Result<Organization> GetOrganization(const std::string& id) override {
    Reader r(this);
    if (!r.db) return r.status;
    Stmt s(r.db, kOrgSelect " WHERE id = ?");
    s.Bind(1, id);
    int rc = s.Step();
    if (rc == SQLITE_ROW) return ReadOrg(s);
    if (rc == SQLITE_DONE)
      return Status::Error(codes::kNotFound, "no organization " + id);
    return DbError(r.db, "cannot read the store");
  }

  Result<std::vector<Organization>> ListOrganizations() override {
    Reader r(this);
    if (!r.db) return r.status;
    Stmt s(r.db, kOrgSelect " ORDER BY created, id");
    std::vector<Organization> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadOrg(s));
    if (rc != SQLITE_DONE) return DbError(r.db, "cannot read the store");
    return out;
  }

  Result<SealedKey> GetSigningKey(const std::string& org_id) override {
    Reader r(this);
    if (!r.db) return r.status;
    Stmt s(r.db, kKeySelect
           " WHERE org_id = ? AND retired IS NULL AND revoked IS NULL");
    s.Bind(1, org_id);
    int rc = s.Step();
    if (rc == SQLITE_DONE)
      return Status::Error(codes::kNotFound, "the organization " + org_id +
                                                 " has no active signing key");
    if (rc != SQLITE_ROW) return DbError(r.db, "cannot read the store");
    return ReadKey(s);
  }

  Result<std::vector<SealedKey>> ListSigningKeys(
      const std::string& org_id) override {
    Reader r(this);
    if (!r.db) return r.status;
    Stmt s(r.db, kKeySelect " WHERE org_id = ? ORDER BY activated, rowid");
    s.Bind(1, org_id);
    std::vector<SealedKey> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadKey(s));
    if (rc != SQLITE_DONE) return DbError(r.db, "cannot read the store");
    return out;
  }

  Status RotateSigningKey(const SealedKey& next,
                          const std::string& verification_method,
                          const std::vector<AuditEvent>& audit) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    Transaction tx(writer_, &wal_);
    if (!tx.begun()) return DbError(writer_, "cannot write the store");
    ANYCRED_RETURN_IF_ERROR(ActivateKey(next, verification_method));
    for (const auto& e : audit)
      ANYCRED_RETURN_IF_ERROR(InsertAudit(writer_, e));
    return tx.Commit();
  }

  Result<KeyRevocationResult> RevokeSigningKey(
      const KeyRevocation& r) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    Transaction tx(writer_, &wal_);
    if (!tx.begun()) return DbError(writer_, "cannot write the store");
    SealedKey key;
    {
      Stmt s(writer_, kKeySelect " WHERE org_id = ? AND key_id = ?");
      s.Bind(1, r.org_id).Bind(2, r.key_id);
      int rc = s.Step();
      if (rc == SQLITE_DONE)
        return Status::Error(codes::kNotFound, "the organization " + r.org_id +
                                                   " has no key " + r.key_id);
      if (rc != SQLITE_ROW) return DbError(writer_, "cannot read the store");
      key = ReadKey(s);
    }
    KeyRevocationResult result;
    result.newly_revoked = key.revoked.empty();
    if (key.active()) {
      if (!r.replacement)
        return Status::Error(codes::kInvalidArgument,
                             "the key " + r.key_id +
                                 " is the active key; a new key must take "
                                 "its place");
      ANYCRED_RETURN_IF_ERROR(
          ActivateKey(*r.replacement, r.replacement_verification_method));
    }
    if (result.newly_revoked) {
      Stmt s(writer_,
             "UPDATE signing_keys SET revoked = ?, retired = COALESCE(retired, "
             "?) WHERE org_id = ? AND key_id = ?");
      s.Bind(1, r.at).Bind(2, r.at).Bind(3, r.org_id).Bind(4, r.key_id);
      if (s.Step() != SQLITE_DONE)
        return DbError(writer_, "cannot revoke the key");
    }
    if (r.revoke_credentials) {
      // Every revocation entry of a credential this key signed that is not
      // set yet.
      std::vector<std::pair<std::string, std::pair<std::string, std::int64_t>>>
          todo;
      {
        Stmt s(writer_,
               "SELECT c.id, s.list_id, s.pos FROM credentials c JOIN "
               "status_entries s ON s.credential_id = c.id JOIN status_lists "
               "l ON l.id = s.list_id WHERE c.org_id = ? AND c.key_id = ? AND "
               "l.purpose = 'revocation' AND s.value = 0 ORDER BY "
               "c.issued_at, c.id");
        s.Bind(1, r.org_id).Bind(2, r.key_id);
        int rc;
        while ((rc = s.Step()) == SQLITE_ROW)
          todo.push_back({s.Text(0), {s.Text(1), s.Int(2)}});
        if (rc != SQLITE_DONE) return DbError(writer_, "cannot read the store");
      }
      Stmt set(writer_,
               "UPDATE status_entries SET value = 1 WHERE list_id = ? AND pos "
               "= ?");
      Stmt bump(writer_,
                "UPDATE status_lists SET version = version + 1 WHERE id = ?");
      for (const auto& [id, slot] : todo) {
        set.Reset();
        set.Bind(1, slot.first).Bind(2, slot.second);
        bump.Reset();
        bump.Bind(1, slot.first);
        if (set.Step() != SQLITE_DONE || bump.Step() != SQLITE_DONE)
          return DbError(writer_, "cannot revoke a credential");
        AuditEvent e{0,
                     r.at,
                     r.org_id,
                     r.actor,
                     "status.revoke",
                     id,
                     "revocation set: signed with the revoked key " + r.key_id};
        ANYCRED_RETURN_IF_ERROR(InsertAudit(writer_, e));
        result.revoked_credentials.push_back(id);
      }
    }
    for (const auto& e : r.audit)
      ANYCRED_RETURN_IF_ERROR(InsertAudit(writer_, e));
    ANYCRED_RETURN_IF_ERROR(tx.Commit());
    return result;
  }

  Status AddToken(const Token& token, const AuditEvent& audit) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    Transaction tx(writer_, &wal_);
    if (!tx.begun()) return DbError(writer_, "cannot write the store");
    ANYCRED_RETURN_IF_ERROR(InsertToken(token));
    ANYCRED_RETURN_IF_ERROR(InsertAudit(writer_, audit));
    return tx.Commit();
  }

  Status RevokeToken(const std::string& org_id, const std::string& token_id,
                     const AuditEvent& audit) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    Transaction tx(writer_, &wal_);
    if (!tx.begun()) return DbError(writer_, "cannot write the store");
    Stmt s(writer_,
           "UPDATE tokens SET revoked = 1 WHERE id = ? AND org_id = ?");
    s.Bind(1, token_id).Bind(2, org_id);
    if (s.Step() != SQLITE_DONE)
      return DbError(writer_, "cannot revoke the token");
    if (sqlite3_changes(writer_) == 0)
      return Status::Error(codes::kNotFound, "the organization " + org_id +
                                                 " has no token " + token_id);
    ANYCRED_RETURN_IF_ERROR(InsertAudit(writer_, audit));
    return tx.Commit();
  }

  Result<Token> FindToken(const std::string& hash) override {
    Reader r(this);
    if (!r.db) return r.status;
    Stmt s(
        r.db,
        "SELECT id, org_id, hash, created, revoked FROM tokens WHERE hash = ?");
    s.BindBlob(1, hash);
    int rc = s.Step();
    if (rc == SQLITE_DONE)
      return Status::Error(codes::kNotFound, "no such token");
    if (rc != SQLITE_ROW) return DbError(r.db, "cannot read the store");
    return Token{s.Text(0), s.Text(1), s.Blob(2), s.Text(3), s.Int(4) != 0};
  }

  Result<std::vector<Token>> ListTokens(const std::string& org_id) override {
    Reader r(this);
    if (!r.db) return r.status;
    Stmt s(r.db,
           "SELECT id, org_id, '', created, revoked FROM tokens WHERE org_id = "
           "? ORDER BY created, id");
    s.Bind(1, org_id);
    std::vector<Token> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW)
      out.push_back(Token{s.Text(0), s.Text(1), "", s.Text(3), s.Int(4) != 0});
    if (rc != SQLITE_DONE) return DbError(r.db, "cannot read the store");
    return out;
  }

  Result<bool> PutAchievement(const Achievement& a,
                              const AuditEvent& audit) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    Transaction tx(writer_, &wal_);
    if (!tx.begun()) return DbError(writer_, "cannot write the store");
    bool created = true;
    {
      Stmt s(writer_, "SELECT org_id FROM achievements WHERE id = ?");
      s.Bind(1, a.id);
      int rc = s.Step();
      if (rc == SQLITE_ROW) {
        if (s.Text(0) != a.org_id)
          return Status::Error(kConflict,
                               "the achievement id " + a.id +
                                   " belongs to another organization");
        created = false;
      } else if (rc != SQLITE_DONE) {
        return DbError(writer_, "cannot read the store");
      }
    }
    Stmt s(writer_,
           "INSERT INTO achievements(id, org_id, json, updated) VALUES "
           "(?,?,?,?) ON CONFLICT(id) DO UPDATE SET json = excluded.json, "
           "updated = excluded.updated WHERE achievements.org_id = "
           "excluded.org_id");
    s.Bind(1, a.id).Bind(2, a.org_id).Bind(3, a.json).Bind(4, a.updated);
    if (s.Step() != SQLITE_DONE)
      return DbError(writer_, "cannot store the achievement");
    ANYCRED_RETURN_IF_ERROR(InsertAudit(writer_, audit));
    ANYCRED_RETURN_IF_ERROR(tx.Commit());
    return created;
  }

  Result<Achievement> GetAchievement(const std::string& id) override {
    Reader r(this);
    if (!r.db) return r.status;
    Stmt s(r.db,
           "SELECT id, org_id, json, updated FROM achievements WHERE id = ?");
    s.Bind(1, id);
    int rc = s.Step();
    if (rc == SQLITE_DONE)
      return Status::Error(codes::kNotFound, "no achievement " + id);
    if (rc != SQLITE_ROW) return DbError(r.db, "cannot read the store");
    return Achievement{s.Text(0), s.Text(1), s.Text(2), s.Text(3)};
  }

  Result<std::vector<StatusSlot>> ReserveStatusIndices(
      const std::string& org_id, const std::string& purpose, std::size_t n,
      std::uint64_t list_size) override {
    std::uint64_t ticket = 0;
    ANYCRED_ASSIGN_OR_RETURN(
        std::vector<StatusSlot> out,
        ReserveUnsynced(org_id, purpose, n, list_size, &ticket));
    // On disk before any index is used (outside the write lock: the next
    // writer goes on meanwhile).
    ANYCRED_RETURN_IF_ERROR(wal_.Sync(ticket));
    return out;
  }

  // Takes the next positions of the organization's open list (opening a
  // new list when it is 7/8 reserved): one row written, whatever n is.
  Result<std::vector<StatusSlot>> ReserveUnsynced(const std::string& org_id,
                                                  const std::string& purpose,
                                                  std::size_t n,
                                                  std::uint64_t list_size,
                                                  std::uint64_t* ticket) {
    std::lock_guard<std::mutex> lock(write_mu_);
    Transaction tx(writer_, &wal_);
    if (!tx.begun()) return DbError(writer_, "cannot write the store");
    std::vector<StatusSlot> out;
    out.reserve(n);
    while (out.size() < n) {
      std::string list_id;
      std::int64_t size = 0, reserved = 0;
      SlotPermutation::Key key{};
      {
        Stmt s(writer_,
               "SELECT id, size, reserved, index_key FROM status_lists WHERE "
               "org_id = ? AND purpose = ? AND open = 1 AND index_key IS NOT "
               "NULL ORDER BY created LIMIT 1");
        s.Bind(1, org_id).Bind(2, purpose);
        int rc = s.Step();
        if (rc == SQLITE_ROW) {
          list_id = s.Text(0);
          size = s.Int(1);
          reserved = s.Int(2);
          if (!SlotPermutation::KeyFromBytes(s.Blob(3), &key))
            return Status::Error(kStoreError, "the status list " + list_id +
                                                  " has a damaged index key");
        } else if (rc != SQLITE_DONE) {
          return DbError(writer_, "cannot read the status lists");
        }
      }
      if (list_id.empty()) {
        list_id = RandomHex(8);
        size = static_cast<std::int64_t>(list_size);
        key = SlotPermutation::NewKey();
        Stmt s(writer_,
               "INSERT INTO status_lists(id, org_id, purpose, size, created, "
               "index_key) VALUES (?,?,?,?,strftime('%Y-%m-%dT%H:%M:%fZ',"
               "'now'),?)");
        s.Bind(1, list_id).Bind(2, org_id).Bind(3, purpose).Bind(4, size);
        s.BindBlob(5, std::string(key.begin(), key.end()));
        if (s.Step() != SQLITE_DONE)
          return DbError(writer_, "cannot create a status list");
      }
      const SlotPermutation perm(key, static_cast<std::uint64_t>(size));
      const std::int64_t limit = size - size / 8;  // keep 1/8 unreserved
      const std::int64_t take = std::min<std::int64_t>(
          static_cast<std::int64_t>(n - out.size()), limit - reserved);
      for (std::int64_t pos = reserved; pos < reserved + take; ++pos)
        out.push_back(StatusSlot{list_id, purpose,
                                 perm.Index(static_cast<std::uint64_t>(pos))});
      reserved += take;
      Stmt upd(writer_,
               "UPDATE status_lists SET reserved = ?, open = ? WHERE id = ?");
      upd.Bind(1, reserved)
          .Bind(2, std::int64_t{reserved < limit})
          .Bind(3, list_id);
      if (upd.Step() != SQLITE_DONE)
        return DbError(writer_, "cannot update the status list");
    }
    ANYCRED_RETURN_IF_ERROR(tx.CommitUnsynced(ticket));
    return out;
  }

  Result<StatusList> GetStatusList(const std::string& org_id,
                                   const std::string& list_id) override {
    Reader r(this);
    if (!r.db) return r.status;
    Stmt s(r.db,
           "SELECT id, org_id, purpose, size, version, created FROM "
           "status_lists WHERE id = ? AND org_id = ?");
    s.Bind(1, list_id).Bind(2, org_id);
    int rc = s.Step();
    if (rc == SQLITE_DONE)
      return Status::Error(codes::kNotFound,
                           "no status list " + org_id + "/" + list_id);
    if (rc != SQLITE_ROW) return DbError(r.db, "cannot read the store");
    return StatusList{s.Text(0), s.Text(1),
                      s.Text(2), static_cast<std::uint64_t>(s.Int(3)),
                      s.Int(4),  s.Text(5)};
  }

  Result<std::vector<std::uint64_t>> StatusListSetIndices(
      const std::string& list_id) override {
    Reader r(this);
    if (!r.db) return r.status;
    Stmt s(r.db,
           "SELECT idx FROM status_entries WHERE list_id = ? AND value = 1 "
           "ORDER BY idx");
    s.Bind(1, list_id);
    std::vector<std::uint64_t> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW)
      out.push_back(static_cast<std::uint64_t>(s.Int(0)));
    if (rc != SQLITE_DONE) return DbError(r.db, "cannot read the store");
    return out;
  }

  Result<bool> SetCredentialStatus(const std::string& org_id,
                                   const std::string& credential_id,
                                   const std::string& purpose, bool value,
                                   const AuditEvent& audit) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    Transaction tx(writer_, &wal_);
    if (!tx.begun()) return DbError(writer_, "cannot write the store");
    std::string list_id;
    std::int64_t pos = 0, current = 0;
    {
      Stmt s(writer_,
             "SELECT s.list_id, s.pos, s.value FROM status_entries s JOIN "
             "status_lists l ON l.id = s.list_id JOIN credentials c ON c.id = "
             "s.credential_id WHERE s.credential_id = ? AND c.org_id = ? AND "
             "l.purpose = ?");
      s.Bind(1, credential_id).Bind(2, org_id).Bind(3, purpose);
      int rc = s.Step();
      if (rc == SQLITE_DONE)
        return Status::Error(codes::kNotFound,
                             "the credential " + credential_id + " has no " +
                                 purpose + " status entry here");
      if (rc != SQLITE_ROW) return DbError(writer_, "cannot read the store");
      list_id = s.Text(0);
      pos = s.Int(1);
      current = s.Int(2);
    }
    if ((current != 0) == value) return false;
    Stmt s(writer_,
           "UPDATE status_entries SET value = ? WHERE list_id = ? AND pos = ?");
    s.Bind(1, std::int64_t{value ? 1 : 0}).Bind(2, list_id).Bind(3, pos);
    if (s.Step() != SQLITE_DONE)
      return DbError(writer_, "cannot set the status");
    Stmt v(writer_,
           "UPDATE status_lists SET version = version + 1 WHERE id = ?");
    v.Bind(1, list_id);
    if (v.Step() != SQLITE_DONE)
      return DbError(writer_, "cannot set the status");
    ANYCRED_RETURN_IF_ERROR(InsertAudit(writer_, audit));
    ANYCRED_RETURN_IF_ERROR(tx.Commit());
    return true;
  }

  // One transaction for the group. The first attempt writes the
  // credentials one after the other without a savepoint each: a savepoint
  // makes SQLite copy every page a credential changes into its statement
  // journal first (about a tenth of bulk recording's time). A credential
  // that is refused before it writes anything (a revoked token, a retired
  // key, a credential id taken) costs nothing. If one fails after it wrote
  // part of itself (an award or a status slot taken by another process),
  // the whole transaction is rolled back and the group recorded again with
  // a savepoint per credential, so that only that credential is left out.
  // The group's fdatasync runs after the write lock is released, so the
  // next group is written meanwhile.
  Result<std::vector<Status>> RecordCredentials(
      const std::vector<IssuedCredential>& batch) override {
    SyncToken ticket = 0;
    auto results = RecordCredentialsUnsynced(batch, &ticket);
    if (results.ok()) ANYCRED_RETURN_IF_ERROR(wal_.Sync(ticket));
    return results;
  }

  Result<std::vector<Status>> RecordCredentialsUnsynced(
      const std::vector<IssuedCredential>& batch, SyncToken* ticket) override {
    *ticket = 0;
    std::lock_guard<std::mutex> lock(write_mu_);
    auto fast = RecordGroup(batch, /*isolate=*/false, ticket);
    if (fast.ok() || fast.status().code() != kIsolate) return fast;
    return RecordGroup(batch, /*isolate=*/true, ticket);
  }

  Status Sync(SyncToken ticket) override { return wal_.Sync(ticket); }

  Result<CredentialRecord> GetCredential(const std::string& id) override {
    Reader r(this);
    if (!r.db) return r.status;
    Stmt s(r.db,
           "SELECT id, org_id, achievement_id, issued_at, json, "
           "COALESCE(key_id, '') FROM credentials "
           "WHERE id = ?");
    s.Bind(1, id);
    int rc = s.Step();
    if (rc == SQLITE_DONE)
      return Status::Error(codes::kNotFound, "no credential " + id);
    if (rc != SQLITE_ROW) return DbError(r.db, "cannot read the store");
    CredentialRecord rec{s.Text(0), s.Text(1), s.Text(2), s.Text(3),
                         s.Text(4), {},        s.Text(5)};
    ANYCRED_RETURN_IF_ERROR(ReadEntries(r.db, &rec));
    return rec;
  }

  Result<std::vector<CredentialRecord>> ListCredentials(
      const std::string& org_id) override {
    Reader r(this);
    if (!r.db) return r.status;
    Stmt s(r.db,
           "SELECT id, org_id, achievement_id, issued_at, json, "
           "COALESCE(key_id, '') FROM credentials "
           "WHERE org_id = ? ORDER BY issued_at, id");
    s.Bind(1, org_id);
    std::vector<CredentialRecord> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW)
      out.push_back({s.Text(0),
                     s.Text(1),
                     s.Text(2),
                     s.Text(3),
                     s.Text(4),
                     {},
                     s.Text(5)});
    if (rc != SQLITE_DONE) return DbError(r.db, "cannot read the store");
    for (auto& rec : out) ANYCRED_RETURN_IF_ERROR(ReadEntries(r.db, &rec));
    return out;
  }

  Result<std::pair<Batch, bool>> CreateBatch(const Batch& b,
                                             const AuditEvent& audit) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    Transaction tx(writer_, &wal_);
    if (!tx.begun()) return DbError(writer_, "cannot write the store");
    Stmt s(writer_,
           "INSERT INTO batches (id, org_id, achievement_id, source_sha256, "
           "options, rows, valid_rows, state, created, updated) VALUES "
           "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING");
    s.Bind(1, b.id)
        .Bind(2, b.org_id)
        .Bind(3, b.achievement_id)
        .Bind(4, b.source_sha256)
        .Bind(5, b.options)
        .Bind(6, static_cast<std::int64_t>(b.rows))
        .Bind(7, static_cast<std::int64_t>(b.valid_rows))
        .Bind(8, b.state)
        .Bind(9, b.created)
        .Bind(10, b.updated);
    if (s.Step() != SQLITE_DONE)
      return DbError(writer_, "cannot record the batch");
    bool created = sqlite3_changes(writer_) == 1;
    if (created) ANYCRED_RETURN_IF_ERROR(InsertAudit(writer_, audit));
    ANYCRED_ASSIGN_OR_RETURN(Batch stored, ReadBatch(writer_, b.id));
    ANYCRED_RETURN_IF_ERROR(tx.Commit());
    return std::make_pair(std::move(stored), created);
  }

  Result<Batch> GetBatch(const std::string& id) override {
    Reader r(this);
    if (!r.db) return r.status;
    return ReadBatch(r.db, id);
  }

  Status SetBatchState(const std::string& id, const std::string& state,
                       const std::string& updated,
                       const AuditEvent& audit) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    Transaction tx(writer_, &wal_);
    if (!tx.begun()) return DbError(writer_, "cannot write the store");
    Stmt s(writer_, "UPDATE batches SET state = ?, updated = ? WHERE id = ?");
    s.Bind(1, state).Bind(2, updated).Bind(3, id);
    if (s.Step() != SQLITE_DONE)
      return DbError(writer_, "cannot update the batch");
    if (sqlite3_changes(writer_) != 1)
      return Status::Error(codes::kNotFound, "no batch " + id);
    if (!audit.action.empty())
      ANYCRED_RETURN_IF_ERROR(InsertAudit(writer_, audit));
    return tx.Commit();
  }

  Result<std::vector<Award>> FindAwards(
      const std::string& achievement_id,
      const std::vector<std::string>& award_keys) override {
    Reader r(this);
    if (!r.db) return r.status;
    Stmt s(r.db,
           "SELECT award_key, credential_id, COALESCE(batch_id, ''), "
           "COALESCE(row_number, 0), COALESCE(claim_id, '') FROM awards "
           "WHERE achievement_id = ? AND award_key = ?");
    std::vector<Award> out;
    for (const auto& key : award_keys) {
      s.Reset();
      s.Bind(1, achievement_id).Bind(2, key);
      int rc = s.Step();
      if (rc == SQLITE_ROW) {
        out.push_back(Award{achievement_id, s.Text(0), s.Text(1), s.Text(2),
                            static_cast<std::uint64_t>(s.Int(3)), s.Text(4)});
      } else if (rc != SQLITE_DONE) {
        return DbError(r.db, "cannot read the store");
      }
    }
    return out;
  }

  Result<std::uint64_t> CountBatchAwards(const std::string& batch_id) override {
    Reader r(this);
    if (!r.db) return r.status;
    Stmt s(r.db, "SELECT COUNT(*) FROM awards WHERE batch_id = ?");
    s.Bind(1, batch_id);
    if (s.Step() != SQLITE_ROW) return DbError(r.db, "cannot read the store");
    return static_cast<std::uint64_t>(s.Int(0));
  }

  Status ForEachBatchAward(
      const std::string& batch_id,
      const std::function<Status(const Award&, const std::string&)>& fn)
      override {
    Reader r(this);
    if (!r.db) return r.status;
    Stmt s(r.db,
           "SELECT a.achievement_id, a.award_key, a.credential_id, "
           "a.row_number, COALESCE(a.claim_id, ''), c.json FROM awards a "
           "JOIN credentials c ON c.id = a.credential_id WHERE a.batch_id = ? "
           "ORDER BY a.row_number");
    s.Bind(1, batch_id);
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      Award a{s.Text(0),
              s.Text(1),
              s.Text(2),
              batch_id,
              static_cast<std::uint64_t>(s.Int(3)),
              s.Text(4)};
      ANYCRED_RETURN_IF_ERROR(fn(a, s.Text(5)));
    }
    if (rc != SQLITE_DONE) return DbError(r.db, "cannot read the store");
    return Status::Ok();
  }

  Status AppendAudit(const AuditEvent& event) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    ANYCRED_RETURN_IF_ERROR(InsertAudit(writer_, event));
    return Durable();
  }

  Result<std::vector<AuditEvent>> ListAudit(
      const std::string& org_id) override {
    Reader r(this);
    if (!r.db) return r.status;
    Stmt s(r.db,
           "SELECT seq, at, COALESCE(org_id,''), actor, action, "
           "COALESCE(subject,''), COALESCE(detail,'') FROM audit_log WHERE "
           "org_id = ? ORDER BY seq");
    s.Bind(1, org_id);
    std::vector<AuditEvent> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW)
      out.push_back(AuditEvent{s.Int(0), s.Text(1), s.Text(2), s.Text(3),
                               s.Text(4), s.Text(5), s.Text(6)});
    if (rc != SQLITE_DONE) return DbError(r.db, "cannot read the store");
    return out;
  }

  Status AddClaim(const Claim& c, const AuditEvent& audit) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    Transaction tx(writer_, &wal_);
    if (!tx.begun()) return DbError(writer_, "cannot write the store");
    ANYCRED_RETURN_IF_ERROR(InsertClaim(c));
    ANYCRED_RETURN_IF_ERROR(InsertAudit(writer_, audit));
    return tx.Commit();
  }

  Result<Claim> FindClaim(const std::string& hash) override {
    Reader r(this);
    if (!r.db) return r.status;
    Stmt s(r.db,
           "SELECT id, org_id, achievement_id, hash, request, created, "
           "expires, COALESCE(challenge,''), COALESCE(challenge_expires,''), "
           "COALESCE(used_at,''), COALESCE(credential_id,'') FROM claims "
           "WHERE hash = ?");
    s.BindBlob(1, hash);
    int rc = s.Step();
    if (rc == SQLITE_DONE)
      return Status::Error(codes::kNotFound, "no such claim");
    if (rc != SQLITE_ROW) return DbError(r.db, "cannot read the store");
    return Claim{s.Text(0), s.Text(1), s.Text(2), s.Blob(3),
                 s.Text(4), s.Text(5), s.Text(6), s.Text(7),
                 s.Text(8), s.Text(9), s.Text(10)};
  }

  Status SetClaimChallenge(const std::string& claim_id,
                           const std::string& challenge,
                           const std::string& expires) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    Stmt s(writer_,
           "UPDATE claims SET challenge = ?, challenge_expires = ? WHERE id = "
           "?");
    s.Bind(1, challenge).Bind(2, expires).Bind(3, claim_id);
    if (s.Step() != SQLITE_DONE)
      return DbError(writer_, "cannot record the challenge");
    if (sqlite3_changes(writer_) == 0)
      return Status::Error(codes::kNotFound, "no claim " + claim_id);
    return Durable();
  }

  Status UseClaim(const std::string& claim_id, const std::string& credential_id,
                  const std::string& at, const AuditEvent& audit) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    Transaction tx(writer_, &wal_);
    if (!tx.begun()) return DbError(writer_, "cannot write the store");
    Stmt s(writer_,
           "UPDATE claims SET used_at = ?, credential_id = ?, challenge = "
           "NULL WHERE id = ? AND used_at IS NULL");
    s.Bind(1, at).Bind(2, credential_id).Bind(3, claim_id);
    if (s.Step() != SQLITE_DONE)
      return DbError(writer_, "cannot record the claim");
    if (sqlite3_changes(writer_) == 0) {
      Stmt e(writer_, "SELECT 1 FROM claims WHERE id = ?");
      e.Bind(1, claim_id);
      if (e.Step() != SQLITE_ROW)
        return Status::Error(codes::kNotFound, "no claim " + claim_id);
      return Status::Error(kConflict,
                           "the claim " + claim_id + " has been used already");
    }
    ANYCRED_RETURN_IF_ERROR(InsertAudit(writer_, audit));
    return tx.Commit();
  }

  Status ReleaseClaim(const std::string& claim_id,
                      const std::string& credential_id) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    Stmt s(writer_,
           "UPDATE claims SET used_at = NULL, credential_id = NULL WHERE id = "
           "? AND credential_id = ?");
    s.Bind(1, claim_id).Bind(2, credential_id);
    if (s.Step() != SQLITE_DONE)
      return DbError(writer_, "cannot release the claim");
    return Durable();
  }

 private:
  // After a write on writer_ outside a Transaction (an autocommit
  // statement; write_mu_ held): waits until it is on disk.
  Status Durable() { return wal_.Sync(wal_.Committed()); }

  static SealedKey ReadKey(const Stmt& s) {
    return SealedKey{s.Text(0), s.Text(1), s.Text(2), s.Blob(3),
                     s.Text(4), s.Text(5), s.Text(6), s.Text(7)};
  }

  // Within a write transaction: retires the active key at next.activated
  // and stores `next` as the active key.
  Status ActivateKey(const SealedKey& next, const std::string& vm) {
    {
      Stmt s(writer_,
             "UPDATE signing_keys SET retired = ? WHERE org_id = ? AND "
             "retired IS NULL AND revoked IS NULL");
      s.Bind(1, next.activated).Bind(2, next.org_id);
      if (s.Step() != SQLITE_DONE)
        return DbError(writer_, "cannot retire the signing key");
    }
    {
      Stmt s(writer_,
             "UPDATE organizations SET verification_method = ? WHERE id = ?");
      s.Bind(1, vm).Bind(2, next.org_id);
      if (s.Step() != SQLITE_DONE)
        return DbError(writer_, "cannot update the organization");
      if (sqlite3_changes(writer_) == 0)
        return Status::Error(codes::kNotFound,
                             "no organization " + next.org_id);
    }
    Stmt s(writer_,
           "INSERT INTO signing_keys(org_id, key_id, public_key_multibase, "
           "sealed_seed, created, activated) VALUES (?,?,?,?,?,?)");
    s.Bind(1, next.org_id)
        .Bind(2, next.key_id)
        .Bind(3, next.public_key_multibase)
        .BindBlob(4, next.sealed_seed)
        .Bind(5, next.created)
        .Bind(6, next.activated);
    if (s.Step() != SQLITE_DONE) {
      if (IsConstraint(writer_))
        return Status::Error(kConflict,
                             "the organization " + next.org_id +
                                 " already has a key " + next.key_id +
                                 " (another rotation ran at the same time)");
      return DbError(writer_, "cannot store the signing key");
    }
    return Status::Ok();
  }

  static Organization ReadOrg(const Stmt& s) {
    return Organization{s.Text(0), s.Text(1),     s.Text(2),
                        s.Text(3), s.Int(4) != 0, s.Text(5)};
  }

  // A read connection borrowed from the pool for one call.
  struct Reader {
    explicit Reader(SqliteStore* store) : store_(store) {
      {
        std::lock_guard<std::mutex> lock(store->read_mu_);
        if (!store->readers_.empty()) {
          db = store->readers_.back();
          store->readers_.pop_back();
          return;
        }
      }
      auto opened = OpenConnection(store->path_, false);
      if (opened.ok()) {
        db = *opened;
      } else {
        status = opened.status();
      }
    }
    ~Reader() {
      if (!db) return;
      std::lock_guard<std::mutex> lock(store_->read_mu_);
      store_->readers_.push_back(db);
    }
    SqliteStore* store_;
    sqlite3* db = nullptr;
    Status status;
  };

  Status InsertToken(const Token& token) {
    Stmt s(writer_,
           "INSERT INTO tokens(id, org_id, hash, created, revoked) VALUES "
           "(?,?,?,?,0)");
    s.Bind(1, token.id)
        .Bind(2, token.org_id)
        .BindBlob(3, token.hash)
        .Bind(4, token.created);
    if (s.Step() != SQLITE_DONE)
      return DbError(writer_, "cannot store the token");
    return Status::Ok();
  }

  // Not a store code: RecordGroup without isolation met a credential that
  // failed half-written; RecordCredentials retries with isolation.
  static constexpr const char* kIsolate = "ISOLATE";

  // RecordCredentials' transaction (write_mu_ held), committed but not
  // synced (*ticket). With `isolate`, each
  // credential is written inside a savepoint and a failed one is undone
  // alone; without, a failure after the credential's first write returns
  // kIsolate (the transaction rolled back).
  Result<std::vector<Status>> RecordGroup(
      const std::vector<IssuedCredential>& batch, bool isolate,
      std::uint64_t* ticket) {
    Transaction tx(writer_, &wal_);
    if (!tx.begun()) return DbError(writer_, "cannot write the store");
    Stmt ins(writer_,
             "INSERT INTO credentials(id, org_id, achievement_id, issued_at, "
             "json, key_id) VALUES (?,?,?,?,?,?)");
    EntryWriter use{
        Stmt(writer_,
             "SELECT size, reserved, index_key FROM status_lists WHERE id = ?"),
        Stmt(writer_,
             "INSERT INTO status_entries(list_id, pos, idx, credential_id) "
             "VALUES (?,?,?,?)"),
        {}};
    Stmt audit(writer_,
               "INSERT INTO audit_log(at, org_id, actor, action, subject, "
               "detail) VALUES (?,?,?,?,?,?)");
    Checks checks{
        Stmt(writer_,
             "SELECT 1 FROM tokens WHERE id = ? AND org_id = ? AND revoked = "
             "0"),
        Stmt(writer_,
             "SELECT 1 FROM signing_keys WHERE org_id = ? AND key_id = ? AND "
             "retired IS NULL AND revoked IS NULL")};
    if (!ins.ok() || !use.list.ok() || !use.insert.ok() || !audit.ok() ||
        !checks.token.ok() || !checks.key.ok())
      return DbError(writer_, "cannot record credentials");
    std::vector<Status> results;
    results.reserve(batch.size());
    for (const auto& c : batch) {
      if (isolate) ANYCRED_RETURN_IF_ERROR(Run(writer_, "SAVEPOINT one"));
      Status st = CheckStillValid(c, checks);
      bool wrote = false;
      if (st.ok()) st = RecordOne(c, ins, use, audit, &wrote);
      if (isolate) {
        if (!st.ok()) ANYCRED_RETURN_IF_ERROR(Run(writer_, "ROLLBACK TO one"));
        ANYCRED_RETURN_IF_ERROR(Run(writer_, "RELEASE one"));
      }
      if (st.code() == kStoreError) return st;
      if (!st.ok() && wrote && !isolate)
        return Status::Error(kIsolate, st.message());
      results.push_back(st);
    }
    ANYCRED_RETURN_IF_ERROR(tx.CommitUnsynced(ticket));
    return results;
  }

  // RecordCredentials' checks of IssuedCredential::token_id and
  // key_must_be_active.
  struct Checks {
    Stmt token;  // ? = token id, org id
    Stmt key;    // ? = org id, key id
  };
  Status CheckStillValid(const IssuedCredential& c, Checks& checks) {
    if (!c.token_id.empty()) {
      checks.token.Reset();
      checks.token.Bind(1, c.token_id).Bind(2, c.org_id);
      int rc = checks.token.Step();
      if (rc == SQLITE_DONE)
        return Status::Error(
            kTokenRevoked, "the API token " + c.token_id + " has been revoked");
      if (rc != SQLITE_ROW) return DbError(writer_, "cannot read the token");
    }
    if (c.key_must_be_active) {
      checks.key.Reset();
      checks.key.Bind(1, c.org_id).Bind(2, c.key_id);
      int rc = checks.key.Step();
      if (rc == SQLITE_DONE)
        return Status::Error(kKeyNotActive, "the signing key " + c.key_id +
                                                " of " + c.org_id +
                                                " is no longer the active key");
      if (rc != SQLITE_ROW)
        return DbError(writer_, "cannot read the signing key");
    }
    return Status::Ok();
  }

  // Writes a credential's status entries: the list's permutation and how
  // many positions it handed out, read once per list and transaction.
  struct EntryWriter {
    Stmt list;
    Stmt insert;
    struct List {
      std::optional<SlotPermutation> perm;  // none: a list from before
      std::int64_t reserved = 0;
    };
    std::map<std::string, List> lists;
  };

  // Status entry `slot` of credential `id`: CONFLICT unless the slot was
  // reserved (its position is below the list's count) and is unused (the
  // position's row is new).
  Status WriteEntry(const std::string& id, const StatusSlot& slot,
                    EntryWriter& w) {
    auto it = w.lists.find(slot.list_id);
    if (it == w.lists.end()) {
      w.list.Reset();
      w.list.Bind(1, slot.list_id);
      EntryWriter::List l;
      int rc = w.list.Step();
      if (rc == SQLITE_ROW) {
        SlotPermutation::Key key;
        if (SlotPermutation::KeyFromBytes(w.list.Blob(2), &key))
          l.perm.emplace(key, static_cast<std::uint64_t>(w.list.Int(0)));
        l.reserved = w.list.Int(1);
      } else if (rc != SQLITE_DONE) {
        return DbError(writer_, "cannot read the status lists");
      }
      it = w.lists.emplace(slot.list_id, std::move(l)).first;
    }
    const EntryWriter::List& l = it->second;
    // The message is built only for a refusal (this runs per credential).
    auto refused = [&slot](const char* why) {
      return Status::Error(kConflict, "status index " + slot.list_id + "#" +
                                          std::to_string(slot.index) + why);
    };
    if (!l.perm || slot.index >= l.perm->size())
      return refused(" was not reserved");
    const std::uint64_t pos = l.perm->Position(slot.index);
    if (static_cast<std::int64_t>(pos) >= l.reserved)
      return refused(" was not reserved");
    w.insert.Reset();
    w.insert.Bind(1, slot.list_id)
        .Bind(2, static_cast<std::int64_t>(pos))
        .Bind(3, static_cast<std::int64_t>(slot.index))
        .Bind(4, id);
    if (w.insert.Step() != SQLITE_DONE) {
      if (IsConstraint(writer_)) return refused(" is in use");
      return DbError(writer_, "cannot record the status entry");
    }
    return Status::Ok();
  }

  // `*wrote` tells whether anything of `c` was written when it fails: a
  // statement that fails is undone by SQLite itself, so a refused
  // credential insert leaves nothing behind.
  Status RecordOne(const IssuedCredential& c, Stmt& ins, EntryWriter& use,
                   Stmt& audit, bool* wrote) {
    ins.Reset();
    ins.Bind(1, c.id)
        .Bind(2, c.org_id)
        .BindNullable(3, c.achievement_id)
        .Bind(4, c.issued_at)
        .Bind(5, c.json)
        .BindNullable(6, c.key_id);
    if (ins.Step() != SQLITE_DONE) {
      if (IsConstraint(writer_))
        return Status::Error(kAlreadyExists,
                             "a credential with the id " + c.id + " exists");
      return DbError(writer_, "cannot record the credential");
    }
    *wrote = true;
    for (const auto& slot : c.status)
      ANYCRED_RETURN_IF_ERROR(WriteEntry(c.id, slot, use));
    if (c.claim) ANYCRED_RETURN_IF_ERROR(InsertClaim(*c.claim));
    if (c.award) ANYCRED_RETURN_IF_ERROR(InsertAward(*c.award));
    const AuditEvent& e = c.audit;
    audit.Reset();
    audit.Bind(1, e.at)
        .BindNullable(2, e.org_id)
        .Bind(3, e.actor)
        .Bind(4, e.action)
        .BindNullable(5, e.subject)
        .BindNullable(6, e.detail);
    if (audit.Step() != SQLITE_DONE)
      return DbError(writer_, "cannot append to the audit log");
    return Status::Ok();
  }

  Status InsertClaim(const Claim& c) {
    Stmt s(writer_,
           "INSERT INTO claims (id, org_id, achievement_id, hash, request, "
           "created, expires) VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.Bind(1, c.id)
        .Bind(2, c.org_id)
        .Bind(3, c.achievement_id)
        .BindBlob(4, c.hash)
        .Bind(5, c.request)
        .Bind(6, c.created)
        .Bind(7, c.expires);
    int rc = s.Step();
    if (rc == SQLITE_CONSTRAINT)
      return Status::Error(kAlreadyExists, "the claim " + c.id + " exists");
    if (rc != SQLITE_DONE) return DbError(writer_, "cannot record the claim");
    return Status::Ok();
  }

  Status InsertAward(const Award& a) {
    Stmt s(writer_,
           "INSERT INTO awards (achievement_id, award_key, credential_id, "
           "batch_id, row_number, claim_id) VALUES (?, ?, ?, ?, ?, ?)");
    s.Bind(1, a.achievement_id)
        .Bind(2, a.award_key)
        .Bind(3, a.credential_id)
        .BindNullable(4, a.batch_id)
        .Bind(5, static_cast<std::int64_t>(a.row))
        .BindNullable(6, a.claim_id);
    int rc = s.Step();
    if (rc == SQLITE_CONSTRAINT)
      return Status::Error(kAlreadyExists,
                           "the achievement " + a.achievement_id +
                               " was awarded already for this recipient");
    if (rc != SQLITE_DONE) return DbError(writer_, "cannot record the award");
    return Status::Ok();
  }

  Result<Batch> ReadBatch(sqlite3* db, const std::string& id) {
    Stmt s(db,
           "SELECT id, org_id, achievement_id, source_sha256, options, rows, "
           "valid_rows, state, created, updated FROM batches WHERE id = ?");
    s.Bind(1, id);
    int rc = s.Step();
    if (rc == SQLITE_DONE)
      return Status::Error(codes::kNotFound, "no batch " + id);
    if (rc != SQLITE_ROW) return DbError(db, "cannot read the store");
    return Batch{s.Text(0),
                 s.Text(1),
                 s.Text(2),
                 s.Text(3),
                 s.Text(4),
                 static_cast<std::uint64_t>(s.Int(5)),
                 static_cast<std::uint64_t>(s.Int(6)),
                 s.Text(7),
                 s.Text(8),
                 s.Text(9)};
  }

  Status ReadEntries(sqlite3* db, CredentialRecord* rec) {
    Stmt s(db,
           "SELECT s.list_id, l.purpose, s.idx, s.value FROM status_entries "
           "s JOIN status_lists l ON l.id = s.list_id WHERE s.credential_id = "
           "? ORDER BY l.purpose");
    s.Bind(1, rec->id);
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW)
      rec->status.push_back(
          StatusEntry{StatusSlot{s.Text(0), s.Text(1),
                                 static_cast<std::uint64_t>(s.Int(2))},
                      s.Int(3) != 0});
    if (rc != SQLITE_DONE) return DbError(db, "cannot read the store");
    return Status::Ok();
  }

  std::string path_;
  const std::int64_t wal_limit_;
  WalSync wal_{path_};
  std::mutex write_mu_;
  sqlite3* writer_;
  std::mutex read_mu_;
  std::vector<sqlite3*> readers_;
  std::mutex ck_mu_;
  std::condition_variable ck_cv_;
  bool stopping_ = false;
  std::thread checkpointer_;
};

}  // namespace

int LatestSchemaVersion() {
  return static_cast<int>(SqliteMigrations().size());
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               bool create,
                                               const SqliteOptions& options) {
  if (!create) {
    struct stat st;
    if (stat(path.c_str(), &st) != 0)
      return Status::Error(codes::kNotFound,
                           "no issuer store at " + path +
                               " (create one with `anycred-issuer init`)");
  }
  ANYCRED_ASSIGN_OR_RETURN(sqlite3 * db, OpenConnection(path, create));
  if (create) chmod(path.c_str(), 0600);
  // The writer leaves the WAL's fsync to WalSync (wal_sync.h): every write
  // method still returns only once its commit is on disk.
  if (Status st = Exec(db, "PRAGMA synchronous=NORMAL"); !st.ok()) {
    CloseConnection(db);
    return st.WithContext("cannot configure the store " + path);
  }
  auto store = std::make_unique<SqliteStore>(path, db, options);
  ANYCRED_RETURN_IF_ERROR(store->Migrate());
  store->StartCheckpointer();
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace anycred::issuer::store
