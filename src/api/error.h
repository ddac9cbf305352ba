// WordPress's REST error shape: {"code", "message", "data": {"status", ...}}, with WordPress's
// code strings, so that clients which branch on `code` (node-wpapi, api-fetch, the apps) work.
#pragma once

#include <expected>
#include <map>
#include <string>
#include <utility>

#include "api/json.h"
#include "util/status.h"

namespace quire::api {

struct RestError {
  int status = 500;
  std::string code;     // "rest_no_route", "rest_invalid_param" ...
  std::string message;  // WordPress's English message
  // Merged into "data" beside "status" ("params" and "details" of rest_invalid_param).
  Json data = Json::object();

  Json ToJson() const;
};

template <typename T>
using RestResult = std::expected<T, RestError>;

inline std::unexpected<RestError> RestFail(int status, std::string code, std::string message) {
  return std::unexpected(RestError{status, std::move(code), std::move(message)});
}

// 404 rest_no_route: no route (or no endpoint for the method) matches.
RestError NoRoute();
// One parameter's failure, as rest_invalid_param's "details" holds it.
struct ParamProblem {
  std::string code;     // rest_invalid_type, rest_out_of_bounds, rest_not_in_enum ...
  std::string message;  // "per_page must be between 1 (inclusive) and 100 (inclusive)"
};
// 400 rest_invalid_param "Invalid parameter(s): a, b" with "params" and "details" by name.
RestError InvalidParams(const std::map<std::string, ParamProblem>& problems);
// 401 when anonymous (every caller is, until authentication lands), as WordPress's
// rest_authorization_required_code().
RestError Unauthorized(std::string code, std::string message);
// A store failure: 500 (or the kind's status) with code "rest_internal_error"; the message is
// the store's (it never carries personal data: see util/status.h).
RestError FromStoreError(const Error& error);

}  // namespace quire::api
