// Status and Result<T>: how every anycred module reports failure.
//
// A Status is either OK or carries a stable machine-readable `code` (for
// example "CONTEXT_UNLOADABLE", "MALFORMED_INPUT", or a JSON-LD error code
// such as "protected term redefinition") and a `message` written for the
// person who will read it. Functions return Status or Result<T> instead of
// throwing across module boundaries.
//
// Messages must never contain secrets (keys, tokens, passphrases).
//
// Thread safety: values; safe to copy and share read-only across threads.
#ifndef ANYCRED_CORE_UTIL_STATUS_H_
#define ANYCRED_CORE_UTIL_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace anycred {

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  static Status Ok() { return Status(); }
  static Status Error(std::string code, std::string message) {
    Status s;
    s.code_ = std::move(code);
    s.message_ = std::move(message);
    if (s.code_.empty()) s.code_ = "ERROR";
    return s;
  }

  bool ok() const { return code_.empty(); }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  // "CODE: message", or "OK".
  std::string ToString() const {
    return ok() ? std::string("OK") : code_ + ": " + message_;
  }
  // Returns a copy whose message is prefixed with `context` ("context: msg").
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    return Error(code_, context + ": " + message_);
  }

 private:
  std::string code_;
  std::string message_;
};

// Result<T> holds either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value)
      : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status)
      : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).ok() && "Result constructed from OK status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<T, Status> v_;
};

// Common codes used across modules. Domain modules add their own.
namespace codes {
inline constexpr const char* kInvalidArgument = "INVALID_ARGUMENT";
inline constexpr const char* kMalformedInput = "MALFORMED_INPUT";
inline constexpr const char* kNotFound = "NOT_FOUND";
inline constexpr const char* kIoError = "IO_ERROR";
inline constexpr const char* kCryptoError = "CRYPTO_ERROR";
inline constexpr const char* kInternal = "INTERNAL";
}  // namespace codes

}  // namespace anycred

#define ANYCRED_CONCAT_INNER_(a, b) a##b
#define ANYCRED_CONCAT_(a, b) ANYCRED_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` (a Status) is not OK.
#define ANYCRED_RETURN_IF_ERROR(expr)          \
  do {                                         \
    ::anycred::Status anycred_st_ = (expr);    \
    if (!anycred_st_.ok()) return anycred_st_; \
  } while (0)

// `lhs = value of expr` (a Result<T>), or returns its Status.
#define ANYCRED_ASSIGN_OR_RETURN(lhs, expr)                                    \
  ANYCRED_ASSIGN_OR_RETURN_IMPL_(ANYCRED_CONCAT_(anycred_res_, __LINE__), lhs, \
                                 expr)
#define ANYCRED_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return tmp.status();                  \
  lhs = std::move(tmp).value()

#endif  // ANYCRED_CORE_UTIL_STATUS_H_
