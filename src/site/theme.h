// The theme: mustache templates and static assets. The built-in theme (themes/default/, compiled
// into the binary) is the base; files of Settings::theme_dir replace built-in files of the same
// name. Templates and partials are parsed once at construction (site/compiled_template.h);
// Render() parses nothing and is thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <kainjow/mustache.hpp>
#include <map>
#include <string>
#include <string_view>

#include "site/compiled_template.h"
#include "util/status.h"

namespace quire::site {

class Theme {
 public:
  // Loads the built-in files, then the files of `override_dir` ("" = none). A missing or
  // unreadable folder, or a template that does not parse, logs a warning; the built-in file
  // stays in use where one exists.
  explicit Theme(const std::string& override_dir);
  Theme(const Theme&) = delete;  // templates point at each other (partials)
  Theme& operator=(const Theme&) = delete;

  // Renders the template `name` ("single" for single.mustache) with `data`. Every template is
  // also a partial: {{>comment}} includes comment.mustache. {{x}} escapes; {{{x}}} is raw.
  // Fails (kInternal) for an unknown template or a render error.
  Result<std::string> Render(std::string_view name, const kainjow::mustache::data& data) const;

  // The same rendering done by kainjow/mustache itself (each partial parsed where it is used):
  // what Render() falls back to when the data holds lambdas, and what tests compare it with.
  Result<std::string> RenderWithKainjow(std::string_view name,
                                        const kainjow::mustache::data& data) const;
  // How many Render() calls fell back to RenderWithKainjow().
  uint64_t Fallbacks() const { return fallbacks_.load(std::memory_order_relaxed); }

  // The files that are not templates (style.css, ...), by file name.
  const std::map<std::string, std::string, std::less<>>& Assets() const { return assets_; }

  // The Content-Type of an asset, from its extension.
  static std::string ContentTypeFor(std::string_view file_name);

 private:
  void Add(const std::string& file_name, std::string text, bool from_override);

  struct Template {
    CompiledTemplate compiled;
    kainjow::mustache::mustache parsed;  // for RenderWithKainjow()
  };
  std::map<std::string, Template, std::less<>> templates_;
  std::map<std::string, kainjow::mustache::data, std::less<>> partials_;  // template sources
  std::map<std::string, std::string, std::less<>> assets_;
  mutable std::atomic<uint64_t> fallbacks_{0};
};

}  // namespace quire::site
