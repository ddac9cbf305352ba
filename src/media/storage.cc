#include "media/storage.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <random>

#include "util/strings.h"

namespace quire::media {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxStem = 80;
constexpr int kMaxNameTries = 1000;
constexpr std::string_view kUrlPrefix = "/wp-content/uploads/";

bool IsStemChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool IsDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Whether the stem ends like a variant's: "-<digits>x<digits>".
bool EndsLikeVariant(std::string_view stem) {
  size_t dash = stem.rfind('-');
  if (dash == std::string_view::npos) return false;
  std::string_view size = stem.substr(dash + 1);
  size_t x = size.find('x');
  return x != std::string_view::npos && IsDigits(size.substr(0, x)) && IsDigits(size.substr(x + 1));
}

Error IoError(std::string_view doing, const fs::path& path, int error) {
  return Error{ErrorKind::kInternal,
               std::string(doing) + " " + path.string() + ": " + std::strerror(error)};
}

Status WriteAll(int fd, std::string_view bytes, const fs::path& path) {
  while (!bytes.empty()) {
    ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) return std::unexpected(IoError("cannot write", path, errno));
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  if (::fsync(fd) != 0) return std::unexpected(IoError("cannot sync", path, errno));
  return {};
}

std::string TemporaryName() {
  static std::atomic<uint64_t> counter = 0;
  thread_local std::mt19937_64 random(std::random_device{}());
  return ".upload-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + "-" +
         std::to_string(random() % 1000000000);
}

}  // namespace

fs::path Storage::Root(const fs::path& data_dir) {
  return data_dir / "uploads";
}

std::string Storage::MonthFolder(int64_t time) {
  std::time_t t = static_cast<std::time_t>(time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char folder[32];
  std::snprintf(folder, sizeof(folder), "%04d/%02d", tm.tm_year + 1900, tm.tm_mon + 1);
  return folder;
}

std::string Storage::SafeStem(std::string_view client_name) {
  size_t slash = client_name.find_last_of("/\\");
  if (slash != std::string_view::npos) client_name.remove_prefix(slash + 1);
  size_t dot = client_name.rfind('.');
  if (dot != std::string_view::npos && dot > 0) client_name = client_name.substr(0, dot);
  std::string stem;
  for (char c : util::ToLower(client_name)) {
    if (IsStemChar(c)) {
      stem += c;
    } else if (!stem.empty() && stem.back() != '-') {
      stem += '-';
    }
    if (stem.size() >= kMaxStem) break;
  }
  while (!stem.empty() && stem.back() == '-') stem.pop_back();
  if (EndsLikeVariant(stem)) stem[stem.rfind('x')] = '-';
  return stem.empty() ? std::string("file") : stem;
}

std::string Storage::VariantFile(std::string_view file, int width, int height) {
  size_t dot = file.rfind('.');
  size_t slash = file.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
    dot = file.size();
  }
  return std::string(file.substr(0, dot)) + "-" + std::to_string(width) + "x" +
         std::to_string(height) + std::string(file.substr(dot));
}

std::string Storage::UrlPath(std::string_view file) {
  return std::string(kUrlPrefix) + std::string(file);
}

std::optional<fs::path> Storage::Resolve(std::string_view file) const {
  if (file.empty() || file.find('\\') != std::string_view::npos ||
      file.find('\0') != std::string_view::npos) {
    return std::nullopt;
  }
  for (std::string_view segment : util::Split(file, '/')) {
    if (segment.empty() || segment.front() == '.') return std::nullopt;  // also "." and ".."
  }
  return root_ / fs::path(std::string(file));
}

Result<fs::path> Storage::WriteTemporary(const fs::path& folder, std::string_view bytes) const {
  std::error_code error;
  fs::create_directories(folder, error);
  if (error) {
    return Fail(ErrorKind::kInternal,
                "cannot create the folder " + folder.string() + ": " + error.message());
  }
  fs::path temporary = folder / TemporaryName();
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return std::unexpected(IoError("cannot create", temporary, errno));
  Status written = WriteAll(fd, bytes, temporary);
  ::close(fd);
  if (!written) {
    fs::remove(temporary, error);
    return std::unexpected(written.error());
  }
  return temporary;
}

Result<std::string> Storage::SaveNew(std::string_view folder, std::string_view stem,
                                     std::string_view extension, std::string_view bytes) const {
  std::optional<fs::path> where =
      Resolve(std::string(folder) + "/" + std::string(stem) + "." + std::string(extension));
  if (!where) return Fail(ErrorKind::kInvalid, "not a safe file name");
  Result<fs::path> temporary = WriteTemporary(where->parent_path(), bytes);
  if (!temporary) return std::unexpected(temporary.error());
  for (int n = 1; n <= kMaxNameTries; ++n) {
    std::string name =
        std::string(stem) + (n == 1 ? "" : "-" + std::to_string(n)) + "." + std::string(extension);
    fs::path target = where->parent_path() / name;
    if (::link(temporary->c_str(), target.c_str()) == 0) {  // fails when the name is taken
      ::unlink(temporary->c_str());
      return std::string(folder) + "/" + name;
    }
    if (errno != EEXIST) {
      Error error = IoError("cannot store", target, errno);
      ::unlink(temporary->c_str());
      return std::unexpected(error);
    }
  }
  ::unlink(temporary->c_str());
  return Fail(ErrorKind::kConflict, "too many files named " + std::string(stem));
}

Status Storage::Put(std::string_view file, std::string_view bytes) const {
  std::optional<fs::path> target = Resolve(file);
  if (!target) return Fail(ErrorKind::kInvalid, "not a safe file name: " + std::string(file));
  Result<fs::path> temporary = WriteTemporary(target->parent_path(), bytes);
  if (!temporary) return std::unexpected(temporary.error());
  if (::rename(temporary->c_str(), target->c_str()) != 0) {
    Error error = IoError("cannot store", *target, errno);
    ::unlink(temporary->c_str());
    return std::unexpected(error);
  }
  return {};
}

Result<std::string> Storage::Read(std::string_view file) const {
  std::optional<fs::path> path = Resolve(file);
  if (!path) return Fail(ErrorKind::kNotFound, "no such upload: " + std::string(file));
  int fd = ::open(path->c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Fail(ErrorKind::kNotFound, "no such upload: " + std::string(file));
    return std::unexpected(IoError("cannot open", *path, errno));
  }
  std::string bytes;
  char buffer[64 * 1024];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Error error = IoError("cannot read", *path, errno);
      ::close(fd);
      return std::unexpected(error);
    }
    if (n == 0) break;
    bytes.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return bytes;
}

void Storage::Remove(const store::Media& media) const {
  std::error_code ignored;
  if (std::optional<fs::path> path = Resolve(media.file)) fs::remove(*path, ignored);
  for (const store::MediaVariant& variant : media.variants) {
    if (std::optional<fs::path> path = Resolve(variant.file)) fs::remove(*path, ignored);
  }
}

}  // namespace quire::media
