#include "api/serialize.h"

#include <cstdio>

#include "util/clock.h"
#include "util/strings.h"

namespace quire::api {
namespace {

Json Href(std::string href) {
  return Json::array({Json{{"href", std::move(href)}}});
}

Json EmbeddableHref(std::string href) {
  return Json::array({Json{{"embeddable", true}, {"href", std::move(href)}}});
}

std::string Paragraph(std::string_view text) {
  if (text.empty()) return "";
  return "<p>" + util::HtmlEscape(text) + "</p>\n";
}

std::string_view TypeRestBase(store::PostType type) {
  return type == store::PostType::kPage ? "pages" : "posts";
}

std::string_view CommentStatusWord(store::CommentStatus status) {
  switch (status) {
    case store::CommentStatus::kApproved: return "approved";
    case store::CommentStatus::kPending: return "hold";
    case store::CommentStatus::kSpam: return "spam";
    case store::CommentStatus::kTrash: return "trash";
  }
  return "hold";
}

}  // namespace

std::string RestDate(int64_t seconds) {
  util::CivilDate d = util::ToCivil(seconds);
  int64_t in_day = ((seconds % 86400) + 86400) % 86400;
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d", d.year, d.month, d.day,
                static_cast<int>(in_day / 3600), static_cast<int>(in_day / 60 % 60),
                static_cast<int>(in_day % 60));
  return text;
}

Json AvatarUrls(const Urls& urls, std::string_view avatar_key) {
  Json avatars = Json::object();
  for (const char* size : {"24", "48", "96"}) {
    avatars[size] = urls.Site("/avatar/" + std::string(avatar_key) + ".svg?s=" + size);
  }
  return avatars;
}

Json Curies() {
  return Json::array(
      {Json{{"name", "wp"}, {"href", "https://api.w.org/{rel}"}, {"templated", true}}});
}

Json PostJson(const PostView& view, Context context, const Urls& urls) {
  const store::Post& post = view.post;
  const bool is_page = post.type == store::PostType::kPage;
  const bool embed = context == Context::kEmbed;
  const std::string id = std::to_string(post.id);
  const std::string self = urls.Api("/wp/v2/" + std::string(TypeRestBase(post.type)) + "/" + id);
  Json json = Json::object();
  json["id"] = post.id;
  json["date"] = RestDate(view.date_local);
  if (!embed) {
    json["date_gmt"] = RestDate(post.published_at);
    json["guid"] = {{"rendered", post.guid.empty() ? urls.Site("/?p=" + id) : post.guid}};
    json["modified"] = RestDate(view.modified_local);
    json["modified_gmt"] = RestDate(post.modified_at);
  }
  json["slug"] = post.slug;
  if (!embed) json["status"] = store::ToString(post.status);
  json["type"] = store::ToString(post.type);
  json["link"] = view.link;
  json["title"] = {{"rendered", util::HtmlEscape(post.title)}};
  if (!embed) {
    json["content"] = {{"rendered", view.is_protected ? "" : view.content_html},
                       {"protected", !post.password.empty()}};
  }
  json["excerpt"] = {{"rendered", view.is_protected ? "" : Paragraph(view.excerpt_text)},
                     {"protected", !post.password.empty()}};
  json["author"] = post.author_id;
  json["featured_media"] = post.featured_media_id;
  if (!embed) {
    if (is_page) {
      json["parent"] = post.parent_id;
      json["menu_order"] = post.menu_order;
    }
    json["comment_status"] = post.comments_open ? "open" : "closed";
    json["ping_status"] = "closed";  // Quire takes no pingbacks or trackbacks
    if (!is_page) json["sticky"] = post.sticky;
    json["template"] = "";
    if (!is_page) json["format"] = "standard";
    json["meta"] = Json::array();
    if (!is_page) {
      json["categories"] = view.categories;
      json["tags"] = view.tags;
    }
  }

  Json links = Json::object();
  links["self"] = Href(self);
  links["collection"] = Href(urls.Api("/wp/v2/" + std::string(TypeRestBase(post.type))));
  links["about"] = Href(urls.Api("/wp/v2/types/" + std::string(store::ToString(post.type))));
  if (post.author_id != 0) {
    links["author"] = EmbeddableHref(urls.Api("/wp/v2/users/" + std::to_string(post.author_id)));
  }
  links["replies"] = EmbeddableHref(urls.Api("/wp/v2/comments?post=" + id));
  if (is_page && post.parent_id != 0) {
    links["up"] = EmbeddableHref(urls.Api("/wp/v2/pages/" + std::to_string(post.parent_id)));
  }
  if (!is_page) {
    links["wp:term"] = Json::array({Json{{"taxonomy", "category"},
                                         {"embeddable", true},
                                         {"href", urls.Api("/wp/v2/categories?post=" + id)}},
                                    Json{{"taxonomy", "post_tag"},
                                         {"embeddable", true},
                                         {"href", urls.Api("/wp/v2/tags?post=" + id)}}});
  }
  links["curies"] = Curies();
  json["_links"] = std::move(links);
  return json;
}

