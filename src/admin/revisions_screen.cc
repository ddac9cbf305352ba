#include "admin/revisions_screen.h"

#include <map>
#include <memory>
#include <utility>

#include "admin/guard.h"
#include "admin/post_form.h"
#include "content/diff.h"
#include "http/form.h"
#include "site/layout.h"
#include "store/posts_admin.h"
#include "util/clock.h"
#include "util/strings.h"

namespace quire::admin {
namespace {

namespace mustache = kainjow::mustache;
using store::Post;
using store::Revision;

std::string RevisionsUrl(int64_t post_id) {
  return "/admin/posts/" + std::to_string(post_id) + "/revisions/";
}

const Revision* FindIn(const std::vector<Revision>& revisions, std::optional<int64_t> id) {
  if (!id) return nullptr;
  for (const Revision& revision : revisions) {
    if (revision.id == *id) return &revision;
  }
  return nullptr;
}

std::optional<int64_t> IdParam(const http::Form& query, std::string_view name) {
  return util::ParseInt(query.GetOr(name));
}

// "May 1, 2024 at 10:20 am by Ann", the label of a revision.
std::string Label(const Revision& revision, const std::map<int64_t, std::string>& authors) {
  std::string label = util::FormatHumanDate(revision.created_at);
  auto author = authors.find(revision.author_id);
  if (author != authors.end() && !author->second.empty()) label += " by " + author->second;
  return label;
}

}  // namespace

std::optional<RevisionPair> ChooseRevisions(const std::vector<Revision>& revisions,
                                            std::optional<int64_t> from,
                                            std::optional<int64_t> to) {
  if (revisions.empty()) return std::nullopt;
  RevisionPair pair{FindIn(revisions, from), FindIn(revisions, to)};
  if (!pair.to) pair.to = &revisions.front();
  if (!pair.from) {
    pair.from = pair.to;
    for (size_t i = 0; i + 1 < revisions.size(); ++i) {
      if (&revisions[i] == pair.to) pair.from = &revisions[i + 1];
    }
  }
  return pair;
}

std::optional<Post> RevisionsScreen::LoadEditable(int64_t post_id, const Principal& principal,
                                                  http::Respond& respond) const {
  Result<std::optional<Post>> found = deps_.store.FindPost(post_id);
  if (!found) {
    respond(site::FailureResponse(found.error()));
    return std::nullopt;
  }
  if (!*found) {
    respond(layout_.ErrorPage(
        principal, Section::kPosts,
        {ErrorKind::kNotFound, "There is no post " + std::to_string(post_id) + "."}));
    return std::nullopt;
  }
  if (!MayEditItem(principal, **found)) {
    respond(ForbiddenResponse());
    return std::nullopt;
  }
  return std::move(*found);
}

Result<bool> RevisionsScreen::SaverTrusted(const Revision& revision) const {
  Result<std::optional<store::User>> saver = deps_.store.FindUser(revision.author_id);
  if (!saver) return std::unexpected(std::move(saver.error()));
  return *saver && Can((*saver)->role, Capability::kUnfilteredHtml);
}

void RevisionsScreen::Show(const http::Request& request, int64_t post_id,
                           const Principal& principal, http::Respond respond) const {
  std::optional<Post> post = LoadEditable(post_id, principal, respond);
  if (!post) return;
  Result<std::vector<Revision>> revisions = store::ListRevisions(deps_.store, post_id);
  if (!revisions) return respond(site::FailureResponse(revisions.error()));
  const http::Form query = http::Form::Parse(request.Query());
  std::map<int64_t, std::string> authors;
  for (const Revision& revision : *revisions) {
    if (authors.contains(revision.author_id)) continue;
    Result<std::optional<store::User>> user = deps_.store.FindUser(revision.author_id);
    if (!user) return respond(site::FailureResponse(user.error()));
    authors[revision.author_id] =
        *user ? ((*user)->display_name.empty() ? (*user)->login : (*user)->display_name) : "";
  }
  const std::optional<RevisionPair> pair =
      ChooseRevisions(*revisions, IdParam(query, "from"), IdParam(query, "to"));
  mustache::data list(mustache::data::type::list);
  for (const Revision& revision : *revisions) {
    mustache::data entry;
    entry.set("id", std::to_string(revision.id));
    entry.set("label", Label(revision, authors));
    entry.set("is_from", pair && pair->from == &revision);
    entry.set("is_to", pair && pair->to == &revision);
    entry.set("is_current", &revision == &revisions->front());
    list.push_back(std::move(entry));
  }
  mustache::data data;
  data.set("post_title", post->title);
  data.set("edit_url", "/admin/posts/" + std::to_string(post_id) + "/edit/");
  data.set("action_url", RevisionsUrl(post_id));
  data.set("revisions", list);
  data.set("has_diff", pair.has_value());
  if (pair) {
    data.set("from_label", Label(*pair->from, authors));
    data.set("to_label", Label(*pair->to, authors));
    data.set("title_diff",
             content::DiffToHtml(content::DiffText(pair->from->title, pair->to->title)));
    data.set("body_diff", content::DiffToHtml(content::DiffText(pair->from->body, pair->to->body)));
    data.set("excerpt_changed", pair->from->excerpt != pair->to->excerpt);
    data.set("excerpt_diff",
             content::DiffToHtml(content::DiffText(pair->from->excerpt, pair->to->excerpt)));
    data.set("same", pair->from->title == pair->to->title && pair->from->body == pair->to->body &&
                         pair->from->excerpt == pair->to->excerpt);
  }
  AdminPage page{.title = "Revisions", .section = Section::kPosts};
  respond(layout_.Screen("revisions", principal, std::move(data), std::move(page)));
}

void RevisionsScreen::Restore(const http::Request& request, int64_t post_id,
                              const Principal& principal, http::Respond respond) const {
  const http::Form body = http::Form::Parse(request.body);
  if (!RequireCsrf(deps_.auth, principal, body, respond)) return;
  std::optional<Post> post = LoadEditable(post_id, principal, respond);
  if (!post) return;
  std::optional<int64_t> revision_id = IdParam(body, "revision");
  Result<std::optional<Revision>> revision = revision_id
                                                 ? store::FindRevision(deps_.store, *revision_id)
                                                 : Result<std::optional<Revision>>(std::nullopt);
  if (!revision) return respond(site::FailureResponse(revision.error()));
  if (!*revision || (*revision)->post_id != post_id) {
    return respond(layout_.ErrorPage(principal, Section::kPosts,
                                     {ErrorKind::kNotFound, "There is no such revision."}));
  }
  const int64_t now = deps_.clock.Now();
  Post restored = *post;
  restored.title = (*revision)->title;
  restored.body = (*revision)->body;
  restored.format = (*revision)->format;
  restored.excerpt = (*revision)->excerpt;
  restored.modified_at = now;
  // The revision's text is trusted only when both the one restoring it and the one who saved it
  // may publish raw HTML, and nothing untrusted was ever saved into the item.
  Result<bool> saver_trusted = SaverTrusted(**revision);
  if (!saver_trusted) return respond(site::FailureResponse(saver_trusted.error()));
  KeepTrusted(restored,
              principal.Can(Capability::kUnfilteredHtml) && post->unfiltered && *saver_trusted);
  store::WriteJob job = [restored, author = principal.user.id,
                         now](store::Transaction& tx) -> Status {
    Result<Post> saved = store::SavePost(tx, restored, restored.slug);
    if (!saved) return std::unexpected(std::move(saved.error()));
    Result<int64_t> kept = store::AddRevision(tx, *saved, author, now);
    if (!kept) return std::unexpected(std::move(kept.error()));
    return {};
  };
  deps_.store.Write(std::move(job), [this, post_id, principal,
                                     respond = std::move(respond)](Status status) mutable {
    if (!status) return respond(layout_.ErrorPage(principal, Section::kPosts, status.error()));
    respond(SeeOther("/admin/posts/" + std::to_string(post_id) + "/edit/?restored=1"));
  });
}

}  // namespace quire::admin
