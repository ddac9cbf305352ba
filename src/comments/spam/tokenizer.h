// What the learning filter looks at: a comment as a set of tokens. Words of the text in lower
// case (any script: Latin with Azerbaijani's letters, Cyrillic, Greek, and others as they are),
// the hosts its links point to and how many links it has, and the author's fields: words of the
// name, the email's domain and the website's host. Field tokens are prefixed ("link:",
// "name:", "email:", "url:", "links:") so that "casino" in a name differs from one in the text.
#pragma once

#include <string>
#include <vector>

#include "store/records.h"

namespace quire::comments::spam {

// At most this many distinct tokens per comment (the first ones found).
inline constexpr size_t kMaxTokensPerComment = 400;

// The comment's distinct tokens, in the order first found; none contains a line break.
std::vector<std::string> Tokenize(const store::Comment& comment);

}  // namespace quire::comments::spam
