// `quire export wxr`: the whole site as WXR 1.2 that WordPress's importer accepts — authors,
// categories (parents first), tags, custom terms, posts, pages, attachments, and every comment
// except spam (WordPress's exporter leaves spam out too). The file holds commenters' email and
// IP addresses: it says so in its header comment, and only administrators may make it.
#pragma once

#include <cstdint>
#include <ostream>
#include <string_view>

#include "store/settings.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::wxr {

struct ExportCounts {
  int64_t authors = 0, terms = 0, items = 0, attachments = 0, comments = 0;
};

// Writes the export to `out`, item by item (memory stays bounded by one item and its comments).
// `now` is the time written in the header. Links are absolute: `home` ("http://host:port",
// the site's public address), else the settings' home_url; an importer reads the permalink
// structure and each item's address from them. Each item's addresses on a site it was once
// imported from (store/original_paths.h) go along as `_quire_original_path` meta, so that an
// import of the export keeps answering them.
Result<ExportCounts> Export(store::Store& store, const store::Settings& settings, std::ostream& out,
                            int64_t now, std::string_view home = {});

// The meta key that carries an item's original path through an export (read by the importer).
inline constexpr std::string_view kOriginalPathMeta = "_quire_original_path";

}  // namespace quire::wxr
