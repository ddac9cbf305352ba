#include "site/theme.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace quire::site {

// Generated from themes/default/ (cmake/embed_theme.cmake).
const std::vector<std::pair<std::string_view, std::string_view>>& DefaultThemeFiles();

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

// A comment thread as the article builds it: `levels` deep, `width` replies per comment.
mustache::data CommentTree(int levels, int width, int depth, int& next_id) {
  mustache::data list(mustache::data::type::list);
  if (levels == 0) return list;
  for (int i = 0; i < width; ++i) {
    mustache::data comment;
    comment.set("id", std::to_string(++next_id));
    comment.set("depth", std::to_string(depth));
    comment.set("author", "Ann <O'Neil> & \"co\"");
    comment.set("has_url", i % 2 == 0);
    comment.set("author_url", "https://example.com/?a=1&b=2");
    comment.set("show_avatar", true);
    comment.set("avatar_url", "/avatar/0123456789abcdef0123456789abcdef.svg");
    comment.set("date_iso", "2024-05-01T10:21:30+00:00");
    comment.set("date_human", "May 1, 2024 at 10:21 am");
    comment.set("pending", i == 1);
    comment.set("text", "<p>Reply text\nover two lines</p>");
    comment.set("can_reply", true);
    comment.set("reply_url", "/2024/05/01/hello/?replytocom=1#respond");
    mustache::data children = CommentTree(levels - 1, width, depth + 1, next_id);
    comment.set("has_children", !children.is_empty_list());
    comment.set("children", children);
    list.push_back(comment);
  }
  return list;
}

TEST(ThemeTest, AnArticleWithNestedRepliesParsesNothingAndMatchesKainjow) {
  Theme theme("");
  int next_id = 0;
  mustache::data data;
  data.set("post_id", "7");
  data.set("title", "Hello & welcome");
  data.set("is_post", true);
  data.set("body", "<p>Body</p>\n<p>More</p>");
  data.set("has_comments", true);
  data.set("comments_heading", "40 thoughts on \"Hello\"");
  data.set("comments", CommentTree(4, 2, 1, next_id));  // 30 comments, 4 levels
  data.set("form_shown", true);
  data.set("form_comment", "typed <text>");
  uint64_t parses = CompiledTemplate::ParseCount();
  Result<std::string> html = theme.Render("single", data);
  ASSERT_TRUE(html.has_value()) << html.error().message;
  EXPECT_EQ(CompiledTemplate::ParseCount(), parses);  // the comment partial was not re-parsed
  EXPECT_EQ(theme.Fallbacks(), 0u);
  Result<std::string> reference = theme.RenderWithKainjow("single", data);
  ASSERT_TRUE(reference.has_value()) << reference.error().message;
  EXPECT_EQ(*html, *reference);
  EXPECT_NE(html->find("id=\"comment-30\" class=\"comment depth-4\""), std::string::npos);
  EXPECT_NE(html->find("Ann &lt;O&apos;Neil&gt; &amp; &quot;co&quot;"), std::string::npos);
}

