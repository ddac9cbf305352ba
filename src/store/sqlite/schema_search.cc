#include "store/sqlite/schema.h"

namespace quire::store::sqlite {

// Migration 8: full-text search (store/search.h). Two FTS5 indexes over every item's title,
// body and excerpt, each holding its own copy of the text (so that a row is removed by its id
// alone, whatever happened to it): posts_search with Porter stems over unicode61 words
// (diacritics folded, case folded in every script) and posts_search_trigram for scripts
// written without spaces (Chinese, Japanese, Thai). Triggers keep both in step with posts; a
// password-protected item is indexed by its title only. Visibility (status) is decided when
// searching, by joining posts. The existing rows are indexed here.
const std::string_view kSearchSchema = R"sql(
CREATE VIRTUAL TABLE posts_search USING fts5(
  title, body, excerpt, tokenize = 'porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE posts_search_trigram USING fts5(
  title, body, excerpt, tokenize = 'trigram');

CREATE TRIGGER posts_search_insert AFTER INSERT ON posts BEGIN
  DELETE FROM posts_search WHERE rowid = new.id;
  DELETE FROM posts_search_trigram WHERE rowid = new.id;
  INSERT INTO posts_search (rowid, title, body, excerpt) VALUES (
    new.id, new.title, CASE WHEN new.password = '' THEN new.body ELSE '' END,
    CASE WHEN new.password = '' THEN new.excerpt ELSE '' END);
  INSERT INTO posts_search_trigram (rowid, title, body, excerpt) VALUES (
    new.id, new.title, CASE WHEN new.password = '' THEN new.body ELSE '' END,
    CASE WHEN new.password = '' THEN new.excerpt ELSE '' END);
END;

CREATE TRIGGER posts_search_update AFTER UPDATE OF id, title, body, excerpt, password ON posts
BEGIN
  DELETE FROM posts_search WHERE rowid = old.id;
  DELETE FROM posts_search_trigram WHERE rowid = old.id;
  INSERT INTO posts_search (rowid, title, body, excerpt) VALUES (
    new.id, new.title, CASE WHEN new.password = '' THEN new.body ELSE '' END,
    CASE WHEN new.password = '' THEN new.excerpt ELSE '' END);
  INSERT INTO posts_search_trigram (rowid, title, body, excerpt) VALUES (
    new.id, new.title, CASE WHEN new.password = '' THEN new.body ELSE '' END,
    CASE WHEN new.password = '' THEN new.excerpt ELSE '' END);
END;

CREATE TRIGGER posts_search_delete AFTER DELETE ON posts BEGIN
  DELETE FROM posts_search WHERE rowid = old.id;
  DELETE FROM posts_search_trigram WHERE rowid = old.id;
END;

INSERT INTO posts_search (rowid, title, body, excerpt)
  SELECT id, title, CASE WHEN password = '' THEN body ELSE '' END,
         CASE WHEN password = '' THEN excerpt ELSE '' END FROM posts;
INSERT INTO posts_search_trigram (rowid, title, body, excerpt)
  SELECT id, title, CASE WHEN password = '' THEN body ELSE '' END,
         CASE WHEN password = '' THEN excerpt ELSE '' END FROM posts;
)sql";

}  // namespace quire::store::sqlite
