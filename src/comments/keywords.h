// Keyword lists (the moderation_keys and disallowed_keys settings): one key per line, blank
// lines skipped, each matched as a case-insensitive substring of a comment's fields, as
// WordPress's preg_match("#KEY#iu") does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace quire::comments {

struct KeywordField {
  std::string_view name;  // how a reason names it: "name", "email", "content", "IP", ...
  std::string_view text;
};

// The first key (in list order) found in any field (in the given order), described as
// `"KEY" in FIELD`; empty when none matches.
std::string FindKeyword(std::string_view keys, const std::vector<KeywordField>& fields);

// Lower case for UTF-8 text in the scripts commenters mostly write: Latin (Latin-1,
// Extended-A, Azerbaijani Ə), Greek and Cyrillic. Other characters are kept; broken bytes too.
std::string FoldCase(std::string_view text);

}  // namespace quire::comments
