// The categories and tags screens (docs/conventions.md, admin URLs), for editors and
// administrators (Capability::kManageCategories, checked by the routes' guard):
//   GET  /admin/categories/  and /admin/tags/             the terms (categories as a tree) with
//                                                         their counts, and the Add form
//   POST /admin/categories/  and /admin/tags/             adds one (name, slug, description,
//                                                         parent for categories)
//   GET/POST /admin/categories/ID/edit/, /admin/tags/ID/edit/     edit one
//   POST /admin/categories/ID/delete/, /admin/tags/ID/delete/     delete one (its items lose it;
//                                                         a category's children move up)
// Every POST carries the CSRF field (403 and nothing changed without it). Writes go through
// store/taxonomy.h, which records the change tags. After a change: 303 to the list with a
// notice word (added=1, updated=1, deleted=1).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "admin/admin_layout.h"
#include "admin/auth.h"
#include "admin/screen_deps.h"
#include "http/form.h"
#include "http/message.h"
#include "store/taxonomy.h"
#include "util/status.h"

namespace quire::admin {

// A term form's fields: tag-name, slug, description, parent (categories only).
struct TermForm {
  std::string name, slug, description;
  int64_t parent_id = 0;

  static TermForm Parse(const http::Form& form);
};

// The term a form describes (over `stored`, or new in `taxonomy`): the name is required and
// valid UTF-8; the slug is content::Slugify(slug, else name); tags have no parent.
Result<store::Term> BuildTerm(const TermForm& form, std::string_view taxonomy,
                              const store::Term* stored);

class TermsScreen {
 public:
  TermsScreen(ScreenDeps& deps, const AdminLayout& layout) : deps_(deps), layout_(layout) {}

  // `taxonomy` is store::kCategory or store::kPostTag (the route decides).
  void List(const http::Request& request, std::string_view taxonomy, const Principal& principal,
            http::Respond respond) const;
  void Add(const http::Request& request, std::string_view taxonomy, const Principal& principal,
           http::Respond respond) const;
  void EditForm(const http::Request& request, std::string_view taxonomy, int64_t id,
                const Principal& principal, http::Respond respond) const;
  void Save(const http::Request& request, std::string_view taxonomy, int64_t id,
            const Principal& principal, http::Respond respond) const;
  void Delete(const http::Request& request, std::string_view taxonomy, int64_t id,
              const Principal& principal, http::Respond respond) const;

 private:
  // The list page with the Add form filled with `typed` (after a refusal) and `error`.
  http::Response ListPage(std::string_view taxonomy, const Principal& principal,
                          const TermForm& typed, std::string notice, std::string error,
                          int status) const;
  // The term `id` of `taxonomy`, or an answer (404 or a store failure) and nullopt.
  std::optional<store::Term> Load(std::string_view taxonomy, int64_t id, const Principal& principal,
                                  http::Respond& respond) const;
  // Writes `term` and answers 303 to the list with `notice_word`, or the error.
  void Write(store::Term term, std::string_view taxonomy, const Principal& principal,
             std::string notice_word, http::Respond respond) const;
  ScreenDeps& deps_;
  const AdminLayout& layout_;
};

}  // namespace quire::admin
