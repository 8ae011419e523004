// The wallet's encrypted store: a holder key and credential records in one
// file, `<dir>/wallet.dat`, in the format of specs/wallet-format.md.
//
// What it promises:
// - Confidentiality: nothing about the credentials (content, names,
//   identifiers) and not the holder key or DID is in the file in clear.
//   Readable without the passphrase: the format version, the key-derivation
//   limits, the number of records and their sizes.
// - Keys: a random 256-bit data key seals the manifest and every record
//   (XChaCha20-Poly1305); the data key is wrapped by a key derived from the
//   passphrase with Argon2id (limits in the header, see DefaultKdfLimits).
// - Integrity: every sealed piece is authenticated with associated data
//   binding it to this wallet, its record id and version; the sealed
//   manifest lists each record's id, version and SHA-256, so an altered,
//   swapped, rolled-back, removed or added record is refused
//   (WALLET_DAMAGED). Rolling back the whole file to an older copy is not
//   detectable (it is a valid older wallet).
// - Crash safety: Commit() writes a temporary file, fsyncs it, renames it
//   over wallet.dat and fsyncs the directory; an interrupted write leaves
//   the previous wallet intact.
// - A wrong passphrase fails with WRONG_PASSPHRASE and changes nothing.
//
// Thread safety: a WalletStore is not synchronized; use it from one thread.
// Between processes, an open store holds an exclusive lock (flock on
// `<dir>/lock`), so two commands never interleave their read-modify-write.
#ifndef ANYCRED_WALLET_CLI_STORE_WALLET_STORE_H_
#define ANYCRED_WALLET_CLI_STORE_WALLET_STORE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json/json.h"
#include "core/keys/key_file.h"
#include "core/util/passphrase.h"
#include "core/util/status.h"

namespace anycred::wallet {

// Status codes of this module (also in specs/error-codes.md).
namespace codes {
inline constexpr const char* kWalletNotFound = "WALLET_NOT_FOUND";
inline constexpr const char* kWalletExists = "WALLET_EXISTS";
inline constexpr const char* kWrongPassphrase = "WRONG_PASSPHRASE";
inline constexpr const char* kWalletDamaged = "WALLET_DAMAGED";
inline constexpr const char* kWalletBusy = "WALLET_BUSY";
inline constexpr const char* kNoSuchCredential = "NO_SUCH_CREDENTIAL";
inline constexpr const char* kAmbiguousId = "AMBIGUOUS_ID";
}  // namespace codes

// Argon2id cost. Stored in the file; when opening, values outside
// [1, 32] passes and [8 KiB, 1 GiB] are refused as damage.
struct KdfLimits {
  std::uint64_t opslimit;
  std::uint64_t memlimit;
};
KdfLimits DefaultKdfLimits();  // 3 passes, 64 MiB

// One credential in the wallet.
struct Entry {
  std::string id;   // hex SHA-256 of the credential's JSON text
  Json credential;  // as imported
  Json meta;        // wallet's notes: added, source, flagged, verification
  // Storage bookkeeping (see specs/wallet-format.md).
  std::array<std::uint8_t, 16> record_id{};
  std::uint32_t version = 0;
  std::string sealed;  // nonce ‖ ciphertext; empty when changed
};

// The hex id of a credential as the wallet names it.
std::string CredentialId(const Json& credential);

class WalletStore {
 public:
  // The file names inside a wallet directory.
  static std::string DataPath(const std::string& dir);
  static bool Exists(const std::string& dir);

  // Creates a wallet with a new holder key (did:key, Ed25519). Fails with
  // WALLET_EXISTS if there is one.
  static Result<std::unique_ptr<WalletStore>> Create(
      const std::string& dir, const SecretString& passphrase,
      KdfLimits limits = DefaultKdfLimits());
  // Opens and checks every record.
  static Result<std::unique_ptr<WalletStore>> Open(
      const std::string& dir, const SecretString& passphrase);

  ~WalletStore();
  WalletStore(const WalletStore&) = delete;
  WalletStore& operator=(const WalletStore&) = delete;

  const keys::SigningKey& holder() const { return *holder_; }
  const std::string& holder_did() const { return holder_->controller; }
  const std::vector<Entry>& entries() const { return entries_; }

  // By full id or a unique prefix of at least 4 hex digits.
  Result<const Entry*> Find(std::string_view id_or_prefix) const;

  // Adds a credential; false (and nothing changes) if it is already there.
  bool Add(Json credential, Json meta);
  // Replaces an entry's meta (a new record version).
  Status UpdateMeta(const std::string& id, Json meta);
  Status Remove(const std::string& id);

  // Writes the wallet as it is now, atomically.
  Status Commit();
  // Re-wraps the data key under a new passphrase (new salt) and commits.
  Status ChangePassphrase(const SecretString& new_passphrase,
                          KdfLimits limits = DefaultKdfLimits());

  // A backup: the whole wallet, holder key included, sealed the same way
  // and protected by the current passphrase (specs/wallet-format.md).
  Result<std::string> ExportBackup();
  // Checks `backup` completely with `passphrase`, then writes it as the
  // wallet in `dir`. Refuses an existing wallet unless `overwrite`.
  // Nothing is written when anything fails.
  static Status RestoreBackup(const std::string& dir, std::string_view backup,
                              const SecretString& passphrase, bool overwrite);

 private:
  struct Keys;
  WalletStore();
  static Result<std::unique_ptr<WalletStore>> Parse(std::string_view bytes,
                                                    std::uint8_t kind,
                                                    const SecretString& pass);
  std::string Serialize(std::uint8_t kind);
  Status WriteAtomically(const std::string& content);
  Status Lock(const std::string& dir, bool create);

  std::string dir_;
  int lock_fd_ = -1;
  std::unique_ptr<Keys> keys_;
  std::optional<keys::SigningKey> holder_;
  std::uint64_t generation_ = 0;
  std::vector<Entry> entries_;
};

}  // namespace anycred::wallet

#endif  // ANYCRED_WALLET_CLI_STORE_WALLET_STORE_H_
