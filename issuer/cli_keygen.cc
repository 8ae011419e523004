// anycred-issuer keygen: creates an Ed25519 signing key file.
#include <unistd.h>

#include <iostream>
#include <memory>

#include "core/crypto/ed25519.h"
#include "core/encoding/hex.h"
#include "core/keys/key_file.h"
#include "issuer/cli.h"

namespace anycred::issuer {

namespace {
struct KeygenArgs {
  std::string seed_hex;
  std::string out = "-";
  std::string controller;
  bool encrypt = false;
  bool force = false;
};

int RunKeygen(const KeygenArgs& args) {
  std::optional<crypto::Ed25519PrivateKey> raw;
  if (!args.seed_hex.empty()) {
    auto seed = encoding::HexDecode(args.seed_hex);
    if (!seed.ok() || seed->size() != crypto::kEd25519SeedSize) {
      std::cerr << "error: --seed-hex must be 64 hexadecimal digits (a 32-byte "
                   "seed)\n";
      return kExitUsage;
    }
    raw = std::move(crypto::Ed25519PrivateKey::FromSeed(*seed)).value();
    crypto::Wipe(seed->data(), seed->size());
  } else {
    raw = crypto::Ed25519PrivateKey::Generate();
  }
  keys::SigningKey key = keys::SigningKeyFromDidKey(std::move(*raw));
  if (!args.controller.empty()) {
    // A key for an issuer identified by an https URL or did:web.
    std::string fragment =
        key.verification_method.substr(key.verification_method.find('#'));
    key.controller = args.controller;
    key.verification_method = args.controller + fragment;
  }
  Json file;
  if (args.encrypt) {
    auto pass = GetPassphrase("ANYCRED_KEY_PASSPHRASE",
                              "Passphrase for the new key: ", true);
    if (!pass.ok()) {
      std::cerr << "error: " << pass.status().message() << "\n";
      return kExitUsage;
    }
    auto enc = keys::EncryptedKeyFileJson(key, *pass);
    if (!enc.ok()) {
      std::cerr << "error: " << enc.status().message() << "\n";
      return kExitUsage;
    }
    file = std::move(enc).value();
  } else {
    file = keys::KeyFileJson(key);
  }
  std::string text = DumpJson(file, true) + "\n";
  Status st = keys::WriteSecretFile(args.out, text, args.force);
  crypto::Wipe(text.data(), text.size());
  if (!st.ok()) {
    std::cerr << "error: " << st.message() << "\n";
    return kExitUsage;
  }
  if (args.out != "-") {
    std::cerr << "Wrote " << (args.encrypt ? "an encrypted" : "a")
              << " signing key to " << args.out << " (readable only by you).\n"
              << "Verification method: " << key.verification_method << "\n"
              << "Issuer id to use in credentials: " << key.controller << "\n";
  }
  return kExitOk;
}
}  // namespace

Command RegisterKeygen(CLI::App& app) {
  auto args = std::make_shared<KeygenArgs>();
  CLI::App* cmd = app.add_subcommand(
      "keygen", "Create an Ed25519 signing key file (Multikey JSON)");
  cmd->add_option("--seed-hex", args->seed_hex,
                  "Derive the key from this 32-byte seed (64 hex digits) "
                  "instead of a random one");
  cmd->add_option(
      "-o,--output", args->out,
      "Write the key file here (mode 0600); default: standard output");
  cmd->add_option("--controller", args->controller,
                  "Issuer URL or did:web that controls the key (default: the "
                  "key's own did:key)");
  cmd->add_flag("--encrypt", args->encrypt,
                "Encrypt the key with a passphrase (from "
                "ANYCRED_KEY_PASSPHRASE or a prompt)");
  cmd->add_flag("--force", args->force, "Overwrite an existing key file");
  return [args] { return RunKeygen(*args); };
}

}  // namespace anycred::issuer
