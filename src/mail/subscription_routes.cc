#include "mail/subscription_routes.h"

#include <memory>
#include <optional>
#include <string>

#include "http/form.h"
#include "mail/notifications.h"
#include "store/outbox.h"
#include "util/strings.h"

namespace quire::mail {
namespace {

// A small standalone page: the heading and one paragraph, escaped.
http::Response Page(int status, const store::Settings& settings, std::string_view heading,
                    std::string_view text) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"robots\" content=\"noindex\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>";
  util::AppendHtmlEscaped(html, heading);
  html += " &#8211; ";
  util::AppendHtmlEscaped(html, settings.title);
  html += "</title></head>\n<body><main id=\"subscription\"><h1>";
  util::AppendHtmlEscaped(html, heading);
  html += "</h1>\n<p>";
  util::AppendHtmlEscaped(html, text);
  html += "</p>\n<p><a href=\"/\">";
  util::AppendHtmlEscaped(html, settings.title);
  html += "</a></p></main></body></html>\n";
  http::Response response = http::Response::Html(status, std::move(html));
  response.Set("Cache-Control", "private, no-store");
  return response;
}

std::string TokenOf(const http::Request& request) {
  return std::string(http::Form::Parse(request.Query()).GetOr("token"));
}

std::string PostTitle(store::Transaction& tx, int64_t post_id) {
  auto post = tx.FindPost(post_id);
  if (post && *post) return (*post)->title;
  return "the post";
}

struct Outcome {
  bool found = false;
  std::string title;
};

void Confirm(store::Store& store, store::SettingsHolder& settings, const util::Clock& clock,
             const http::Request& request, http::Respond respond) {
  if (request.method == "HEAD") return respond(Page(200, *settings.Get(), "Confirm", ""));
  std::string hash = HashConfirmToken(TokenOf(request));
  auto outcome = std::make_shared<Outcome>();
  int64_t now = clock.Now();
  store.Write(
      [hash, outcome, now](store::Transaction& tx) -> Status {
        auto confirmed = store::ConfirmSubscription(tx, hash, now);
        if (!confirmed) return std::unexpected(std::move(confirmed.error()));
        if (*confirmed) *outcome = {true, PostTitle(tx, (*confirmed)->post_id)};
        return {};
      },
      [&settings, outcome, respond = std::move(respond)](Status status) mutable {
        auto current = settings.Get();
        if (!status) {
          return respond(Page(503, *current, "Please try again", status.error().message));
        }
        if (!outcome->found) {
          return respond(Page(404, *current, "Link not valid",
                              "This confirmation link is not valid, or its subscription has "
                              "ended. Tick the box again when you next comment."));
        }
        respond(Page(200, *current, "Subscription confirmed",
                     "You will get an email when someone replies to your comments on \u201c" +
                         outcome->title + "\u201d. Each email has a link to stop them."));
      });
}

void Unsubscribe(store::Store& store, store::SettingsHolder& settings, const http::Request& request,
                 http::Respond respond) {
  auto current = settings.Get();
  if (request.method == "HEAD") return respond(Page(200, *current, "Unsubscribe", ""));
  std::optional<int64_t> id = VerifyUnsubscribeToken(current->secret, TokenOf(request));
  if (!id) {
    return respond(Page(404, *current, "Link not valid", "This unsubscribe link is not valid."));
  }
  auto outcome = std::make_shared<Outcome>();
  store.Write(
      [id = *id, outcome](store::Transaction& tx) -> Status {
        auto deleted = store::DeleteSubscription(tx, id);
        if (!deleted) return std::unexpected(std::move(deleted.error()));
        if (*deleted) *outcome = {true, PostTitle(tx, (*deleted)->post_id)};
        return {};
      },
      [current, outcome, respond = std::move(respond)](Status status) mutable {
        if (!status) {
          return respond(Page(503, *current, "Please try again", status.error().message));
        }
        std::string what = outcome->found ? " about \u201c" + outcome->title + "\u201d" : "";
        respond(Page(200, *current, "Unsubscribed",
                     "You will get no more emails about replies" + what + "."));
      });
}

}  // namespace

void AddSubscriptionRoutes(http::Router& router, store::Store& store,
                           store::SettingsHolder& settings, const util::Clock& clock) {
  router.Add("GET", std::string(kConfirmPath),
             [&store, &settings, &clock](const http::Request& request, const http::Params&,
                                         http::Respond respond) {
               Confirm(store, settings, clock, request, std::move(respond));
             });
  for (const char* method : {"GET", "POST"}) {
    router.Add(method, std::string(kUnsubscribePath),
               [&store, &settings](const http::Request& request, const http::Params&,
                                   http::Respond respond) {
                 Unsubscribe(store, settings, request, std::move(respond));
               });
  }
}

}  // namespace quire::mail
