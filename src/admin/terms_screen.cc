#include "admin/terms_screen.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "admin/guard.h"
#include "admin/term_tree.h"
#include "content/permalink.h"
#include "site/layout.h"
#include "util/strings.h"

namespace quire::admin {
namespace {

namespace mustache = kainjow::mustache;
using store::Term;

bool IsCategory(std::string_view taxonomy) {
  return taxonomy == store::kCategory;
}
std::string Base(std::string_view taxonomy) {
  return IsCategory(taxonomy) ? "/admin/categories/" : "/admin/tags/";
}
// The menu entry a screen of this taxonomy highlights.
Section SectionOf(std::string_view taxonomy) {
  return taxonomy == store::kCategory ? Section::kCategories : Section::kTags;
}

std::string Title(std::string_view taxonomy) {
  return IsCategory(taxonomy) ? "Categories" : "Tags";
}
std::string Noun(std::string_view taxonomy) {
  return IsCategory(taxonomy) ? "Category" : "Tag";
}
std::string ArchivePath(std::string_view taxonomy, const Term& term) {
  return std::string(IsCategory(taxonomy) ? "/category/" : "/tag/") + util::UrlEncode(term.slug) +
         "/";
}

std::string Notice(const http::Form& query, std::string_view taxonomy) {
  if (query.Has("added")) return Noun(taxonomy) + " added.";
  if (query.Has("updated")) return Noun(taxonomy) + " updated.";
  if (query.Has("deleted")) return Noun(taxonomy) + " deleted.";
  return {};
}

// The parent choices: every category but `self` (0: none) and its descendants.
mustache::data ParentChoices(const std::vector<TreeTerm>& tree, int64_t self, int64_t selected) {
  mustache::data list(mustache::data::type::list);
  mustache::data none;
  none.set("id", std::string("0"));
  none.set("label", std::string("None"));
  none.set("selected", selected == 0);
  list.push_back(std::move(none));
  int skip_below = -1;  // depth of `self` while walking its subtree
  for (const TreeTerm& entry : tree) {
    if (skip_below >= 0 && entry.depth > skip_below) continue;
    skip_below = -1;
    if (entry.term.id == self) {
      skip_below = entry.depth;
      continue;
    }
    mustache::data item;
    item.set("id", std::to_string(entry.term.id));
    std::string label;
    for (int i = 0; i < entry.depth; ++i) label += "\u2014 ";
    item.set("label", label + entry.term.name);
    item.set("selected", entry.term.id == selected);
    list.push_back(std::move(item));
  }
  return list;
}

mustache::data Rows(const std::vector<TreeTerm>& tree, std::string_view taxonomy) {
  mustache::data rows(mustache::data::type::list);
  for (const TreeTerm& entry : tree) {
    mustache::data row;
    std::string indent;
    for (int i = 0; i < entry.depth; ++i) indent += "\u2014 ";
    row.set("id", std::to_string(entry.term.id));
    row.set("indent", indent);
    row.set("name", entry.term.name);
    row.set("slug", entry.term.slug);
    row.set("description", entry.term.description);
    row.set("count", std::to_string(entry.term.count));
    row.set("edit_url", Base(taxonomy) + std::to_string(entry.term.id) + "/edit/");
    row.set("delete_url", Base(taxonomy) + std::to_string(entry.term.id) + "/delete/");
    row.set("view_url", ArchivePath(taxonomy, entry.term));
    rows.push_back(std::move(row));
  }
  return rows;
}

// Categories as a tree; tags by name, flat.
std::vector<TreeTerm> Ordered(std::string_view taxonomy, std::vector<Term> terms) {
  if (IsCategory(taxonomy)) return InTreeOrder(std::move(terms));
  std::vector<TreeTerm> flat;
  for (Term& term : terms) flat.push_back({std::move(term), 0});
  return flat;
}

void SetForm(mustache::data& data, const TermForm& form) {
  data.set("name", form.name);
  data.set("slug", form.slug);
  data.set("description", form.description);
}

}  // namespace

TermForm TermForm::Parse(const http::Form& form) {
  TermForm parsed;
  parsed.name = util::Trim(form.GetOr("tag-name"));
  parsed.slug = util::Trim(form.GetOr("slug"));
  parsed.description = util::Trim(form.GetOr("description"));
  parsed.parent_id = std::max<int64_t>(0, util::ParseInt(form.GetOr("parent")).value_or(0));
  return parsed;
}

Result<Term> BuildTerm(const TermForm& form, std::string_view taxonomy, const Term* stored) {
  for (const std::string* text : {&form.name, &form.slug, &form.description}) {
    if (!util::IsValidUtf8(*text)) return Fail(ErrorKind::kInvalid, "The text is not valid UTF-8.");
  }
  if (form.name.empty()) return Fail(ErrorKind::kInvalid, "A name is required for this term.");
  Term term = stored ? *stored : Term{};
  term.taxonomy = std::string(taxonomy);
  term.name = form.name;
  term.slug = content::Slugify(form.slug.empty() ? form.name : form.slug);
  term.description = form.description;
  term.parent_id = IsCategory(taxonomy) ? form.parent_id : 0;
  if (stored && term.parent_id == stored->id) {
    return Fail(ErrorKind::kInvalid, "A category cannot be its own parent.");
  }
  return term;
}

http::Response TermsScreen::ListPage(std::string_view taxonomy, const Principal& principal,
                                     const TermForm& typed, std::string notice, std::string error,
                                     int status) const {
  Result<std::vector<Term>> terms = store::ListTerms(deps_.store, taxonomy);
  if (!terms) return site::FailureResponse(terms.error());
  const std::vector<TreeTerm> tree = Ordered(taxonomy, std::move(*terms));
  mustache::data data;
  data.set("is_category", IsCategory(taxonomy));
  data.set("noun", Noun(taxonomy));
  data.set("action_url", Base(taxonomy));
  data.set("terms", Rows(tree, taxonomy));
  data.set("has_terms", !tree.empty());
  data.set("parents", ParentChoices(tree, 0, typed.parent_id));
  SetForm(data, typed);
  AdminPage page{.title = Title(taxonomy), .section = SectionOf(taxonomy)};
  page.notice = std::move(notice);
  page.error = std::move(error);
  return layout_.Screen("terms", principal, std::move(data), std::move(page), status);
}

void TermsScreen::List(const http::Request& request, std::string_view taxonomy,
                       const Principal& principal, http::Respond respond) const {
  const http::Form query = http::Form::Parse(request.Query());
  respond(ListPage(taxonomy, principal, {}, Notice(query, taxonomy), "", 200));
}

std::optional<Term> TermsScreen::Load(std::string_view taxonomy, int64_t id,
                                      const Principal& principal, http::Respond& respond) const {
  Result<std::optional<Term>> found = store::FindTerm(deps_.store, id);
  if (!found) {
    respond(site::FailureResponse(found.error()));
    return std::nullopt;
  }
  if (!*found || (*found)->taxonomy != taxonomy) {
    respond(layout_.ErrorPage(
        principal, Section::kPosts,
        {ErrorKind::kNotFound, "There is no such " + util::ToLower(Noun(taxonomy)) + "."}));
    return std::nullopt;
  }
  return std::move(*found);
}

void TermsScreen::Write(Term term, std::string_view taxonomy, const Principal& principal,
                        std::string notice_word, http::Respond respond) const {
  store::WriteJob job = [term = std::move(term)](store::Transaction& tx) -> Status {
    Result<Term> saved = store::SaveTerm(tx, term);
    if (!saved) return std::unexpected(std::move(saved.error()));
    return {};
  };
  deps_.store.Write(
      std::move(job), [this, base = Base(taxonomy), principal, notice_word = std::move(notice_word),
                       respond = std::move(respond)](Status status) mutable {
        if (!status) return respond(layout_.ErrorPage(principal, Section::kPosts, status.error()));
        respond(SeeOther(base + "?" + notice_word));
      });
}

void TermsScreen::Add(const http::Request& request, std::string_view taxonomy,
                      const Principal& principal, http::Respond respond) const {
  const http::Form body = http::Form::Parse(request.body);
  if (!RequireCsrf(deps_.auth, principal, body, respond)) return;
  const TermForm form = TermForm::Parse(body);
  Result<Term> term = BuildTerm(form, taxonomy, nullptr);
  if (term && term->parent_id != 0) {
    Result<std::optional<Term>> parent = store::FindTerm(deps_.store, term->parent_id);
    if (!parent) return respond(site::FailureResponse(parent.error()));
    if (!*parent || (*parent)->taxonomy != taxonomy) {
      term = Fail(ErrorKind::kInvalid, "Please choose an existing category as the parent.");
    }
  }
  if (!term) {
    return respond(ListPage(taxonomy, principal, form, "",
                            term.error().message + " Nothing was saved.",
                            HttpStatusFor(term.error().kind)));
  }
  Write(std::move(*term), taxonomy, principal, "added=1", std::move(respond));
}

void TermsScreen::EditForm(const http::Request&, std::string_view taxonomy, int64_t id,
                           const Principal& principal, http::Respond respond) const {
  std::optional<Term> term = Load(taxonomy, id, principal, respond);
  if (!term) return;
  Result<std::vector<Term>> terms = store::ListTerms(deps_.store, taxonomy);
  if (!terms) return respond(site::FailureResponse(terms.error()));
  mustache::data data;
  data.set("is_category", IsCategory(taxonomy));
  data.set("action_url", Base(taxonomy) + std::to_string(id) + "/edit/");
  data.set("delete_url", Base(taxonomy) + std::to_string(id) + "/delete/");
  data.set("list_url", Base(taxonomy));
  data.set("view_url", ArchivePath(taxonomy, *term));
  data.set("parents", ParentChoices(InTreeOrder(std::move(*terms)), id, term->parent_id));
  SetForm(data, TermForm{term->name, term->slug, term->description, term->parent_id});
  AdminPage page{.title = "Edit " + Noun(taxonomy), .section = SectionOf(taxonomy)};
  respond(layout_.Screen("term-edit", principal, std::move(data), std::move(page)));
}

void TermsScreen::Save(const http::Request& request, std::string_view taxonomy, int64_t id,
                       const Principal& principal, http::Respond respond) const {
  const http::Form body = http::Form::Parse(request.body);
  if (!RequireCsrf(deps_.auth, principal, body, respond)) return;
  std::optional<Term> stored = Load(taxonomy, id, principal, respond);
  if (!stored) return;
  Result<Term> term = BuildTerm(TermForm::Parse(body), taxonomy, &*stored);
  if (!term) {
    return respond(layout_.ErrorPage(principal, Section::kPosts, term.error()));
  }
  Write(std::move(*term), taxonomy, principal, "updated=1", std::move(respond));
}

void TermsScreen::Delete(const http::Request& request, std::string_view taxonomy, int64_t id,
                         const Principal& principal, http::Respond respond) const {
  const http::Form body = http::Form::Parse(request.body);
  if (!RequireCsrf(deps_.auth, principal, body, respond)) return;
  if (!Load(taxonomy, id, principal, respond)) return;
  store::WriteJob job = [id](store::Transaction& tx) -> Status {
    return store::DeleteTerm(tx, id);
  };
  deps_.store.Write(std::move(job), [this, base = Base(taxonomy), principal,
                                     respond = std::move(respond)](Status status) mutable {
    if (!status) return respond(layout_.ErrorPage(principal, Section::kPosts, status.error()));
    respond(SeeOther(base + "?deleted=1"));
  });
}

}  // namespace quire::admin
