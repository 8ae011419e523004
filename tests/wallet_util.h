// Test helpers for anycred-wallet: a wallet in a temporary folder run with
// ANYCRED_WALLET and ANYCRED_WALLET_PASSPHRASE, and a did:key issuer that
// signs badges here with core.
#ifndef ANYCRED_TESTS_WALLET_UTIL_H_
#define ANYCRED_TESTS_WALLET_UTIL_H_

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/keys/key_file.h"
#include "core/proof/data_integrity.h"
#include "tests/test_util.h"

namespace anycred::testing {

struct TestIssuer {
  keys::SigningKey key =
      keys::SigningKeyFromDidKey(crypto::Ed25519PrivateKey::Generate());
  std::string name;
  explicit TestIssuer(std::string n) : name(std::move(n)) {}
  Json Badge(const std::string& achievement) const {
    Json c =
        ReadJsonFile(SourceDir() + "/specs/examples/welding-safety-badge.json");
    static int serial = 0;
    c["id"] = "https://credentials.example/w/" + std::to_string(++serial);
    c["issuer"]["id"] = key.controller;
    c["issuer"]["name"] = name;
    c["name"] = achievement;
    c["credentialSubject"]["achievement"]["name"] = achievement;
    auto s = proof::AddProof(std::move(c), key, {});
    REQUIRE(s.ok());
    return std::move(s).value();
  }
};

struct TestWallet {
  TempDir tmp;
  std::string dir = tmp.File("wallet");
  std::string pass = "correct horse battery";
  std::vector<std::string> flags;  // before the command, e.g. loopback
  CommandResult Run(std::vector<std::string> args,
                    const std::string& stdin_text = "") const {
    args.insert(args.begin(), flags.begin(), flags.end());
    args.insert(args.begin(), "anycred-wallet");
    return RunCommand(
        args, stdin_text,
        {"ANYCRED_WALLET=" + dir, "ANYCRED_WALLET_PASSPHRASE=" + pass});
  }
  void Init() {
    auto r = Run({"init"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  std::string File(const std::string& name, const std::string& content) {
    std::string path = tmp.File(name);
    WriteFile(path, content);
    return path;
  }
  Json List() const {
    auto r = Run({"list", "--json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return Json::parse(r.out);
  }
};

inline bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace anycred::testing

#endif  // ANYCRED_TESTS_WALLET_UTIL_H_
