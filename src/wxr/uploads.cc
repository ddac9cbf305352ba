#include "wxr/uploads.h"

#include <fstream>
#include <sstream>

#include "media/images.h"
#include "media/sniff.h"
#include "media/storage.h"
#include "store/media.h"

namespace quire::wxr {
namespace {

std::optional<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Sniffs the copied file and makes its variants; the media row learns them.
Status Describe(store::Store& store, const store::Settings& settings, const media::Storage& storage,
                const AttachmentFile& file, const std::string& bytes) {
  auto found = store::FindMedia(store, file.media_id);
  if (!found) return std::unexpected(found.error());
  if (!*found) return {};
  store::Media m = **found;
  m.mime_type = media::DetectMimeType(bytes);
  m.bytes = static_cast<int64_t>(bytes.size());
  if (m.mime_type.starts_with("image/")) {
    auto info = media::ReadImageInfo(bytes);
    if (info) {
      m.width = info->width;
      m.height = info->height;
      auto variants = media::MakeVariants(storage, m.file, bytes, m.mime_type,
                                          media::ImageSizes::From(settings));
      if (!variants) return std::unexpected(variants.error());
      m.variants = std::move(*variants);
    }
  }
  return store.WriteSync([&](store::Transaction& tx) -> Status {
    auto saved = store::SaveMedia(tx, m);
    if (!saved) return std::unexpected(saved.error());
    return {};
  });
}

}  // namespace

Result<UploadsReport> CopyUploads(store::Store& store, const store::Settings& settings,
                                  const std::filesystem::path& data_dir,
                                  const std::filesystem::path& from,
                                  const std::vector<AttachmentFile>& files) {
  UploadsReport report;
  media::Storage storage(media::Storage::Root(data_dir));
  for (const AttachmentFile& file : files) {
    auto target = storage.Resolve(file.file);
    if (!target) {
      report.warnings.push_back(file.file + ": not a safe file name, not copied");
      continue;
    }
    if (std::filesystem::exists(*target)) {
      ++report.already_there;
      continue;
    }
    auto bytes = ReadFile(from / (file.source.empty() ? file.file : file.source));
    if (!bytes) {
      report.missing.push_back(file.file);
      continue;
    }
    if (Status s = storage.Put(file.file, *bytes); !s) return std::unexpected(s.error());
    ++report.copied;
    if (Status s = Describe(store, settings, storage, file, *bytes); !s) {
      report.warnings.push_back(file.file + ": " + s.error().message);
    }
  }
  return report;
}

}  // namespace quire::wxr
