#include "store/sqlite/schema.h"

namespace quire::store::sqlite {

// Migration 8: full-text search (store/search.h). Two FTS5 indexes over every item's title,
// body and excerpt: posts_search with Porter stems over unicode61 words (diacritics folded,
// case folded in every script) and posts_search_trigram for scripts written without spaces
// (Chinese, Japanese, Thai ...).
//
// Both are external-content tables over a view of posts (no second copy of the text): what
// the view shows is what is indexed, and snippet() reads it back. A password-protected item
// shows its title only. The trigram index holds only the items with some text in a spaceless
// script (QUIRE_SPACELESS below: the ranges of sqlite_search.cc's IsSpacelessScript, a few
// merged): the others are found through the words index, and a trigram index of every item's
// text cost ~6 s of an import of 10,000 posts. A query with a spaceless word can only match
// such an item, so it is answered from the trigram index alone.
//
// Triggers keep both in step with posts. An external-content row is removed with the values it
// was indexed with (FTS5's 'delete' command), which the triggers have as old.*: the view's
// expressions over old.* give exactly what was indexed. The test is pure SQL (no function of
// ours), so the sqlite3 shell can write posts too. Visibility (status) is decided when
// searching, by joining posts.

// Whether the text X holds a character of a spaceless script: not plain ASCII (a cheap byte
// count first), then the GLOB character class.
#define QUIRE_SPACELESS(X)                               \
  "(length(" X ") <> length(CAST(" X " AS BLOB)) AND " X \
  " GLOB '*[\u0E00-\u17FF\u2E80-\u9FFF\uF900-\uFAFF\uFF66-\uFF9F\U00020000-\U0003134F]*')"
// Whether the row R (posts, new or old) belongs in the trigram index.
#define QUIRE_TRIGRAM_ROW(R)                                                        \
  "(" QUIRE_SPACELESS(R ".title") " OR (" R ".password = '' AND (" QUIRE_SPACELESS( \
      R ".body") " OR " QUIRE_SPACELESS(R ".excerpt") ")))"
// What is indexed of the row R: id, title, body, excerpt.
// clang-format off
#define QUIRE_INDEXED(R)                                        \
  R ".id, " R ".title, "                                        \
  "CASE WHEN " R ".password = '' THEN " R ".body ELSE '' END, " \
  "CASE WHEN " R ".password = '' THEN " R ".excerpt ELSE '' END"
// clang-format on
#define QUIRE_INSERT(T, R) \
  "INSERT INTO " T " (rowid, title, body, excerpt) SELECT " QUIRE_INDEXED(R)
#define QUIRE_DELETE(T, R) \
  "INSERT INTO " T " (" T ", rowid, title, body, excerpt) SELECT 'delete', " QUIRE_INDEXED(R)

const std::string_view kSearchSchema =
    "CREATE VIEW posts_search_source (id, title, body, excerpt) AS\n"
    "  SELECT " QUIRE_INDEXED("posts") " FROM posts;\n"
    "CREATE VIEW posts_search_trigram_source (id, title, body, excerpt) AS\n"
    "  SELECT " QUIRE_INDEXED("posts") " FROM posts WHERE " QUIRE_TRIGRAM_ROW("posts") ";\n"
    "CREATE VIRTUAL TABLE posts_search USING fts5(title, body, excerpt,\n"
    "  tokenize = 'porter unicode61 remove_diacritics 2',\n"
    "  content = 'posts_search_source', content_rowid = 'id');\n"
    "CREATE VIRTUAL TABLE posts_search_trigram USING fts5(title, body, excerpt,\n"
    "  tokenize = 'trigram', content = 'posts_search_trigram_source', content_rowid = 'id');\n"
    "\n"
    "CREATE TRIGGER posts_search_insert AFTER INSERT ON posts BEGIN\n"
    "  " QUIRE_INSERT("posts_search", "new") ";\n"
    "  " QUIRE_INSERT("posts_search_trigram", "new") " WHERE " QUIRE_TRIGRAM_ROW("new") ";\n"
    "END;\n"
    "CREATE TRIGGER posts_search_update AFTER UPDATE OF id, title, body, excerpt, password\n"
    "  ON posts BEGIN\n"
    "  " QUIRE_DELETE("posts_search", "old") ";\n"
    "  " QUIRE_DELETE("posts_search_trigram", "old") " WHERE " QUIRE_TRIGRAM_ROW("old") ";\n"
    "  " QUIRE_INSERT("posts_search", "new") ";\n"
    "  " QUIRE_INSERT("posts_search_trigram", "new") " WHERE " QUIRE_TRIGRAM_ROW("new") ";\n"
    "END;\n"
    "CREATE TRIGGER posts_search_delete AFTER DELETE ON posts BEGIN\n"
    "  " QUIRE_DELETE("posts_search", "old") ";\n"
    "  " QUIRE_DELETE("posts_search_trigram", "old") " WHERE " QUIRE_TRIGRAM_ROW("old") ";\n"
    "END;\n"
    "\n"
    "INSERT INTO posts_search (posts_search) VALUES ('rebuild');\n"
    "INSERT INTO posts_search_trigram (posts_search_trigram) VALUES ('rebuild');\n";

#undef QUIRE_SPACELESS
#undef QUIRE_TRIGRAM_ROW
#undef QUIRE_INDEXED
#undef QUIRE_INSERT
#undef QUIRE_DELETE

}  // namespace quire::store::sqlite
