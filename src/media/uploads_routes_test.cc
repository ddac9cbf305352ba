#include "media/uploads_routes.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "store/testing/temp_dir.h"

namespace quire::media {
namespace {

class UploadsRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(storage_.Put("2026/11/cat.jpg", "jpeg bytes"));
    ASSERT_TRUE(storage_.Put("2026/11/notes.txt", "hello"));
    ASSERT_TRUE(storage_.Put("2026/11/report.pdf", "%PDF-1.4 bytes"));
    ASSERT_TRUE(storage_.Put("2026/11/song.mp3", "mp3 bytes"));
    ASSERT_TRUE(storage_.Put("2019/05/Odd \"name\".pdf", "%PDF-1.4 imported"));
    std::filesystem::create_directories(storage_.root() / "2026/11/folder.jpg");
    std::ofstream(dir_.path() / "quire.db") << "secret";
    AddRoutes(router_, storage_);
  }

  http::Response Get(std::string target, std::string if_none_match = "") {
    http::Request request{.method = "GET", .target = std::move(target)};
    if (!if_none_match.empty()) request.headers.push_back({"if-none-match", if_none_match});
    http::Response out;
    router_.Dispatch(request, [&out](http::Response response) { out = std::move(response); });
    return out;
  }

  store::testing::TempDir dir_;
  Storage storage_{Storage::Root(dir_.path())};
  http::Router router_;
};

TEST_F(UploadsRoutesTest, ServesWithTypeEtagAndLongCache) {
  http::Response response = Get("/wp-content/uploads/2026/11/cat.jpg");
  EXPECT_EQ(response.status, 200);
  ASSERT_TRUE(response.body);
  EXPECT_EQ(*response.body, "jpeg bytes");
  EXPECT_EQ(response.Find("Content-Type").value_or(""), "image/jpeg");
  EXPECT_EQ(response.Find("Cache-Control").value_or(""), "public, max-age=31536000, immutable");
  EXPECT_EQ(response.Find("X-Content-Type-Options").value_or(""), "nosniff");
  std::string etag(response.Find("ETag").value_or(""));
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(etag.front(), '"');  // strong

  http::Response again = Get("/wp-content/uploads/2026/11/cat.jpg", etag);
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.Find("ETag").value_or(""), etag);
  EXPECT_EQ(Get("/wp-content/uploads/2026/11/cat.jpg", "\"other\"").status, 200);
  EXPECT_EQ(Get("/wp-content/uploads/2026/11/notes.txt").Find("Content-Type").value_or(""),
            "text/plain; charset=utf-8");
}

TEST_F(UploadsRoutesTest, OnlyImagesAudioAndVideoAreShownInline) {
  for (std::string target :
       {"/wp-content/uploads/2026/11/cat.jpg", "/wp-content/uploads/2026/11/song.mp3"}) {
    http::Response response = Get(target);
    EXPECT_EQ(response.status, 200) << target;
    EXPECT_FALSE(response.Find("Content-Disposition")) << target;
    EXPECT_EQ(response.Find("X-Content-Type-Options").value_or(""), "nosniff") << target;
  }
  http::Response pdf = Get("/wp-content/uploads/2026/11/report.pdf");
  EXPECT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.Find("Content-Type").value_or(""), "application/pdf");
  EXPECT_EQ(pdf.Find("Content-Disposition").value_or(""), "attachment; filename=\"report.pdf\"");
  EXPECT_EQ(pdf.Find("X-Content-Type-Options").value_or(""), "nosniff");
  EXPECT_EQ(Get("/wp-content/uploads/2026/11/notes.txt").Find("Content-Disposition").value_or(""),
            "attachment; filename=\"notes.txt\"");
  // An imported name with characters that would break the header is made plain.
  EXPECT_EQ(Get("/wp-content/uploads/2019/05/Odd%20%22name%22.pdf")
                .Find("Content-Disposition")
                .value_or(""),
            "attachment; filename=\"Odd__name_.pdf\"");
  EXPECT_TRUE(ShownInline("video/webm"));
  EXPECT_FALSE(ShownInline("application/octet-stream"));
  EXPECT_FALSE(ShownInline("text/plain; charset=utf-8"));
}

TEST_F(UploadsRoutesTest, NotFoundOutsideFilesAndForFolders) {
  for (std::string target :
       {"/wp-content/uploads/2026/11/dog.jpg", "/wp-content/uploads/2026/11/folder.jpg",
        "/wp-content/uploads/2026/11/%2E%2E%2F%2E%2E%2F..%2Fquire.db",
        "/wp-content/uploads/2026/11/..%2F..%2F..%2Fquire.db", "/wp-content/uploads/2026/11/",
        "/wp-content/uploads/2026/11/%zz", "/wp-content/uploads/2026/11/.upload-1"}) {
    http::Response response = Get(target);
    EXPECT_NE(response.status, 200) << target;
    EXPECT_TRUE(!response.body || response.body->find("secret") == std::string::npos) << target;
  }
  EXPECT_EQ(Get("/wp-content/uploads/2026/11/dog.jpg").status, 404);
  EXPECT_EQ(Get("/wp-content/uploads/2026/11/..%2F..%2F..%2Fquire.db").status, 404);
}

TEST(UploadBodyLimit, OnlyUploadsGetTheLargerLimit) {
  auto limit = UploadBodyLimit("POST", "/admin/media/", 2);
  ASSERT_TRUE(limit);
  EXPECT_EQ(limit->bytes, 2u * 1024 * 1024 + kUploadFormOverhead);
  EXPECT_NE(limit->message.find("2 MB"), std::string::npos);
  EXPECT_TRUE(UploadBodyLimit("POST", "/admin/media/?x=1", 2));
  EXPECT_FALSE(UploadBodyLimit("GET", "/admin/media/", 2));
  EXPECT_FALSE(UploadBodyLimit("POST", "/wp-comments-post.php", 2));
  EXPECT_FALSE(UploadBodyLimit("POST", "/admin/media/3/", 2));
}

TEST(ContentTypes, ByExtension) {
  EXPECT_EQ(ContentTypeFor("a/b.WEBP"), "image/webp");
  EXPECT_EQ(ContentTypeFor("a/b.jpg.webp"), "image/webp");
  EXPECT_EQ(ContentTypeFor("a/b.php"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("a/b"), "application/octet-stream");
}

}  // namespace
}  // namespace quire::media
