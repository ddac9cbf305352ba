// The global arguments that shape any answer: `_fields` (keep only the named fields; "a.b" for
// a nested one) and `_embed` (which relations to inline).
#pragma once

#include <string>
#include <vector>

#include "api/args.h"
#include "api/json.h"

namespace quire::api {

// `item` with only the fields `fields` names, in the item's own order. "title.rendered" keeps
// title with only its "rendered"; a name that is not there is ignored; non-objects unchanged.
Json FilterFields(const Json& item, const std::vector<std::string>& fields);

// The relations `_embed` asks for (the query must have it): empty (every embeddable link) for
// "_embed", "_embed=1" or "_embed=true"; else the listed relations ("author,wp:term").
std::vector<std::string> EmbedRels(const QueryArgs& query);

}  // namespace quire::api
