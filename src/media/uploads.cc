#include "media/uploads.h"

#include <fstream>
#include <optional>
#include <sstream>
#include <utility>

#include "media/sniff.h"
#include "media/text.h"

namespace quire::media {
namespace {

// The client's file name without folders and extension, as a title (media/text.h: without
// control or bidi characters).
std::string TitleOf(std::string_view client_name) {
  size_t slash = client_name.find_last_of("/\\");
  if (slash != std::string_view::npos) client_name.remove_prefix(slash + 1);
  size_t dot = client_name.rfind('.');
  if (dot != std::string_view::npos && dot > 0) client_name = client_name.substr(0, dot);
  return CleanText(client_name);
}

// Size and variants of the decoded image stored at media.file; files are removed on error.
Status AddImageData(const Storage& storage, const ImageSizes& sizes, const DecodedImage& image,
                    store::Media& media) {
  media.width = image.info().width;
  media.height = image.info().height;
  auto variants = image.MakeVariants(storage, media.file, media.mime_type, sizes);
  if (!variants) return std::unexpected(variants.error());
  media.variants = std::move(*variants);
  return {};
}

}  // namespace

Result<store::Media> StoreUpload(const Storage& storage, const ImageSizes& sizes,
                                 const Upload& upload) {
  Result<FileType> type = SniffType(upload.bytes);
  if (!type) return std::unexpected(type.error());
  // An image is decoded once, before anything is written (an unreadable or too large one is
  // refused), and stored without its private metadata.
  std::optional<DecodedImage> image;
  std::string cleaned;
  if (type->image) {
    Result<DecodedImage> decoded = DecodedImage::Decode(upload.bytes);
    if (!decoded) return std::unexpected(decoded.error());
    Result<std::string> original = decoded->CleanOriginal(upload.bytes, type->mime_type);
    if (!original) return std::unexpected(original.error());
    image = std::move(*decoded);
    cleaned = std::move(*original);
  }
  const std::string_view bytes = type->image ? std::string_view(cleaned) : upload.bytes;
  Result<std::string> file =
      storage.SaveNew(Storage::MonthFolder(upload.time), Storage::SafeStem(upload.client_name),
                      type->extension, bytes);
  if (!file) return std::unexpected(file.error());
  store::Media media{.file = std::move(*file),
                     .mime_type = type->mime_type,
                     .title = TitleOf(upload.client_name),
                     .bytes = static_cast<int64_t>(bytes.size()),
                     .author_id = upload.author_id,
                     .parent_post_id = upload.parent_post_id,
                     .created_at = upload.time};
  if (image) {
    if (Status made = AddImageData(storage, sizes, *image, media); !made) {
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
  if (!type->image) {
    if (Status put = storage.Put(file, bytes); !put) return std::unexpected(put.error());
    return store::Media{.file = std::string(file),
                        .mime_type = type->mime_type,
                        .bytes = static_cast<int64_t>(bytes.size())};
  }
  auto failed = [&source](const Error& error) {
    return Fail(error.kind, source.string() + ": " + error.message);
  };
  Result<DecodedImage> image = DecodedImage::Decode(bytes);
  if (!image) return failed(image.error());
  Result<std::string> original = image->CleanOriginal(bytes, type->mime_type);
  if (!original) return failed(original.error());
  if (Status put = storage.Put(file, *original); !put) return std::unexpected(put.error());
  store::Media media{.file = std::string(file),
                     .mime_type = type->mime_type,
                     .bytes = static_cast<int64_t>(original->size())};
  if (Status made = AddImageData(storage, sizes, *image, media); !made) {
    storage.Remove(media);
    return failed(made.error());
  }
  return media;
}

}  // namespace quire::media
