#include "wallet-cli/store/wallet_store.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

#include "core/crypto/ed25519.h"
#include "core/crypto/sha2.h"
#include "core/encoding/hex.h"
#include "core/util/io.h"

namespace anycred::wallet {

namespace {

constexpr char kMagic[8] = {'A', 'C', 'W', 'A', 'L', 'L', 'E', 'T'};
constexpr std::uint8_t kFormatVersion = 1;
constexpr std::uint8_t kKindWallet = 1;
constexpr std::uint8_t kKindBackup = 2;
constexpr std::uint8_t kKdfArgon2id13 = 2;
constexpr std::uint8_t kAeadXChaCha20Poly1305 = 1;

constexpr std::size_t kSaltSize = 16;
constexpr std::size_t kWalletIdSize = 16;
constexpr std::size_t kKeySize = 32;
constexpr std::size_t kNonceSize = 24;
constexpr std::size_t kTagSize = 16;
constexpr std::size_t kWrapAadSize = 64;  // header bytes the key wrap binds
constexpr std::size_t kHeaderSize =
    kWrapAadSize + kNonceSize + kKeySize + kTagSize;  // 136
constexpr std::size_t kMaxFileSize = std::size_t{256} << 20;
constexpr const char* kManifestLabel = "anycred-wallet manifest";
constexpr const char* kRecordLabel = "anycred-wallet record";

static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == kKeySize);
static_assert(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES == kNonceSize);
static_assert(crypto_aead_xchacha20poly1305_ietf_ABYTES == kTagSize);
static_assert(crypto_pwhash_ALG_ARGON2ID13 == kKdfArgon2id13);
static_assert(kHeaderSize == 136);

using Bytes = std::string;  // binary buffers

void PutU32(Bytes* out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}
void PutU64(Bytes* out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}
std::uint64_t GetLE(std::string_view in, std::size_t at, int n) {
  std::uint64_t v = 0;
  for (int i = n - 1; i >= 0; --i) {
    v = (v << 8) | static_cast<std::uint8_t>(in[at + i]);
  }
  return v;
}
const unsigned char* U(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

Status Damaged(const std::string& what) {
  return Status::Error(codes::kWalletDamaged,
                       "the wallet file is damaged or was altered (" + what +
                           "); restore it from a backup");
}

// nonce ‖ ciphertext of `plain` under `key`, bound to `aad`.
Bytes Seal(const std::uint8_t* key, std::string_view plain,
           std::string_view aad) {
  Bytes out(kNonceSize + plain.size() + kTagSize, '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(p, kNonceSize);
  unsigned long long len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(p + kNonceSize, &len, U(plain),
                                             plain.size(), U(aad), aad.size(),
                                             nullptr, p, key);
  return out;
}

// The plaintext, or nullopt when the tag does not verify.
std::optional<SecretString> Unseal(const std::uint8_t* key,
                                   std::string_view sealed,
                                   std::string_view aad) {
  if (sealed.size() < kNonceSize + kTagSize) return std::nullopt;
  std::string plain(sealed.size() - kNonceSize - kTagSize, '\0');
  unsigned long long len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &len, nullptr,
          U(sealed) + kNonceSize, sealed.size() - kNonceSize, U(aad),
          aad.size(), U(sealed), key) != 0) {
    return std::nullopt;
  }
  return SecretString(std::move(plain));
}

Bytes RecordAad(const std::uint8_t* wallet_id,
                const std::array<std::uint8_t, 16>& record_id,
                std::uint32_t version) {
  Bytes aad(kRecordLabel);
  aad.append(reinterpret_cast<const char*>(wallet_id), kWalletIdSize);
  aad.append(reinterpret_cast<const char*>(record_id.data()), 16);
  PutU32(&aad, version);
  return aad;
}

Bytes ManifestAad(const std::uint8_t* wallet_id) {
  Bytes aad(kManifestLabel);
  aad.append(reinterpret_cast<const char*>(wallet_id), kWalletIdSize);
  return aad;
}

Status SyncDir(const std::string& dir) {
  int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return Status::Error(anycred::codes::kIoError, "cannot open " + dir);
  int rc = fsync(fd);
  close(fd);
  if (rc != 0)
    return Status::Error(anycred::codes::kIoError, "cannot sync " + dir);
  return Status::Ok();
}

Status MakeDirs(const std::string& dir) {
  std::error_code ec;
  std::filesystem::path p(dir);
  std::filesystem::path built;
  for (const auto& part : p) {
    built /= part;
    if (built.empty() || std::filesystem::exists(built, ec)) continue;
    if (mkdir(built.c_str(), 0700) != 0 && errno != EEXIST) {
      return Status::Error(anycred::codes::kIoError,
                           "cannot create the folder " + built.string() + ": " +
                               std::strerror(errno));
    }
  }
  return Status::Ok();
}

}  // namespace

