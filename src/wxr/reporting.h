// An import's failure in words for the person importing: the entry of the file it happened at
// (its place, kind, id and title) and what went wrong, never the store's SQL ("UNIQUE
// constraint failed: media.file" becomes "another upload already has the same file").
#pragma once

#include <string>

#include "util/status.h"
#include "wxr/reader.h"

namespace quire::wxr {

// `error` (a store failure, or a message already naming a place in `file`) while importing
// `entry` of `file`: "FILE:LINE:COLUMN: the attachment 1222 'up (1)' could not be imported: ...".
// The kind is kept.
Error EntryError(const std::string& file, const Entry& entry, const Error& error);

}  // namespace quire::wxr