Json CommentJson(const CommentView& view, Context context, const Urls& urls) {
  const store::Comment& comment = view.comment;
  const bool embed = context == Context::kEmbed;
  const std::string id = std::to_string(comment.id);
  Json json = Json::object();
  json["id"] = comment.id;
  if (!embed) json["post"] = comment.post_id;
  json["parent"] = comment.parent_id;
  json["author"] = comment.user_id;
  json["author_name"] = comment.author;
  json["author_url"] = comment.url;
  json["date"] = RestDate(view.date_local);
  if (!embed) json["date_gmt"] = RestDate(comment.created_at);
  json["content"] = {{"rendered", view.content_html}};
  json["link"] = view.link;
  if (!embed) json["status"] = CommentStatusWord(comment.status);
  json["type"] = "comment";
  if (!view.avatar_key.empty()) json["author_avatar_urls"] = AvatarUrls(urls, view.avatar_key);
  if (!embed) json["meta"] = Json::array();

  Json links = Json::object();
  links["self"] = Href(urls.Api("/wp/v2/comments/" + id));
  links["collection"] = Href(urls.Api("/wp/v2/comments"));
  if (comment.user_id != 0) {
    links["author"] = EmbeddableHref(urls.Api("/wp/v2/users/" + std::to_string(comment.user_id)));
  }
  links["up"] =
      Json::array({Json{{"embeddable", true},
                        {"post_type", store::ToString(view.post_type)},
                        {"href", urls.Api("/wp/v2/" + std::string(TypeRestBase(view.post_type)) +
                                          "/" + std::to_string(comment.post_id))}}});
  if (comment.parent_id != 0) {
    links["in-reply-to"] =
        EmbeddableHref(urls.Api("/wp/v2/comments/" + std::to_string(comment.parent_id)));
  }
  if (view.has_children)
    links["children"] = EmbeddableHref(urls.Api("/wp/v2/comments?parent=" + id));
  json["_links"] = std::move(links);
  return json;
}

std::string_view RestBaseOf(std::string_view taxonomy) {
  return taxonomy == store::kCategory ? "categories" : "tags";
}

Json TermJson(const TermView& view, Context context, const Urls& urls) {
  const store::Term& term = view.term;
  const bool embed = context == Context::kEmbed;
  const bool category = term.taxonomy == store::kCategory;
  const std::string base = "/wp/v2/" + std::string(RestBaseOf(term.taxonomy));
  Json json = Json::object();
  json["id"] = term.id;
  if (!embed) {
    json["count"] = term.count;
    json["description"] = term.description;
  }
  json["link"] = view.link;
  json["name"] = term.name;
  json["slug"] = term.slug;
  json["taxonomy"] = term.taxonomy;
  if (!embed) {
    if (category) json["parent"] = term.parent_id;
    json["meta"] = Json::array();
  }
  Json links = Json::object();
  links["self"] = Href(urls.Api(base + "/" + std::to_string(term.id)));
  links["collection"] = Href(urls.Api(base));
  links["about"] = Href(urls.Api("/wp/v2/taxonomies/" + term.taxonomy));
  if (category && term.parent_id != 0) {
    links["up"] = EmbeddableHref(urls.Api(base + "/" + std::to_string(term.parent_id)));
  }
  links["wp:post_type"] = Href(urls.Api("/wp/v2/posts?" + std::string(RestBaseOf(term.taxonomy)) +
                                        "=" + std::to_string(term.id)));
  links["curies"] = Curies();
  json["_links"] = std::move(links);
  return json;
}

Json UserJson(const UserView& view, Context context, const Urls& urls) {
  Json json = Json::object();
  json["id"] = view.id;
  json["name"] = view.name;
  json["url"] = "";
  json["description"] = "";
  json["link"] = view.link;
  json["slug"] = view.slug;
  if (!view.avatar_key.empty()) json["avatar_urls"] = AvatarUrls(urls, view.avatar_key);
  if (context == Context::kView) json["meta"] = Json::array();
  json["_links"] = {{"self", Href(urls.Api("/wp/v2/users/" + std::to_string(view.id)))},
                    {"collection", Href(urls.Api("/wp/v2/users"))}};
  return json;
}

}  // namespace quire::api
