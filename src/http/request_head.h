// The request-head rules of RFC 9112 that keep one request from being read as two (request
// smuggling), checked in one place after the head is parsed and before any body is read:
//   - Transfer-Encoding: only "chunked", once, and last; with Content-Length, or in HTTP/1.0,
//     it is refused (a message whose framing two readers could disagree on is never read).
//   - Host: exactly one in HTTP/1.1 (at most one in HTTP/1.0), with a valid value.
//   - obs-fold (a header line continued on the next line) anywhere in the head.
//   - The target: origin-form ("/path?query"), or absolute-form ("http://host/path") naming
//     one of the server's own hosts, which is rewritten to origin-form with its authority as
//     the Host (RFC 9112 3.2.2; another host is refused: Quire is not a proxy); "*" only for
//     OPTIONS.
// A refused head is answered 400 and the connection closed (http/server.cc).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"
#include "util/status.h"

namespace quire::http {

// Whether a host name (lowercase, without port or brackets) is one the server answers as.
using OwnHost = std::function<bool(std::string_view host_name)>;

// Checks the head and rewrites an absolute-form target (and its Host). An absolute-form target
// must name a host `own_host` accepts (null: any). A failure is kInvalid with the reason (for
// the log; the client gets a plain 400).
Status CheckRequestHead(RequestHead& head, const OwnHost& own_host = nullptr);

// The host name of an authority or URL ("http://User@Example.com:80/x" -> "example.com",
// "[::1]:8080" -> "::1"): lowercase, without scheme, user, port or brackets.
std::string HostName(std::string_view authority_or_url);

// Whether a Host field value is `uri-host [ ":" port ]` (RFC 9110 7.2); "" is valid, a comma
// (two values joined) is not.
bool IsValidHost(std::string_view host);

// The length of the head (through its empty line) at the start of `bytes`; nullopt while the
// empty line has not arrived.
std::optional<size_t> HeadLength(std::string_view bytes);

// Whether a raw head (request line and header lines) continues a header line with obs-fold:
// a line that starts with a space or a tab.
bool HasObsFold(std::string_view raw_head);

// Whether a raw head ends a line with a bare LF (no CR before it); refused rather than waited on.
bool HasBareLineFeed(std::string_view raw_head);

}  // namespace quire::http
