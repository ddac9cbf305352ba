// The status line and fields of a response as they go on the wire: the framing rules (HEAD,
// 304 for a matching If-None-Match, Content-Length, Connection) in one Boost-free place that
// unit tests can read byte for byte. Used by server.cc.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "http/message.h"

namespace quire::http {

struct HeadContext {
  bool close = false;     // add "Connection: close"
  bool http10 = false;    // the client spoke HTTP/1.0 (keep-alive must then be said)
  std::string_view date;  // the Date field's value
};

// What goes on the wire after the head.
struct Outgoing {
  int status = 200;       // as sent: 304 for a matching conditional GET, 500 for a bad status
  std::string_view body;  // a view of response.body; empty for HEAD, 1xx, 204 and 304
};

// Serializes the status line and fields into head (cleared first; its capacity is reused).
// Content-Length, Date, Server and Connection are the server's: handler fields with those
// names, and fields whose name or value would break the framing (CR, LF), are dropped.
Outgoing ComposeResponseHead(std::string& head, const Request& request, const Response& response,
                             const HeadContext& context);

// `response`'s fields as ComposeResponseHead writes them (the unsafe and server-managed ones
// left out), once, for answers that share them (Response::prepared).
std::shared_ptr<const PreparedFields> PrepareFields(const Response& response,
                                                    bool has_security_fields);

// If-None-Match is "*" or a comma-separated list of entity tags, compared weakly ("W/" ignored).
bool EtagListMatches(std::string_view if_none_match, std::string_view etag);

}  // namespace quire::http
