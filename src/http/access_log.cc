#include "http/access_log.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>

#include "util/clock.h"
#include "util/mutex.h"

namespace quire::http {

namespace {

void AppendNumber(std::string& out, int64_t number) {
  std::array<char, 24> digits;
  auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), number);
  out.append(digits.data(), end);
}

bool IsControl(char c) {
  return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
}

// Control characters become '?', so a target cannot forge a line; runs without any are
// appended whole.
void AppendPrintable(std::string& out, std::string_view text) {
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (!IsControl(text[i])) continue;
    out.append(text.substr(start, i - start));
    out += '?';
    start = i + 1;
  }
  out.append(text.substr(start));
}

}  // namespace

AccessLogSink StdoutAccessLogSink() {
  auto mutex = std::make_shared<util::Mutex>();
  return [mutex](std::string_view lines) {
    util::MutexLock lock(*mutex);
    std::fwrite(lines.data(), 1, lines.size(), stdout);
    std::fflush(stdout);
  };
}

Result<AccessLogSink> FileAccessLogSink(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) {
    return Fail(ErrorKind::kInvalid,
                "cannot open the access log " + path + ": " + std::strerror(errno));
  }
  struct File {
    explicit File(int fd) : fd(fd) {}
    ~File() { ::close(fd); }
    const int fd;
    util::Mutex mutex;
  };
  auto file = std::make_shared<File>(fd);
  return [file](std::string_view lines) {
    util::MutexLock lock(file->mutex);
    while (!lines.empty()) {
      ssize_t written = ::write(file->fd, lines.data(), lines.size());
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) return;  // a full disk loses log lines, never requests
      lines.remove_prefix(static_cast<size_t>(written));
    }
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
  AppendPrintable(lines_, target);
  lines_ += "\" ";
  AppendNumber(lines_, status);
  lines_ += ' ';
  AppendNumber(lines_, static_cast<int64_t>(bytes));
  lines_ += ' ';
  AppendNumber(lines_, micros);
  lines_ += "us\n";
  if (lines_.size() >= kFlushBytes) Flush();
}

void AccessLogBuffer::Flush() {
  if (lines_.empty()) return;
  if (sink_) sink_(lines_);
  lines_.clear();
}

}  // namespace quire::http
