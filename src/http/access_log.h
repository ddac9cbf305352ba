// The access log, written the way nginx's `access_log ... buffer=` writes it: each I/O thread
// appends lines to a buffer of its own (no lock, no system call, no wake-up per request) and
// hands the buffer to the shared sink in one piece when it passes kFlushBytes, every second,
// and when the server stops. Lines from different threads never interleave within a line.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "util/status.h"

namespace quire::http {

// Where finished lines go; called from any I/O thread, so it must be thread-safe.
using AccessLogSink = std::function<void(std::string_view lines)>;

// Writes to stdout (one fwrite + fflush per call, under a lock).
AccessLogSink StdoutAccessLogSink();

// Appends to the file at path (created 0640 if missing; one write(2) per call, under a lock),
// or the reason it cannot be opened.
Result<AccessLogSink> FileAccessLogSink(const std::string& path);

class AccessLogBuffer {
 public:
  // A buffer is written out once it holds this many bytes.
  static constexpr size_t kFlushBytes = 32 * 1024;

  explicit AccessLogBuffer(AccessLogSink sink);
  ~AccessLogBuffer() { Flush(); }
  AccessLogBuffer(const AccessLogBuffer&) = delete;
  AccessLogBuffer& operator=(const AccessLogBuffer&) = delete;

  // `[2024-05-01 10:20:30] 127.0.0.1 "GET /path" 200 1234 87us` — the time is UTC, whole
  // seconds; control characters in the target are written as '?'.
  void Add(int64_t unix_seconds, std::string_view remote_ip, std::string_view method,
           std::string_view target, int status, size_t bytes, int64_t micros);
  void Flush();

 private:
  AccessLogSink sink_;
  std::string lines_;
  int64_t stamp_second_ = -1;
  std::string stamp_;  // "[2024-05-01 10:20:30] " for stamp_second_
};

}  // namespace quire::http
