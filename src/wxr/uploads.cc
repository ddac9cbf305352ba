#include "wxr/uploads.h"

#include "media/images.h"
#include "media/storage.h"
#include "media/uploads.h"
#include "store/media.h"

namespace quire::wxr {
namespace {

// The media row of `file` learns what media::StoreImported found: type, size, dimensions and
// variants (its title, caption, author and dates came from the export).
Status Describe(store::Store& store, const AttachmentFile& file, const store::Media& stored) {
  auto found = store::FindMedia(store, file.media_id);
  if (!found) return std::unexpected(found.error());
  if (!*found) return {};
  store::Media m = **found;
  m.mime_type = stored.mime_type;
  m.bytes = stored.bytes;
  m.width = stored.width;
  m.height = stored.height;
  m.variants = stored.variants;
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
  const media::ImageSizes sizes = media::ImageSizes::From(settings);
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
    const std::filesystem::path source = from / (file.source.empty() ? file.file : file.source);
    // An image's original is stored as an upload's would be: without its GPS position, camera
    // and other private metadata (media/metadata.h), orientation applied.
    Result<store::Media> stored = media::StoreImported(storage, sizes, source, file.file);
    if (!stored) {
      if (stored.error().kind == ErrorKind::kNotFound) {
        report.missing.push_back(file.file);
        continue;
      }
      report.warnings.push_back(file.file + ": " + stored.error().message + ", not copied");
      continue;
    }
    ++report.copied;
    if (Status s = Describe(store, file, *stored); !s) {
      report.warnings.push_back(file.file + ": " + s.error().message);
    }
  }
  return report;
}

}  // namespace quire::wxr
