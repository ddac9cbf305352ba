// A mustache template parsed once and rendered many times. kainjow/mustache re-parses a partial
// ({{>comment}}) every time it is included, which for a recursive comment partial meant one parse
// per comment; here every template of a theme is parsed once (with kainjow's own parser, so the
// syntax is the same), its partials are linked to the other templates by name, and rendering
// walks the parsed tree. The output is byte for byte what kainjow renders for the same template
// and data: the same lookups (the innermost section's data first, "a.b" paths, "."), the same
// HTML escaping, and the same rule for lines: a line on which a section was rendered and which
// is left with nothing but spaces and tabs is dropped with its newline.
//
// Lambdas in the data are not handled here: Render() reports kNeedsLambdas and the caller
// renders with kainjow itself (the theme's data has none).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <kainjow/mustache.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace quire::site {

class CompiledTemplate {
 public:
  // Parses `text`; error() tells why when it does not parse (then Render() renders nothing).
  explicit CompiledTemplate(const std::string& text);

  bool valid() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  // Points every {{>name}} at `find(name)` (nullptr: the partial renders nothing, as in
  // kainjow). Call again after the set of templates changes; the targets must outlive this.
  void Link(const std::function<const CompiledTemplate*(const std::string&)>& find);

  enum class Outcome { kDone, kNeedsLambdas };
  // Appends the rendering of `data` to `out`. On kNeedsLambdas `out` is left as it was.
  Outcome Render(const kainjow::mustache::data& data, std::string& out) const;

  // How many templates were parsed in this process (for tests: rendering parses nothing).
  static uint64_t ParseCount() { return parses_.load(std::memory_order_relaxed); }

  struct Node;
  const std::vector<Node>& nodes() const { return nodes_; }

 private:
  std::vector<Node> nodes_;
  std::string error_;
  static std::atomic<uint64_t> parses_;
};

struct CompiledTemplate::Node {
  enum class Kind : uint8_t {
    kText,      // text: appended
    kNewline,   // text ("\n", "\r\n" or "\r"): ends a line
    kEscaped,   // {{name}}
    kRaw,       // {{{name}}} or {{&name}}
    kSection,   // {{#name}} ... {{/name}}
    kInverted,  // {{^name}} ... {{/name}}
    kPartial,   // {{>name}}
    kNothing,   // {{! comment}}, {{=<% %>=}}
  };
  Kind kind = Kind::kNothing;
  std::string text;                           // the text, or the tag's name
  std::vector<std::string> path;              // a dotted name split at '.' (empty when not dotted)
  std::vector<Node> children;                 // a section's contents
  const CompiledTemplate* partial = nullptr;  // kPartial once linked
};

}  // namespace quire::site
