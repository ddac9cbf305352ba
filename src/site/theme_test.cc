#include "site/theme.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace quire::site {
namespace {

namespace mustache = kainjow::mustache;

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("quire-theme-test-" + std::to_string(std::random_device()()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }
  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
  }

 private:
  std::filesystem::path path_;
};

TEST(ThemeTest, BuiltInTemplatesRenderAndEscape) {
  Theme theme("");
  mustache::data data;
  data.set("document_title", "<script>alert(1)</script>");
  data.set("site_title", "Tom & Jerry");
  data.set("has_tagline", false);
  data.set("content", "<p>raw body</p>");
  Result<std::string> html = theme.Render("layout", data);
  ASSERT_TRUE(html.has_value()) << html.error().message;
  EXPECT_NE(html->find("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"), std::string::npos);
  EXPECT_EQ(html->find("<script>"), std::string::npos);
  EXPECT_NE(html->find("Tom &amp; Jerry"), std::string::npos);
  EXPECT_NE(html->find("<p>raw body</p>"), std::string::npos);
  EXPECT_NE(html->find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(html->find("<link rel=\"stylesheet\" href=\"/assets/style.css\">"), std::string::npos);
  EXPECT_NE(html->find("<main id=\"main\""), std::string::npos);
}

TEST(ThemeTest, UnknownTemplateIsAnError) {
  Theme theme("");
  Result<std::string> html = theme.Render("no-such-template", mustache::data());
  ASSERT_FALSE(html.has_value());
  EXPECT_EQ(html.error().kind, ErrorKind::kInternal);
}

TEST(ThemeTest, TemplatesAreNotAssetsAndCssIs) {
  Theme theme("");
  EXPECT_TRUE(theme.Assets().contains("style.css"));
  EXPECT_FALSE(theme.Assets().contains("layout.mustache"));
  EXPECT_EQ(Theme::ContentTypeFor("style.css"), "text/css; charset=utf-8");
  EXPECT_EQ(Theme::ContentTypeFor("logo.svg"), "image/svg+xml");
}

TEST(ThemeTest, OverrideFolderReplacesFilesOfTheSameName) {
  TempDir dir;
  dir.Write("404.mustache", "<p>Custom {{what}}</p>");
  dir.Write("style.css", "body{color:red}");
  dir.Write("extra.txt", "hello");
  Theme theme(dir.path().string());
  mustache::data data;
  data.set("what", "<missing>");
  Result<std::string> html = theme.Render("404", data);
  ASSERT_TRUE(html.has_value()) << html.error().message;
  EXPECT_EQ(*html, "<p>Custom &lt;missing&gt;</p>");
  EXPECT_EQ(theme.Assets().at("style.css"), "body{color:red}");
  EXPECT_EQ(theme.Assets().at("extra.txt"), "hello");
  // Files the folder does not have stay built in.
  EXPECT_TRUE(theme.Render("single", mustache::data()).has_value());
}

TEST(ThemeTest, BrokenOverrideKeepsTheBuiltInTemplate) {
  TempDir dir;
  dir.Write("404.mustache", "{{#unclosed}}");
  Theme theme(dir.path().string());
  Result<std::string> html = theme.Render("404", mustache::data());
  ASSERT_TRUE(html.has_value());
  EXPECT_NE(html->find("Nothing here"), std::string::npos);
}

TEST(ThemeTest, MissingOverrideFolderFallsBack) {
  Theme theme("/nonexistent/quire/theme/folder");
  EXPECT_TRUE(theme.Render("layout", mustache::data()).has_value());
  EXPECT_TRUE(theme.Assets().contains("style.css"));
}

TEST(ThemeTest, TemplatesArePartials) {
  TempDir dir;
  dir.Write("outer.mustache", "[{{>inner}}]");
  dir.Write("inner.mustache", "{{#items}}<{{name}}>{{/items}}");
  Theme theme(dir.path().string());
  mustache::data items(mustache::data::type::list);
  mustache::data a;
  a.set("name", "a");
  mustache::data b;
  b.set("name", "b&c");
  items.push_back(a);
  items.push_back(b);
  mustache::data data;
  data.set("items", items);
  Result<std::string> html = theme.Render("outer", data);
  ASSERT_TRUE(html.has_value()) << html.error().message;
  EXPECT_EQ(*html, "[<a><b&amp;c>]");
}

}  // namespace
}  // namespace quire::site
