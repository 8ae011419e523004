// The issuer store's behaviour (store.h), written once and run against
// every implementation: tests/issuer_store_test.cc (SQLite) and
// tests/issuer_postgres_store_test.cc (PostgreSQL). Each case gets an
// Opener that opens the same database again on every call (a second call
// is, in effect, a second process: its own connections).
#ifndef ANYCRED_TESTS_ISSUER_STORE_CASES_H_
#define ANYCRED_TESTS_ISSUER_STORE_CASES_H_

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "issuer/store/store.h"

namespace anycred::testing::store_cases {

using namespace anycred::issuer::store;

// Opens the case's database; `create` as in OpenSqliteStore.
using Opener = std::function<std::unique_ptr<Store>(bool create)>;

inline AuditEvent Event(const std::string& org, const std::string& action,
                        const std::string& subject = "") {
  return AuditEvent{0, "2026-01-01T00:00:00Z", org, "test", action, subject,
                    ""};
}

inline void AddOrg(Store* s, const std::string& id) {
  Organization org{
      id,    "Org " + id,           "did:key:" + id, "did:key:" + id + "#k",
      false, "2026-01-01T00:00:00Z"};
  SealedKey key{id, "key-1", "z6Mk" + id, "sealed", "2026-01-01T00:00:00Z"};
  Token token{"tok_" + id, id, std::string(32, id[0]), "2026-01-01T00:00:00Z",
              false};
  REQUIRE(
      s->CreateOrganization(org, key, token, {Event(id, "org.create")}).ok());
}

inline IssuedCredential Credential(const std::string& org,
                                   const std::string& id,
                                   const std::vector<StatusSlot>& slots) {
  IssuedCredential c;
  c.id = id;
  c.org_id = org;
  c.issued_at = "2026-01-01T00:00:00Z";
  c.json = "{\"id\":\"" + id + "\"}";
  c.key_id = "key-1";
  c.status = slots;
  c.audit = Event(org, "credential.issue", id);
  return c;
}

inline Claim NewClaim(const std::string& id, char hash_byte) {
  Claim c;
  c.id = id;
  c.org_id = "a";
  c.achievement_id = "weld";
  c.hash = std::string(32, hash_byte);
  c.request = "{}";
  c.created = "2026-01-01T00:00:00Z";
  c.expires = "2026-01-15T00:00:00Z";
  return c;
}

inline KeyRevocation Revocation(const std::string& key_id, bool credentials) {
  KeyRevocation r;
  r.org_id = "a";
  r.key_id = key_id;
  r.at = "2026-04-01T00:00:00Z";
  r.actor = "test";
  r.revoke_credentials = credentials;
  return r;
}

inline std::size_t CountAction(Store* s, const std::string& org,
                               const std::string& action) {
  auto audit = s->ListAudit(org);
  REQUIRE(audit.ok());
  return static_cast<std::size_t>(
      std::count_if(audit->begin(), audit->end(),
                    [&](const AuditEvent& e) { return e.action == action; }));
}

inline void OrganizationsTokensAchievements(const Opener& open) {
  auto s = open(true);
  AddOrg(s.get(), "a");
  AddOrg(s.get(), "b");
  // The same id again is refused and changes nothing.
  Organization again{"a", "x", "did:key:x", "did:key:x#k", false, "t"};
  CHECK(s->CreateOrganization(again, SealedKey{"a", "key-1", "z", "s", "t"},
                              Token{"tok_x", "a", std::string(32, 'x'), "t"},
                              {})
            .code() == kAlreadyExists);
  CHECK(s->FindToken(std::string(32, 'x')).status().code() == codes::kNotFound);
  CHECK(s->ListOrganizations()->size() == 2);
  CHECK(s->GetOrganization("a")->did == "did:key:a");
  CHECK(s->GetOrganization("zz").status().code() == codes::kNotFound);

  auto t = s->FindToken(std::string(32, 'a'));
  REQUIRE(t.ok());
  CHECK(t->org_id == "a");
  CHECK(t->hash == std::string(32, 'a'));
  CHECK_FALSE(t->revoked);
  CHECK(s->RevokeToken("b", "tok_a", Event("b", "token.revoke")).code() ==
        codes::kNotFound);
  CHECK(s->RevokeToken("a", "tok_a", Event("a", "token.revoke")).ok());
  CHECK(s->FindToken(std::string(32, 'a'))->revoked);
  REQUIRE(s->AddToken(Token{"tok_a2", "a", std::string(32, '2'), "t2"},
                      Event("a", "token.create"))
              .ok());
  CHECK(s->ListTokens("a")->size() == 2);

  Achievement ach{"weld", "a", "{}", "t"};
  CHECK(*s->PutAchievement(ach, Event("a", "achievement.put")) == true);
  CHECK(*s->PutAchievement(ach, Event("a", "achievement.put")) == false);
  Achievement theirs{"weld", "b", "{\"x\":1}", "t"};
  CHECK(s->PutAchievement(theirs, Event("b", "achievement.put"))
            .status()
            .code() == kConflict);
  CHECK(s->GetAchievement("weld")->json == "{}");
  CHECK(s->GetAchievement("nope").status().code() == codes::kNotFound);

  // Metadata holds bytes, NUL included.
  std::string bytes("\x00\x01\xff check", 9);
  REQUIRE(s->PutMeta("check", bytes).ok());
  REQUIRE(s->PutMeta("check", bytes + "!").ok());
  CHECK(**s->GetMeta("check") == bytes + "!");
  CHECK_FALSE(s->GetMeta("absent")->has_value());

  auto audit = s->ListAudit("a");
  REQUIRE(audit.ok());
  CHECK(audit->size() == 5);  // create, revoke, token, two puts
  for (std::size_t i = 1; i < audit->size(); ++i)
    CHECK((*audit)[i].seq > (*audit)[i - 1].seq);
}

inline void StatusIndicesUniqueAcrossConnections(const Opener& open) {
  auto s1 = open(true);
  AddOrg(s1.get(), "a");
  auto s2 = open(false);  // a second process, in effect
  std::vector<StatusSlot> r1, r2;
  std::atomic<int> failures{0};
  // No Catch2 assertion inside the threads: they are not thread-safe.
  auto reserve = [&failures](Store* store, std::vector<StatusSlot>* out) {
    for (int i = 0; i < 20; ++i) {
      auto r = store->ReserveStatusIndices("a", "revocation", 50, 131072);
      if (!r.ok()) {
        ++failures;
        continue;
      }
      out->insert(out->end(), r->begin(), r->end());
    }
  };
  std::thread t1(reserve, s1.get(), &r1);
  std::thread t2(reserve, s2.get(), &r2);
  t1.join();
  t2.join();
  CHECK(failures == 0);
  std::set<std::string> seen, lists;
  std::uint64_t max_index = 0;
  for (const auto* v : {&r1, &r2})
    for (const auto& slot : *v) {
      CHECK(slot.index < 131072);
      max_index = std::max(max_index, slot.index);
      lists.insert(slot.list_id);
      CHECK(
          seen.insert(slot.list_id + "#" + std::to_string(slot.index)).second);
    }
  CHECK(seen.size() == 2000);
  CHECK(lists.size() == 1);   // both filled the one open list
  CHECK(max_index > 100000);  // spread over the list, not sequential
  CHECK(s1->ReserveStatusIndices("a", "other", 1, 131072).status().code() ==
        kStoreError);     // the purpose is constrained
  AddOrg(s1.get(), "c");  // lists are at least 131,072 entries long
  CHECK(s1->ReserveStatusIndices("c", "revocation", 1, 100).status().code() ==
        kStoreError);
}

inline void GroupCommitRefusesOnlyBadCredentials(const Opener& open) {
  auto s = open(true);
  AddOrg(s.get(), "a");
  auto slots = s->ReserveStatusIndices("a", "revocation", 3, 131072);
  REQUIRE(slots.ok());
  StatusSlot unreserved{(*slots)[0].list_id, "revocation", 0};
  while (unreserved.index == (*slots)[0].index ||
         unreserved.index == (*slots)[1].index ||
         unreserved.index == (*slots)[2].index)
    ++unreserved.index;
  std::vector<IssuedCredential> batch = {
      Credential("a", "urn:1", {(*slots)[0]}),
      Credential("a", "urn:1", {(*slots)[1]}),  // same id
      Credential("a", "urn:2", {(*slots)[0]}),  // used slot
      Credential("a", "urn:3", {unreserved}),
      Credential("a", "urn:4", {(*slots)[2]})};
  auto results = s->RecordCredentials(batch);
  REQUIRE(results.ok());
  REQUIRE(results->size() == 5);
  CHECK((*results)[0].ok());
  CHECK((*results)[1].code() == kAlreadyExists);
  CHECK((*results)[2].code() == kConflict);
  CHECK((*results)[3].code() == kConflict);
  CHECK((*results)[4].ok());
  auto list = s->ListCredentials("a");
  REQUIRE(list.ok());
  REQUIRE(list->size() == 2);
  CHECK((*list)[0].status.size() == 1);
  CHECK((*list)[0].key_id == "key-1");
  auto one = s->GetCredential("urn:4");
  REQUIRE(one.ok());
  CHECK(one->json == "{\"id\":\"urn:4\"}");
  REQUIRE(one->status.size() == 1);
  CHECK(one->status[0].slot.index == (*slots)[2].index);
  CHECK(s->GetCredential("urn:2").status().code() == codes::kNotFound);
  // Only recorded credentials are in the audit log.
  CHECK(CountAction(s.get(), "a", "credential.issue") == 2);
  // The slot of the refused urn:2 is still free for another credential.
  auto retry = s->RecordCredentials({Credential("a", "urn:5", {(*slots)[1]})});
  REQUIRE(retry.ok());
  CHECK((*retry)[0].ok());

  // Status: set, idempotent, version bumped, cleared.
  std::string list_id = (*slots)[0].list_id;
  auto before = s->GetStatusList("a", list_id);
  REQUIRE(before.ok());
  CHECK(*s->SetCredentialStatus("a", "urn:1", "revocation", true,
                                Event("a", "status.revoke")));
  CHECK_FALSE(*s->SetCredentialStatus("a", "urn:1", "revocation", true,
                                      Event("a", "status.revoke")));
  CHECK(s->GetStatusList("a", list_id)->version == before->version + 1);
  CHECK(*s->StatusListSetIndices(list_id) ==
        std::vector<std::uint64_t>{(*slots)[0].index});
  CHECK(s->GetCredential("urn:1")->status[0].set);
  CHECK(s->SetCredentialStatus("a", "urn:1", "suspension", true,
                               Event("a", "status.suspend"))
            .status()
            .code() == codes::kNotFound);
  CHECK(s->GetStatusList("b", list_id).status().code() == codes::kNotFound);
}

// A group commit bigger than any internal chunk: all recorded; and with one
// bad credential far into it, only that one refused.
inline void LargeGroupCommit(const Opener& open) {
  auto s = open(true);
  AddOrg(s.get(), "a");
  auto slots = s->ReserveStatusIndices("a", "revocation", 600, 131072);
  REQUIRE(slots.ok());
  std::vector<IssuedCredential> good, mixed;
  for (int i = 0; i < 300; ++i) {
    good.push_back(
        Credential("a", "urn:g:" + std::to_string(i), {(*slots)[i]}));
    mixed.push_back(
        Credential("a", "urn:m:" + std::to_string(i), {(*slots)[300 + i]}));
  }
  mixed[250].status = {(*slots)[0]};  // used by urn:g:0: found half-written
  mixed[100].id = "urn:g:5";          // taken: refused before any write
  auto r1 = s->RecordCredentials(good);
  REQUIRE(r1.ok());
  CHECK(std::all_of(r1->begin(), r1->end(),
                    [](const Status& st) { return st.ok(); }));
  auto r2 = s->RecordCredentials(mixed);
  REQUIRE(r2.ok());
  REQUIRE(r2->size() == 300);
  for (int i = 0; i < 300; ++i) {
    INFO(i);
    CHECK((*r2)[i].code() == (i == 250   ? std::string(kConflict)
                              : i == 100 ? std::string(kAlreadyExists)
                                         : ""));
  }
  CHECK(s->ListCredentials("a")->size() == 598);
  CHECK(CountAction(s.get(), "a", "credential.issue") == 598);
  // The refused ones left nothing behind: their slots are still free.
  auto g5 = s->GetCredential("urn:g:5");
  REQUIRE(g5.ok());
  REQUIRE(g5->status.size() == 1);
  CHECK(g5->status[0].slot.index == (*slots)[5].index);
  auto reuse =
      s->RecordCredentials({Credential("a", "urn:m:100", {(*slots)[400]}),
                            Credential("a", "urn:m:250", {(*slots)[550]})});
  REQUIRE(reuse.ok());
  CHECK((*reuse)[0].ok());
  CHECK((*reuse)[1].ok());
}

// Batches and awards (migration 4): a batch is created once; an award key
// is recorded at most once, with its credential, in row order.
inline void BatchesAndAwards(const Opener& open) {
  auto s = open(true);
  AddOrg(s.get(), "a");
  Batch b{"bat_0123",
          "a",
          "weld",
          "ab12",
          "{\"map\":{}}",
          3,
          3,
          "issuing",
          "2026-01-01T00:00:00Z",
          "2026-01-01T00:00:00Z"};
  auto created = s->CreateBatch(b, Event("a", "batch.create", b.id));
  REQUIRE(created.ok());
  CHECK(created->second);
  Batch other = b;
  other.rows = 99;  // the same id again returns the stored batch
  auto again = s->CreateBatch(other, Event("a", "batch.create", b.id));
  REQUIRE(again.ok());
  CHECK_FALSE(again->second);
  CHECK(again->first.rows == 3);
  CHECK(again->first.options == b.options);
  CHECK(s->GetBatch("bat_0123")->state == "issuing");
  CHECK(s->GetBatch("bat_none").status().code() == codes::kNotFound);

  auto slots = s->ReserveStatusIndices("a", "revocation", 4, 131072);
  REQUIRE(slots.ok());
  auto award = [&](const std::string& cred, const std::string& key,
                   std::uint64_t row, const StatusSlot& slot) {
    IssuedCredential c = Credential("a", cred, {slot});
    c.achievement_id = "weld";
    c.award = Award{"weld", key, cred, b.id, row, ""};
    return c;
  };
  // Rows out of order, one of them with a claim link.
  IssuedCredential third = award("urn:r3", "k3", 3, (*slots)[2]);
  third.claim = NewClaim("clm_3", 'c');
  third.award->claim_id = "clm_3";
  auto first =
      s->RecordCredentials({third, award("urn:r1", "k1", 1, (*slots)[0]),
                            award("urn:r2", "k2", 2, (*slots)[1])});
  REQUIRE(first.ok());
  for (const auto& st : *first) CHECK(st.ok());
  // A second award of k2 (a resumed run): refused, its credential not kept.
  auto dup = s->RecordCredentials({award("urn:r2b", "k2", 2, (*slots)[3])});
  REQUIRE(dup.ok());
  CHECK((*dup)[0].code() == kAlreadyExists);
  CHECK(s->GetCredential("urn:r2b").status().code() == codes::kNotFound);
  CHECK(s->FindClaim(std::string(32, 'c'))->id == "clm_3");

  auto found = s->FindAwards("weld", {"k1", "k2", "k9"});
  REQUIRE(found.ok());
  REQUIRE(found->size() == 2);
  std::set<std::string> creds;
  for (const auto& a : *found) {
    creds.insert(a.credential_id);
    CHECK(a.batch_id == b.id);
  }
  CHECK(creds == std::set<std::string>{"urn:r1", "urn:r2"});
  CHECK(s->FindAwards("other", {"k1"})->empty());
  CHECK(*s->CountBatchAwards(b.id) == 3);
  CHECK(*s->CountBatchAwards("bat_none") == 0);

  std::vector<std::uint64_t> rows;
  std::vector<std::string> jsons;
  REQUIRE(
      s->ForEachBatchAward(b.id, [&](const Award& a, const std::string& json) {
         rows.push_back(a.row);
         jsons.push_back(json);
         if (a.row == 3) CHECK(a.claim_id == "clm_3");
         return Status::Ok();
       }).ok());
  CHECK(rows == std::vector<std::uint64_t>{1, 2, 3});
  CHECK(jsons[0] == "{\"id\":\"urn:r1\"}");
  // An error from the callback stops the walk and is returned.
  int calls = 0;
  Status stop =
      s->ForEachBatchAward(b.id, [&](const Award&, const std::string&) {
        ++calls;
        return Status::Error("STOP", "enough");
      });
  CHECK(stop.code() == "STOP");
  CHECK(calls == 1);

  REQUIRE(s->SetBatchState(b.id, "done", "2026-01-02T00:00:00Z",
                           Event("a", "batch.done", b.id))
              .ok());
  CHECK(s->GetBatch(b.id)->state == "done");
  CHECK(s->GetBatch(b.id)->updated == "2026-01-02T00:00:00Z");
  CHECK(s->SetBatchState("bat_none", "done", "t", AuditEvent{}).code() ==
        codes::kNotFound);
  CHECK(CountAction(s.get(), "a", "batch.create") == 1);
  CHECK(CountAction(s.get(), "a", "batch.done") == 1);
  CHECK(CountAction(s.get(), "a", "credential.issue") == 3);
}

// Several connection pools recording the same award key at once: exactly
// one credential wins; the others are ALREADY_EXISTS and leave nothing.
inline void RacingAwardsOneWins(const Opener& open) {
  auto s1 = open(true);
  AddOrg(s1.get(), "a");
  auto s2 = open(false);
  auto slots = s1->ReserveStatusIndices("a", "revocation", 8, 131072);
  REQUIRE(slots.ok());
  std::atomic<int> ok{0}, exists{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    Store* store = i % 2 ? s1.get() : s2.get();
    StatusSlot slot = (*slots)[i];
    threads.emplace_back([store, slot, i, &ok, &exists, &other] {
      std::string id = "urn:race:" + std::to_string(i);
      IssuedCredential c = Credential("a", id, {slot});
      c.award = Award{"weld", "same-key", id, "", 0, ""};
      auto r = store->RecordCredentials({c});
      if (!r.ok() || r->size() != 1) {
        ++other;
      } else if ((*r)[0].ok()) {
        ++ok;
      } else if ((*r)[0].code() == kAlreadyExists) {
        ++exists;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == 1);
  CHECK(exists == 7);
  CHECK(other == 0);
  CHECK(s1->ListCredentials("a")->size() == 1);
  CHECK(CountAction(s1.get(), "a", "credential.issue") == 1);
}

// Claims: used at most once, also when connection pools race.
inline void RacingClaimersGetOneUse(const Opener& open) {
  auto s1 = open(true);
  AddOrg(s1.get(), "a");
  auto s2 = open(false);
  Claim claim = NewClaim("clm_r", 'r');
  REQUIRE(s1->AddClaim(claim, Event("a", "claim.create")).ok());
  CHECK(s1->AddClaim(claim, Event("a", "claim.create")).code() ==
        kAlreadyExists);
  REQUIRE(s2->SetClaimChallenge("clm_r", "nonce", "2026-01-01T00:05:00Z").ok());
  CHECK(s1->FindClaim(std::string(32, 'r'))->challenge == "nonce");
  CHECK(s1->SetClaimChallenge("clm_x", "n", "t").code() == codes::kNotFound);
  std::atomic<int> ok{0}, conflict{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    Store* store = i % 2 ? s1.get() : s2.get();
    threads.emplace_back([store, i, &ok, &conflict] {
      Status st =
          store->UseClaim("clm_r", "urn:uuid:" + std::to_string(i),
                          "2026-01-02T00:00:00Z", Event("a", "claim.use"));
      if (st.ok()) ++ok;
      if (st.code() == kConflict) ++conflict;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == 1);
  CHECK(conflict == 7);
  auto used = s1->FindClaim(std::string(32, 'r'));
  REQUIRE(used.ok());
  CHECK_FALSE(used->used_at.empty());
  CHECK(used->challenge.empty());
  REQUIRE(s1->ReleaseClaim("clm_r", used->credential_id).ok());
  CHECK(s1->FindClaim(std::string(32, 'r'))->used_at.empty());
  CHECK(
      s1->UseClaim("clm_none", "urn:x", "t", Event("a", "claim.use")).code() ==
      codes::kNotFound);
}

// Key history: rotation retires the active key; a key id is used once;
// revoking a retired key can revoke what it signed.
inline void KeyRotationAndRevocation(const Opener& open) {
  auto s = open(true);
  AddOrg(s.get(), "a");
  auto slots = s->ReserveStatusIndices("a", "revocation", 1, 131072);
  REQUIRE(slots.ok());
  REQUIRE((*s->RecordCredentials({Credential("a", "urn:k1", *slots)}))[0].ok());
  SealedKey next{"a",
                 "key-2",
                 "z6Mk2",
                 std::string("\x00sealed\xff", 8),
                 "2026-03-01T00:00:00Z",
                 "2026-03-01T00:00:00Z"};
  REQUIRE(
      s->RotateSigningKey(next, "did:key:a#key-2", {Event("a", "key.rotate")})
          .ok());
  auto active = s->GetSigningKey("a");
  REQUIRE(active.ok());
  CHECK(active->key_id == "key-2");
  CHECK(active->sealed_seed == next.sealed_seed);
  CHECK(s->GetOrganization("a")->verification_method == "did:key:a#key-2");
  auto keys = s->ListSigningKeys("a");
  REQUIRE(keys.ok());
  REQUIRE(keys->size() == 2);
  CHECK((*keys)[0].key_id == "key-1");
  CHECK((*keys)[0].retired == "2026-03-01T00:00:00Z");
  CHECK((*keys)[1].active());
  CHECK(s->RotateSigningKey(next, "did:key:a#key-2", {}).code() == kConflict);
  CHECK(s->GetSigningKey("a")->key_id == "key-2");

  KeyRevocation without = Revocation("key-2", false);
  CHECK(s->RevokeSigningKey(without).status().code() ==
        codes::kInvalidArgument);
  KeyRevocation old = Revocation("key-1", true);
  auto revoked = s->RevokeSigningKey(old);
  REQUIRE(revoked.ok());
  CHECK(revoked->newly_revoked);
  CHECK(revoked->revoked_credentials == std::vector<std::string>{"urn:k1"});
  CHECK(s->GetCredential("urn:k1")->status[0].set);
  CHECK_FALSE(s->RevokeSigningKey(old)->newly_revoked);
  KeyRevocation missing = Revocation("key-9", false);
  CHECK(s->RevokeSigningKey(missing).status().code() == codes::kNotFound);
}

// What the caller read before signing is checked again as the credential
// is recorded: a token revoked, or a key rotated away, by another process
// (a second Store on the same database) refuses just that credential.
inline void RecordingRechecksTokenAndKey(const Opener& open) {
  auto s = open(true);
  auto other = open(false);
  AddOrg(s.get(), "a");
  AddOrg(s.get(), "b");
  REQUIRE(other
              ->AddToken(Token{"tok_a2", "a", std::string(32, 'z'),
                               "2026-01-01T00:00:00Z", false},
                         Event("a", "token.create"))
              .ok());
  auto slots = s->ReserveStatusIndices("a", "revocation", 5, 131072);
  REQUIRE(slots.ok());
  auto checked = [&](const std::string& id, std::size_t slot,
                     const std::string& token, const std::string& key) {
    IssuedCredential c = Credential("a", id, {(*slots)[slot]});
    c.token_id = token;
    c.key_id = key;
    c.key_must_be_active = true;
    return c;
  };
  REQUIRE(other->RevokeToken("a", "tok_a2", Event("a", "token.revoke")).ok());
  SealedKey next{"a",
                 "key-2",
                 "z6Mk2",
                 "sealed2",
                 "2026-03-01T00:00:00Z",
                 "2026-03-01T00:00:00Z"};
  REQUIRE(other
              ->RotateSigningKey(next, "did:key:a#key-2",
                                 {Event("a", "key.rotate")})
              .ok());
  auto results = s->RecordCredentials({
      checked("urn:ok", 0, "tok_a", "key-2"),
      checked("urn:revoked-token", 1, "tok_a2", "key-2"),
      checked("urn:old-key", 2, "tok_a", "key-1"),
      checked("urn:other-org-token", 3, "tok_b", "key-2"),
      checked("urn:no-token", 4, "", "key-2"),
  });
  REQUIRE(results.ok());
  REQUIRE(results->size() == 5);
  CHECK((*results)[0].ok());
  CHECK((*results)[1].code() == kTokenRevoked);
  CHECK((*results)[2].code() == kKeyNotActive);
  CHECK((*results)[3].code() == kTokenRevoked);
  CHECK((*results)[4].ok());
  CHECK(s->GetCredential("urn:old-key").status().code() == codes::kNotFound);
  CHECK(s->GetCredential("urn:revoked-token").status().code() ==
        codes::kNotFound);
  CHECK(CountAction(s.get(), "a", "credential.issue") == 2);
  // Refused credentials leave their slots free; without the checks, the
  // old key's credential is recorded (as bulk issuance does).
  IssuedCredential unchecked = Credential("a", "urn:unchecked", {(*slots)[2]});
  auto again = s->RecordCredentials({unchecked});
  REQUIRE(again.ok());
  CHECK((*again)[0].ok());
}

// RecordCredentialsUnsynced: the group is committed when it returns (a
// second connection reads it, its slots are taken, its awards refuse a
// second award), and Sync of its token, or of any earlier one, succeeds.
inline void UnsyncedGroupIsCommitted(const Opener& open) {
  auto s = open(true);
  auto other = open(false);
  AddOrg(s.get(), "a");
  auto slots = s->ReserveStatusIndices("a", "revocation", 3, 131072);
  REQUIRE(slots.ok());
  SyncToken first = 0, second = 0;
  auto results =
      s->RecordCredentialsUnsynced({Credential("a", "urn:u1", {(*slots)[0]}),
                                    Credential("a", "urn:u2", {(*slots)[1]})},
                                   &first);
  REQUIRE(results.ok());
  REQUIRE(results->size() == 2);
  CHECK((*results)[0].ok());
  CHECK((*results)[1].ok());
  auto read = other->GetCredential("urn:u2");
  REQUIRE(read.ok());
  REQUIRE(read->status.size() == 1);
  CHECK(read->status[0].slot.index == (*slots)[1].index);
  // The slot is used: a second credential on it is refused, the id too.
  auto again =
      s->RecordCredentialsUnsynced({Credential("a", "urn:u3", {(*slots)[1]}),
                                    Credential("a", "urn:u1", {(*slots)[2]})},
                                   &second);
  REQUIRE(again.ok());
  CHECK((*again)[0].code() == kConflict);
  CHECK((*again)[1].code() == kAlreadyExists);
  CHECK(second >= first);
  CHECK(s->Sync(second).ok());
  CHECK(s->Sync(first).ok());
  CHECK(s->Sync(0).ok());
  CHECK(CountAction(other.get(), "a", "credential.issue") == 2);
}

}  // namespace anycred::testing::store_cases

#endif  // ANYCRED_TESTS_ISSUER_STORE_CASES_H_
