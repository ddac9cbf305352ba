#include "privacy/personal_data.h"

#include <arpa/inet.h>

#include <future>
#include <memory>
#include <set>
#include <utility>

#include "comments/comment_link.h"
#include "content/permalink.h"
#include "store/moderation.h"
#include "store/outbox.h"
#include "store/personal_data.h"
#include "util/clock.h"

namespace quire::privacy {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

nlohmann::json OptionalTime(const std::optional<int64_t>& when) {
  if (!when) return nullptr;
  return util::FormatIso8601(*when);
}

std::string_view StatusWord(store::CommentStatus status) {
  switch (status) {
    case store::CommentStatus::kApproved: return "approved";
    case store::CommentStatus::kPending: return "pending";
    default: return store::ToString(status);
  }
}

// Post titles and links, looked up once per post.
class Posts {
 public:
  Posts(store::Transaction& tx, const store::Settings& settings, std::string_view home)
      : tx_(tx), settings_(settings), home_(home) {
    while (!home_.empty() && home_.back() == '/') home_.pop_back();
  }

  const store::Settings& settings() const { return settings_; }

  Result<std::pair<std::string, std::string>> TitleAndLink(int64_t post_id) {
    if (auto it = cache_.find(post_id); it != cache_.end()) return it->second;
    auto post = tx_.FindPost(post_id);
    if (!post) return std::unexpected(std::move(post.error()));
    std::pair<std::string, std::string> entry;
    if (*post) {
      entry = {(*post)->title, home_ + content::PostPath(**post, settings_)};
    }
    return cache_[post_id] = entry;
  }

 private:
  store::Transaction& tx_;
  const store::Settings& settings_;
  std::string home_;
  std::map<int64_t, std::pair<std::string, std::string>> cache_;
};

Result<nlohmann::json> CommentsJson(store::Transaction& tx, Posts& posts, std::string_view email) {
  auto comments = store::CommentsByEmail(tx, email);
  if (!comments) return std::unexpected(std::move(comments.error()));
  nlohmann::json out = nlohmann::json::array();
  for (const store::Comment& c : *comments) {
    auto post = posts.TitleAndLink(c.post_id);
    if (!post) return std::unexpected(std::move(post.error()));
    out.push_back({{"id", c.id},
                   {"post_id", c.post_id},
                   {"post_title", post->first},
                   {"author", c.author},
                   {"email", c.email},
                   {"url", c.url},
                   {"ip", c.ip},
                   {"user_agent", c.user_agent},
                   {"date", util::FormatIso8601(c.created_at)},
                   {"status", StatusWord(c.status)},
                   {"content", c.content},
                   {"link", comments::CommentUrl(tx, posts.settings(), c, post->second,
                                                 comments::LinkUse::kLasting)}});
  }
  return out;
}

Result<nlohmann::json> SubscriptionsJson(store::Transaction& tx, Posts& posts,
                                         std::string_view email) {
  auto subscriptions = store::ListSubscriptionsOf(tx, email);
  if (!subscriptions) return std::unexpected(std::move(subscriptions.error()));
  nlohmann::json out = nlohmann::json::array();
  for (const store::Subscription& s : *subscriptions) {
    auto post = posts.TitleAndLink(s.post_id);
    if (!post) return std::unexpected(std::move(post.error()));
    out.push_back({{"post_id", s.post_id},
                   {"post_title", post->first},
                   {"created_at", util::FormatIso8601(s.created_at)},
                   {"confirmed_at", OptionalTime(s.confirmed_at)}});
  }
  return out;
}

Result<nlohmann::json> EmailsJson(store::Transaction& tx, std::string_view email) {
  auto messages = store::ListOutboxMessagesTo(tx, email);
  if (!messages) return std::unexpected(std::move(messages.error()));
  nlohmann::json out = nlohmann::json::array();
  for (const store::OutboxMessage& m : *messages) {
    out.push_back({{"kind", m.kind},
                   {"subject", m.subject},
                   {"created_at", util::FormatIso8601(m.created_at)},
                   {"sent_at", OptionalTime(m.sent_at)}});
  }
  return out;
}

Status EraseComments(store::Transaction& tx, std::string_view email, bool delete_comments,
                     Erasure& erasure) {
  auto comments = store::CommentsByEmail(tx, email);
  if (!comments) return std::unexpected(std::move(comments.error()));
  std::set<int64_t> posts;
  for (const store::Comment& c : *comments) {
    Status done = delete_comments ? store::DeleteCommentKeepingReplies(tx, c.id)
                                  : store::AnonymiseComment(tx, c.id, AnonymiseIp(c.ip));
    if (!done) return done;
    posts.insert(c.post_id);
  }
  erasure.comments = static_cast<int>(comments->size());
  for (int64_t post_id : posts) {
    if (auto s = store::RecordCommentChange(tx, post_id); !s) return s;
  }
  return {};
}

// Starts an asynchronous operation and waits for its answer (for the command line).
template <typename T, typename Start>
Result<T> Wait(Start start) {
  std::promise<Result<T>> promise;
  std::future<Result<T>> future = promise.get_future();
  start([&promise](Result<T> result) { promise.set_value(std::move(result)); });
  return future.get();
}

}  // namespace

