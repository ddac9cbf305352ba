#include "media/uploads.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "media/sniff.h"

namespace quire::media {
namespace {

// The client's file name without folders and extension, as a title.
std::string TitleOf(std::string_view client_name) {
  size_t slash = client_name.find_last_of("/\\");
  if (slash != std::string_view::npos) client_name.remove_prefix(slash + 1);
  size_t dot = client_name.rfind('.');
  if (dot != std::string_view::npos && dot > 0) client_name = client_name.substr(0, dot);
  return std::string(client_name);
}

// Size and variants of an image already stored at media.file; files are removed on error.
Status AddImageData(const Storage& storage, const ImageSizes& sizes, std::string_view bytes,
                    store::Media& media) {
  Result<ImageInfo> info = ReadImageInfo(bytes);
  if (!info) return std::unexpected(info.error());
  media.width = info->width;
  media.height = info->height;
  auto variants = MakeVariants(storage, media.file, bytes, media.mime_type, sizes);
  if (!variants) return std::unexpected(variants.error());
  media.variants = std::move(*variants);
  return {};
}

}  // namespace

Result<store::Media> StoreUpload(const Storage& storage, const ImageSizes& sizes,
                                 const Upload& upload) {
  Result<FileType> type = SniffType(upload.bytes);
  if (!type) return std::unexpected(type.error());
  if (type->image) {  // refuse an unreadable image before anything is written
    if (Result<ImageInfo> info = ReadImageInfo(upload.bytes); !info) {
      return std::unexpected(info.error());
    }
  }
  Result<std::string> file =
      storage.SaveNew(Storage::MonthFolder(upload.time), Storage::SafeStem(upload.client_name),
                      type->extension, upload.bytes);
  if (!file) return std::unexpected(file.error());
  store::Media media{.file = std::move(*file),
                     .mime_type = type->mime_type,
                     .title = TitleOf(upload.client_name),
                     .bytes = static_cast<int64_t>(upload.bytes.size()),
                     .author_id = upload.author_id,
                     .parent_post_id = upload.parent_post_id,
                     .created_at = upload.time};
  if (type->image) {
    if (Status made = AddImageData(storage, sizes, upload.bytes, media); !made) {
      storage.Remove(media);
      return std::unexpected(made.error());
    }
  }
  return media;
}

Result<store::Media> StoreImported(const Storage& storage, const ImageSizes& sizes,
                                   const std::filesystem::path& source, std::string_view file) {
  if (!storage.Resolve(file)) {
    return Fail(ErrorKind::kInvalid, "not a safe upload path: " + std::string(file));
  }
  std::ifstream in(source, std::ios::binary);
  if (!in) return Fail(ErrorKind::kNotFound, "cannot read " + source.string());
  std::ostringstream content;
  content << in.rdbuf();
  const std::string bytes = std::move(content).str();
  Result<FileType> type = SniffType(bytes);
  if (!type) return Fail(ErrorKind::kInvalid, source.string() + ": " + type.error().message);
  if (Status put = storage.Put(file, bytes); !put) return std::unexpected(put.error());
  store::Media media{.file = std::string(file),
                     .mime_type = type->mime_type,
                     .bytes = static_cast<int64_t>(bytes.size())};
  if (type->image) {
    if (Status made = AddImageData(storage, sizes, bytes, media); !made) {
      storage.Remove(media);
      return Fail(made.error().kind, source.string() + ": " + made.error().message);
    }
  }
  return media;
}

}  // namespace quire::media
