// The JSON value of the API: nlohmann-json keeping keys in insertion order, so that answers list
// their fields in WordPress's order (id, date, ... _links), as clients and people reading them
// expect. Dump() writes invalid UTF-8 as U+FFFD instead of throwing.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace quire::api {

using Json = nlohmann::ordered_json;

inline std::string Dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace quire::api
