#include "http/spooled_body.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace quire::http {
namespace {

namespace fs = std::filesystem;

class SpooledBodyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "quire-spool-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(SpooledBodyTest, WritesAnUnnamedPrivateFileAndReadsItBack) {
  Result<std::unique_ptr<SpooledBody>> body = SpooledBody::Create(dir_);
  ASSERT_TRUE(body) << body.error().message;
  std::string first(300 * 1024, 'a');
  first.front() = '<';
  ASSERT_TRUE((*body)->Append(first));
  ASSERT_TRUE((*body)->Append("tail>"));
  EXPECT_EQ((*body)->size(), first.size() + 5);
  // Nothing named in the folder: a crash leaves nothing behind.
  EXPECT_TRUE(fs::is_empty(dir_));
  struct stat st {};
  ASSERT_EQ(::fstat((*body)->fd(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(static_cast<size_t>(st.st_size), first.size() + 5);

  ASSERT_TRUE((*body)->Map());
  EXPECT_EQ((*body)->bytes(), first + "tail>");
}

TEST_F(SpooledBodyTest, AnEmptyBodyMapsToNothing) {
  Result<std::unique_ptr<SpooledBody>> body = SpooledBody::Create(dir_);
  ASSERT_TRUE(body);
  ASSERT_TRUE((*body)->Map());
  EXPECT_TRUE((*body)->bytes().empty());
}

TEST_F(SpooledBodyTest, AFolderThatIsNotThereIsAClearError) {
  Result<std::unique_ptr<SpooledBody>> body = SpooledBody::Create(dir_ / "missing");
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().kind, ErrorKind::kInternal);
  EXPECT_NE(body.error().message.find("temporary file"), std::string::npos);
}

TEST_F(SpooledBodyTest, AFullDiskIsAnUnavailableErrorThatIsKept) {
  // A file-size limit stands in for a full disk (both end the write with an error).
  Result<std::unique_ptr<SpooledBody>> body = SpooledBody::Create(dir_);
  ASSERT_TRUE(body);
  struct rlimit old {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old;
  small.rlim_cur = 64 * 1024;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  Status appended = (*body)->Append(std::string(128 * 1024, 'x'));
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  ASSERT_FALSE(appended);
  EXPECT_EQ(appended.error().kind, ErrorKind::kUnavailable);
  ASSERT_TRUE((*body)->write_error());
  EXPECT_FALSE((*body)->Append("more"));  // stays failed
}

}  // namespace
}  // namespace quire::http
