#include "core/crypto/ed25519.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <vector>

#include "core/crypto/ed25519_precomputed.h"

namespace anycred::crypto {

namespace {
void EnsureSodium() {
  static const bool initialized = [] {
    if (sodium_init() < 0) std::abort();  // no usable randomness source
    return true;
  }();
  (void)initialized;
}
}  // namespace

void Wipe(void* data, std::size_t size) { sodium_memzero(data, size); }

Result<Ed25519PublicKey> Ed25519PublicKey::FromBytes(
    std::span<const std::uint8_t> bytes) {
  if (bytes.size() != kEd25519PublicKeySize) {
    return Status::Error(codes::kMalformedInput,
                         "an Ed25519 public key is 32 bytes, got " +
                             std::to_string(bytes.size()));
  }
  Ed25519PublicKey key;
  std::copy(bytes.begin(), bytes.end(), key.bytes_.begin());
  return key;
}

namespace {

using KeyBytes = std::array<std::uint8_t, kEd25519PublicKeySize>;
using Table = std::shared_ptr<const Ed25519PrecomputedKey>;

bool SodiumVerify(const KeyBytes& key, std::string_view message,
                  std::span<const std::uint8_t> signature) {
  EnsureSodium();
  return crypto_sign_verify_detached(
             signature.data(),
             reinterpret_cast<const unsigned char*>(message.data()),
             message.size(), key.data()) == 0;
}

// The keys seen in this process, and the tables of those that signed more
// than one valid signature. A table is built on a key's second valid
// signature: it costs about three verifications and saves more than half of
// each later one. Bounded: at most kMaxTables tables (96 KiB each) and
// kMaxKeys keys; the least recently used go first. A key whose table was
// dropped needs four times as many valid signatures as the last time before
// it gets one again, so that a batch cycling through more keys than there
// are tables costs at most a little more than libsodium alone.
class TableRegistry {
 public:
  static TableRegistry& Get() {
    static TableRegistry* const registry = new TableRegistry;
    return *registry;
  }

  Table Find(const KeyBytes& key) {
    std::lock_guard<std::mutex> lock(mu_);
    Entry* entry = Lookup(key);
    return entry == nullptr ? nullptr : entry->table;
  }

  // After libsodium accepted `signature`: counts the key, and builds its
  // table when it has enough valid signatures. The new table must accept the
  // same signature, or the key is left to libsodium.
  Table NoteValid(const KeyBytes& key, std::string_view message,
                  std::span<const std::uint8_t> signature) {
    std::lock_guard<std::mutex> lock(mu_);
    Entry* entry = Lookup(key);
    if (entry == nullptr) {
      if (entries_.size() >= kMaxKeys) EvictKey();
      entries_.push_back(Entry{key, 0, 2, nullptr, false, ++clock_});
      entry = &entries_.back();
    }
    if (entry->table != nullptr || entry->refused) return entry->table;
    if (++entry->valid_signatures < entry->needed) return nullptr;
    std::unique_ptr<const Ed25519PrecomputedKey> built =
        Ed25519PrecomputedKey::Build(key);
    if (built == nullptr || !built->Verify(message, signature)) {
      entry->refused = true;
      return nullptr;
    }
    if (tables_ >= kMaxTables) DropOldestTable();
    entry->table = std::move(built);
    ++tables_;
    return entry->table;
  }

 private:
  static constexpr std::size_t kMaxKeys = 256;
  static constexpr std::size_t kMaxTables = 16;
  struct Entry {
    KeyBytes key;
    std::uint64_t valid_signatures;  // since its table was last dropped
    std::uint64_t needed;            // before a table is built
    Table table;
    bool refused;
    std::uint64_t last_use;
  };

  Entry* Lookup(const KeyBytes& key) {
    for (Entry& entry : entries_) {
      if (entry.key == key) {
        entry.last_use = ++clock_;
        return &entry;
      }
    }
    return nullptr;
  }

  template <typename Eligible>
  Entry* Oldest(Eligible eligible) {
    Entry* oldest = nullptr;
    for (Entry& entry : entries_) {
      if (!eligible(entry)) continue;
      if (oldest == nullptr || entry.last_use < oldest->last_use) {
        oldest = &entry;
      }
    }
    return oldest;
  }

