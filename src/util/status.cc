#include "util/status.h"

namespace quire {

int HttpStatusFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalid: return 400;
    case ErrorKind::kForbidden: return 403;
    case ErrorKind::kNotFound: return 404;
    case ErrorKind::kConflict: return 409;
    case ErrorKind::kTooLarge: return 413;
    case ErrorKind::kRateLimited: return 429;
    case ErrorKind::kUnavailable: return 503;
    case ErrorKind::kInternal: return 500;
  }
  return 500;
}

const char* ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalid: return "invalid";
    case ErrorKind::kForbidden: return "forbidden";
    case ErrorKind::kNotFound: return "not found";
    case ErrorKind::kConflict: return "conflict";
    case ErrorKind::kTooLarge: return "too large";
    case ErrorKind::kRateLimited: return "rate limited";
    case ErrorKind::kUnavailable: return "unavailable";
    case ErrorKind::kInternal: return "internal";
  }
  return "internal";
}

}  // namespace quire
