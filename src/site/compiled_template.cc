#include "site/compiled_template.h"

#include <utility>

namespace quire::site {

namespace mustache = kainjow::mustache;

std::atomic<uint64_t> CompiledTemplate::parses_{0};

namespace {

using Node = CompiledTemplate::Node;
using Component = mustache::component<std::string>;

Node::Kind KindOf(const Component& component) {
  switch (component.tag.type) {
    case mustache::tag_type::text:
      return component.is_newline() ? Node::Kind::kNewline : Node::Kind::kText;
    case mustache::tag_type::variable: return Node::Kind::kEscaped;
    case mustache::tag_type::unescaped_variable: return Node::Kind::kRaw;
    case mustache::tag_type::section_begin: return Node::Kind::kSection;
    case mustache::tag_type::section_begin_inverted: return Node::Kind::kInverted;
    case mustache::tag_type::partial: return Node::Kind::kPartial;
    default: return Node::Kind::kNothing;
  }
}

// kainjow's tree as nodes; runs of plain text (which its parser splits at every space) are
// joined into one node.
std::vector<Node> Convert(const std::vector<Component>& components) {
  std::vector<Node> nodes;
  for (const Component& component : components) {
    Node::Kind kind = KindOf(component);
    if (kind == Node::Kind::kNothing) continue;
    if (kind == Node::Kind::kText) {
      if (!nodes.empty() && nodes.back().kind == Node::Kind::kText) {
        nodes.back().text += component.text;
      } else {
        nodes.push_back(Node{.kind = kind, .text = component.text});
      }
      continue;
    }
    Node node{.kind = kind};
    node.text = kind == Node::Kind::kNewline ? component.text : component.tag.name;
    if (kind != Node::Kind::kNewline && kind != Node::Kind::kPartial &&
        node.text.find('.') != std::string::npos && node.text != ".") {
      node.path = mustache::split(node.text, '.');
    }
    if (kind == Node::Kind::kSection || kind == Node::Kind::kInverted) {
      node.children = Convert(component.children);
    }
    nodes.push_back(std::move(node));
  }
  return nodes;
}

void LinkNodes(std::vector<Node>& nodes,
               const std::function<const CompiledTemplate*(const std::string&)>& find) {
  for (Node& node : nodes) {
    if (node.kind == Node::Kind::kPartial) node.partial = find(node.text);
    LinkNodes(node.children, find);
  }
}

void AppendEscaped(std::string& out, const std::string& text) {
  size_t plain = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    std::string_view entity;
    switch (text[i]) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      case '\'': entity = "&apos;"; break;
      default: continue;
    }
    out.append(text, plain, i - plain);
    out.append(entity);
    plain = i + 1;
  }
  out.append(text, plain, std::string::npos);
}

bool IsLambda(const mustache::data& data) {
  return data.is_lambda() || data.is_lambda2();
}

// One render: the output, where its current line starts, whether a section was rendered on that
// line, and the data of the open sections (innermost last).
class Renderer {
 public:
  Renderer(std::string& out, const mustache::data& data) : out_(out), line_start_(out.size()) {
    stack_.reserve(16);
    stack_.push_back(&data);
  }

  // false: a lambda was met (the caller renders with kainjow instead).
  bool Nodes(const std::vector<Node>& nodes) {
    for (const Node& node : nodes) {
      if (!One(node)) return false;
    }
    return true;
  }

  void EndLine(const std::string* newline) {
    bool blank = section_on_line_;
    for (size_t i = line_start_; blank && i < out_.size(); ++i) {
      blank = out_[i] == ' ' || out_[i] == '\t';
    }
    if (blank) {
      out_.resize(line_start_);
    } else if (newline) {
      out_ += *newline;
    }
    line_start_ = out_.size();
    section_on_line_ = false;
  }

 private:
  bool One(const Node& node) {
    switch (node.kind) {
      case Node::Kind::kText: out_ += node.text; return true;
      case Node::Kind::kNewline: EndLine(&node.text); return true;
      case Node::Kind::kEscaped:
      case Node::Kind::kRaw: {
        const mustache::data* var = Find(node);
        if (!var) return true;
        if (IsLambda(*var)) return false;
        if (var->is_string()) {
          if (node.kind == Node::Kind::kEscaped) {
            AppendEscaped(out_, var->string_value());
          } else {
            out_ += var->string_value();
          }
        }
        return true;
      }
      case Node::Kind::kSection: {
        const mustache::data* var = Find(node);
        if (!var) return true;
        if (IsLambda(*var)) return false;
        if (var->is_false() || var->is_empty_list()) return true;
        return Section(node, var);
      }
      case Node::Kind::kInverted: {
        const mustache::data* var = Find(node);
        if (var && !var->is_false() && !var->is_empty_list()) return true;
        return Section(node, var);
      }
      case Node::Kind::kPartial: return node.partial ? Nodes(node.partial->nodes()) : true;
      case Node::Kind::kNothing: return true;
    }
    return true;
  }

  bool Section(const Node& node, const mustache::data* var) {
    if (var && var->is_non_empty_list()) {
      for (const mustache::data& item : var->list_value()) {
        if (!Inside(node, &item)) return false;
      }
      return true;
    }
    return Inside(node, var);
  }

  bool Inside(const Node& node, const mustache::data* var) {
    section_on_line_ = true;
    if (var) stack_.push_back(var);
    bool done = Nodes(node.children);
    if (var) stack_.pop_back();
    section_on_line_ = true;
    return done;
  }

  const mustache::data* Find(const Node& node) const {
    if (node.text.size() == 1 && node.text[0] == '.') return stack_.back();
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (node.path.empty()) {
        if (const mustache::data* var = (*it)->get(node.text)) return var;
        continue;
      }
      const mustache::data* var = *it;
      for (const std::string& name : node.path) {
        var = var->get(name);
        if (!var) break;
      }
      if (var) return var;
    }
    return nullptr;
  }

  std::string& out_;
  size_t line_start_;
  bool section_on_line_ = false;
  std::vector<const mustache::data*> stack_;
};

}  // namespace

CompiledTemplate::CompiledTemplate(const std::string& text) {
  parses_.fetch_add(1, std::memory_order_relaxed);
  Component root;
  mustache::context<std::string> context;
  mustache::context_internal<std::string> internal{context};
  mustache::parser<std::string> parser{text, internal, root, error_};
  if (error_.empty()) nodes_ = Convert(root.children);
}

void CompiledTemplate::Link(
    const std::function<const CompiledTemplate*(const std::string&)>& find) {
  LinkNodes(nodes_, find);
}

CompiledTemplate::Outcome CompiledTemplate::Render(const mustache::data& data,
                                                   std::string& out) const {
  if (!valid()) return Outcome::kDone;
  size_t start = out.size();
  Renderer renderer(out, data);
  if (!renderer.Nodes(nodes_)) {
    out.resize(start);
    return Outcome::kNeedsLambdas;
  }
  renderer.EndLine(nullptr);
  return Outcome::kDone;
}

}  // namespace quire::site
