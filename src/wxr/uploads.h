// The files of imported attachments, copied from a copy of WordPress's wp-content/uploads into
// DATA/uploads after the import committed (so a failed import never leaves files behind), with
// their type sniffed and image variants made by media/.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "store/settings.h"
#include "store/store.h"
#include "util/status.h"
#include "wxr/importer.h"

namespace quire::wxr {

struct UploadsReport {
  int64_t copied = 0;
  int64_t already_there = 0;         // a file of that name was in DATA/uploads (left as it was)
  std::vector<std::string> missing;  // not found under the --uploads folder
  std::vector<std::string> warnings;
};

// Copies each file from `from` (FILE relative to it) into DATA/uploads/FILE, then records its
// sniffed type, size, dimensions and variants on its media row (one write job per file).
Result<UploadsReport> CopyUploads(store::Store& store, const store::Settings& settings,
                                  const std::filesystem::path& data_dir,
                                  const std::filesystem::path& from,
                                  const std::vector<AttachmentFile>& files);

}  // namespace quire::wxr
