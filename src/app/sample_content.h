// What a new site starts with: the sample post a person sees at http://127.0.0.1:8080/.
#pragma once

#include <string_view>

namespace quire::app {

inline constexpr std::string_view kSamplePostTitle = "Hello world!";
inline constexpr std::string_view kSamplePostSlug = "hello-world";
inline constexpr std::string_view kSamplePostBody =
    R"md(Welcome to Quire. This is your first post: edit it, or write the next one with
`quire post add`. It is Markdown, so it can have **emphasis**, [links](https://example.com/),
tables and lists.

## What a reader sees

A title, sections under their headings, paragraphs, and below them the readers' comments and
the **Leave a Reply** form. Every page is rendered once, kept in memory, and served again until
something on it changes.

## Leaving a comment

Anyone may reply with the form below. The first comment from a name and email waits for a
moderator; once one is approved, that person's next comments appear at once. The email address
is never published.

| What            | Where                  |
|-----------------|------------------------|
| Posts           | `/YYYY/MM/DD/slug/`    |
| Comment form    | `/wp-comments-post.php`|
)md";

inline constexpr std::string_view kSampleCommentAuthor = "A Quire Commenter";
inline constexpr std::string_view kSampleCommentBody =
    "Hi, this is a comment.\nTo moderate comments from the shell, use `quire comment approve`, "
    "`spam` or `trash` with the comment's number.";

}  // namespace quire::app
