#include "mail/notifications.h"

#include <sodium.h>

#include <algorithm>
#include <string>
#include <vector>

#include "comments/comment_link.h"
#include "content/permalink.h"
#include "mail/outbox.h"
#include "store/outbox.h"
#include "util/clock.h"
#include "util/safe_url.h"
#include "util/strings.h"

namespace quire::mail {
namespace {

constexpr size_t kUnsubscribeMacHexChars = 32;

// What every message about a comment needs.
struct About {
  const store::Comment& comment;
  const store::Post& post;
  const store::Settings& settings;
  std::string home;       // no trailing slash
  std::string permalink;  // HOME + the post's path
};

std::string Bracketed(const store::Settings& settings) {
  return "[" + settings.title + "] ";
}

// On the comment page that shows it (read in the comment's transaction, where it is stored).
std::string CommentLink(store::Transaction& tx, const About& about) {
  return comments::CommentUrl(tx, about.settings, about.comment, about.permalink,
                              comments::LinkUse::kLasting);
}

// Name, website and text of the comment: never its email or address. The website only as
// util::SafeUrl passes it (http or https), as on the pages.
std::string Describe(const store::Comment& comment) {
  std::string text = "Author: " + comment.author + "\n";
  std::string website = util::SafeUrl(comment.url, util::UrlScope::kWebsite);
  if (!website.empty()) text += "Website: " + website + "\n";
  return text + "Comment:\n" + comment.content + "\n";
}

Status Send(store::Transaction& tx, std::string to, std::string subject, std::string text,
            std::string kind, std::vector<std::pair<std::string, std::string>> headers = {}) {
  Message message;
  message.to = std::move(to);
  message.subject = std::move(subject);
  message.text = std::move(text);
  message.kind = std::move(kind);
  message.headers = std::move(headers);
  return Queue(tx, message);
}

// The post author's address: the users row of post.author_id, else admin_email.
Result<std::string> AuthorAddress(store::Transaction& tx, const About& about) {
  if (about.post.author_id != 0) {
    auto user = store::FindUserInTransaction(tx, about.post.author_id);
    if (!user) return std::unexpected(std::move(user.error()));
    if (*user) return (*user)->email;
  }
  return about.settings.admin_email;
}

Status NotifyPostAuthor(store::Transaction& tx, const About& about) {
  if (!about.settings.comments_notify) return {};
  auto to = AuthorAddress(tx, about);
  if (!to) return std::unexpected(std::move(to.error()));
  const store::Comment& c = about.comment;
  bool own = (c.user_id != 0 && c.user_id == about.post.author_id) ||
             (!c.email.empty() && util::IEquals(c.email, *to));
  if (to->empty() || own) return {};
  std::string text = "New comment on your post \"" + about.post.title + "\"\n\n" + Describe(c) +
                     "\nYou can see all comments on this post here:\n" + about.permalink +
                     "#comments\n\nPermalink: " + CommentLink(tx, about) + "\n";
  return Send(tx, *to, Bracketed(about.settings) + "Comment: \"" + about.post.title + "\"",
              std::move(text), "comment-notify");
}

Result<std::vector<std::string>> ModeratorAddresses(store::Transaction& tx,
                                                    const store::Settings& settings) {
  auto emails = store::UserEmailsWithRoles(tx, {store::Role::kAdministrator, store::Role::kEditor});
  if (!emails) return std::unexpected(std::move(emails.error()));
  emails->push_back(settings.admin_email);
  std::vector<std::string> unique;
  for (const std::string& email : *emails) {
    if (email.empty()) continue;
    bool seen = std::any_of(unique.begin(), unique.end(),
                            [&](const std::string& e) { return util::IEquals(e, email); });
    if (!seen) unique.push_back(email);
  }
  return unique;
}

Status NotifyModerators(store::Transaction& tx, const About& about) {
  if (!about.settings.moderation_notify) return {};
  auto to = ModeratorAddresses(tx, about.settings);
  if (!to) return std::unexpected(std::move(to.error()));
  std::string base =
      about.home + "/admin/comments/" + std::to_string(about.comment.id) + "/?action=";
  std::string text = "A new comment on the post \"" + about.post.title +
                     "\" is waiting for your approval\n" + about.permalink + "\n\n" +
                     Describe(about.comment) + "\nApprove it: " + base + "approve\n" +
                     "Trash it: " + base + "trash\n" + "Spam it: " + base + "spam\n";
  if (!about.comment.reason.empty()) text += "\nWhy it was held: " + about.comment.reason + "\n";
  for (const std::string& address : *to) {
    if (auto s = Send(tx, address,
                      Bracketed(about.settings) + "Please moderate: \"" + about.post.title + "\"",
                      text, "moderation");
        !s) {
      return s;
    }
  }
  return {};
}

Status NotifyReply(store::Transaction& tx, const About& about) {
  const store::Comment& reply = about.comment;
  if (reply.parent_id == 0) return {};
  auto parent = tx.FindComment(reply.parent_id);
  if (!parent) return std::unexpected(std::move(parent.error()));
  if (!*parent || (*parent)->email.empty()) return {};
  if (!reply.email.empty() && util::IEquals(reply.email, (*parent)->email)) return {};
  auto subscription = store::FindSubscription(tx, reply.post_id, (*parent)->email);
  if (!subscription) return std::unexpected(std::move(subscription.error()));
  if (!*subscription || !(*subscription)->confirmed_at) return {};
  std::string unsubscribe = about.home + std::string(kUnsubscribePath) + "?token=" +
                            UnsubscribeToken(about.settings.secret, (*subscription)->id);
  std::string text = reply.author + " replied to your comment on \"" + about.post.title +
                     "\":\n\n" + reply.content +
                     "\n\nRead it and reply: " + CommentLink(tx, about) +
                     "\n\nYou get this email because you asked to be notified of replies to "
                     "your comments on this post.\nStop these emails (one click): " +
                     unsubscribe + "\n";
  return Send(tx, (*subscription)->email, "New reply to your comment on " + about.post.title,
              std::move(text), "reply-notify",
              {{"List-Unsubscribe", "<" + unsubscribe + ">"},
               {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}});
}

Status RequestSubscription(store::Transaction& tx, const About& about) {
  const store::Comment& c = about.comment;
  if (c.email.empty()) return {};
  auto existing = store::FindSubscription(tx, c.post_id, c.email);
  if (!existing) return std::unexpected(std::move(existing.error()));
  if (*existing && (*existing)->confirmed_at) return {};
  std::string token = NewConfirmToken();
  auto id = store::UpsertPendingSubscription(tx, c.post_id, c.email, HashConfirmToken(token),
                                             util::SystemClock().Now());
  if (!id) return std::unexpected(std::move(id.error()));
  std::string link = about.home + std::string(kConfirmPath) + "?token=" + token;
  std::string text = "You asked to be notified by email of replies to your comments on \"" +
                     about.post.title + "\" (" + about.permalink +
                     ").\n\nTo confirm, open this link:\n" + link +
                     "\n\nIf you did not ask for this, ignore this message: nothing will be "
                     "sent to you unless you confirm.\n";
  return Send(
      tx, c.email,
      Bracketed(about.settings) + "Confirm replies to your comment on \"" + about.post.title + "\"",
      std::move(text), "subscription-confirm");
}

template <typename Fn>
Status WithPost(store::Transaction& tx, const store::Comment& comment,
                const store::Settings& settings, std::string_view home, Fn&& fn) {
  auto post = tx.FindPost(comment.post_id);
  if (!post) return std::unexpected(std::move(post.error()));
  if (!*post) return {};
  std::string base(home);
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string permalink = base + content::PostPath(**post, settings);
  About about{comment, **post, settings, base, std::move(permalink)};
  return fn(about);
}

std::string Hex(const unsigned char* bytes, size_t size) {
  return util::HexEncode(std::string_view(reinterpret_cast<const char*>(bytes), size));
}

std::string UnsubscribeMac(std::string_view secret, int64_t id) {
  std::string message = "comment-subscription-unsubscribe:" + std::to_string(id);
  unsigned char key[crypto_auth_hmacsha256_KEYBYTES] = {};
  crypto_hash_sha256(key, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), key);
  return Hex(mac, sizeof mac).substr(0, kUnsubscribeMacHexChars);
}

}  // namespace

