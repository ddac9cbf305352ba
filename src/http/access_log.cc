#include "http/access_log.h"

#include <fmt/format.h>

#include <cstdio>
#include <iterator>
#include <mutex>

#include "util/clock.h"

namespace quire::http {

AccessLogSink StdoutAccessLogSink() {
  auto mutex = std::make_shared<std::mutex>();
  return [mutex](std::string_view lines) {
    std::lock_guard lock(*mutex);
    std::fwrite(lines.data(), 1, lines.size(), stdout);
    std::fflush(stdout);
  };
}

AccessLogBuffer::AccessLogBuffer(AccessLogSink sink) : sink_(std::move(sink)) {
  lines_.reserve(kFlushBytes + 1024);
}

void AccessLogBuffer::Add(int64_t unix_seconds, std::string_view remote_ip, std::string_view method,
                          std::string_view target, int status, size_t bytes, int64_t micros) {
  if (unix_seconds != stamp_second_) {
    stamp_second_ = unix_seconds;
    util::CivilDate d = util::ToCivil(unix_seconds);
    stamp_ = fmt::format("[{:04}-{:02}-{:02} {:02}:{:02}:{:02}] ", d.year, d.month, d.day, d.hour,
                         d.minute, d.second);
  }
  lines_ += stamp_;
  lines_ += remote_ip;
  lines_ += " \"";
  lines_ += method;
  lines_ += ' ';
  for (char c : target) lines_ += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  fmt::format_to(std::back_inserter(lines_), "\" {} {} {}us\n", status, bytes, micros);
  if (lines_.size() >= kFlushBytes) Flush();
}

void AccessLogBuffer::Flush() {
  if (lines_.empty()) return;
  if (sink_) sink_(lines_);
  lines_.clear();
}

}  // namespace quire::http
