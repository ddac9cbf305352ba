#include "api/fields.h"

namespace quire::api {

Json FilterFields(const Json& item, const std::vector<std::string>& fields) {
  if (!item.is_object()) return item;
  Json kept = Json::object();
  for (const auto& [key, value] : item.items()) {
    std::vector<std::string> nested;
    bool whole = false;
    for (const std::string& field : fields) {
      if (field == key) whole = true;
      if (field.size() > key.size() && field.starts_with(key) && field[key.size()] == '.') {
        nested.push_back(field.substr(key.size() + 1));
      }
    }
    if (whole || (!nested.empty() && !value.is_object())) {
      kept[key] = value;
    } else if (!nested.empty()) {
      kept[key] = FilterFields(value, nested);
    }
  }
  return kept;
}

std::vector<std::string> EmbedRels(const QueryArgs& query) {
  const std::vector<std::string>* given = query.Find("_embed");
  if (!given) return {};
  std::vector<std::string> rels = ParseList(*given);
  if (rels.size() == 1 && (rels[0] == "1" || rels[0] == "true")) rels.clear();
  return rels;
}

}  // namespace quire::api
