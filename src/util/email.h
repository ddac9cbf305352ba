// Email address syntax, WordPress's is_email rules: shared by the comment form, the settings
// (admin_email, mail_from) and the command line, so every writer accepts the same addresses.
#pragma once

#include <string_view>

namespace quire::util {

// At least 6 bytes; LOCAL@DOMAIN with LOCAL of letters, digits and !#$%&'*+/=?^_`{|}~.- and
// DOMAIN of two or more dot-separated labels of letters, digits and inner hyphens.
bool IsEmail(std::string_view email);

}  // namespace quire::util