// Every built-in template with data made up from its tag names (strings with markup and
// whitespace, true/false, lists of objects two levels deep), many times over: the compiled
// rendering is byte for byte kainjow's.
TEST(ThemeTest, EveryBuiltInTemplateRendersAsKainjowDoes) {
  std::set<std::string> sections, variables;
  const std::regex tag(R"(\{\{([#^&{]?)\s*([A-Za-z0-9_.]+))");
  std::vector<std::string> templates;
  for (const auto& [file, text] : DefaultThemeFiles()) {
    if (!file.ends_with(".mustache")) continue;
    templates.emplace_back(file.substr(0, file.size() - 9));
    std::string source(text);
    for (auto it = std::sregex_iterator(source.begin(), source.end(), tag);
         it != std::sregex_iterator(); ++it) {
      std::string kind = (*it)[1].str();
      ((kind == "#" || kind == "^") ? sections : variables).insert((*it)[2].str());
    }
  }
  ASSERT_GT(templates.size(), 10u);
  const std::vector<std::string> strings = {"", " ", "plain", "<b>&amp;\"'</b>", "a\nb\r\n", "\t"};
  std::mt19937 random(11);
  std::function<mustache::data(int)> object = [&](int depth) {
    mustache::data data;
    for (const std::string& name : variables) {
      if (depth > 0 && random() % 4 != 0) continue;
      data.set(name, strings[random() % strings.size()]);
    }
    for (const std::string& name : sections) {
      // A nested object always sets `children`: left out, the lookup would find its parent's
      // list and the recursive `comment` partial would never end.
      if (depth > 0 && depth < 2 && random() % 4 != 0 && name != "children") continue;
      unsigned pick = depth >= 2 ? 0 : random() % 4;
      if (pick == 3 && name == "children") pick = 2;  // a recursive section takes lists only
      if (pick == 0) {
        data.set(name, false);
      } else if (pick == 1) {
        data.set(name, mustache::data(mustache::data::type::list));
      } else if (pick == 2) {
        mustache::data list(mustache::data::type::list);
        for (unsigned i = random() % 3; i > 0; --i) list.push_back(object(depth + 1));
        data.set(name, list);
      } else {
        data.set(name, true);
      }
    }
    return data;
  };
  Theme theme("");
  for (int round = 0; round < 20; ++round) {
    mustache::data data = object(0);
    for (const std::string& name : templates) {
      Result<std::string> html = theme.Render(name, data);
      Result<std::string> reference = theme.RenderWithKainjow(name, data);
      ASSERT_TRUE(html.has_value() && reference.has_value()) << name;
      ASSERT_EQ(*html, *reference) << name << " round " << round;
    }
  }
  EXPECT_EQ(theme.Fallbacks(), 0u);
}

// The corners of mustache's line rule, lookups and partials, as kainjow renders them.
TEST(ThemeTest, WhitespaceLookupsAndPartialsMatchKainjow) {
  TempDir dir;
  dir.Write("corners.mustache",
            "a\n  {{#yes}}  \n  x{{/yes}}\n{{#no}}\nnever\n{{/no}}\n\t{{^no}}\t\n"
            "{{^yes}}hidden{{/yes}}  \r\n{{! a comment }}\n{{/no}}\n"
            "{{>missing}}\n{{#list}}\n- {{.}} {{name}} {{outer.inner}} {{{raw}}} {{&raw}}\n"
            "  {{#list2}}{{>row}}{{/list2}}\n{{/list}}\n{{a.b.c}}|{{a.b}}|{{#a}}{{b.c}}{{/a}}\n"
            "{{=<% %>=}}<%name%> <%#yes%><%/yes%>\n   <%#yes%><%/yes%>  ");
  dir.Write("row.mustache", "[{{name}}]\n  {{#flag}}\n{{/flag}}\n");
  Theme theme(dir.path().string());
  mustache::data data;
  data.set("yes", true);
  data.set("no", false);
  data.set("name", "top<>");
  data.set("raw", "<i>");
  mustache::data outer;
  outer.set("inner", "deep");
  data.set("outer", outer);
  mustache::data c;
  c.set("c", "C");
  mustache::data b;
  b.set("b", c);
  data.set("a", b);
  mustache::data list(mustache::data::type::list);
  list.push_back(mustache::data("s1"));
  mustache::data item;
  item.set("name", "item");
  item.set("flag", true);
  mustache::data list2(mustache::data::type::list);
  list2.push_back(item);
  list2.push_back(mustache::data());
  item.set("list2", list2);
  list.push_back(item);
  data.set("list", list);
  Result<std::string> html = theme.Render("corners", data);
  Result<std::string> reference = theme.RenderWithKainjow("corners", data);
  ASSERT_TRUE(html.has_value() && reference.has_value());
  EXPECT_EQ(*html, *reference);
  EXPECT_EQ(theme.Fallbacks(), 0u);
}

TEST(ThemeTest, DataWithALambdaIsRenderedByKainjow) {
  TempDir dir;
  dir.Write("shout.mustache", "<{{#loud}}hi {{name}}{{/loud}}>");
  Theme theme(dir.path().string());
  mustache::data data;
  data.set("name", "you");
  data.set("loud", mustache::lambda2([](const std::string& text, const mustache::renderer& render) {
             std::string out = render(text);
             for (char& ch : out) ch = static_cast<char>(std::toupper(ch));
             return out;
           }));
  Result<std::string> html = theme.Render("shout", data);
  ASSERT_TRUE(html.has_value()) << html.error().message;
  EXPECT_EQ(*html, "<HI YOU>");
  EXPECT_EQ(theme.Fallbacks(), 1u);
}

}  // namespace
}  // namespace quire::site
