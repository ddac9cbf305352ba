// The HTTP/1.1 server: Boost.Beast and Asio live only behind this header's .cc.
//
// One io_context per thread, each with its own SO_REUSEPORT acceptor; one coroutine per
// connection: read -> handler -> write -> loop while keep-alive. Limits are named below and
// applied where the bytes are read. Stop() is graceful: stop accepting, let in-flight requests
// finish (up to drain_timeout), then close what is left.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/access_log.h"
#include "http/message.h"
#include "http/request_head.h"

namespace quire::http {

// A request body limit and what the 413 says when it is passed.
struct BodyLimit {
  size_t bytes = 0;
  std::string message;  // the 413's text; "" for the plain reason phrase
};

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: pick a free port; port() tells which
  int threads = 0;       // 0: one per core
  // Request line + headers larger than this get 431.
  size_t header_limit = 16 * 1024;
  // Bodies larger than this get 413 (comment form posts are a few KiB at most).
  size_t body_limit = 1024 * 1024;
  // Another body limit for some requests (uploads), asked once the request's head is read;
  // nullopt (or no function) keeps body_limit. A body announced larger than the limit
  // (Content-Length) gets 413 before any of it is read, before "100 Continue"; the 413's text is
  // the limit's message. Called on the I/O threads: it must be quick and thread-safe.
  std::function<std::optional<BodyLimit>(std::string_view method, std::string_view target)>
      body_limit_for;
  // Asked once a request's head is read, before its body (e.g. Router::Admit): a response
  // refuses the request unread (sent with "Connection: close"). Called on the I/O threads.
  std::function<std::optional<Response>(const RequestHead&)> admit;
  // Memory for request bodies being read at once, all connections together; a request whose
  // body (Content-Length, else its body limit) would pass it gets 503 before it is read.
  // Bodies on disk (body_spool_dir) are not counted.
  size_t body_memory_budget = 256 * 1024 * 1024;
  // Where bodies larger than body_spool_threshold (Content-Length; a chunked body when its
  // route's limit is larger) are written as they arrive, to an unnamed file (http/spooled_body.h),
  // handed to the handler as Request::body_file. Empty: every body is held in memory. A disk
  // that cannot take the body gets 507 (no space) or 503, and the connection is closed.
  std::string body_spool_dir;
  size_t body_spool_threshold = 1024 * 1024;
  // A client that has not sent a complete head this long after starting a request is dropped
  // (408); a body must grow by 16 KiB in each such interval (it may take longer in total).
  std::chrono::seconds read_timeout{15};
  // An idle keep-alive connection is closed after this long.
  std::chrono::seconds idle_timeout{60};
  // Writing a response may take this long at most.
  std::chrono::seconds write_timeout{30};
  // At most this many connections are open at once; past it the oldest idle ones (waiting for
  // a request), among all threads' connections, are closed to make room (another thread's on
  // that thread, just after the new one is let in), and when none is idle a new one is refused. 0:
  // the descriptor limit less a reserve (http/fd_limit.h), so that accept, the database and uploads
  // always find a descriptor.
  size_t max_connections = 0;
  // On Stop(), in-flight requests get this long to finish; requests that had already arrived on
  // idle keep-alive connections are read and answered with "Connection: close".
  std::chrono::seconds drain_timeout{10};
  // Bodies sent again and again (cached pages) of at least 16 KiB are copied once into memory
  // files and sent from there with sendfile(2), without a copy per request (http/body_files.h);
  // the files hold at most this many bytes, all threads together. 0: always write from memory.
  size_t body_file_budget = 64u << 20;
  // Absolute-form targets ("GET http://HOST/path") are accepted only for the server's own
  // hosts: the address it listens on (and "localhost" when that is a loopback address), and
  // the names this says yes to (e.g. home_url's host); others get 400 and a close. Called on
  // the I/O threads, only for absolute-form targets.
  OwnHost own_host;
  // Log a line per request (see http/access_log.h).
  bool access_log = true;
  // Where the access log goes; empty: stdout.
  AccessLogSink access_log_sink;
};

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listeners. Throws std::runtime_error with a clear message when it cannot.
  void Listen();
  uint16_t port() const;
  // Serves until Stop() or SIGINT/SIGTERM; returns once in-flight requests have finished.
  // Listens first if Listen() was not called. Runs `threads` threads (the caller is one of them)
  // and joins them before returning. Call it once. Sets SIGPIPE and SIGXFSZ to be ignored,
  // process-wide.
  void Run();
  // Thread-safe, may be called from a handler or another thread (not from a POSIX signal
  // handler: Run() watches SIGINT/SIGTERM itself). Before Run(), makes Run() return at once.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace quire::http