struct WalletStore::Keys {
  std::uint8_t kek[kKeySize];   // from the passphrase
  std::uint8_t data[kKeySize];  // seals the manifest and records
  std::uint8_t salt[kSaltSize];
  std::uint8_t wallet_id[kWalletIdSize];
  KdfLimits limits{};
  ~Keys() {
    crypto::Wipe(kek, sizeof kek);
    crypto::Wipe(data, sizeof data);
  }
};

KdfLimits DefaultKdfLimits() { return KdfLimits{3, std::uint64_t{64} << 20}; }

std::string CredentialId(const Json& credential) {
  return crypto::HashHex(crypto::HashAlgorithm::kSha256, DumpJson(credential));
}

namespace {
bool LimitsAcceptable(const KdfLimits& l) {
  return l.opslimit >= 1 && l.opslimit <= 32 && l.memlimit >= 8192 &&
         l.memlimit <= (std::uint64_t{1} << 30);
}

Status DeriveKek(const SecretString& passphrase, const std::uint8_t* salt,
                 const KdfLimits& limits, std::uint8_t* out) {
  if (sodium_init() < 0) {
    return Status::Error(anycred::codes::kCryptoError,
                         "libsodium failed to start");
  }
  if (crypto_pwhash(out, kKeySize, passphrase.value().data(),
                    passphrase.value().size(), salt, limits.opslimit,
                    static_cast<std::size_t>(limits.memlimit),
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Error(anycred::codes::kCryptoError,
                         "not enough memory to derive the wallet key");
  }
  return Status::Ok();
}
}  // namespace

WalletStore::WalletStore() = default;

WalletStore::~WalletStore() {
  if (lock_fd_ >= 0) close(lock_fd_);  // releases the flock
}

std::string WalletStore::DataPath(const std::string& dir) {
  return dir + "/wallet.dat";
}

bool WalletStore::Exists(const std::string& dir) {
  struct stat st;
  return stat(DataPath(dir).c_str(), &st) == 0;
}

Status WalletStore::Lock(const std::string& dir, bool create) {
  if (create) ANYCRED_RETURN_IF_ERROR(MakeDirs(dir));
  std::string path = dir + "/lock";
  lock_fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd_ < 0) {
    if (!create && errno == ENOENT) {
      return Status::Error(codes::kWalletNotFound,
                           "there is no wallet in " + dir +
                               " (create one with: anycred-wallet init)");
    }
    return Status::Error(anycred::codes::kIoError,
                         "cannot open " + path + ": " + std::strerror(errno));
  }
  for (int i = 0; i < 100; ++i) {
    if (flock(lock_fd_, LOCK_EX | LOCK_NB) == 0) {
      dir_ = dir;
      return Status::Ok();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return Status::Error(codes::kWalletBusy,
                       "another anycred-wallet command is using the wallet; "
                       "try again when it has finished");
}

Result<std::unique_ptr<WalletStore>> WalletStore::Create(
    const std::string& dir, const SecretString& passphrase, KdfLimits limits) {
  if (!LimitsAcceptable(limits)) {
    return Status::Error(anycred::codes::kInvalidArgument,
                         "key-derivation limits out of range");
  }
  auto exists = [&dir] {
    return Status::Error(
        codes::kWalletExists,
        "there is already a wallet in " + dir + "; it was left unchanged");
  };
  if (Exists(dir)) return exists();
  std::unique_ptr<WalletStore> store(new WalletStore());
  ANYCRED_RETURN_IF_ERROR(store->Lock(dir, /*create=*/true));
  if (Exists(dir)) return exists();
  store->keys_ = std::make_unique<Keys>();
  Keys& k = *store->keys_;
  k.limits = limits;
  randombytes_buf(k.salt, sizeof k.salt);
  randombytes_buf(k.wallet_id, sizeof k.wallet_id);
  crypto_aead_xchacha20poly1305_ietf_keygen(k.data);
  ANYCRED_RETURN_IF_ERROR(DeriveKek(passphrase, k.salt, limits, k.kek));
  store->holder_ =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  ANYCRED_RETURN_IF_ERROR(store->Commit());
  return store;
}

Result<std::unique_ptr<WalletStore>> WalletStore::Open(
    const std::string& dir, const SecretString& passphrase) {
  if (!Exists(dir)) {
    return Status::Error(codes::kWalletNotFound,
                         "there is no wallet in " + dir +
                             " (create one with: anycred-wallet init)");
  }
  auto lock_holder = std::unique_ptr<WalletStore>(new WalletStore());
  ANYCRED_RETURN_IF_ERROR(lock_holder->Lock(dir, /*create=*/false));
  ANYCRED_ASSIGN_OR_RETURN(std::string bytes,
                           ReadFileOrStdin(DataPath(dir), kMaxFileSize));
  ANYCRED_ASSIGN_OR_RETURN(auto store, Parse(bytes, kKindWallet, passphrase));
  store->dir_ = dir;
  store->lock_fd_ = lock_holder->lock_fd_;
  lock_holder->lock_fd_ = -1;
  return store;
}

Result<std::unique_ptr<WalletStore>> WalletStore::Parse(
    std::string_view bytes, std::uint8_t kind, const SecretString& pass) {
  if (bytes.size() < kHeaderSize ||
      std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    return Status::Error(codes::kWalletDamaged,
                         kind == kKindBackup
                             ? "this is not an anycred-wallet backup"
                             : "this is not an anycred wallet file");
  }
  if (static_cast<std::uint8_t>(bytes[8]) != kFormatVersion) {
    return Status::Error(
        codes::kWalletDamaged,
        "the file was written by a newer anycred-wallet "
        "(format " +
            std::to_string(static_cast<std::uint8_t>(bytes[8])) +
            "); update anycred-wallet");
  }
  std::uint8_t file_kind = static_cast<std::uint8_t>(bytes[9]);
  if (file_kind != kind) {
    return Status::Error(
        codes::kWalletDamaged,
        file_kind == kKindBackup
            ? "this is a wallet backup, not a wallet: use anycred-wallet "
              "restore"
            : "this is a wallet file, not a backup made by anycred-wallet "
              "export");
  }
  if (static_cast<std::uint8_t>(bytes[10]) != kKdfArgon2id13 ||
      static_cast<std::uint8_t>(bytes[11]) != kAeadXChaCha20Poly1305 ||
      GetLE(bytes, 12, 4) != 0) {
    return Damaged("unknown key derivation or cipher");
  }
  std::unique_ptr<WalletStore> store(new WalletStore());
  store->keys_ = std::make_unique<Keys>();
  Keys& k = *store->keys_;
  k.limits = KdfLimits{GetLE(bytes, 16, 8), GetLE(bytes, 24, 8)};
  if (!LimitsAcceptable(k.limits)) return Damaged("key-derivation limits");
  std::memcpy(k.salt, bytes.data() + 32, kSaltSize);
  std::memcpy(k.wallet_id, bytes.data() + 48, kWalletIdSize);
  ANYCRED_RETURN_IF_ERROR(DeriveKek(pass, k.salt, k.limits, k.kek));
  auto data_key = Unseal(
      k.kek, bytes.substr(kWrapAadSize, kNonceSize + kKeySize + kTagSize),
      bytes.substr(0, kWrapAadSize));
  if (!data_key) {
    return Status::Error(codes::kWrongPassphrase,
                         "the passphrase is wrong (nothing was changed)");
  }
  std::memcpy(k.data, data_key->value().data(), kKeySize);

  // The manifest.
  std::size_t at = kHeaderSize;
  if (bytes.size() - at < 4) return Damaged("the manifest is missing");
  std::uint64_t len = GetLE(bytes, at, 4);
  at += 4;
  if (bytes.size() - at < len) return Damaged("the manifest is cut short");
  auto manifest_plain =
      Unseal(k.data, bytes.substr(at, len), ManifestAad(k.wallet_id));
  at += len;
  if (!manifest_plain ||
      manifest_plain->value().size() < crypto::kEd25519SeedSize) {
    return Damaged("the manifest does not authenticate");
  }
  const std::string& mp = manifest_plain->value();
  auto seed = crypto::Ed25519PrivateKey::FromSeed(
      std::span(reinterpret_cast<const std::uint8_t*>(mp.data()),
                crypto::kEd25519SeedSize));
  if (!seed.ok()) return Damaged("the holder key");
  store->holder_ = keys::SigningKeyFromDidKey(std::move(seed).value());
  auto manifest =
      ParseJson(std::string_view(mp).substr(crypto::kEd25519SeedSize));
  if (!manifest.ok() || !manifest->is_object() ||
      !(*manifest)["generation"].is_number_unsigned() ||
      !(*manifest)["records"].is_array()) {
    return Damaged("the manifest is unreadable");
  }
  store->generation_ = (*manifest)["generation"].get<std::uint64_t>();
  // The records, in the manifest's order.
  const Json& listed = (*manifest)["records"];
  for (const auto& r : listed) {
    if (!r.is_object() || !r["id"].is_string() ||
        !r["version"].is_number_unsigned() || !r["sha256"].is_string()) {
      return Damaged("a manifest entry is unreadable");
    }
  }
  for (std::size_t i = 0; at < bytes.size(); ++i) {
    if (bytes.size() - at < 24) return Damaged("a record is cut short");
    if (i >= listed.size()) return Damaged("a record is not in the manifest");
    Entry e;
    std::memcpy(e.record_id.data(), bytes.data() + at, 16);
    e.version = static_cast<std::uint32_t>(GetLE(bytes, at + 16, 4));
    std::uint64_t rlen = GetLE(bytes, at + 20, 4);
    at += 24;
    if (bytes.size() - at < rlen) return Damaged("a record is cut short");
    std::string_view sealed = bytes.substr(at, rlen);
    at += rlen;
    const Json& want = listed[i];
    if (want["id"].get<std::string>() != encoding::HexEncode(e.record_id)) {
      return Damaged("the records are not those of the manifest");
    }
    if (want["version"].get<std::uint64_t>() != e.version ||
        want["sha256"].get<std::string>() !=
            crypto::HashHex(crypto::HashAlgorithm::kSha256, sealed)) {
      return Damaged("a record was replaced or rolled back");
    }
    auto plain =
        Unseal(k.data, sealed, RecordAad(k.wallet_id, e.record_id, e.version));
    if (!plain) return Damaged("a record does not authenticate");
    auto record = ParseJson(plain->value());
    if (!record.ok() || !record->is_object() ||
        !record->contains("credential") || !record->contains("meta")) {
      return Damaged("a record is unreadable");
    }
    e.credential = std::move((*record)["credential"]);
    e.meta = std::move((*record)["meta"]);
    e.id = CredentialId(e.credential);
    e.sealed = std::string(sealed);
    store->entries_.push_back(std::move(e));
  }
  if (store->entries_.size() != listed.size()) {
    return Damaged("a record is missing");
  }
  return store;
}

std::string WalletStore::Serialize(std::uint8_t kind) {
  const Keys& k = *keys_;
  Bytes out(kMagic, sizeof kMagic);
  out.push_back(static_cast<char>(kFormatVersion));
  out.push_back(static_cast<char>(kind));
  out.push_back(static_cast<char>(kKdfArgon2id13));
  out.push_back(static_cast<char>(kAeadXChaCha20Poly1305));
  PutU32(&out, 0);
  PutU64(&out, k.limits.opslimit);
  PutU64(&out, k.limits.memlimit);
  out.append(reinterpret_cast<const char*>(k.salt), kSaltSize);
  out.append(reinterpret_cast<const char*>(k.wallet_id), kWalletIdSize);
  // Key wrap: nonce ‖ Seal(data key), bound to the header so far.
  {
    std::string data_key(reinterpret_cast<const char*>(k.data), kKeySize);
    Bytes wrapped = Seal(k.kek, data_key, out);
    crypto::Wipe(data_key.data(), data_key.size());
    out += wrapped;
  }
  // Records first (their hashes go in the manifest), appended after it.
  Json listed = Json::array();
  Bytes records;
  for (auto& e : entries_) {
    if (e.sealed.empty()) {
      Json record = {{"credential", e.credential}, {"meta", e.meta}};
      std::string plain = DumpJson(record);
      e.sealed =
          Seal(k.data, plain, RecordAad(k.wallet_id, e.record_id, e.version));
      crypto::Wipe(plain.data(), plain.size());
    }
    records.append(reinterpret_cast<const char*>(e.record_id.data()), 16);
    PutU32(&records, e.version);
    PutU32(&records, static_cast<std::uint32_t>(e.sealed.size()));
    records += e.sealed;
    listed.push_back({{"id", encoding::HexEncode(e.record_id)},
                      {"version", e.version},
                      {"sha256", crypto::HashHex(crypto::HashAlgorithm::kSha256,
                                                 e.sealed)}});
  }
  std::string json =
      DumpJson(Json{{"generation", generation_}, {"records", listed}});
  std::string plain;
  plain.reserve(crypto::kEd25519SeedSize + json.size());  // no stray copies
  auto seed = holder_->key.ExportSeed();
  plain.append(reinterpret_cast<const char*>(seed.data()), seed.size());
  crypto::Wipe(seed.data(), seed.size());
  plain += json;
  Bytes manifest = Seal(k.data, plain, ManifestAad(k.wallet_id));
  crypto::Wipe(plain.data(), plain.size());
  PutU32(&out, static_cast<std::uint32_t>(manifest.size()));
  out += manifest;
  out += records;
  return out;
}

Status WalletStore::WriteAtomically(const std::string& content) {
  std::string path = DataPath(dir_);
  std::string tmp = path + ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::Error(anycred::codes::kIoError,
                         "cannot write " + tmp + ": " + std::strerror(errno));
  }
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = errno;
      close(fd);
      unlink(tmp.c_str());
      return Status::Error(anycred::codes::kIoError,
                           "cannot write " + tmp + ": " + std::strerror(err));
    }
    done += static_cast<std::size_t>(n);
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    unlink(tmp.c_str());
    return Status::Error(anycred::codes::kIoError, "cannot save " + tmp);
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    unlink(tmp.c_str());
    return Status::Error(
        anycred::codes::kIoError,
        "cannot replace " + path + ": " + std::strerror(errno));
  }
  return SyncDir(dir_);
}

