#include "admin/privacy_screen.h"

#include <string>
#include <utility>

#include "admin/guard.h"
#include "comments/submission.h"
#include "http/form.h"
#include "privacy/personal_data.h"
#include "site/layout.h"
#include "util/strings.h"

namespace quire::admin {
namespace {

namespace mustache = kainjow::mustache;

constexpr std::string_view kTitle = "Personal Data";

std::string Comments(int64_t count) {
  return std::to_string(count) + (count == 1 ? " comment" : " comments");
}

std::string NoticeFrom(const http::Form& query) {
  if (std::optional<int64_t> n = util::ParseInt(query.GetOr("erased")); n && *n >= 0) {
    return Comments(*n) + " anonymised.";
  }
  if (std::optional<int64_t> n = util::ParseInt(query.GetOr("deleted")); n && *n >= 0) {
    return Comments(*n) + " deleted.";
  }
  return {};
}

mustache::data FormData(std::string_view email) {
  mustache::data data;
  data.set("email", std::string(email));
  return data;
}

// The site's address for the export's links (the server fills home_url when it is not set).
std::string Home(const store::Settings& settings) {
  std::string home = settings.home_url;
  while (!home.empty() && home.back() == '/') home.pop_back();
  return home;
}

// A file name for the download: the address's letters, digits, '.', '-' and '@' only.
std::string FileNameFor(std::string_view email) {
  std::string name = "personal-data-";
  for (char c : email) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '.' || c == '-' || c == '@';
    name += plain ? c : '_';
  }
  return name + ".json";
}

}  // namespace

void PrivacyScreen::Show(const http::Request& request, const Principal& principal,
                         http::Respond respond) const {
  AdminPage page{.title = std::string(kTitle), .section = Section::kPrivacy};
  page.notice = NoticeFrom(http::Form::Parse(request.Query()));
  respond(layout_.Screen("privacy", principal, FormData(""), std::move(page)));
}

void PrivacyScreen::Act(const http::Request& request, const Principal& principal,
                        http::Respond respond) const {
  const http::Form body = http::Form::Parse(request.body);
  if (!RequireCsrf(deps_.auth, principal, body, respond)) return;
  const std::string email(util::Trim(body.GetOr("email")));
  const std::string_view action = body.GetOr("action");
  auto refuse = [&](std::string message) {
    AdminPage page{.title = std::string(kTitle), .section = Section::kPrivacy};
    page.error = std::move(message);
    respond(layout_.Screen("privacy", principal, FormData(email), std::move(page), 400));
  };
  if (!util::IsValidUtf8(email) || !comments::IsEmail(email)) {
    return refuse("Please enter a valid email address.");
  }
  if (action == "export") {
    std::shared_ptr<const store::Settings> settings = deps_.settings.Get();
    return privacy::ExportPersonalDataAsync(
        deps_.store, email, *settings, Home(*settings),
        [email, respond = std::move(respond)](Result<nlohmann::json> data) mutable {
          if (!data) return respond(site::FailureResponse(data.error()));
          http::Response response =
              http::Response::Text(200, data->dump(2) + "\n", "application/json; charset=utf-8");
          response.Set("Content-Disposition",
                       "attachment; filename=\"" + FileNameFor(email) + "\"");
          MarkAdmin(response);
          respond(std::move(response));
        });
  }
  if (action != "erase" && action != "delete") return refuse("Please choose an action.");
  if (body.GetOr("confirm") != "yes") {
    return refuse("Please tick the box to confirm; erasing cannot be undone.");
  }
  const bool delete_comments = action == "delete";
  privacy::ErasePersonalDataAsync(
      deps_.store, email, delete_comments,
      [this, principal, delete_comments,
       respond = std::move(respond)](Result<privacy::Erasure> erased) mutable {
        if (!erased) {
          return respond(layout_.ErrorPage(principal, Section::kPrivacy, erased.error()));
        }
        respond(SeeOther(std::string("/admin/privacy/?") +
                         (delete_comments ? "deleted=" : "erased=") +
                         std::to_string(erased->comments)));
      });
}

}  // namespace quire::admin
