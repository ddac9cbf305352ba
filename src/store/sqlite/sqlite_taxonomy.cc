// SQLite's answer to store/taxonomy.h (tables of migration 6, schema_taxonomy.cc). Term counts
// are kept by the migration's triggers; this file only reads them.
#include "store/sqlite/sqlite_taxonomy.h"

#include <cctype>
#include <set>
#include <string>
#include <utility>

#include "store/publishing.h"
#include "store/sqlite/backend.h"
#include "store/sqlite/select.h"
#include "store/taxonomy.h"

namespace quire::store {
namespace sqlite {
namespace {

// Longest parent chain walked: deeper (or cyclic) data stops there.
constexpr int kMaxDepth = 100;

Result<Term> ReadTerm(const Query& q) {
  Term term;
  term.id = q.Int(0);
  term.taxonomy = q.Text(1);
  term.name = q.Text(2);
  term.slug = q.Text(3);
  term.description = q.Text(4);
  term.parent_id = q.Int(5);
  term.count = q.Int(6);
  return term;
}

}  // namespace

Result<std::optional<Term>> SelectTerm(Connection& c, int64_t id) {
  return SelectFirst<Term>(c,
                           "SELECT id, taxonomy, name, slug, description, parent_id, count "
                           "FROM terms WHERE id = ?",
                           "finding a term", ReadTerm, id);
}

Result<std::vector<Term>> SelectTermsOf(Connection& c, int64_t post_id) {
  return SelectAll<Term>(
      c,
      "SELECT t.id, t.taxonomy, t.name, t.slug, t.description, t.parent_id, t.count "
      "FROM post_terms pt JOIN terms t ON t.id = pt.term_id WHERE pt.post_id = ? "
      "ORDER BY t.taxonomy <> 'category', t.name COLLATE NOCASE, t.id",
      "listing an item's terms", ReadTerm, post_id);
}

Result<std::vector<Term>> SelectAncestors(Connection& c, int64_t term_id) {
  std::vector<Term> chain;
  std::set<int64_t> seen = {term_id};
  Result<std::optional<Term>> term = SelectTerm(c, term_id);
  if (!term) return std::unexpected(std::move(term.error()));
  int64_t parent = *term ? (*term)->parent_id : 0;
  while (parent != 0 && seen.insert(parent).second && chain.size() < kMaxDepth) {
    Result<std::optional<Term>> up = SelectTerm(c, parent);
    if (!up) return std::unexpected(std::move(up.error()));
    if (!*up) break;
    parent = (*up)->parent_id;
    chain.insert(chain.begin(), std::move(**up));
  }
  return chain;
}

}  // namespace sqlite

namespace {

using sqlite::Connection;

// A slug for a term typed by name in the editor: ASCII lowered, runs of other ASCII become one
// hyphen, other UTF-8 kept as typed ("term" when nothing is left).
std::string NameSlug(std::string_view name) {
  std::string slug;
  for (unsigned char ch : name) {
    if (std::isalnum(ch)) {
      slug += static_cast<char>(std::tolower(ch));
    } else if (ch >= 0x80) {
      slug += static_cast<char>(ch);
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? std::string("term") : slug;
}

std::string Trimmed(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

Status RecordTerm(Transaction& tx, int64_t term_id) {
  // "terms": every list of terms (the REST API's /wp/v2/categories and /tags) shows it.
  if (Status s = tx.RecordChange("terms"); !s) return s;
  return tx.RecordChange("term:" + std::to_string(term_id));
}

// Records "term:ID" for the term and its ancestors (their archives include its items).
Status RecordTermAndAncestors(Transaction& tx, Connection& c, int64_t term_id) {
  if (Status s = RecordTerm(tx, term_id); !s) return s;
  Result<std::vector<Term>> ancestors = sqlite::SelectAncestors(c, term_id);
  if (!ancestors) return std::unexpected(std::move(ancestors.error()));
  for (const Term& up : *ancestors) {
    if (Status s = RecordTerm(tx, up.id); !s) return s;
  }
  return {};
}

// kInvalidArgument unless `parent_id` is 0 or a term of the same taxonomy that does not have
// `term_id` among its ancestors (nor is it).
Status CheckParent(Connection& c, const Term& term) {
  if (term.parent_id == 0) return {};
  if (term.parent_id == term.id) {
    return Fail(ErrorKind::kInvalid, "A category cannot be its own parent.");
  }
  Result<std::optional<Term>> parent = sqlite::SelectTerm(c, term.parent_id);
  if (!parent) return std::unexpected(std::move(parent.error()));
  if (!*parent || (*parent)->taxonomy != term.taxonomy) {
    return Fail(ErrorKind::kInvalid, "The parent term does not exist.");
  }
  if (term.id == 0) return {};
  Result<std::vector<Term>> ancestors = sqlite::SelectAncestors(c, term.parent_id);
  if (!ancestors) return std::unexpected(std::move(ancestors.error()));
  for (const Term& up : *ancestors) {
    if (up.id == term.id) {
      return Fail(ErrorKind::kInvalid, "A category cannot be its own ancestor.");
    }
  }
  return {};
}

// The term's slug, or "slug-2", "slug-3" ... when another term of the taxonomy has it.
Result<std::string> UniqueSlug(Connection& c, const Term& term) {
  std::string slug = term.slug;
  for (int n = 2;; ++n) {
    Result<bool> taken = sqlite::SelectExists(
        c, "SELECT EXISTS (SELECT 1 FROM terms WHERE taxonomy = ? AND slug = ? AND id <> ?)",
        "looking for a term slug", term.taxonomy, slug, term.id);
    if (!taken) return std::unexpected(std::move(taken.error()));
    if (!*taken) return slug;
    slug = term.slug + "-" + std::to_string(n);
  }
}

Result<Term> StoreTerm(Connection& c, Term term) {
  if (term.id == 0) {
    auto inserted = sqlite::Execute(
        c,
        "INSERT INTO terms (taxonomy, name, slug, description, parent_id) VALUES (?, ?, ?, ?, ?)",
        "inserting a term", term.taxonomy, term.name, term.slug, term.description, term.parent_id);
    if (!inserted) return std::unexpected(std::move(inserted.error()));
    term.id = sqlite3_last_insert_rowid(c.db());
  } else {
    auto updated = sqlite::Execute(
        c,
        "UPDATE terms SET taxonomy = ?, name = ?, slug = ?, description = ?, parent_id = ? "
        "WHERE id = ?",
        "updating a term", term.taxonomy, term.name, term.slug, term.description, term.parent_id,
        term.id);
    if (!updated) return std::unexpected(std::move(updated.error()));
    if (*updated == 0)
      return Fail(ErrorKind::kNotFound, "There is no term " + std::to_string(term.id) + ".");
  }
  Result<std::optional<Term>> stored = sqlite::SelectTerm(c, term.id);
  if (!stored) return std::unexpected(std::move(stored.error()));
  if (!*stored) return Fail(ErrorKind::kInternal, "a saved term vanished");
  return std::move(**stored);
}

Result<std::vector<int64_t>> ItemsOf(Connection& c, int64_t term_id) {
  return sqlite::SelectAll(c, "SELECT post_id FROM post_terms WHERE term_id = ?",
                           "listing a term's items", sqlite::ReadInt, term_id);
}

// Finds a term of the taxonomy by name (ASCII case-insensitively) or by slug.
Result<std::optional<int64_t>> FindByNameOrSlug(Connection& c, std::string_view taxonomy,
                                                const std::string& name) {
  return sqlite::SelectInt(c,
                           "SELECT id FROM terms WHERE taxonomy = ?1 AND "
                           "(name = ?2 COLLATE NOCASE OR slug = ?3) "
                           "ORDER BY name = ?2 COLLATE NOCASE DESC, id LIMIT 1",
                           "finding a term by name", taxonomy, name, NameSlug(name));
}

}  // namespace

Result<std::optional<Term>> FindTerm(Store& store, int64_t id) {
  return sqlite::ReadWith<std::optional<Term>>(
      store, [id](Connection& c) { return sqlite::SelectTerm(c, id); });
}

Result<std::optional<Term>> FindTermBySlug(Store& store, std::string_view taxonomy,
                                           std::string_view slug) {
  return sqlite::ReadWith<std::optional<Term>>(store, [&](Connection& c) {
    return sqlite::SelectFirst<Term>(
        c,
        "SELECT id, taxonomy, name, slug, description, parent_id, count FROM terms "
        "WHERE taxonomy = ? AND slug = ?",
        "finding a term by slug", sqlite::ReadTerm, taxonomy, slug);
  });
}

Result<std::vector<Term>> ListTerms(Store& store, std::string_view taxonomy) {
  return sqlite::ReadWith<std::vector<Term>>(store, [&](Connection& c) {
    return sqlite::SelectAll<Term>(
        c,
        "SELECT id, taxonomy, name, slug, description, parent_id, count FROM terms "
        "WHERE taxonomy = ? ORDER BY name COLLATE NOCASE, id",
        "listing terms", sqlite::ReadTerm, taxonomy);
  });
}

Result<std::vector<Term>> TermsOf(Store& store, int64_t post_id) {
  return sqlite::ReadWith<std::vector<Term>>(
      store, [post_id](Connection& c) { return sqlite::SelectTermsOf(c, post_id); });
}

Result<std::vector<Term>> Ancestors(Store& store, int64_t term_id) {
  return sqlite::ReadWith<std::vector<Term>>(
      store, [term_id](Connection& c) { return sqlite::SelectAncestors(c, term_id); });
}

Result<Term> SaveTerm(Transaction& tx, Term term) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  term.name = Trimmed(term.name);
  if (term.taxonomy.empty() || term.slug.empty()) {
    return Fail(ErrorKind::kInvalid, "A term needs a taxonomy and a slug.");
  }
  if (Status s = CheckParent(**c, term); !s) return std::unexpected(std::move(s.error()));
  if (term.id != 0) {  // the archives it leaves (an old parent's) are renewed too
    if (Status s = RecordTermAndAncestors(tx, **c, term.id); !s) {
      return std::unexpected(std::move(s.error()));
    }
  }
  Result<std::string> slug = UniqueSlug(**c, term);
  if (!slug) return std::unexpected(std::move(slug.error()));
  term.slug = std::move(*slug);
  Result<Term> stored = StoreTerm(**c, std::move(term));
  if (!stored) return stored;
  if (Status s = RecordTermAndAncestors(tx, **c, stored->id); !s) {
    return std::unexpected(std::move(s.error()));
  }
  return stored;
}

Status DeleteTerm(Transaction& tx, int64_t term_id) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  Result<std::optional<Term>> term = sqlite::SelectTerm(**c, term_id);
  if (!term) return std::unexpected(std::move(term.error()));
  if (!*term)
    return Fail(ErrorKind::kNotFound, "There is no term " + std::to_string(term_id) + ".");
  Result<std::vector<int64_t>> items = ItemsOf(**c, term_id);
  if (!items) return std::unexpected(std::move(items.error()));
  for (int64_t post_id : *items) {  // before: their tags still include this term's
    if (Status s = RecordItemChange(tx, post_id); !s) return s;
  }
  if (Status s = RecordTermAndAncestors(tx, **c, term_id); !s) return s;
  if (Status s =
          sqlite::Done(sqlite::Execute(**c, "UPDATE terms SET parent_id = ? WHERE parent_id = ?",
                                       "moving a term's children up", (*term)->parent_id, term_id));
      !s) {
    return s;
  }
  if (Status s = sqlite::Done(sqlite::Execute(**c, "DELETE FROM post_terms WHERE term_id = ?",
                                              "removing a term from its items", term_id));
      !s) {
    return s;
  }
  return sqlite::Done(
      sqlite::Execute(**c, "DELETE FROM terms WHERE id = ?", "deleting a term", term_id));
}

Status SetItemTerms(Transaction& tx, int64_t post_id, std::string_view taxonomy,
                    const std::vector<int64_t>& term_ids) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  for (int64_t id : term_ids) {
    Result<std::optional<Term>> term = sqlite::SelectTerm(**c, id);
    if (!term) return std::unexpected(std::move(term.error()));
    if (!*term || (*term)->taxonomy != taxonomy) {
      return Fail(ErrorKind::kInvalid,
                  "There is no " + std::string(taxonomy) + " " + std::to_string(id) + ".");
    }
  }
  Result<std::vector<Term>> current = sqlite::SelectTermsOf(**c, post_id);
  if (!current) return std::unexpected(std::move(current.error()));
  std::set<int64_t> wanted(term_ids.begin(), term_ids.end());
  for (const Term& term : *current) {
    if (term.taxonomy != taxonomy || wanted.erase(term.id) > 0) continue;
    if (Status s = sqlite::Done(
            sqlite::Execute(**c, "DELETE FROM post_terms WHERE post_id = ? AND term_id = ?",
                            "removing a term from an item", post_id, term.id));
        !s) {
      return s;
    }
  }
  for (int64_t id : wanted) {
    if (Status s = sqlite::Done(sqlite::Execute(
            **c, "INSERT OR IGNORE INTO post_terms (post_id, term_id) VALUES (?, ?)",
            "giving an item a term", post_id, id));
        !s) {
      return s;
    }
  }
  return {};
}

Result<std::vector<int64_t>> EnsureTerms(Transaction& tx, std::string_view taxonomy,
                                         const std::vector<std::string>& names) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  std::vector<int64_t> ids;
  for (const std::string& typed : names) {
    std::string name = Trimmed(typed);
    if (name.empty()) continue;
    Result<std::optional<int64_t>> found = FindByNameOrSlug(**c, taxonomy, name);
    if (!found) return std::unexpected(std::move(found.error()));
    if (*found) {
      ids.push_back(**found);
      continue;
    }
    Term term{.taxonomy = std::string(taxonomy), .name = name, .slug = NameSlug(name)};
    Result<Term> saved = SaveTerm(tx, std::move(term));
    if (!saved) return std::unexpected(std::move(saved.error()));
    ids.push_back(saved->id);
  }
  return ids;
}

Result<std::vector<Term>> TermsOf(Transaction& tx, int64_t post_id) {
  Result<Connection*> c = sqlite::WriteConnection(tx);
  if (!c) return std::unexpected(std::move(c.error()));
  return sqlite::SelectTermsOf(**c, post_id);
}

}  // namespace quire::store