Status WalletStore::Commit() {
  ++generation_;
  return WriteAtomically(Serialize(kKindWallet));
}

Status WalletStore::ChangePassphrase(const SecretString& new_passphrase,
                                     KdfLimits limits) {
  if (!LimitsAcceptable(limits)) {
    return Status::Error(anycred::codes::kInvalidArgument,
                         "key-derivation limits out of range");
  }
  Keys& k = *keys_;
  std::uint8_t salt[kSaltSize], kek[kKeySize];
  randombytes_buf(salt, sizeof salt);
  ANYCRED_RETURN_IF_ERROR(DeriveKek(new_passphrase, salt, limits, kek));
  std::memcpy(k.salt, salt, kSaltSize);
  std::memcpy(k.kek, kek, kKeySize);
  crypto::Wipe(kek, sizeof kek);
  k.limits = limits;
  return Commit();
}

Result<const Entry*> WalletStore::Find(std::string_view id) const {
  std::string want(id);
  for (auto& c : want) c = static_cast<char>(std::tolower(c));
  if (want.size() < 4 ||
      want.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return Status::Error(codes::kNoSuchCredential,
                         "\"" + std::string(id) +
                             "\" is not a credential id: use the ID column "
                             "of anycred-wallet list (at least 4 characters)");
  }
  const Entry* found = nullptr;
  for (const auto& e : entries_) {
    if (e.id.compare(0, want.size(), want) == 0) {
      if (found) {
        return Status::Error(codes::kAmbiguousId,
                             "more than one credential starts with " + want +
                                 "; give more characters of the id");
      }
      found = &e;
    }
  }
  if (!found) {
    return Status::Error(codes::kNoSuchCredential,
                         "no credential in the wallet has the id " + want);
  }
  return found;
}

