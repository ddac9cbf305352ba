#include "http/spooled_body.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>

namespace quire::http {
namespace {

constexpr mode_t kSpoolFileMode = 0600;

// Full disk, quota or a file-size limit: the client may try again later; anything else is ours.
Error SpoolError(int error_number, std::string_view what) {
  const bool no_space = error_number == ENOSPC || error_number == EDQUOT || error_number == EFBIG;
  return Error{no_space ? ErrorKind::kUnavailable : ErrorKind::kInternal,
               std::string(what) + ": " + std::strerror(error_number)};
}

// An unnamed file: O_TMPFILE where the file system has it, else a named one removed at once.
int OpenUnnamed(const std::filesystem::path& dir, int& error_number) {
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, kSpoolFileMode);
  if (fd >= 0) return fd;
  error_number = errno;
  if (error_number != EOPNOTSUPP && error_number != EISDIR && error_number != EINVAL) return -1;
  std::string name = (dir / ".quire-body-XXXXXX").string();
  fd = ::mkostemp(name.data(), O_CLOEXEC);  // mode 0600
  if (fd < 0) {
    error_number = errno;
    return -1;
  }
  ::unlink(name.c_str());
  return fd;
}

}  // namespace

Result<std::unique_ptr<SpooledBody>> SpooledBody::Create(const std::filesystem::path& dir) {
  int error_number = 0;
  int fd = OpenUnnamed(dir, error_number);
  if (fd < 0) {
    return std::unexpected(SpoolError(error_number, "cannot make a temporary file for the body"));
  }
  return std::unique_ptr<SpooledBody>(new SpooledBody(fd));
}

SpooledBody::~SpooledBody() {
  if (mapping_ != nullptr) ::munmap(mapping_, size_);
  ::close(fd_);
}

Status SpooledBody::Append(std::string_view bytes) {
  if (write_error_) return std::unexpected(*write_error_);
  while (!bytes.empty()) {
    ssize_t written = ::write(fd_, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      write_error_ = SpoolError(errno, "cannot write the body to a temporary file");
      return std::unexpected(*write_error_);
    }
    size_ += static_cast<size_t>(written);
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  return {};
}

Status SpooledBody::Map() {
  if (mapping_ != nullptr || size_ == 0) return {};
  void* mapping = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
  if (mapping == MAP_FAILED) return std::unexpected(SpoolError(errno, "cannot map the body"));
  ::madvise(mapping, size_, MADV_SEQUENTIAL);
  mapping_ = mapping;
  return {};
}

std::string_view SpooledBody::bytes() const {
  if (mapping_ == nullptr) return {};
  return std::string_view(static_cast<const char*>(mapping_), size_);
}

}  // namespace quire::http
