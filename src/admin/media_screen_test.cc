// The media library's handlers on a real store and a temporary data folder: an upload stores
// the file and its variants and shows the snippets, a fake image (PHP named .jpg) is 415 and
// stores nothing, a file over max_upload_mb is 413, CSRF is checked, alt/caption/title are
// saved (without control or bidi characters), deleting asks to confirm first and is refused
// while an item uses the file unless forced, and the items that use a file are named only as
// far as the viewer may see them.
#include "admin/media_screen.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "admin/screens_test_fixture.h"
#include "media/test_images.h"
#include "site/theme.h"
#include "store/media.h"

namespace quire::admin {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kBoundary = "----quireBoundary7MA4YWxk";

class MediaScreenTest : public testing::ScreensTest {
 protected:
  MediaScreenTest()
      : deps_{.store = *store_, .settings = settings_, .clock = clock_, .auth = auth_},
        theme_(""),
        layout_(theme_, deps_) {
    deps_.data_dir = dir_.path();
    screen_ = std::make_unique<MediaScreen>(deps_, layout_);
  }
  ~MediaScreenTest() override { screen_.reset(); }

  static http::Request Multipart(std::string_view file_name, std::string_view bytes,
                                 std::string_view csrf = "csrf-token-123") {
    std::string body;
    body += "--" + std::string(kBoundary) + "\r\n";
    body +=
        "Content-Disposition: form-data; name=\"_wpnonce\"\r\n\r\n" + std::string(csrf) + "\r\n";
    body += "--" + std::string(kBoundary) + "\r\n";
    body += "Content-Disposition: form-data; name=\"file\"; filename=\"" + std::string(file_name) +
            "\"\r\nContent-Type: image/jpeg\r\n\r\n";
    body += std::string(bytes) + "\r\n--" + std::string(kBoundary) + "--\r\n";
    http::Request request = Post("/admin/media/", body);
    request.headers = {{"content-type", "multipart/form-data; boundary=" + std::string(kBoundary)}};
    return request;
  }

  http::Response Upload(const http::Request& request, Principal principal = Author()) {
    return Call(
        [&](http::Respond respond) { screen_->Upload(request, principal, std::move(respond)); });
  }

  static Principal Author() { return Moderator(store::Role::kAuthor); }

  size_t FilesOnDisk() const {
    fs::path root = dir_.path() / "uploads";
    if (!fs::exists(root)) return 0;
    size_t n = 0;
    for (const auto& entry : fs::recursive_directory_iterator(root)) n += entry.is_regular_file();
    return n;
  }

  int64_t UploadedId(const http::Response& response) {
    std::string location = Location(response);
    size_t equals = location.find("uploaded=");
    EXPECT_NE(equals, std::string::npos) << location;
    return equals == std::string::npos ? 0 : std::stoll(location.substr(equals + 9));
  }