bool WalletStore::Add(Json credential, Json meta) {
  std::string id = CredentialId(credential);
  for (const auto& e : entries_) {
    if (e.id == id) return false;
  }
  Entry e;
  e.id = std::move(id);
  e.credential = std::move(credential);
  e.meta = std::move(meta);
  randombytes_buf(e.record_id.data(), e.record_id.size());
  e.version = 1;
  entries_.push_back(std::move(e));
  return true;
}

Status WalletStore::UpdateMeta(const std::string& id, Json meta) {
  for (auto& e : entries_) {
    if (e.id == id) {
      e.meta = std::move(meta);
      ++e.version;
      e.sealed.clear();
      return Status::Ok();
    }
  }
  return Status::Error(codes::kNoSuchCredential,
                       "no credential in the wallet has the id " + id);
}

Status WalletStore::Remove(const std::string& id) {
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->id == id) {
      entries_.erase(it);
      return Status::Ok();
    }
  }
  return Status::Error(codes::kNoSuchCredential,
                       "no credential in the wallet has the id " + id);
}

Result<std::string> WalletStore::ExportBackup() {
  return Serialize(kKindBackup);
}

Status WalletStore::RestoreBackup(const std::string& dir,
                                  std::string_view backup,
                                  const SecretString& passphrase,
                                  bool overwrite) {
  // Check the backup completely before touching anything.
  ANYCRED_ASSIGN_OR_RETURN(auto store, Parse(backup, kKindBackup, passphrase));
  ANYCRED_RETURN_IF_ERROR(store->Lock(dir, /*create=*/true));
  if (Exists(dir) && !overwrite) {
    return Status::Error(codes::kWalletExists,
                         "there is already a wallet in " + dir +
                             "; it was left unchanged (use --force to "
                             "replace it with the backup)");
  }
  return store->Commit();
}

}  // namespace anycred::wallet
