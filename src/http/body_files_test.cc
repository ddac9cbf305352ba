#include "http/body_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>
#include <string>

namespace quire::http {
namespace {

std::shared_ptr<const std::string> Body(size_t size, char fill) {
  std::string bytes(size, fill);
  bytes.front() = '<';
  bytes.back() = '>';
  return std::make_shared<const std::string>(std::move(bytes));
}

std::string FileBytes(const BodyFile& file) {
  std::string bytes(file.size(), '\0');
  EXPECT_EQ(::pread(file.fd(), bytes.data(), bytes.size(), 0), static_cast<ssize_t>(bytes.size()));
  return bytes;
}

TEST(BodyFiles, ASecondSightingGetsAFileHoldingTheSameBytes) {
  BodyFiles files;
  auto body = Body(BodyFiles::kMinBytes + 5, 'a');
  EXPECT_EQ(files.For(body), nullptr);  // maybe a one-off
  std::shared_ptr<const BodyFile> file = files.For(body);
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(FileBytes(*file), *body);
  EXPECT_EQ(files.For(body), file);  // made once
  EXPECT_EQ(files.Bytes(), body->size());
  // Sealed: the bytes cannot change under a send.
  EXPECT_LT(::pwrite(file->fd(), "x", 1, 0), 0);
}

TEST(BodyFiles, SmallBodiesAreCopiedNotFiled) {
  BodyFiles files;
  auto body = Body(BodyFiles::kMinBytes - 1, 'a');
  EXPECT_EQ(files.For(body), nullptr);
  EXPECT_EQ(files.For(body), nullptr);
  EXPECT_EQ(files.For(nullptr), nullptr);
  EXPECT_EQ(files.Files(), 0u);
}

TEST(BodyFiles, TheBudgetDropsTheOldestFile) {
  const size_t size = BodyFiles::kMinBytes * 2;
  BodyFiles files(size * 2);  // room for two
  auto first = Body(size, 'a'), second = Body(size, 'b'), third = Body(size, 'c');
  for (const auto& body : {first, second, third}) files.For(body);
  auto first_file = files.For(first);
  ASSERT_NE(first_file, nullptr);
  ASSERT_NE(files.For(second), nullptr);
  ASSERT_NE(files.For(third), nullptr);
  EXPECT_EQ(files.Files(), 2u);
  EXPECT_EQ(files.Bytes(), size * 2);
  // The first one's file went, but a send still holding it reads the right bytes.
  EXPECT_EQ(FileBytes(*first_file), *first);
  EXPECT_NE(files.For(first), first_file);  // seen again: filed anew (the next oldest goes)
  EXPECT_EQ(files.Bytes(), size * 2);
  BodyFiles tiny(size - 1);  // a body larger than the whole budget is never filed
  tiny.For(first);
  EXPECT_EQ(tiny.For(first), nullptr);
}

TEST(BodyFiles, AFreedBodyLosesItsFile) {
  BodyFiles files;
  auto kept = Body(BodyFiles::kMinBytes, 'k');
  files.For(kept);
  ASSERT_NE(files.For(kept), nullptr);
  {
    auto gone = Body(BodyFiles::kMinBytes, 'g');
    files.For(gone);
    ASSERT_NE(files.For(gone), nullptr);
    EXPECT_EQ(files.Files(), 2u);
  }
  auto next = Body(BodyFiles::kMinBytes, 'n');
  files.For(next);
  ASSERT_NE(files.For(next), nullptr);  // making a file forgets freed bodies first
  EXPECT_EQ(files.Files(), 2u);
  EXPECT_EQ(files.Bytes(), 2 * BodyFiles::kMinBytes);
}

}  // namespace
}  // namespace quire::http