  ScreenDeps deps_;
  site::Theme theme_;
  AdminLayout layout_;
  std::unique_ptr<MediaScreen> screen_;
};

TEST_F(MediaScreenTest, UploadStoresTheImageAndShowsTheSnippets) {
  std::string image = media::testing::MakeImage(1000, 500, "jpg");
  http::Response response = Upload(Multipart("Beach Day.jpg", image));
  ASSERT_EQ(response.status, 303) << Body(response);
  int64_t id = UploadedId(response);
  auto media = store::FindMedia(*store_, id);
  ASSERT_TRUE(media && *media);
  EXPECT_EQ((*media)->file, "2023/11/beach-day.jpg");
  EXPECT_EQ((*media)->width, 1000);
  EXPECT_EQ((*media)->author_id, 7);
  EXPECT_FALSE((*media)->variants.empty());
  EXPECT_EQ(FilesOnDisk(), 1 + (*media)->variants.size());

  http::Response list = Call([&](http::Respond respond) {
    screen_->List(Get(Location(response)), Author(), std::move(respond));
  });
  ASSERT_EQ(list.status, 200);
  EXPECT_THAT(Body(list), HasSubstr("File uploaded."));
  EXPECT_THAT(Body(list), HasSubstr("&lt;img src=&quot;/wp-content/uploads/2023/11/beach-day.jpg"));
  EXPECT_THAT(Body(list), HasSubstr("![](/wp-content/uploads/2023/11/beach-day.jpg)"));
  EXPECT_THAT(Body(list), HasSubstr("1000 × 500"));
  EXPECT_THAT(Body(list), HasSubstr("beach-day-150x150.jpg"));  // the thumbnail
  EXPECT_THAT(Body(list), HasSubstr("Mo Derator"));
}

TEST_F(MediaScreenTest, AFakeImageIsRefusedByItsContent) {
  http::Response response = Upload(Multipart("shell.jpg", "<?php system($_GET['c']); ?>"));
  EXPECT_EQ(response.status, 415);
  EXPECT_THAT(Body(response), HasSubstr("not permitted"));
  EXPECT_EQ(FilesOnDisk(), 0u);
  EXPECT_EQ(store::CountMedia(*store_).value_or(-1), 0);
}

TEST_F(MediaScreenTest, TooLargeIs413AndNothingIsStored) {
  store::Settings settings = *settings_.Get();
  settings.max_upload_mb = 1;
  settings_.Set(settings);
  http::Response response = Upload(Multipart("big.txt", std::string(1024 * 1024 + 1, 'a')));
  EXPECT_EQ(response.status, 413);
  EXPECT_THAT(Body(response), HasSubstr("maximum upload size of 1 MB"));
  EXPECT_EQ(FilesOnDisk(), 0u);
}

TEST_F(MediaScreenTest, CsrfAndAFileAreNeeded) {
  http::Response forged = Upload(Multipart("a.txt", "hello", "wrong"));
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(FilesOnDisk(), 0u);
  http::Response empty = Upload(Multipart("a.txt", ""));
  EXPECT_EQ(empty.status, 400);
  EXPECT_THAT(Body(empty), HasSubstr("Please choose a file"));
  http::Request broken = Post("/admin/media/", "not multipart");
  EXPECT_EQ(Upload(broken).status, 400);
}

TEST_F(MediaScreenTest, EditsAltCaptionAndTitle) {
  int64_t id = UploadedId(Upload(Multipart("cat.png", media::testing::MakeImage(200, 200, "png"))));
  http::Response saved = Call([&](http::Respond respond) {
    screen_->Save(Post("/admin/media/" + std::to_string(id) + "/",
                       "_wpnonce=csrf-token-123&title=Cat&alt=A+cat+asleep&caption=Ours"),
                  id, Author(), std::move(respond));
  });
  ASSERT_EQ(saved.status, 303) << Body(saved);
  auto media = store::FindMedia(*store_, id);
  ASSERT_TRUE(media && *media);
  EXPECT_EQ((*media)->alt, "A cat asleep");
  EXPECT_EQ((*media)->caption, "Ours");
  EXPECT_EQ((*media)->title, "Cat");
  http::Response form = Call([&](http::Respond respond) {
    screen_->EditForm(Get(Location(saved)), id, Author(), std::move(respond));
  });
  EXPECT_EQ(form.status, 200);
  EXPECT_THAT(Body(form), HasSubstr("value=\"A cat asleep\""));
  EXPECT_THAT(Body(form), HasSubstr("Media file updated."));
  // Another author may not change it.
  Principal other = Author();
  other.user.id = 99;
  http::Response refused = Call([&](http::Respond respond) {
    screen_->EditForm(Get("/admin/media/1/"), id, other, std::move(respond));
  });
  EXPECT_EQ(refused.status, 403);
}

TEST_F(MediaScreenTest, DeleteIsRefusedWhileUsedUnlessForced) {
  int64_t id = UploadedId(Upload(Multipart("cat.png", media::testing::MakeImage(400, 300, "png"))));
  auto media = store::FindMedia(*store_, id);
  ASSERT_TRUE(media && *media);
  store::Post post;
  post.slug = "with-cat";
  post.title = "With a cat";
  post.body = "<img src=\"/wp-content/uploads/" + (*media)->file + "\">";
  ASSERT_TRUE(store_->WriteSync([&](store::Transaction& tx) -> Status {
    auto inserted = tx.InsertPost(post);
    if (!inserted) return std::unexpected(inserted.error());
    return {};
  }));
  auto remove = [&](std::string body) {
    return Call([&](http::Respond respond) {
      screen_->Delete(Post("/admin/media/" + std::to_string(id) + "/delete/", body), id, Author(),
                      std::move(respond));
    });
  };
  http::Response refused = remove("_wpnonce=csrf-token-123");
  EXPECT_EQ(refused.status, 409);
  EXPECT_THAT(Body(refused), HasSubstr("is still used by \u201cWith a cat\u201d"));
  EXPECT_TRUE(store::FindMedia(*store_, id).value_or(std::nullopt));
  EXPECT_GT(FilesOnDisk(), 1u);

  EXPECT_EQ(remove("force=yes").status, 403);  // no CSRF token
  http::Response forced = remove("_wpnonce=csrf-token-123&force=yes");
  ASSERT_EQ(forced.status, 303) << Body(forced);
  EXPECT_EQ(Location(forced), "/admin/media/?deleted=1");
  EXPECT_FALSE(store::FindMedia(*store_, id).value_or(std::nullopt));
  EXPECT_EQ(FilesOnDisk(), 0u);
}

TEST_F(MediaScreenTest, TitlesLoseControlAndBidiCharacters) {
  int64_t id = UploadedId(
      Upload(Multipart("Beach\u202Egpj.exe.png", media::testing::MakeImage(60, 40, "png"))));
  auto uploaded = store::FindMedia(*store_, id);
  ASSERT_TRUE(uploaded && *uploaded);
  EXPECT_EQ((*uploaded)->title, "Beachgpj.exe");
  http::Response saved = Call([&](http::Respond respond) {
    screen_->Save(Post("/admin/media/" + std::to_string(id) + "/",
                       "_wpnonce=csrf-token-123&title=Sea%E2%80%AEside%1B&alt=a%E2%81%A6b"
                       "&caption=one%0D%0Atwo%C2%85"),
                  id, Author(), std::move(respond));
  });
  ASSERT_EQ(saved.status, 303) << Body(saved);
  auto media = store::FindMedia(*store_, id);
  ASSERT_TRUE(media && *media);
  EXPECT_EQ((*media)->title, "Seaside");
  EXPECT_EQ((*media)->alt, "ab");
  EXPECT_EQ((*media)->caption, "one\ntwo");
}

TEST_F(MediaScreenTest, UsersOfAFileAreNamedOnlyAsFarAsTheViewerMaySeeThem) {
  int64_t id = UploadedId(Upload(Multipart("cat.png", media::testing::MakeImage(400, 300, "png"))));
  auto media = store::FindMedia(*store_, id);
  ASSERT_TRUE(media && *media);
  auto add = [&](std::string title, store::PostStatus status, int64_t author) {
    store::Post post;
    post.slug = title == "Public story" ? "public-story" : "secret-plan";
    post.title = std::move(title);
    post.status = status;
    post.author_id = author;
    post.body = "<img src=\"/wp-content/uploads/" + (*media)->file + "\">";
    ASSERT_TRUE(store_->WriteSync([&](store::Transaction& tx) -> Status {
      auto inserted = tx.InsertPost(post);
      if (!inserted) return std::unexpected(inserted.error());
      return {};
    }));
  };
  add("Public story", store::PostStatus::kPublish, 99);
  add("Secret plan", store::PostStatus::kDraft, 99);  // another author's draft
  auto page = [&](const Principal& viewer, bool confirm) {
    return Call([&](http::Respond respond) {
      if (confirm) return screen_->ConfirmDelete(id, viewer, std::move(respond));
      screen_->EditForm(Get("/admin/media/" + std::to_string(id) + "/"), id, viewer,
                        std::move(respond));
    });
  };
  for (bool confirm : {false, true}) {
    http::Response author = page(Author(), confirm);
    ASSERT_EQ(author.status, 200) << Body(author);
    EXPECT_THAT(Body(author), HasSubstr("Public story"));
    EXPECT_THAT(Body(author), Not(HasSubstr("Secret plan")));
    EXPECT_THAT(Body(author), HasSubstr("1 other item you cannot see"));
    http::Response editor = page(Moderator(store::Role::kEditor), confirm);
    ASSERT_EQ(editor.status, 200);
    EXPECT_THAT(Body(editor), HasSubstr("Secret plan"));
    EXPECT_THAT(Body(editor), Not(HasSubstr("cannot see")));
  }
  http::Response refused = Call([&](http::Respond respond) {
    screen_->Delete(
        Post("/admin/media/" + std::to_string(id) + "/delete/", "_wpnonce=csrf-token-123"), id,
        Author(), std::move(respond));
  });
  EXPECT_EQ(refused.status, 409);
  EXPECT_THAT(Body(refused), HasSubstr("\u201cPublic story\u201d (post"));
  EXPECT_THAT(Body(refused), HasSubstr("and 1 other item you cannot see"));
  EXPECT_THAT(Body(refused), Not(HasSubstr("Secret plan")));
}

TEST_F(MediaScreenTest, DeletingAsksToConfirmWithoutJavaScript) {
  int64_t id = UploadedId(Upload(Multipart("cat.png", media::testing::MakeImage(200, 100, "png"))));
  const std::string url = "/admin/media/" + std::to_string(id) + "/";
  http::Response edit = Call([&](http::Respond respond) {
    screen_->EditForm(Get(url), id, Author(), std::move(respond));
  });
  ASSERT_EQ(edit.status, 200);
  // The edit page links to the question; it has no form that deletes.
  EXPECT_THAT(Body(edit), HasSubstr("href=\"" + url + "delete/\""));
  EXPECT_THAT(Body(edit), Not(HasSubstr("action=\"" + url + "delete/\"")));
  http::Response confirm = Call(
      [&](http::Respond respond) { screen_->ConfirmDelete(id, Author(), std::move(respond)); });
  ASSERT_EQ(confirm.status, 200);
  EXPECT_THAT(Body(confirm), HasSubstr("action=\"" + url + "delete/\""));
  EXPECT_THAT(Body(confirm), HasSubstr("cannot be undone"));
  EXPECT_THAT(Body(confirm), HasSubstr("csrf-token-123"));
  EXPECT_TRUE(store::FindMedia(*store_, id).value_or(std::nullopt));  // asking deletes nothing
  Principal other = Author();
  other.user.id = 99;
  EXPECT_EQ(Call([&](http::Respond respond) {
              screen_->ConfirmDelete(id, other, std::move(respond));
            }).status,
            403);
}

}  // namespace
}  // namespace quire::admin
