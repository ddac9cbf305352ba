// The importer's repairs on a real SQLite store: two attachment items of one file, a file the
// reader repaired (its repairs lead the warnings), a WXR 1.0 file imported twice.
#include "wxr/importer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "store/media.h"
#include "store/sqlite/sqlite_store.h"
#include "store/testing/temp_dir.h"
#include "store/wxr_ids.h"

namespace quire::wxr {
namespace {

const std::string kData = QUIRE_WXR_DATA;

constexpr std::string_view kHead =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
    "<rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\"\n"
    " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n"
    "<wp:wxr_version>1.2</wp:wxr_version>\n"
    "<wp:base_site_url>http://example.org</wp:base_site_url>\n"
    "<wp:base_blog_url>http://example.org</wp:base_blog_url>\n";

std::string Attachment(int id, std::string_view date, std::string_view file) {
  return "<item><title>up (1)</title><wp:post_id>" + std::to_string(id) +
         "</wp:post_id><wp:post_date>" + std::string(date) +
         "</wp:post_date><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>"
         "<wp:attachment_url>http://example.org/wp-content/uploads/" +
         std::string(file) +
         "</wp:attachment_url><wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>"
         "<wp:meta_value>" +
         std::string(file) + "</wp:meta_value></wp:postmeta></item>\n";
}

class ImporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::OpenSqlite(store::SqliteOptions{.file = dir_.path() / "quire.db"});
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }

  std::string Write(std::string_view name, std::string_view text) {
    std::string path = (dir_.path() / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  Result<ImportReport> Import(const std::string& path) {
    ImportOptions options;
    options.file = path;
    return wxr::Import(*store_, options);
  }

  int64_t Created(const ImportReport& report, const std::string& kind) {
    auto found = report.created.find(kind);
    return found == report.created.end() ? 0 : found->second;
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(ImporterTest, TwoAttachmentsOfOneFileAreBothImported) {
  std::string path =
      Write("dup.xml",
            std::string(kHead) + Attachment(1221, "2012-06-12 19:43:43", "2012/06/up-1.png") +
                Attachment(1222, "2012-06-12 22:24:53", "2012/06/up-1.png") +
                Attachment(1223, "2012-06-13 10:00:00", "2012/06/up-1.png") + "</channel></rss>\n");
  auto report = Import(path);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(Created(*report, "attachments"), 3);
  EXPECT_EQ(store::CountMedia(*store_).value(), 3);
  ASSERT_EQ(report->files.size(), 3u);
  EXPECT_EQ(report->files[0].file, "2012/06/up-1.png");
  EXPECT_EQ(report->files[0].source, "");
  EXPECT_EQ(report->files[1].file, "2012/06/up-1-1.png");
  EXPECT_EQ(report->files[1].source, "2012/06/up-1.png");  // the same bytes, copied
  EXPECT_EQ(report->files[2].file, "2012/06/up-1-2.png");
  for (const char* file : {"2012/06/up-1.png", "2012/06/up-1-1.png", "2012/06/up-1-2.png"}) {
    auto media = store::FindMediaByFile(*store_, file).value();
    EXPECT_TRUE(media.has_value()) << file;
  }
  int copies = 0;
  for (const std::string& w : report->warnings) {
    if (w.find("has the same file as attachment 1221") != std::string::npos) {
      EXPECT_TRUE(w.starts_with(path + ":")) << w;
      ++copies;
    }
  }
  EXPECT_EQ(copies, 2);

  // Importing again matches all three and adds nothing.
  auto again = Import(path);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->created.empty());
  EXPECT_EQ(again->matched.at("attachments"), 3);
  EXPECT_EQ(store::CountMedia(*store_).value(), 3);
}

TEST_F(ImporterTest, RepairsLeadTheWarnings) {
  std::string path =
      Write("repaired.xml", std::string(kHead) +
                                "<atom:link rel=\"hub\" href=\"http://x/\"/>\n"
                                "<item><title>T&#20;</title><wp:post_id>5</wp:post_id>"
                                "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status>"
                                "<wp:post_name>t</wp:post_name><content:encoded>a\x14"
                                "b</content:encoded></item>\n</channel></rss>\n");
  auto report = Import(path);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(Created(*report, "posts"), 1);
  ASSERT_GE(report->warnings.size(), 3u);
  EXPECT_TRUE(report->warnings[0].starts_with(path + ":10:")) << report->warnings[0];
  EXPECT_NE(report->warnings[0].find("&#20;"), std::string::npos) << report->warnings[0];
  EXPECT_TRUE(report->warnings[1].starts_with(path + ":10:")) << report->warnings[1];
  EXPECT_NE(report->warnings[1].find("U+0014"), std::string::npos) << report->warnings[1];
  EXPECT_TRUE(report->warnings[2].starts_with(path + ":9:")) << report->warnings[2];
  EXPECT_NE(report->warnings[2].find("'atom:'"), std::string::npos) << report->warnings[2];
}

// WXR 1.0 gives terms no id: a re-import matched them and mapped id 0 (a wxr_ids row more).
TEST_F(ImporterTest, ReimportingWxr10MapsNothingNew) {
  ASSERT_TRUE(std::filesystem::exists(kData)) << kData << " is missing from the repository";
  std::string path = kData + "/importer-fixtures/valid-wxr-1.0.xml";
  auto first = Import(path);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_GT(Created(*first, "categories") + Created(*first, "tags"), 0);
  auto again = Import(path);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->created.empty());
  EXPECT_GT(again->matched.at("posts"), 0);
  Status checked = store_->WriteSync([&](store::Transaction& tx) -> Status {
    for (auto kind : {store::WxrKind::kTerm, store::WxrKind::kMedia, store::WxrKind::kPost,
                      store::WxrKind::kComment, store::WxrKind::kUser}) {
      auto zero = store::FindWxrId(tx, kind, "http://localhost/", 0);
      if (!zero) return std::unexpected(zero.error());
      EXPECT_FALSE(zero->has_value()) << store::ToString(kind);
    }
    return {};
  });
  ASSERT_TRUE(checked) << checked.error().message;
}

}  // namespace
}  // namespace quire::wxr
