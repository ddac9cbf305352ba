#include "wxr/values.h"

#include <cctype>
#include <cstdio>
#include <vector>

#include "util/clock.h"
#include "util/strings.h"

namespace quire::wxr {
namespace {

std::string_view WithoutScheme(std::string_view url) {
  size_t at = url.find("://");
  return at == std::string_view::npos ? url : url.substr(at + 3);
}

bool IsSlugByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// The path segments of `path` ("/a/b/" gives {"a", "b"}; empty ones dropped).
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  for (std::string_view part : util::Split(path, '/')) {
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

}  // namespace

std::optional<int64_t> ParseWpDate(std::string_view text) {
  text = util::Trim(text);
  if (text.empty() || text.starts_with("0000-00-00")) return std::nullopt;
  return util::ParseIso8601(text);
}

std::string FormatWpDate(int64_t unix_seconds) {
  util::CivilDate d = util::ToCivil(unix_seconds);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d:%02d", d.year, d.month, d.day,
                d.hour, d.minute, d.second);
  return buffer;
}

std::string FormatRssDate(int64_t unix_seconds) {
  std::string http = util::FormatHttpDate(unix_seconds);  // "..., 01 May 2024 10:20:30 GMT"
  if (http.ends_with(" GMT")) http.replace(http.size() - 3, 3, "+0000");
  return http;
}

std::string SanitizeLogin(std::string_view login) {
  std::string kept;
  for (char c : login) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == ' ' || c == '_' || c == '.' || c == '-' || c == '@';
    if (!ok) continue;
    if (c == ' ' && (kept.empty() || kept.back() == ' ')) continue;
    kept += c;
  }
  while (!kept.empty() && kept.back() == ' ') kept.pop_back();
  return kept;
}

std::string DecodeSlug(std::string_view slug) {
  if (slug.find('%') == std::string_view::npos) return std::string(slug);
  std::string decoded;
  for (size_t i = 0; i < slug.size(); ++i) {
    if (slug[i] == '%' && i + 2 < slug.size() &&
        std::isxdigit(static_cast<unsigned char>(slug[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(slug[i + 2]))) {
      decoded += static_cast<char>(std::stoi(std::string(slug.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      decoded += slug[i];
    }
  }
  return util::IsValidUtf8(decoded) ? decoded : std::string(slug);
}

std::string EncodeSlug(std::string_view slug) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : slug) {
    if (IsSlugByte(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::optional<store::PostStatus> ParseWpPostStatus(std::string_view status) {
  if (status == "auto-draft" || status == "inherit") return std::nullopt;
  return store::ParsePostStatus(status);
}

std::optional<store::CommentStatus> ParseWpCommentStatus(std::string_view approved) {
  if (approved == "1") return store::CommentStatus::kApproved;
  if (approved == "0") return store::CommentStatus::kPending;
  if (approved == "spam") return store::CommentStatus::kSpam;
  if (approved == "trash" || approved == "post-trashed") return store::CommentStatus::kTrash;
  return std::nullopt;
}

std::optional<std::string> InferPermalinkStructure(std::string_view link, std::string_view base,
                                                   std::string_view local_date,
                                                   std::string_view slug, int64_t post_id) {
  std::string_view bare_link = WithoutScheme(link);
  std::string_view bare_base = WithoutScheme(base);
  while (bare_base.ends_with('/')) bare_base.remove_suffix(1);
  if (bare_base.empty() || !bare_link.starts_with(bare_base)) return std::nullopt;
  std::string_view path = bare_link.substr(bare_base.size());
  if (!path.empty() && path[0] != '/') return std::nullopt;
  if (path.find('?') != std::string_view::npos || path.find('#') != std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view date = util::Trim(local_date);
  if (date.size() < 19) return std::nullopt;
  const std::pair<std::string_view, std::string_view> dated[] = {
      {date.substr(0, 4), "%year%"},    {date.substr(5, 2), "%monthnum%"},
      {date.substr(8, 2), "%day%"},     {date.substr(11, 2), "%hour%"},
      {date.substr(14, 2), "%minute%"}, {date.substr(17, 2), "%second%"}};
  std::string id = std::to_string(post_id);
  std::string structure;
  bool named = false;
  size_t next_date = 0;  // date parts are matched in order, each once
  for (std::string_view segment : Segments(path)) {
    structure += '/';
    if (!slug.empty() && util::IEquals(segment, slug)) {
      structure += "%postname%";
      named = true;
    } else if (segment == id) {
      structure += "%post_id%";
      named = true;
    } else {
      bool is_date = false;
      for (size_t k = next_date; k < std::size(dated) && !is_date; ++k) {
        if (segment == dated[k].first) {
          structure += dated[k].second;
          next_date = k + 1;
          is_date = true;
        }
      }
      if (!is_date) structure += segment;
    }
  }
  if (!named) return std::nullopt;
  if (path.ends_with('/')) structure += '/';
  return structure;
}

std::string MimeTypeForName(std::string_view file) {
  size_t dot = file.rfind('.');
  std::string ext = util::ToLower(dot == std::string_view::npos ? "" : file.substr(dot + 1));
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {"jpg", "image/jpeg"},      {"jpeg", "image/jpeg"},     {"png", "image/png"},
      {"gif", "image/gif"},       {"webp", "image/webp"},     {"svg", "image/svg+xml"},
      {"mp3", "audio/mpeg"},      {"ogg", "audio/ogg"},       {"wav", "audio/wav"},
      {"mp4", "video/mp4"},       {"webm", "video/webm"},     {"mov", "video/quicktime"},
      {"pdf", "application/pdf"}, {"zip", "application/zip"}, {"txt", "text/plain"}};
  for (const auto& [e, type] : kTypes) {
    if (ext == e) return std::string(type);
  }
  return "application/octet-stream";
}

}  // namespace quire::wxr
