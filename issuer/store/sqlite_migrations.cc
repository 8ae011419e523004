#include "issuer/store/sqlite_migrations.h"

namespace anycred::issuer::store {

namespace {

// 1: organizations, sealed keys, token hashes, achievements, status lists
// and their slots, issued credentials, the append-only audit log.
constexpr const char* kMigration1 = R"sql(
CREATE TABLE meta (
  name  TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
CREATE TABLE organizations (
  id                  TEXT PRIMARY KEY,
  name                TEXT NOT NULL,
  did                 TEXT NOT NULL UNIQUE,
  verification_method TEXT NOT NULL,
  suspension          INTEGER NOT NULL DEFAULT 0,
  created             TEXT NOT NULL
);
CREATE TABLE signing_keys (
  org_id               TEXT NOT NULL REFERENCES organizations(id),
  key_id               TEXT NOT NULL,
  public_key_multibase TEXT NOT NULL,
  sealed_seed          BLOB NOT NULL,
  created              TEXT NOT NULL,
  PRIMARY KEY (org_id, key_id)
);
CREATE TABLE tokens (
  id      TEXT PRIMARY KEY,
  org_id  TEXT NOT NULL REFERENCES organizations(id),
  hash    BLOB NOT NULL UNIQUE,
  created TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
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
  size     INTEGER NOT NULL CHECK (size >= 131072),
  reserved INTEGER NOT NULL DEFAULT 0,
  open     INTEGER NOT NULL DEFAULT 1,
  version  INTEGER NOT NULL DEFAULT 0,
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
  idx           INTEGER NOT NULL CHECK (idx >= 0),
  credential_id TEXT REFERENCES credentials(id),
  value         INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (list_id, idx)
) WITHOUT ROWID;
CREATE INDEX status_slots_credential ON status_slots (credential_id);
CREATE TRIGGER status_slots_keep BEFORE DELETE ON status_slots
BEGIN SELECT RAISE(ABORT, 'status indices are never released'); END;
CREATE TABLE audit_log (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  at      TEXT NOT NULL,
  org_id  TEXT,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  subject TEXT,
  detail  TEXT
);
CREATE INDEX audit_org ON audit_log (org_id, seq);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

// Key history (key rotation): each signing key's active period, and which
// key signed each credential. A key is active from `activated` until
// `retired` (rotated away: old credentials still verify) or `revoked`
// (compromised: removed from assertionMethod). At most one key of an
// organization is active, enforced by a partial unique index. Keys and
// credentials recorded before this migration belong to the organization's
// one key, active since it was created.
constexpr const char* kMigrationKeyHistory = R"sql(
ALTER TABLE signing_keys ADD COLUMN activated TEXT;
ALTER TABLE signing_keys ADD COLUMN retired TEXT;
ALTER TABLE signing_keys ADD COLUMN revoked TEXT;
UPDATE signing_keys SET activated = created;
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys (org_id)
  WHERE retired IS NULL AND revoked IS NULL;
ALTER TABLE credentials ADD COLUMN key_id TEXT;
UPDATE credentials SET key_id = (
  SELECT k.key_id FROM signing_keys k WHERE k.org_id = credentials.org_id
  ORDER BY k.created, k.key_id LIMIT 1);
CREATE INDEX credentials_key ON credentials (org_id, key_id);
)sql";

// 3: claim links (issue 7): one row per one-time, expiring link a
// recipient without a DID follows from their wallet. Only the SHA-256 of
// the link's token is kept; `request` is the award request without the
// recipient's plain identifiers (only their salted hashes).
constexpr const char* kMigrationClaims = R"sql(
CREATE TABLE claims (
  id                TEXT PRIMARY KEY,
  org_id            TEXT NOT NULL REFERENCES organizations(id),
  achievement_id    TEXT NOT NULL,
  hash              BLOB NOT NULL UNIQUE,
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

// 4: bulk awards (issue 5). A batch is one CSV file awarded to its rows;
// `awards` holds one row per (achievement, award key), so however often a
// batch is run or resumed, and by however many processes, no achievement
// is awarded twice to the same key. An award is recorded in the same
// transaction as its credential.
constexpr const char* kMigrationBatches = R"sql(
CREATE TABLE batches (
  id             TEXT PRIMARY KEY,
  org_id         TEXT NOT NULL REFERENCES organizations(id),
  achievement_id TEXT NOT NULL,
  source_sha256  TEXT NOT NULL,
  options        TEXT NOT NULL,
  rows           INTEGER NOT NULL,
  valid_rows     INTEGER NOT NULL,
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
  row_number     INTEGER,
  claim_id       TEXT,
  PRIMARY KEY (achievement_id, award_key)
) WITHOUT ROWID;
CREATE INDEX awards_batch ON awards (batch_id, row_number);
)sql";

// 5: the index from a credential to its status slots holds used slots
// only. Slots are reserved at random indices before signing, with no
// credential yet; indexed, each reservation and each first use also wrote a
// random page of this index (the NULL entries, ordered by list and index).
// Used slots are entered in credential-id order, which for UUIDv7 ids is
// the order of issuing: the index grows at its end. Every lookup is
// `credential_id = ?`, which only used slots satisfy.
constexpr const char* kMigrationUsedSlots = R"sql(
DROP INDEX status_slots_credential;
CREATE INDEX status_slots_credential ON status_slots (credential_id)
  WHERE credential_id IS NOT NULL;
)sql";

// 6: status entries by position (issuer/store/slot_permutation.h). A list
// made from now on has a secret `index_key` and hands out its indices in
// the order of a keyed pseudorandom permutation; `reserved` counts the
// positions handed out, so a reservation writes one row however many
// indices it takes. A credential's entries are rows of `status_entries`
// keyed by (list, position): positions grow with time, so recording an
// entry appends instead of writing a random page (as marking a random
// `status_slots` row used did). Lists made before have no key: they take no
// more reservations, and their used slots move to `status_entries` under
// the negative position -1 - idx (never a permutation position). Their
// reserved, unused rows stay in `status_slots`, which is no longer written.
constexpr const char* kMigrationStatusEntries = R"sql(
ALTER TABLE status_lists ADD COLUMN index_key BLOB;
UPDATE status_lists SET open = 0;
CREATE TABLE status_entries (
  list_id       TEXT NOT NULL REFERENCES status_lists(id),
  pos           INTEGER NOT NULL,
  idx           INTEGER NOT NULL CHECK (idx >= 0),
  credential_id TEXT NOT NULL REFERENCES credentials(id),
  value         INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (list_id, pos)
) WITHOUT ROWID;
INSERT INTO status_entries(list_id, pos, idx, credential_id, value)
  SELECT list_id, -1 - idx, idx, credential_id, value FROM status_slots
  WHERE credential_id IS NOT NULL;
CREATE INDEX status_entries_credential ON status_entries (credential_id);
CREATE TRIGGER status_entries_keep BEFORE DELETE ON status_entries
BEGIN SELECT RAISE(ABORT, 'status indices are never released'); END;
DROP INDEX status_slots_credential;
)sql";

}  // namespace

const std::vector<const char*>& SqliteMigrations() {
  static const std::vector<const char*> kAll = {
      kMigration1,       kMigrationKeyHistory, kMigrationClaims,
      kMigrationBatches, kMigrationUsedSlots,  kMigrationStatusEntries};
  return kAll;
}

}  // namespace anycred::issuer::store