std::string AnonymiseIp(std::string_view ip) {
  if (ip.empty()) return {};
  std::string text(ip);
  unsigned char bytes[16] = {};
  char out[INET6_ADDRSTRLEN] = {};
  if (inet_pton(AF_INET, text.c_str(), bytes) == 1) {
    bytes[3] = 0;
    inet_ntop(AF_INET, bytes, out, sizeof out);
    return out;
  }
  if (inet_pton(AF_INET6, text.c_str(), bytes) == 1) {
    for (int i = 6; i < 16; ++i) bytes[i] = 0;
    inet_ntop(AF_INET6, bytes, out, sizeof out);
    return out;
  }
  return "0.0.0.0";
}

void ExportPersonalDataAsync(store::Store& store, std::string email, store::Settings settings,
                             std::string home,
                             std::move_only_function<void(Result<nlohmann::json>)> done) {
  struct Work {
    std::string email;
    store::Settings settings;
    std::string home;
    nlohmann::json out;
  };
  auto work = std::make_shared<Work>(
      Work{std::move(email), std::move(settings), std::move(home), nlohmann::json()});
  store.Write(
      [work](store::Transaction& tx) -> Status {
        work->out = {{"email", work->email}};
        Posts posts(tx, work->settings, work->home);
        auto comments = CommentsJson(tx, posts, work->email);
        if (!comments) return std::unexpected(std::move(comments.error()));
        auto subscriptions = SubscriptionsJson(tx, posts, work->email);
        if (!subscriptions) return std::unexpected(std::move(subscriptions.error()));
        auto emails = EmailsJson(tx, work->email);
        if (!emails) return std::unexpected(std::move(emails.error()));
        work->out["comments"] = std::move(*comments);
        work->out["subscriptions"] = std::move(*subscriptions);
        work->out["emails"] = std::move(*emails);
        return {};
      },
      [work, done = std::move(done)](Status status) mutable {
        if (!status) return done(std::unexpected(std::move(status.error())));
        done(std::move(work->out));
      });
}

Result<nlohmann::json> ExportPersonalData(store::Store& store, std::string_view email,
                                          const store::Settings& settings, std::string_view home) {
  return Wait<nlohmann::json>([&](auto done) {
    ExportPersonalDataAsync(store, std::string(email), settings, std::string(home),
                            std::move(done));
  });
}

void ErasePersonalDataAsync(store::Store& store, std::string email, bool delete_comments,
                            std::move_only_function<void(Result<Erasure>)> done) {
  auto erasure = std::make_shared<Erasure>();
  store.Write(
      [erasure, email = std::move(email), delete_comments](store::Transaction& tx) -> Status {
        *erasure = {};
        if (auto s = EraseComments(tx, email, delete_comments, *erasure); !s) return s;
        auto subscriptions = store::DeleteSubscriptionsOf(tx, email);
        if (!subscriptions) return std::unexpected(std::move(subscriptions.error()));
        auto emails = store::DeleteOutboxMessagesTo(tx, email);
        if (!emails) return std::unexpected(std::move(emails.error()));
        erasure->subscriptions = *subscriptions;
        erasure->emails = *emails;
        return {};
      },
      [erasure, done = std::move(done)](Status status) mutable {
        if (!status) return done(std::unexpected(std::move(status.error())));
        done(*erasure);
      });
}

Result<Erasure> ErasePersonalData(store::Store& store, std::string_view email,
                                  bool delete_comments) {
  return Wait<Erasure>([&](auto done) {
    ErasePersonalDataAsync(store, std::string(email), delete_comments, std::move(done));
  });
}

Result<Retention> ApplyRetention(store::Store& store, const store::Settings& settings,
                                 int64_t now) {
  Retention retention;
  Status status = store.WriteSync([&](store::Transaction& tx) -> Status {
    auto ips = store::ClearIpsBefore(tx, now - settings.ip_retention_days * kSecondsPerDay);
    if (!ips) return std::unexpected(std::move(ips.error()));
    auto agents =
        store::ClearUserAgentsBefore(tx, now - settings.user_agent_retention_days * kSecondsPerDay);
    if (!agents) return std::unexpected(std::move(agents.error()));
    retention = {*ips, *agents};
    return {};
  });
  if (!status) return std::unexpected(std::move(status.error()));
  return retention;
}

}  // namespace quire::privacy
