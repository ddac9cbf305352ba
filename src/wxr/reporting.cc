#include "wxr/reporting.h"

#include <fmt/format.h>

#include <string_view>

namespace quire::wxr {

namespace {

// What the store said, in words for the person importing: a constraint is the entry clashing
// with something already stored, other failures keep their cause without the SQL.
std::string StoreProblem(const Error& error) {
  std::string_view message = error.message;
  size_t sqlite = message.find("sqlite: ");
  if (sqlite == std::string_view::npos) return std::string(message);
  std::string_view cause = message.substr(sqlite + 8);
  if (size_t colon = cause.find(": "); colon != std::string_view::npos) {
    cause = cause.substr(colon + 2);  // past what the store was doing
  }
  constexpr std::string_view kUnique = "UNIQUE constraint failed: ";
  if (cause.starts_with(kUnique)) {
    std::string_view column = cause.substr(kUnique.size());
    column = column.substr(0, column.find(','));
    size_t dot = column.find('.');
    std::string_view table = dot == std::string_view::npos ? "" : column.substr(0, dot);
    std::string_view field = dot == std::string_view::npos ? column : column.substr(dot + 1);
    std::string_view noun = table == "media"      ? "upload"
                            : table == "posts"    ? "item"
                            : table == "comments" ? "comment"
                            : table == "terms"    ? "term"
                            : table == "users"    ? "user"
                                                  : "stored entry";
    return fmt::format("another {} already has the same {}", noun, field);
  }
  if (cause.find("constraint failed") != std::string_view::npos) {
    return "one of its values is not allowed here";
  }
  if (error.kind == ErrorKind::kUnavailable) {
    return "the database is busy (another program holds its write lock); try again";
  }
  return "the database refused it: " + std::string(cause);
}

}  // namespace

// An error while importing `entry`, naming it (its place in the file, its kind, id and title)
// and its problem (StoreProblem). A message that names a place in the file already (a comment
// of the item) keeps it.
Error EntryError(const std::string& file, const Entry& entry, const Error& error) {
  std::string what;
  Position at;
  if (const Item* i = std::get_if<Item>(&entry)) {
    std::string type = i->post_type.empty() ? "item" : i->post_type;
    what = fmt::format("the {} {} '{}'", type, i->post_id, i->title);
    at = i->position;
  } else if (const Term* t = std::get_if<Term>(&entry)) {
    what = fmt::format("the term '{}' ({})", t->slug, t->taxonomy);
    at = t->position;
  } else if (const Author* a = std::get_if<Author>(&entry)) {
    what = fmt::format("the author '{}'", a->login);
    at = a->position;
  }
  std::string message = error.message;
  std::string place = fmt::format("{}:{}:{}: ", file, at.line, at.column);
  if (message.starts_with(file + ":")) {
    size_t end = message.find(": ", file.size() + 1);
    if (end != std::string::npos) {
      place = message.substr(0, end + 2);
      message = message.substr(end + 2);
    }
  }
  Error named = error;
  named.message =
      place + what + " could not be imported: " + StoreProblem(Error{error.kind, message});
  return named;
}

}  // namespace quire::wxr
