#include "core/util/passphrase.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>

#include "core/crypto/ed25519.h"

namespace anycred {

SecretString& SecretString::operator=(SecretString&& other) noexcept {
  if (this != &other) {
    crypto::Wipe(value_.data(), value_.size());
    value_ = std::move(other.value_);
  }
  return *this;
}

SecretString::~SecretString() { crypto::Wipe(value_.data(), value_.size()); }

namespace {
Result<SecretString> ReadFromTty(int fd, const std::string& prompt) {
  if (write(fd, prompt.data(), prompt.size()) < 0) {
    return Status::Error(codes::kIoError, "cannot write the passphrase prompt");
  }
  termios old_mode{};
  bool have_mode = tcgetattr(fd, &old_mode) == 0;
  if (have_mode) {
    termios quiet = old_mode;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  std::string line;
  char c;
  while (read(fd, &c, 1) == 1 && c != '\n') {
    if (c != '\r') line.push_back(c);
  }
  if (have_mode) tcsetattr(fd, TCSAFLUSH, &old_mode);
  SecretString secret(std::move(line));
  return secret;
}
}  // namespace

Result<SecretString> GetPassphrase(const char* env_var,
                                   const std::string& prompt, bool confirm) {
  if (const char* env = std::getenv(env_var)) {
    if (*env == '\0') {
      return Status::Error(codes::kInvalidArgument,
                           std::string(env_var) +
                               " is set but empty; a passphrase "
                               "cannot be empty");
    }
    return SecretString(env);
  }
  int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    return Status::Error(codes::kInvalidArgument,
                         std::string("a passphrase is needed: set ") + env_var +
                             " or run from a terminal");
  }
  auto first = ReadFromTty(fd, prompt);
  if (first.ok() && first->empty()) {
    close(fd);
    return Status::Error(codes::kInvalidArgument,
                         "the passphrase cannot be empty");
  }
  if (first.ok() && confirm) {
    auto second = ReadFromTty(fd, "Repeat the passphrase: ");
    if (!second.ok() || second->value() != first->value()) {
      close(fd);
      return Status::Error(codes::kInvalidArgument,
                           "the two passphrases do not match");
    }
  }
  close(fd);
  return first;
}

}  // namespace anycred
