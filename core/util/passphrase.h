// Passphrases for encrypted key files and wallets: taken from an
// environment variable (for scripts) or asked for on the terminal with echo
// off. The returned SecretString wipes its memory when destroyed.
//
// Thread safety: Prompt* touch the controlling terminal; call from one
// thread at a time.
#ifndef ANYCRED_CORE_UTIL_PASSPHRASE_H_
#define ANYCRED_CORE_UTIL_PASSPHRASE_H_

#include <string>

#include "core/util/status.h"

namespace anycred {

// A std::string that is wiped on destruction. Never log it.
class SecretString {
 public:
  SecretString() = default;
  explicit SecretString(std::string value) : value_(std::move(value)) {}
  SecretString(SecretString&& other) noexcept
      : value_(std::move(other.value_)) {}
  SecretString& operator=(SecretString&& other) noexcept;
  SecretString(const SecretString&) = delete;
  SecretString& operator=(const SecretString&) = delete;
  ~SecretString();
  const std::string& value() const { return value_; }
  bool empty() const { return value_.empty(); }

 private:
  std::string value_;
};

// The value of `env_var` if set (even if empty, which is an error), else a
// prompt on /dev/tty. `confirm` asks twice and requires both to match.
// Fails with a message naming `env_var` when there is no terminal.
Result<SecretString> GetPassphrase(const char* env_var,
                                   const std::string& prompt, bool confirm);

}  // namespace anycred

#endif  // ANYCRED_CORE_UTIL_PASSPHRASE_H_
