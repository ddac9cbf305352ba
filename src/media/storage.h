// Where uploads live: DATA/uploads/YYYY/MM/NAME, as WordPress keeps wp-content/uploads. Names
// are made safe here (no path ever comes from a client) and never replace another upload:
// every file is written to a temporary file in its folder, then linked or renamed into place.
//
// Naming: an original is STEM.EXT, STEM made of [a-z0-9_-] and never ending like a variant
// ("-300x200"); its resized variants are STEM-WxH.EXT and the WebP copy of a file is
// FILE.webp (e.g. cat-300x200.jpg.webp). So no variant's name can be another upload's.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "store/media.h"
#include "util/status.h"

namespace quire::media {

class Storage {
 public:
  // `root` is the uploads folder (Root(data_dir)); created when first written to.
  explicit Storage(std::filesystem::path root) : root_(std::move(root)) {}

  // DATA/uploads.
  static std::filesystem::path Root(const std::filesystem::path& data_dir);
  // "YYYY/MM" of a Unix time (UTC), the folder of an upload made then.
  static std::string MonthFolder(int64_t time);
  // A safe stem from the name a client gave: its last path component (after '/' or '\'),
  // without extension, lowercased; each run of other characters than ASCII letters, digits and
  // '_' becomes one '-'; at most 80 characters; a trailing "-WxH" loses its 'x'; "file" when
  // nothing is left.
  static std::string SafeStem(std::string_view client_name);
  // STEM-WxH.EXT for the variant of a FOLDER/STEM.EXT file.
  static std::string VariantFile(std::string_view file, int width, int height);
  // The public URL path of a file: "/wp-content/uploads/" + file.
  static std::string UrlPath(std::string_view file);

  const std::filesystem::path& root() const { return root_; }

  // Stores `bytes` as FOLDER/STEM.EXT, or STEM-2.EXT, STEM-3.EXT ... when taken; never replaces
  // a file. Returns the file relative to the root ("2026/11/cat.jpg").
  Result<std::string> SaveNew(std::string_view folder, std::string_view stem,
                              std::string_view extension, std::string_view bytes) const;
  // Writes `bytes` at a relative file, replacing what is there (variants, imports).
  Status Put(std::string_view file, std::string_view bytes) const;
  // The absolute path of a relative file; nullopt when `file` is not a plain relative path
  // inside the root (empty, absolute, "..", ".", an empty or hidden segment, '\', NUL).
  std::optional<std::filesystem::path> Resolve(std::string_view file) const;
  // A stored file's bytes.
  Result<std::string> Read(std::string_view file) const;
  // Removes an upload's files (the original and every variant); missing ones are fine.
  void Remove(const store::Media& media) const;

 private:
  // Writes `bytes` to a new temporary file in `folder` (created if needed) and returns it.
  Result<std::filesystem::path> WriteTemporary(const std::filesystem::path& folder,
                                               std::string_view bytes) const;

  std::filesystem::path root_;
};

}  // namespace quire::media
