#include "http/access_log.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace quire::http {
namespace {

TEST(AccessLog, WritesWholeLinesOnlyWhenFlushed) {
  std::vector<std::string> writes;
  AccessLogBuffer log([&](std::string_view lines) { writes.emplace_back(lines); });
  log.Add(1714558830, "127.0.0.1", "GET", "/2024/05/01/hello/?a=1", 200, 1234, 87);
  log.Add(1714558831, "::1", "POST", "/wp-comments-post.php", 303, 0, 4200);
  EXPECT_TRUE(writes.empty());
  log.Flush();
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0],
            "[2024-05-01 10:20:30] 127.0.0.1 \"GET /2024/05/01/hello/?a=1\" 200 1234 87us\n"
            "[2024-05-01 10:20:31] ::1 \"POST /wp-comments-post.php\" 303 0 4200us\n");
  log.Flush();
  EXPECT_EQ(writes.size(), 1u);  // nothing new, nothing written
}

TEST(AccessLog, WritesOutOnceTheBufferIsFull) {
  std::vector<std::string> writes;
  AccessLogBuffer log([&](std::string_view lines) { writes.emplace_back(lines); });
  std::string target(1000, 'x');
  for (size_t i = 0; i * 1000 < AccessLogBuffer::kFlushBytes + 1000; ++i) {
    log.Add(0, "127.0.0.1", "GET", target, 200, 1, 1);
  }
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_GE(writes[0].size(), AccessLogBuffer::kFlushBytes);
  EXPECT_EQ(writes[0].back(), '\n');
}

TEST(AccessLog, ControlCharactersCannotForgeLines) {
  std::string written;
  {
    AccessLogBuffer log([&](std::string_view lines) { written += lines; });
    log.Add(0, "127.0.0.1", "GET", "/a\n[1970-01-01 00:00:00] 6.6.6.6 \"GET /x\r", 404, 0, 1);
  }  // the destructor flushes
  EXPECT_EQ(written,
            "[1970-01-01 00:00:00] 127.0.0.1 \"GET /a?[1970-01-01 00:00:00] 6.6.6.6 \"GET /x?\" "
            "404 0 1us\n");
}

TEST(AccessLog, FileSinkAppendsAndSaysWhyItCannotOpen) {
  std::string path = ::testing::TempDir() + "quire_access_log_test.log";
  std::remove(path.c_str());
  {
    Result<AccessLogSink> sink = FileAccessLogSink(path);
    ASSERT_TRUE(sink.has_value()) << sink.error().message;
    (*sink)("one\n");
    (*sink)("two\n");
  }
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "one\ntwo\n");
  std::remove(path.c_str());
  Result<AccessLogSink> missing = FileAccessLogSink("/nonexistent-dir/quire/access.log");
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().message.find("/nonexistent-dir/quire/access.log"), std::string::npos);
}

}  // namespace
}  // namespace quire::http
