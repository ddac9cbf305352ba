// Taking a file in: its type sniffed from its content, its bytes stored under the uploads
// folder, and for images their size and variants. The result is a store::Media ready for
// store::SaveMedia (without id): the caller saves it in its own write transaction and, when
// that fails, calls Storage::Remove(media) so that nothing stays on disk.
//
//   auto media = media::StoreUpload(storage, sizes, upload);   // files written
//   store.Write([&](store::Transaction& tx) { return store::SaveMedia(tx, *media); }, ...);
//
// CPU-heavy for images (libvips): call from a worker thread, never an I/O thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "media/images.h"
#include "media/storage.h"
#include "store/media.h"
#include "util/status.h"

namespace quire::media {

struct Upload {
  std::string client_name;  // the name the browser sent (only its stem is used, made safe)
  std::string_view bytes;   // the content; must stay alive during the call
  int64_t author_id = 0;
  int64_t parent_post_id = 0;
  int64_t time = 0;  // Unix seconds: its month folder and created_at
};

// Stores an upload as FOLDER/STEM.EXT (Storage's naming; EXT from the sniffed type) with its
// variants. kInvalid for a type off the allowlist or an image libvips cannot read (nothing is
// written then). The title is the client's name without extension.
Result<store::Media> StoreUpload(const Storage& storage, const ImageSizes& sizes,
                                 const Upload& upload);

// For the WordPress importer: the file at `source` (from a copy of wp-content/uploads) stored
// at `file`, its path under uploads as WordPress had it ("2019/05/cat.jpg"), so that old URLs
// keep working; a file already there is replaced (a re-import changes nothing). Variants are
// made as for an upload. kInvalid for a refused type or a `file` that is not a safe relative
// path; kNotFound when `source` cannot be read. Fields other than file, mime_type, width,
// height, bytes and variants are left for the caller.
Result<store::Media> StoreImported(const Storage& storage, const ImageSizes& sizes,
                                   const std::filesystem::path& source, std::string_view file);

}  // namespace quire::media
