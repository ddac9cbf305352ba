#include "util/email.h"

#include <cctype>
#include <vector>

#include "util/strings.h"

namespace quire::util {

bool IsEmail(std::string_view email) {
  if (email.size() < 6) return false;
  size_t at = email.find('@', 1);
  if (at == std::string_view::npos) return false;
  std::string_view local = email.substr(0, at);
  std::string_view domain = email.substr(at + 1);
  constexpr std::string_view kLocalSpecials = "!#$%&'*+/=?^_`{|}~.-";
  for (char c : local) {
    if (!std::isalnum(static_cast<unsigned char>(c)) &&
        kLocalSpecials.find(c) == std::string_view::npos) {
      return false;
    }
  }
  if (domain.find("..") != std::string_view::npos) return false;
  if (domain.empty() || domain.front() == '.' || domain.back() == '.') return false;
  std::vector<std::string_view> subs = Split(domain, '.');
  if (subs.size() < 2) return false;
  for (std::string_view sub : subs) {
    if (sub.empty() || sub.front() == '-' || sub.back() == '-') return false;
    for (char c : sub) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    }
  }
  return true;
}

}  // namespace quire::util