Status OnCommentStored(store::Transaction& tx, const store::Comment& comment, bool subscribe,
                       const store::Settings& settings, std::string_view home) {
  return WithPost(tx, comment, settings, home, [&](const About& about) -> Status {
    using store::CommentStatus;
    if (comment.status == CommentStatus::kSpam || comment.status == CommentStatus::kTrash) {
      return {};
    }
    if (subscribe) {
      if (auto s = RequestSubscription(tx, about); !s) return s;
    }
    if (comment.status == CommentStatus::kPending) return NotifyModerators(tx, about);
    if (auto s = NotifyPostAuthor(tx, about); !s) return s;
    return NotifyReply(tx, about);
  });
}

Status OnCommentApproved(store::Transaction& tx, const store::Comment& comment,
                         const store::Settings& settings, std::string_view home) {
  return WithPost(tx, comment, settings, home, [&](const About& about) -> Status {
    if (auto s = NotifyPostAuthor(tx, about); !s) return s;
    return NotifyReply(tx, about);
  });
}

std::string NewConfirmToken() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  return Hex(bytes, sizeof bytes);
}

std::string HashConfirmToken(std::string_view token) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return Hex(digest, sizeof digest);
}

std::string UnsubscribeToken(std::string_view secret, int64_t subscription_id) {
  return std::to_string(subscription_id) + "." + UnsubscribeMac(secret, subscription_id);
}

std::optional<int64_t> VerifyUnsubscribeToken(std::string_view secret, std::string_view token) {
  size_t dot = token.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::optional<int64_t> id = util::ParseInt(token.substr(0, dot));
  if (!id || *id <= 0) return std::nullopt;
  std::string expected = UnsubscribeMac(secret, *id);
  std::string_view given = token.substr(dot + 1);
  if (given.size() != expected.size() ||
      sodium_memcmp(given.data(), expected.data(), expected.size()) != 0) {
    return std::nullopt;
  }
  return id;
}

}  // namespace quire::mail
