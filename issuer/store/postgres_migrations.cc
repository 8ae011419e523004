#include "issuer/store/postgres_migrations.h"

namespace anycred::issuer::store {

namespace {

// 1: organizations, sealed keys, token hashes, achievements, status lists
// and their slots, issued credentials, the append-only audit log. Triggers
// refuse to delete a status slot and to change, delete or truncate the
// audit log, whoever connects.
constexpr const char* kMigration1 = R"sql(
CREATE TABLE meta (
  name  TEXT PRIMARY KEY,
  value BYTEA NOT NULL
);
CREATE TABLE organizations (
  id                  TEXT PRIMARY KEY,
  name                TEXT NOT NULL,
  did                 TEXT NOT NULL UNIQUE,
  verification_method TEXT NOT NULL,
  suspension          BOOLEAN NOT NULL DEFAULT FALSE,
  created             TEXT NOT NULL
);
CREATE TABLE signing_keys (
  org_id               TEXT NOT NULL REFERENCES organizations(id),
  key_id               TEXT NOT NULL,
  public_key_multibase TEXT NOT NULL,
  sealed_seed          BYTEA NOT NULL,
  created              TEXT NOT NULL,
  PRIMARY KEY (org_id, key_id)
);
CREATE TABLE tokens (
  id      TEXT PRIMARY KEY,
  org_id  TEXT NOT NULL REFERENCES organizations(id),
  hash    BYTEA NOT NULL UNIQUE,
  created TEXT NOT NULL,
  revoked BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE achievements (
  id      TEXT PRIMARY KEY,
  org_id  TEXT NOT NULL REFERENCES organizations(id),
  json    TEXT NOT NULL,
  updated TEXT NOT NULL
);
CREATE TABLE status_lists (
  id       TEXT PRIMARY KEY,
  org_id   TEXT NOT NULL REFERENCES organizations(id),
  purpose  TEXT NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
  size     BIGINT NOT NULL CHECK (size >= 131072),
  reserved BIGINT NOT NULL DEFAULT 0,
  open     BOOLEAN NOT NULL DEFAULT TRUE,
  version  BIGINT NOT NULL DEFAULT 0,
  created  TEXT NOT NULL
);
CREATE INDEX status_lists_open ON status_lists (org_id, purpose, open);
CREATE TABLE credentials (
  id             TEXT PRIMARY KEY,
  org_id         TEXT NOT NULL REFERENCES organizations(id),
  achievement_id TEXT,
  issued_at      TEXT NOT NULL,
  json           TEXT NOT NULL
);
CREATE INDEX credentials_org ON credentials (org_id, issued_at);
CREATE TABLE status_slots (
  list_id       TEXT NOT NULL REFERENCES status_lists(id),
  idx           BIGINT NOT NULL CHECK (idx >= 0),
  credential_id TEXT REFERENCES credentials(id),
  value         SMALLINT NOT NULL DEFAULT 0 CHECK (value IN (0, 1)),
  PRIMARY KEY (list_id, idx)
);
CREATE INDEX status_slots_credential ON status_slots (credential_id);
CREATE FUNCTION anycred_status_slots_keep() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'status indices are never released'; END $$;
CREATE TRIGGER status_slots_keep BEFORE DELETE ON status_slots
  FOR EACH ROW EXECUTE FUNCTION anycred_status_slots_keep();
CREATE TRIGGER status_slots_keep_truncate BEFORE TRUNCATE ON status_slots
  FOR EACH STATEMENT EXECUTE FUNCTION anycred_status_slots_keep();
CREATE TABLE audit_log (
  seq     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at      TEXT NOT NULL,
  org_id  TEXT,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  subject TEXT,
  detail  TEXT
);
CREATE INDEX audit_org ON audit_log (org_id, seq);
CREATE FUNCTION anycred_audit_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION anycred_audit_append_only();
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION anycred_audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION anycred_audit_append_only();
)sql";

// 2: key history (see sqlite_migrations.cc). `seq` orders keys activated
// at the same instant, as SQLite's rowid does.
constexpr const char* kMigrationKeyHistory = R"sql(
ALTER TABLE signing_keys ADD COLUMN activated TEXT;
ALTER TABLE signing_keys ADD COLUMN retired TEXT;
ALTER TABLE signing_keys ADD COLUMN revoked TEXT;
ALTER TABLE signing_keys ADD COLUMN seq BIGINT GENERATED ALWAYS AS IDENTITY;
UPDATE signing_keys SET activated = created;
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys (org_id)
  WHERE retired IS NULL AND revoked IS NULL;
ALTER TABLE credentials ADD COLUMN key_id TEXT;
UPDATE credentials SET key_id = (
  SELECT k.key_id FROM signing_keys k WHERE k.org_id = credentials.org_id
  ORDER BY k.created, k.key_id LIMIT 1);
CREATE INDEX credentials_key ON credentials (org_id, key_id);
)sql";

// 3: claim links (see sqlite_migrations.cc).
constexpr const char* kMigrationClaims = R"sql(
CREATE TABLE claims (
  id                TEXT PRIMARY KEY,
  org_id            TEXT NOT NULL REFERENCES organizations(id),
  achievement_id    TEXT NOT NULL,
  hash              BYTEA NOT NULL UNIQUE,
  request           TEXT NOT NULL,
  created           TEXT NOT NULL,
  expires           TEXT NOT NULL,
  challenge         TEXT,
  challenge_expires TEXT,
  used_at           TEXT,
  credential_id     TEXT
);
CREATE INDEX claims_org ON claims (org_id, created);
)sql";

