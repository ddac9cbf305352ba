// The theme: mustache templates and static assets. The built-in theme (themes/default/, compiled
// into the binary) is the base; files of Settings::theme_dir replace built-in files of the same
// name. Templates are parsed once at construction; Render() is thread-safe.
#pragma once

#include <functional>
#include <kainjow/mustache.hpp>
#include <map>
#include <string>
#include <string_view>

#include "util/status.h"

namespace quire::site {

class Theme {
 public:
  // Loads the built-in files, then the files of `override_dir` ("" = none). A missing or
  // unreadable folder, or a template that does not parse, logs a warning; the built-in file
  // stays in use where one exists.
  explicit Theme(const std::string& override_dir);

  // Renders the template `name` ("single" for single.mustache) with `data`. Every template is
  // also a partial: {{>comment}} includes comment.mustache. {{x}} escapes; {{{x}}} is raw.
  // Fails (kInternal) for an unknown template or a render error.
  Result<std::string> Render(std::string_view name, const kainjow::mustache::data& data) const;

  // The files that are not templates (style.css, ...), by file name.
  const std::map<std::string, std::string, std::less<>>& Assets() const { return assets_; }

  // The Content-Type of an asset, from its extension.
  static std::string ContentTypeFor(std::string_view file_name);

 private:
  void Add(const std::string& file_name, std::string text, bool from_override);

  std::map<std::string, kainjow::mustache::mustache, std::less<>> templates_;
  std::map<std::string, kainjow::mustache::data, std::less<>> partials_;  // template sources
  std::map<std::string, std::string, std::less<>> assets_;
};

}  // namespace quire::site
