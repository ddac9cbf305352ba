#include "mail/message_format.h"

#include <sodium.h>

#include <algorithm>
#include <string>

#include "util/clock.h"

namespace quire::mail {
namespace {

// RFC 2047: an encoded-word is at most 75 characters; "=?UTF-8?B?" + "?=" leave 63 for base64,
// i.e. 45 bytes of text.
constexpr size_t kMaxWordBytes = 45;
constexpr size_t kMaxPlainHeaderBytes = 900;  // under RFC 5322's 998, with room for the name
constexpr size_t kQpLineLimit = 76;
constexpr std::string_view kCrlf = "\r\n";

bool IsControl(unsigned char c) {
  return c < 0x20 || c == 0x7f;
}

bool IsPrintableAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7f;
  });
}

bool IsHeaderName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// Headers this code writes itself; an extra header may not add or repeat them.
bool IsReserved(std::string_view name) {
  static constexpr std::string_view kReserved[] = {
      "date",       "message-id",   "from",         "sender",
      "to",         "cc",           "bcc",          "subject",
      "reply-to",   "mime-version", "content-type", "content-transfer-encoding",
      "return-path"};
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return std::find(std::begin(kReserved), std::end(kReserved), lower) != std::end(kReserved);
}

std::string Base64(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// The length of the longest prefix of `text` of at most `limit` bytes that ends on a UTF-8
// character boundary (at least one character, so that progress is always made).
size_t Utf8Prefix(std::string_view text, size_t limit) {
  if (text.size() <= limit) return text.size();
  size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  if (end > 0) return end;
  end = 1;
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  return end;
}

std::string RemoveControls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (!IsControl(static_cast<unsigned char>(c))) out += c;
  }
  return out;
}

// A display name: a quoted string when it is ASCII, else encoded-words.
std::string DisplayName(std::string_view name) {
  std::string clean = RemoveControls(name);
  if (!IsPrintableAscii(clean) || clean.size() > kMaxPlainHeaderBytes / 2) {
    return EncodeHeaderText(clean);
  }
  std::string quoted = "\"";
  for (char c : clean) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

std::string RfcDate(int64_t now) {
  std::string date = util::FormatHttpDate(now);  // "Wed, 01 May 2024 10:20:30 GMT"
  if (date.size() > 4 && date.ends_with(" GMT")) date.replace(date.size() - 3, 3, "+0000");
  return date;
}

void AppendHeader(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append(kCrlf);
}

void AppendQpLine(std::string& out, std::string_view line) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  size_t width = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    auto c = static_cast<unsigned char>(line[i]);
    bool last = i + 1 == line.size();
    bool plain = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
    if (i == 0 && c == '.') plain = false;
    std::string token =
        plain ? std::string(1, static_cast<char>(c)) : std::string{'=', kHex[c >> 4], kHex[c & 15]};
    if (width + token.size() > kQpLineLimit - 1) {  // room for the soft break's "="
      out += "=";
      out += kCrlf;
      width = 0;
    }
    out += token;
    width += token.size();
  }
}

}  // namespace

std::string CleanHeaderValue(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (IsControl(static_cast<unsigned char>(c))) c = ' ';
  }
  return out;
}

std::string EncodeHeaderText(std::string_view text) {
  std::string clean = RemoveControls(text);
  if (IsPrintableAscii(clean) && clean.size() <= kMaxPlainHeaderBytes) return clean;
  std::string out;
  std::string_view rest = clean;
  while (!rest.empty()) {
    size_t take = Utf8Prefix(rest, kMaxWordBytes);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(rest.substr(0, take)) + "?=";
    rest.remove_prefix(take);
  }
  return out;
}

std::string QuotedPrintable(std::string_view text) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    AppendQpLine(out, line);
    if (end == std::string_view::npos) break;
    out += kCrlf;
    start = end + 1;
  }
  return out;
}

bool IsSafeAddress(std::string_view address) {
  if (address.empty() || address.size() > 254) return false;
  size_t at = address.rfind('@');
  if (at == 0 || at == std::string_view::npos || at + 1 == address.size()) return false;
  return std::none_of(address.begin(), address.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return IsControl(u) || c == ' ' || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' ||
           c == '(' || c == ')' || c == '\\';
  });
}

std::string DomainOf(std::string_view address) {
  size_t at = address.rfind('@');
  if (at == std::string_view::npos || at + 1 == address.size()) return "localhost";
  return std::string(address.substr(at + 1));
}

std::string FormatMessage(const store::OutboxMessage& message, const Sender& from, int64_t now) {
  std::string out;
  AppendHeader(out, "Date", RfcDate(now));
  AppendHeader(out, "Message-ID",
               "<quire." + std::to_string(message.id) + "." + std::to_string(message.created_at) +
                   "@" + CleanHeaderValue(DomainOf(from.address)) + ">");
  std::string from_value = "<" + CleanHeaderValue(from.address) + ">";
  if (!from.name.empty()) from_value = DisplayName(from.name) + " " + from_value;
  AppendHeader(out, "From", from_value);
  AppendHeader(out, "To", "<" + CleanHeaderValue(message.to) + ">");
  AppendHeader(out, "Subject", EncodeHeaderText(message.subject));
  for (const auto& [name, value] : message.headers) {
    if (IsHeaderName(name) && !IsReserved(name)) AppendHeader(out, name, CleanHeaderValue(value));
  }
  AppendHeader(out, "MIME-Version", "1.0");
  AppendHeader(out, "Content-Type", "text/plain; charset=UTF-8");
  AppendHeader(out, "Content-Transfer-Encoding", "quoted-printable");
  out += kCrlf;
  out += QuotedPrintable(message.body);
  out += kCrlf;
  return out;
}

}  // namespace quire::mail
