#include "wxr/reporting.h"

#include <gtest/gtest.h>

namespace quire::wxr {
namespace {

Item Attachment() {
  Item item;
  item.post_id = 1222;
  item.title = "up (1)";
  item.post_type = "attachment";
  item.position = {8758, 1};
  return item;
}

TEST(WxrImportErrors, AConstraintNamesTheItemNotTheSql) {
  Error error{ErrorKind::kConflict, "sqlite: saving media: UNIQUE constraint failed: media.file"};
  Error named = EntryError("export.xml", Attachment(), error);
  EXPECT_EQ(named.message,
            "export.xml:8758:1: the attachment 1222 'up (1)' could not be imported: another "
            "upload already has the same file");
  EXPECT_EQ(named.kind, ErrorKind::kConflict);
  Error check{ErrorKind::kConflict, "sqlite: saving a comment: CHECK constraint failed: status"};
  EXPECT_EQ(EntryError("export.xml", Attachment(), check).message.find("sqlite"),
            std::string::npos);
  EXPECT_EQ(EntryError("export.xml", Attachment(), check).message.find("CHECK"), std::string::npos);
}

TEST(WxrImportErrors, APlaceAlreadyNamedIsKept) {
  // A comment of the item failed: its own line, the item's name.
  Error error{ErrorKind::kConflict,
              "export.xml:9000:3: sqlite: inserting a comment: UNIQUE constraint failed: "
              "comments.id"};
  Term term;
  term.slug = "news";
  term.taxonomy = "category";
  term.position = {12, 2};
  EXPECT_EQ(EntryError("export.xml", Attachment(), error).message,
            "export.xml:9000:3: the attachment 1222 'up (1)' could not be imported: another "
            "comment already has the same id");
  Error busy{ErrorKind::kUnavailable, "sqlite: beginning: database is locked"};
  std::string message = EntryError("export.xml", term, busy).message;
  EXPECT_TRUE(message.starts_with("export.xml:12:2: the term 'news' (category)")) << message;
  EXPECT_NE(message.find("busy"), std::string::npos) << message;
}

}  // namespace
}  // namespace quire::wxr
