// Turning an outbox row into an RFC 5322 message: headers (Date, Message-ID, From, To, Subject,
// MIME) and a quoted-printable UTF-8 plain-text body with CRLF line ends. Header injection is
// impossible by construction: CR, LF and other control characters never reach a header value,
// and an extra header whose name is not a plain token, or is one of the headers written here
// (From, To, Cc, Bcc, Subject, ...), is dropped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "store/outbox.h"

namespace quire::mail {

struct Sender {
  std::string address;  // the envelope and From address, e.g. quire@example.com
  std::string name;     // the From display name (the site's title); may be empty
};

// The whole message as sent in SMTP DATA (without the final "."). now: the Date header.
std::string FormatMessage(const store::OutboxMessage& message, const Sender& from, int64_t now);

// A header value with CR, LF and other control characters replaced by spaces.
std::string CleanHeaderValue(std::string_view value);

// `text` as-is when it is printable ASCII (and short enough), else as RFC 2047 encoded-words
// (=?UTF-8?B?...?=, each at most 75 characters, never splitting a UTF-8 sequence), folded with
// CRLF SP between words. Control characters are removed first.
std::string EncodeHeaderText(std::string_view text);

// RFC 2045 quoted-printable of UTF-8 text, lines ending CRLF, encoded lines at most 76
// characters; a line starting with "." has it encoded (=2E) so SMTP never sees a lone dot.
std::string QuotedPrintable(std::string_view text);

// Whether `address` may be used as a mailbox: local@domain, no spaces, angle brackets, commas
// or control characters, at most 254 bytes.
bool IsSafeAddress(std::string_view address);

// The domain of an address ("localhost" when there is none).
std::string DomainOf(std::string_view address);

}  // namespace quire::mail
