// Request bodies too large to hold in memory (media uploads, WXR imports) are written as they
// arrive to an unnamed temporary file in the data folder (O_TMPFILE, else mkstemp + unlink;
// mode 0600, so no other user reads an upload and nothing is left behind after a crash), and
// read back through a read-only mapping: the bytes live in the page cache, which the kernel can
// drop and read again, not in the process's own memory.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>

#include "util/status.h"

namespace quire::http {

class SpooledBody {
 public:
  // An empty unnamed file in `dir`. kUnavailable when the disk is full (the server answers
  // 507), kInternal for any other reason (503); the message says which.
  static Result<std::unique_ptr<SpooledBody>> Create(const std::filesystem::path& dir);
  ~SpooledBody();
  SpooledBody(const SpooledBody&) = delete;
  SpooledBody& operator=(const SpooledBody&) = delete;

  // Writes `bytes` at the end (all of them, or an error of the same kinds as Create's). The
  // first failure is also kept (write_error()).
  Status Append(std::string_view bytes);
  // Maps what was written for reading; bytes() is valid from then on, as long as this object.
  Status Map();

  size_t size() const { return size_; }
  std::string_view bytes() const;
  const std::optional<Error>& write_error() const { return write_error_; }
  int fd() const { return fd_; }

 private:
  explicit SpooledBody(int fd) : fd_(fd) {}

  const int fd_;
  size_t size_ = 0;
  void* mapping_ = nullptr;  // size_ bytes once mapped (none for an empty body)
  std::optional<Error> write_error_;
};

}  // namespace quire::http
