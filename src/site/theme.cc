#include "site/theme.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

namespace quire::site {

// Generated from themes/default/ by cmake/embed_theme.cmake.
const std::vector<std::pair<std::string_view, std::string_view>>& DefaultThemeFiles();

namespace {

namespace mustache = kainjow::mustache;

constexpr std::string_view kTemplateSuffix = ".mustache";
// Room reserved for a rendering up front (most pages' main part fits; larger ones grow).
constexpr size_t kRenderReserve = 16 * 1024;

bool IsTemplate(std::string_view file_name) {
  return file_name.size() > kTemplateSuffix.size() && file_name.ends_with(kTemplateSuffix);
}

std::string TemplateName(std::string_view file_name) {
  return std::string(file_name.substr(0, file_name.size() - kTemplateSuffix.size()));
}

// Variables from the data; partials ({{>name}}) from the theme's templates.
class ThemeContext : public mustache::context<std::string> {
 public:
  ThemeContext(const mustache::data* data,
               const std::map<std::string, mustache::data, std::less<>>& partials)
      : mustache::context<std::string>(data), partials_(partials) {}

  const mustache::data* get_partial(const std::string& name) const override {
    auto it = partials_.find(name);
    return it == partials_.end() ? nullptr : &it->second;
  }

 private:
  const std::map<std::string, mustache::data, std::less<>>& partials_;
};

std::vector<std::pair<std::string, std::string>> ReadFolder(const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> files;
  std::error_code error;
  std::filesystem::directory_iterator it(dir, error);
  if (error) {
    spdlog::warn("theme folder {} cannot be read ({}); using the built-in theme", dir,
                 error.message());
    return files;
  }
  for (const auto& entry : it) {
    if (!entry.is_regular_file(error)) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
      spdlog::warn("theme file {} cannot be read; skipped", entry.path().string());
      continue;
    }
    files.emplace_back(entry.path().filename().string(), text.str());
  }
  return files;
}

}  // namespace

Theme::Theme(const std::string& override_dir) {
  for (const auto& [name, text] : DefaultThemeFiles()) {
    Add(std::string(name), std::string(text), false);
  }
  if (!override_dir.empty()) {
    for (auto& [name, text] : ReadFolder(override_dir)) Add(name, std::move(text), true);
  }
  auto find = [this](const std::string& name) -> const CompiledTemplate* {
    auto it = templates_.find(name);
    return it == templates_.end() ? nullptr : &it->second.compiled;
  };
  for (auto& [name, entry] : templates_) entry.compiled.Link(find);
}

void Theme::Add(const std::string& file_name, std::string text, bool from_override) {
  if (!IsTemplate(file_name)) {
    assets_[file_name] = std::move(text);
    return;
  }
  CompiledTemplate compiled(text);
  if (!compiled.valid()) {
    spdlog::warn("theme template {}{} does not parse: {}", from_override ? "override " : "",
                 file_name, compiled.error());
    return;
  }
  std::string name = TemplateName(file_name);
  templates_.insert_or_assign(name, Template{std::move(compiled), mustache::mustache(text)});
  partials_.insert_or_assign(name, mustache::data(text));
}

Result<std::string> Theme::Render(std::string_view name, const mustache::data& data) const {
  auto it = templates_.find(name);
  if (it == templates_.end()) {
    return Fail(ErrorKind::kInternal, "the theme has no template " + std::string(name));
  }
  std::string out;
  out.reserve(kRenderReserve);
  if (it->second.compiled.Render(data, out) == CompiledTemplate::Outcome::kDone) return out;
  fallbacks_.fetch_add(1, std::memory_order_relaxed);
  return RenderWithKainjow(name, data);
}

Result<std::string> Theme::RenderWithKainjow(std::string_view name,
                                             const mustache::data& data) const {
  auto it = templates_.find(name);
  if (it == templates_.end()) {
    return Fail(ErrorKind::kInternal, "the theme has no template " + std::string(name));
  }
  // kainjow's render() is not const (it records errors): render a copy so that concurrent
  // renders share nothing mutable.
  mustache::mustache copy = it->second.parsed;
  ThemeContext context(&data, partials_);
  std::string out = copy.render(context);
  if (!copy.is_valid()) {
    return Fail(ErrorKind::kInternal,
                "template " + std::string(name) + " failed: " + copy.error_message());
  }
  return out;
}

std::string Theme::ContentTypeFor(std::string_view file_name) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".json", "application/json"},
  };
  for (const auto& [suffix, type] : kTypes) {
    if (file_name.ends_with(suffix)) return std::string(type);
  }
  return "application/octet-stream";
}

}  // namespace quire::site
