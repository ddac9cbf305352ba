#include "store/records.h"

#include <array>
#include <utility>

namespace quire::store {
namespace {

template <typename Enum, size_t N>
using Names = std::array<std::pair<Enum, std::string_view>, N>;

constexpr Names<PostStatus, 6> kPostStatusNames = {{
    {PostStatus::kPublish, "publish"},
    {PostStatus::kDraft, "draft"},
    {PostStatus::kPrivate, "private"},
    {PostStatus::kTrash, "trash"},
    {PostStatus::kPending, "pending"},
    {PostStatus::kFuture, "future"},
}};

constexpr Names<PostType, 2> kPostTypeNames = {{
    {PostType::kPost, "post"},
    {PostType::kPage, "page"},
}};

constexpr Names<PostFormat, 3> kPostFormatNames = {{
    {PostFormat::kMarkdown, "markdown"},
    {PostFormat::kHtml, "html"},
    {PostFormat::kText, "text"},
}};

constexpr Names<CommentStatus, 4> kCommentStatusNames = {{
    {CommentStatus::kPending, "0"},
    {CommentStatus::kApproved, "1"},
    {CommentStatus::kSpam, "spam"},
    {CommentStatus::kTrash, "trash"},
}};

constexpr Names<Role, 5> kRoleNames = {{
    {Role::kAdministrator, "administrator"},
    {Role::kEditor, "editor"},
    {Role::kAuthor, "author"},
    {Role::kContributor, "contributor"},
    {Role::kSubscriber, "subscriber"},
}};

template <typename Enum, size_t N>
std::string_view NameOf(const Names<Enum, N>& names, Enum value) {
  for (const auto& [item, name] : names) {
    if (item == value) return name;
  }
  return {};
}

template <typename Enum, size_t N>
std::optional<Enum> ValueOf(const Names<Enum, N>& names, std::string_view text) {
  for (const auto& [item, name] : names) {
    if (name == text) return item;
  }
  return std::nullopt;
}

}  // namespace

std::string_view ToString(PostStatus status) {
  return NameOf(kPostStatusNames, status);
}
std::string_view ToString(PostFormat format) {
  return NameOf(kPostFormatNames, format);
}
std::string_view ToString(PostType type) {
  return NameOf(kPostTypeNames, type);
}
std::string_view ToString(CommentStatus status) {
  return NameOf(kCommentStatusNames, status);
}
std::string_view ToString(Role role) {
  return NameOf(kRoleNames, role);
}

std::optional<PostStatus> ParsePostStatus(std::string_view text) {
  return ValueOf(kPostStatusNames, text);
}

std::optional<PostFormat> ParsePostFormat(std::string_view text) {
  return ValueOf(kPostFormatNames, text);
}

std::optional<PostType> ParsePostType(std::string_view text) {
  return ValueOf(kPostTypeNames, text);
}

std::optional<CommentStatus> ParseCommentStatus(std::string_view text) {
  if (text == "approved") return CommentStatus::kApproved;
  if (text == "pending") return CommentStatus::kPending;
  return ValueOf(kCommentStatusNames, text);
}

std::optional<Role> ParseRole(std::string_view text) {
  return ValueOf(kRoleNames, text);
}

}  // namespace quire::store
