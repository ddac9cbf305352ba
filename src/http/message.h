// Request and Response values: what the connection hands the application and gets back.
// http/ knows nothing of posts or comments; handlers are unit-testable with plain values.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quire::http {

class SpooledBody;  // http/spooled_body.h

struct Header {
  std::string name;  // lowercase in requests; as written in responses
  std::string value;
};

struct Request {
  std::string method;  // "GET", "POST", ... ("HEAD" arrives as "HEAD"; the server drops the body)
  std::string target;  // raw request-target: "/2024/05/01/hello/?replytocom=3"
  std::vector<Header> headers;
  // The body, when held in memory; empty when it was written to a file (body_file), which
  // only routes whose body limit is above ServerOptions::body_spool_threshold receive.
  std::string body;
  std::string remote_ip;  // the peer address, e.g. "127.0.0.1"
  // A large body, written to an unnamed file as it arrived (http/spooled_body.h), else null.
  std::shared_ptr<const SpooledBody> body_file;

  // The body wherever it is (memory or file): valid as long as the request.
  std::string_view Body() const;
  std::string_view Path() const;   // target before '?', not decoded
  std::string_view Query() const;  // target after '?', without the '?', not decoded
  // The first header with this name (give it in lowercase).
  std::optional<std::string_view> Find(std::string_view lowercase_name) const;
};

// A request's head as read before its body: what the server checks (http/request_head.h) and
// what a route's admission hook sees (http/router.h) before a byte of the body is read.
struct RequestHead {
  std::string method;
  std::string target;  // origin-form ("/path?query") once checked; absolute-form is rewritten
  int version = 11;    // 10 for HTTP/1.0, 11 for HTTP/1.1
  std::vector<Header> headers;  // names lowercase
  std::string remote_ip;

  std::string_view Path() const;  // target before '?', not decoded
  // The first header with this name (give it in lowercase).
  std::optional<std::string_view> Find(std::string_view lowercase_name) const;
};

// Response fields serialised once and shared by every answer that sends them (a cached page's,
// per encoding: http::PrepareFields), so that such an answer builds no field at all.
struct PreparedFields {
  std::string wire;      // "Name: value\r\n" per field, checked as the server checks fields
  std::string wire_304;  // the fields of `wire` that a 304 repeats
  // The site's security fields (site/security_headers.h) are in, as for a public page.
  bool has_security_fields = false;
};

struct Response {
  int status = 200;
  std::vector<Header> headers;
  // Shared so that a cached page is sent without copying it. Null means an empty body.
  std::shared_ptr<const std::string> body;
  // Sent after `headers`; null: none. Set() of a field it has turns it back into `headers`.
  std::shared_ptr<const PreparedFields> prepared;

  void Set(std::string name, std::string value);
  // Case-insensitive, in `headers`, then in `prepared`.
  std::optional<std::string_view> Find(std::string_view name) const;

  static Response Text(int status, std::string text,
                       std::string content_type = "text/plain; charset=utf-8");
  static Response Html(int status, std::string html);
  static Response Redirect(int status, std::string location);
};

// Called exactly once with the response, from any thread.
using Respond = std::move_only_function<void(Response)>;
// The application: called concurrently from the server's threads. The request stays alive
// until respond is called.
using Handler = std::function<void(const Request&, Respond)>;

std::string_view ReasonPhrase(int status);

}  // namespace quire::http
