// Site-relative links in rendered HTML made absolute, for clients that show the HTML on another
// host (headless front ends, the apps): href="/x", src="/x" and each srcset candidate "/x 300w"
// get the site's home URL in front. Protocol-relative ("//host/x") and absolute links stay.
#pragma once

#include <string>
#include <string_view>

namespace quire::api {

// `home` without its final '/' ("https://example.com").
std::string AbsoluteLinks(std::string html, std::string_view home);

}  // namespace quire::api
