// Errors are values. Expected failures (bad input, not found, conflict, rate limit) travel as
// an Error with a kind and a human message; exceptions are for start-up and programming errors.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace quire {

enum class ErrorKind {
  kInvalid,      // The input breaks a rule; the message says which (HTTP 400).
  kForbidden,    // The action is not allowed for this item or person (403).
  kNotFound,     // The thing asked for does not exist or may not be seen (404).
  kConflict,     // The same thing exists already, e.g. a duplicate comment (409).
  kTooLarge,     // A named size limit was passed (413).
  kRateLimited,  // Too many requests too quickly (429).
  kUnavailable,  // A resource is busy or down; trying later may work (503).
  kInternal,     // A bug or an unexpected failure of a dependency (500).
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
};

template <typename T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> Fail(ErrorKind kind, std::string message) {
  return std::unexpected<Error>(Error{kind, std::move(message)});
}

// The one table from error kinds to HTTP status codes.
int HttpStatusFor(ErrorKind kind);
const char* ErrorKindName(ErrorKind kind);

}  // namespace quire