// 4: bulk awards (see sqlite_migrations.cc): the primary key of `awards`
// makes an achievement awarded at most once per award key, whichever
// process records it first.
constexpr const char* kMigrationBatches = R"sql(
CREATE TABLE batches (
  id             TEXT PRIMARY KEY,
  org_id         TEXT NOT NULL REFERENCES organizations(id),
  achievement_id TEXT NOT NULL,
  source_sha256  TEXT NOT NULL,
  options        TEXT NOT NULL,
  rows           BIGINT NOT NULL,
  valid_rows     BIGINT NOT NULL,
  state          TEXT NOT NULL CHECK (state IN ('issuing', 'done')),
  created        TEXT NOT NULL,
  updated        TEXT NOT NULL
);
CREATE INDEX batches_org ON batches (org_id, created);
CREATE TABLE awards (
  achievement_id TEXT NOT NULL,
  award_key      TEXT NOT NULL,
  credential_id  TEXT NOT NULL REFERENCES credentials(id),
  batch_id       TEXT REFERENCES batches(id),
  row_number     BIGINT,
  claim_id       TEXT,
  PRIMARY KEY (achievement_id, award_key)
);
CREATE INDEX awards_batch ON awards (batch_id, row_number);
)sql";

// 5: the index from a credential to its status slots holds used slots
// only (see sqlite_migrations.cc).
constexpr const char* kMigrationUsedSlots = R"sql(
DROP INDEX status_slots_credential;
CREATE INDEX status_slots_credential ON status_slots (credential_id)
  WHERE credential_id IS NOT NULL;
)sql";

// 6: status entries by position (issuer/store/slot_permutation.h; see
// sqlite_migrations.cc). A list made from now on has a secret `index_key`
// and hands out its indices in the order of a keyed pseudorandom
// permutation; `reserved` counts the positions handed out, so a
// reservation updates one row however many indices it takes. A
// credential's entries are rows of `status_entries` keyed by (list,
// position): positions grow with time, so recording an entry appends to
// the primary key instead of updating a random `status_slots` row. Lists
// made before have no key: they take no more reservations, and their used
// slots move to `status_entries` under the negative position -1 - idx
// (never a permutation position). Their reserved, unused rows stay in
// `status_slots`, which is no longer written. Triggers refuse to delete or
// truncate an entry, with the function that guards `status_slots`.
constexpr const char* kMigrationStatusEntries = R"sql(
ALTER TABLE status_lists ADD COLUMN index_key BYTEA;
UPDATE status_lists SET open = FALSE;
CREATE TABLE status_entries (
  list_id       TEXT NOT NULL REFERENCES status_lists(id),
  pos           BIGINT NOT NULL,
  idx           BIGINT NOT NULL CHECK (idx >= 0),
  credential_id TEXT NOT NULL REFERENCES credentials(id),
  value         SMALLINT NOT NULL DEFAULT 0 CHECK (value IN (0, 1)),
  PRIMARY KEY (list_id, pos)
);
INSERT INTO status_entries (list_id, pos, idx, credential_id, value)
  SELECT list_id, -1 - idx, idx, credential_id, value FROM status_slots
  WHERE credential_id IS NOT NULL;
CREATE INDEX status_entries_credential ON status_entries (credential_id);
CREATE TRIGGER status_entries_keep BEFORE DELETE ON status_entries
  FOR EACH ROW EXECUTE FUNCTION anycred_status_slots_keep();
CREATE TRIGGER status_entries_keep_truncate BEFORE TRUNCATE ON status_entries
  FOR EACH STATEMENT EXECUTE FUNCTION anycred_status_slots_keep();
DROP INDEX status_slots_credential;
)sql";

}  // namespace

const std::vector<const char*>& PostgresMigrations() {
  static const std::vector<const char*> kAll = {
      kMigration1,       kMigrationKeyHistory, kMigrationClaims,
      kMigrationBatches, kMigrationUsedSlots,  kMigrationStatusEntries};
  return kAll;
}

}  // namespace anycred::issuer::store