  void EvictKey() {
    Entry* oldest = Oldest([](const Entry&) { return true; });
    if (oldest == nullptr) return;
    if (oldest->table != nullptr) --tables_;
    entries_.erase(entries_.begin() + (oldest - entries_.data()));
  }

  void DropOldestTable() {
    Entry* oldest =
        Oldest([](const Entry& entry) { return entry.table != nullptr; });
    if (oldest == nullptr) return;
    oldest->table = nullptr;
    oldest->valid_signatures = 0;
    oldest->needed = std::min<std::uint64_t>(oldest->needed * 4, 1u << 20);
    --tables_;
  }

  std::mutex mu_;
  std::vector<Entry> entries_;
  std::size_t tables_ = 0;
  std::uint64_t clock_ = 0;
};

// Each thread keeps the last few tables it used, so that the common case (a
// batch from one issuer) takes no lock.
class RecentTables {
 public:
  Table Find(const KeyBytes& key) const {
    for (const Table& table : tables_) {
      if (table != nullptr && table->public_key() == key) return table;
    }
    return nullptr;
  }
  void Add(Table table) {
    tables_[next_] = std::move(table);
    next_ = (next_ + 1) % tables_.size();
  }

 private:
  std::array<Table, 4> tables_;
  std::size_t next_ = 0;
};

thread_local RecentTables recent_tables;

}  // namespace

bool Ed25519PublicKey::Verify(std::string_view message,
                              std::span<const std::uint8_t> signature) const {
  if (signature.size() != kEd25519SignatureSize) return false;
  Table table = recent_tables.Find(bytes_);
  if (table == nullptr) {
    table = TableRegistry::Get().Find(bytes_);
    if (table != nullptr) recent_tables.Add(table);
  }
  if (table != nullptr) {
    // A table accepts only what libsodium accepts; libsodium has the last
    // word on everything else.
    return table->Verify(message, signature) ||
           SodiumVerify(bytes_, message, signature);
  }
  if (!SodiumVerify(bytes_, message, signature)) return false;
  table = TableRegistry::Get().NoteValid(bytes_, message, signature);
  if (table != nullptr) recent_tables.Add(std::move(table));
  return true;
}

Ed25519PrivateKey Ed25519PrivateKey::Generate() {
  EnsureSodium();
  std::array<std::uint8_t, kEd25519SeedSize> seed;
  randombytes_buf(seed.data(), seed.size());
  auto key = FromSeed(seed);
  Wipe(seed.data(), seed.size());
  return std::move(key).value();
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::FromSeed(
    std::span<const std::uint8_t> seed) {
  if (seed.size() != kEd25519SeedSize) {
    return Status::Error(
        codes::kMalformedInput,
        "an Ed25519 seed is 32 bytes, got " + std::to_string(seed.size()));
  }
  EnsureSodium();
  Ed25519PrivateKey key;
  crypto_sign_seed_keypair(key.public_key_.bytes_.data(), key.secret_.data(),
                           seed.data());
  return key;
}

Ed25519PrivateKey::Ed25519PrivateKey(Ed25519PrivateKey&& other) noexcept
    : secret_(other.secret_), public_key_(other.public_key_) {
  Wipe(other.secret_.data(), other.secret_.size());
}

Ed25519PrivateKey& Ed25519PrivateKey::operator=(
    Ed25519PrivateKey&& other) noexcept {
  if (this != &other) {
    secret_ = other.secret_;
    public_key_ = other.public_key_;
    Wipe(other.secret_.data(), other.secret_.size());
  }
  return *this;
}

Ed25519PrivateKey::~Ed25519PrivateKey() {
  Wipe(secret_.data(), secret_.size());
}

Ed25519PrivateKey Ed25519PrivateKey::Clone() const {
  Ed25519PrivateKey copy;
  copy.secret_ = secret_;
  copy.public_key_ = public_key_;
  return copy;
}

Ed25519Signature Ed25519PrivateKey::Sign(std::string_view message) const {
  Ed25519Signature sig;
  crypto_sign_detached(sig.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), secret_.data());
  return sig;
}

std::array<std::uint8_t, kEd25519SeedSize> Ed25519PrivateKey::ExportSeed()
    const {
  std::array<std::uint8_t, kEd25519SeedSize> seed;
  std::copy(secret_.begin(), secret_.begin() + kEd25519SeedSize, seed.begin());
  return seed;
}

}  // namespace anycred::crypto
