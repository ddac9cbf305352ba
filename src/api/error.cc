#include "api/error.h"

namespace quire::api {

Json RestError::ToJson() const {
  Json body_data = Json::object();
  body_data["status"] = status;
  if (data.is_object()) {
    for (const auto& [key, value] : data.items()) body_data[key] = value;
  }
  return Json{{"code", code}, {"message", message}, {"data", std::move(body_data)}};
}

RestError NoRoute() {
  return RestError{404, "rest_no_route", "No route was found matching the URL and request method."};
}

RestError InvalidParams(const std::map<std::string, ParamProblem>& problems) {
  std::string names;
  Json params = Json::object();
  Json details = Json::object();
  for (const auto& [name, problem] : problems) {
    if (!names.empty()) names += ", ";
    names += name;
    params[name] = problem.message;
    details[name] = {{"code", problem.code}, {"message", problem.message}, {"data", nullptr}};
  }
  RestError error{400, "rest_invalid_param", "Invalid parameter(s): " + names};
  error.data = {{"params", std::move(params)}, {"details", std::move(details)}};
  return error;
}

RestError Unauthorized(std::string code, std::string message) {
  return RestError{401, std::move(code), std::move(message)};
}

RestError FromStoreError(const Error& error) {
  return RestError{HttpStatusFor(error.kind), "rest_internal_error", error.message};
}

}  // namespace quire::api
