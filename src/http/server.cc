// The connection lifecycle, one coroutine per connection (Session::Loop):
//
//   accept ──► [idle] ── idle_timeout, EOF, Stop() ────────────────────────────────► close
//     ▲          │ first bytes (or bytes left over from a pipelined request)
//     │          ▼
//     │      [reading] ── read_timeout: 408 ─┐
//     │          │       header_limit: 431 ──┼──► respond, then lingering close ──► close
//     │          │       body_limit: 413 ────┤
//     │          │       malformed: 400 ─────┘
//     │          │ (Expect: 100-continue gets "100 Continue" before the body is read; a body
//     │          │ past body_spool_threshold goes to an unnamed file: 507/503 when it cannot)
//     │          ▼
//     │      [handling] handler(request, respond), waits until respond is called from any
//     │          │      thread; a throwing handler gives 500; after Stop(), drain_timeout
//     │          │      closes the connection without a response ────────────────► close
//     │          ▼
//     │      [writing] head and body in one write; HEAD and 304 send no body
//     │          │      write_timeout, write error ──────────────────────────────► close
//     └──────────┴── keep-alive and not stopping; otherwise ───────────────────────► close
//
// Timeouts: a per-connection watchdog timer cancels the socket when the current deadline
// passes; the loop then sees operation_aborted with timed_out_ set.
// Stop(): each worker closes its acceptor, closes idle connections, lets busy ones finish
// their response (then close), and after drain_timeout closes whatever is left.
#include "http/server.h"

#include <spdlog/spdlog.h>
#include <sys/sendfile.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cerrno>
#include <csignal>
#include <exception>
#include <iostream>
#include <iterator>
#include <limits>
#include <list>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <unordered_set>
#include <utility>
#include <vector>

#include "http/body_budget.h"
#include "http/body_files.h"
#include "http/fd_limit.h"
#include "http/log_throttle.h"
#include "http/request_head.h"
#include "http/response_head.h"
#include "http/spooled_body.h"
#include "util/clock.h"
#include "util/mutex.h"
#include "util/status.h"
#include "util/strings.h"

namespace quire::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Parser = beast_http::request_parser<beast_http::string_body>;

// A Beast body type whose bytes go to a SpooledBody as they are parsed, not to memory.
struct SpoolBody {
  using value_type = std::shared_ptr<SpooledBody>;

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(beast_http::header<isRequest, Fields>&, value_type& body) : body_(body) {}

    void init(const boost::optional<std::uint64_t>&, beast::error_code& ec) { ec = {}; }

    template <class ConstBufferSequence>
    size_t put(const ConstBufferSequence& buffers, beast::error_code& ec) {
      size_t taken = 0;
      for (auto it = asio::buffer_sequence_begin(buffers); it != asio::buffer_sequence_end(buffers);
           ++it) {
        asio::const_buffer buffer = *it;
        if (!body_->Append(
                std::string_view(static_cast<const char*>(buffer.data()), buffer.size()))) {
          ec = std::make_error_code(std::errc::io_error);  // the reason is in write_error()
          return taken;
        }
        taken += buffer.size();
      }
      ec = {};
      return taken;
    }

    void finish(beast::error_code& ec) { ec = {}; }

   private:
    value_type& body_;
  };
};
using SpoolParser = beast_http::request_parser<SpoolBody>;
using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

constexpr auto kUse = asio::as_tuple(asio::use_awaitable);
// How much one idle read asks for; the parser reads the rest of a request itself.
constexpr size_t kReadChunk = 4096;
// After an error response, unread request bytes are drained (so the client sees the response
// rather than a reset) for at most this long and this much.
constexpr auto kLingerTimeout = std::chrono::seconds(2);
// The access log is written out at least this often (and whenever a buffer fills).
constexpr auto kAccessLogFlushInterval = std::chrono::seconds(1);
constexpr size_t kLingerLimit = 64 * 1024;
// A failed accept (e.g. out of file descriptors) is retried after a pause that starts here and
// doubles at each failure in a row, up to the maximum.
constexpr auto kAcceptBackoffMin = std::chrono::milliseconds(10);
constexpr auto kAcceptBackoffMax = std::chrono::seconds(1);
// Failed accepts and refused connections are logged at most once per interval.
constexpr auto kAcceptLogInterval = std::chrono::seconds(10);
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// A body being read must grow by this much within each read_timeout (about 1 KiB/s with the
// default 15 s), so a slow but steady upload is never cut off while a stalled one is.
constexpr size_t kMinBodyProgress = 16 * 1024;

// The status to answer a failed read with; 0: close without answering.
int StatusForReadError(const beast::error_code& ec, bool timed_out) {
  if (timed_out) return 408;
  if (ec == beast_http::error::header_limit) return 431;
  if (ec == beast_http::error::body_limit) return 413;
  if (ec == beast_http::error::end_of_stream || ec == beast_http::error::partial_message) {
    return 0;
  }
  if (ec.category() == beast_http::make_error_code(beast_http::error::bad_method).category()) {
    return 400;
  }
  return 0;
}

bool ExpectsContinue(const beast_http::request<beast_http::string_body>& message) {
  return message.version() >= 11 &&
         util::IEquals(message[beast_http::field::expect], "100-continue");
}

RequestHead ToHead(const beast_http::request<beast_http::string_body>& message,
                   const std::string& remote_ip) {
  RequestHead head;
  head.method = std::string(message.method_string());
  head.target = std::string(message.target());
  head.version = static_cast<int>(message.version());
  head.headers.reserve(std::distance(message.begin(), message.end()));
  for (const auto& field : message) {
    head.headers.push_back(Header{util::ToLower(field.name_string()), field.value()});
  }
  head.remote_ip = remote_ip;
  return head;
}

// The checked head (its target and Host possibly rewritten) with the body.
Request ToRequest(RequestHead&& head, std::string&& body) {
  Request request;
  request.method = std::move(head.method);
  request.target = std::move(head.target);
  request.headers = std::move(head.headers);
  request.body = std::move(body);
  request.remote_ip = std::move(head.remote_ip);
  return request;
}

// Answers for a body the disk could not take (SpooledBody's errors).
Response SpoolFailure(const Error& error) {
  spdlog::error("http: {}", error.message);
  if (error.kind == ErrorKind::kUnavailable) {
    return Response::Text(507,
                          "The server has no room on its disk for this upload; nothing was "
                          "stored. Please tell the site's administrator.\n");
  }
  Response busy =
      Response::Text(503,
                     "The server cannot receive this upload just now; nothing was stored. "
                     "Please try again in a minute.\n");
  busy.Set("Retry-After", "60");
  return busy;
}

// The names a server answers absolute-form targets for (ServerOptions::own_host).
OwnHost OwnHosts(const ServerOptions& options) {
  beast::error_code ec;
  asio::ip::address address = asio::ip::make_address(options.address, ec);
  std::string listen_name;
  if (!ec && !address.is_unspecified()) listen_name = util::ToLower(address.to_string());
  const bool loopback = !ec && address.is_loopback();
  return [listen_name, loopback, more = options.own_host](std::string_view name) {
    if (!name.empty() && name == listen_name) return true;
    if (loopback && name == "localhost") return true;
    return more && more(name);
  };
}

Response InternalError() {
  return Response::Text(500, "Internal Server Error\n");
}

// ---------------------------------------------------------------------------------------------
// Per-worker state.

// The Date field, formatted once per second.
class DateCache {
 public:
  std::string_view Get() {
    int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    if (now != second_) {
      second_ = now;
      text_ = util::FormatHttpDate(now);
    }
    return text_;
  }

 private:
  int64_t second_ = -1;
  std::string text_;
};

// The request handed to the application and the way back to the waiting connection. Shared
// by the connection and the Respond callback, so a late respond after the connection is gone
// is harmless (it is dropped).
class PendingResponse {
 public:
  using Resume = std::move_only_function<void(std::optional<Response>)>;

  PendingResponse(asio::io_context::executor_type executor, Request request)
      : request(std::move(request)), executor_(executor) {}

  // Read by the handler until it responds; the connection reads it again for the access log.
  const Request request;

  // Stores the coroutine's completion; keeps the io_context running until Complete.
  void Arm(Resume resume) {
    util::MutexLock lock(mutex_);
    resume_ = std::move(resume);
    work_.emplace(executor_);
  }

  // The first call resumes the connection on its own thread; later calls do nothing. No
  // response (nullopt) means the connection is being closed.
  void Complete(std::optional<Response> response) {
    util::MutexLock lock(mutex_);
    if (!resume_) return;
    Resume resume = std::move(resume_);
    resume_ = nullptr;
    auto work = std::move(work_);
    work_.reset();
    lock.Unlock();
    asio::post(executor_, [resume = std::move(resume), response = std::move(response)]() mutable {
      resume(std::move(response));
    });
  }

 private:
  asio::io_context::executor_type executor_;
  util::Mutex mutex_;
  Resume resume_ QUIRE_GUARDED_BY(mutex_);
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_
      QUIRE_GUARDED_BY(mutex_);
};

// The Respond callback handed to the handler. Dropping it without calling it answers 500, so
// a handler that loses its callback cannot leave the connection waiting.
class Responder {
 public:
  explicit Responder(std::shared_ptr<PendingResponse> pending) : pending_(std::move(pending)) {}
  Responder(Responder&&) = default;
  Responder& operator=(Responder&&) = default;
  ~Responder() {
    if (!pending_) return;
    spdlog::error("handler for {} {} dropped its respond callback", pending_->request.method,
                  pending_->request.target);
    pending_->Complete(InternalError());
  }

  void operator()(Response response) {
    if (!pending_) return;
    std::shared_ptr<PendingResponse> pending = std::move(pending_);
    pending->Complete(std::move(response));
  }

 private:
  std::shared_ptr<PendingResponse> pending_;  // null once called or moved from
};

class Session;
class Worker;

// A worker's idle connections, oldest first, each with the time it became idle.
using IdleList = std::list<std::pair<Session*, Clock::time_point>>;
// How far past the cap a thread admits newcomers while another thread closes its oldest idle
// connection (Worker::Admit); well inside the descriptor reserve.
constexpr size_t kCrossThreadOvershoot = 16;
// Worker::oldest_idle when it has no idle connection.
constexpr Clock::rep kNoIdle = std::numeric_limits<Clock::rep>::max();

// The connections of all workers: how many are open against the cap, every worker (to find
// the oldest idle connection among all threads'), and the throttled log lines about running
// short.
struct Connections {
  explicit Connections(size_t cap) : cap(cap) {}
  // The worker holding the oldest idle connection of all, or null when none is idle.
  Worker* WithOldestIdle() const;

  const size_t cap;
  std::atomic<size_t> open = 0;
  std::vector<Worker*> workers;  // set before Run(), read-only while running
  LogThrottle accept_failed{kAcceptLogInterval};
  LogThrottle over_cap{kAcceptLogInterval};
};

// One thread's share of the server: its io_context, acceptor and connections. Everything
// here is touched only from that thread (Stop() posts to it).
class Worker {
 public:
  Worker(const ServerOptions& options, const OwnHost& own_host, const Handler& handler,
         const AccessLogSink& sink, Connections& connections, BodyBudget& body_budget,
         BodyFiles* body_files)
      : options(options),
        own_host(own_host),
        handler(handler),
        connections(connections),
        body_budget(body_budget),
        body_files(body_files) {
    if (options.access_log) access_log.emplace(sink);
  }

  void Bind(const tcp::endpoint& endpoint, beast::error_code& ec);
  asio::awaitable<void> Accept();
  void BeginStop();
  void Remove(Session* session);
  // Idle connections (waiting for a request, or for the rest of its head), oldest first: the
  // first to go past the cap.
  // `since`: when the connection last did something (accepted, or its last response begun), so
  // that the order does not depend on when each thread got round to it; kept in that order
  // (almost always at the end).
  IdleList::iterator AddIdle(Session* session, Clock::time_point since) {
    auto before = idle_.end();
    while (before != idle_.begin() && std::prev(before)->second > since) --before;
    auto at = idle_.insert(before, {session, since});
    if (at == idle_.begin()) PublishOldestIdle();
    return at;
  }
  void RemoveIdle(IdleList::iterator at) {
    const bool front = at == idle_.begin();
    idle_.erase(at);
    if (front) PublishOldestIdle();
  }
  // Closes this thread's oldest idle connection; false when there is none.
  bool EvictOldestIdle();
  // Closes the oldest idle connection of all threads' (on its own thread: another thread's is
  // closed shortly after); false when no thread has one.
  bool EvictOldestIdleOfAll();
  // When this thread's oldest idle connection became idle (a Clock count), kNoIdle when none;
  // read by the other threads.
  std::atomic<Clock::rep> oldest_idle{kNoIdle};
  // Writes the access log out every kAccessLogFlushInterval until the worker stops.
  asio::awaitable<void> FlushAccessLog();

  const ServerOptions& options;
  const OwnHost& own_host;  // for absolute-form targets (ServerOptions::own_host)
  const Handler& handler;
  Connections& connections;
  BodyBudget& body_budget;
  BodyFiles* const body_files;                // null when body_file_budget is 0
  std::optional<AccessLogBuffer> access_log;  // empty when the access log is off
  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  DateCache date;
  bool stopping = false;

 private:
  asio::steady_timer drain_timer_{ioc};
  asio::steady_timer access_log_timer_{ioc};
  std::unordered_set<Session*> sessions_;
  IdleList idle_;
  void PublishOldestIdle() {
    oldest_idle.store(idle_.empty() ? kNoIdle : idle_.front().second.time_since_epoch().count(),
                      std::memory_order_relaxed);
  }
  // Takes a connection just accepted within the cap (closing idle ones to make room); false
  // when it had to be refused.
  bool Admit();
  void LogAcceptFailure(const beast::error_code& ec);
};

// ---------------------------------------------------------------------------------------------
// One connection.

class Session : public std::enable_shared_from_this<Session> {
 public:
  // The connection holds one of worker.connections' slots until it closes.
  Session(Worker& worker, tcp::socket socket) : worker_(worker), socket_(std::move(socket)) {
    beast::error_code ec;
    remote_ip_ = socket_.remote_endpoint(ec).address().to_string();
    socket_.native_non_blocking(true, ec);  // SendFile's own system calls must not block
  }

  void Start() {
    EnterIdle();  // evictable from the start: a burst may be accepted before any is served
    asio::co_spawn(worker_.ioc, Serve(shared_from_this()), asio::detached);
    asio::co_spawn(worker_.ioc, Watchdog(shared_from_this()), asio::detached);
  }

  // Stop(): an idle connection closes now unless a request has already arrived on it (that one
  // is read and answered with "Connection: close"); a busy one closes after its response.
  void OnStop() {
    if (state_ == State::kClosing) return Close();
    beast::error_code ignored;
    if (state_ == State::kIdle) socket_.cancel(ignored);  // WaitForRequest looks again
  }

  // Past the connection cap: an idle connection (no whole request head yet) is closed to make
  // room.
  void Evict() {
    LeaveIdle();
    Close();
  }

  // drain_timeout passed: close, abandoning a response still being prepared.
  void HardClose() {
    Close();
    if (pending_) pending_->Complete(std::nullopt);
  }

 private:
  enum class State { kIdle, kBusy, kClosing };

  static asio::awaitable<void> Serve(std::shared_ptr<Session> self) {
    try {
      co_await self->Loop();
    } catch (const std::exception& e) {
      spdlog::error("http connection from {} failed: {}", self->remote_ip_, e.what());
    }
    self->Finish();
  }

  asio::awaitable<void> Loop() {
    for (;;) {
      state_ = State::kIdle;
      if (buffer_.size() == 0 && !co_await WaitForRequest()) co_return;
      state_ = State::kBusy;
      Clock::time_point started = Clock::now();
      Parser parser;
      parser.header_limit(static_cast<uint32_t>(worker_.options.header_limit));
      parser.body_limit(boost::none);  // decided once the head is read (ReadRequest)
      RequestHead head;
      if (beast::error_code ec = co_await ReadRequest(parser, head)) {
        if (refusal_) {
          co_await RespondEarly(head, std::move(*refusal_), started);
          co_return;
        }
        int status = StatusForReadError(ec, timed_out_);
        if (status != 0) co_await RespondWithError(status, started);
        co_return;
      }
      // A spooled body moved the parser into another (ReadBodyToFile); it is done with then.
      const bool keep_alive = spooled_ ? spooled_keep_alive_ : parser.get().keep_alive();
      bool http10 = head.version == 10;
      Request request =
          ToRequest(std::move(head), spooled_ ? std::string() : std::move(parser.release().body()));
      request.body_file = std::move(spooled_);
      auto pending =
          std::make_shared<PendingResponse>(worker_.ioc.get_executor(), std::move(request));
      std::optional<Response> response = co_await CallHandler(pending);
      ReleaseBody();  // the handler is done with the body
      if (!response) co_return;
      bool close = !keep_alive || worker_.stopping;
      beast::error_code ec = co_await Write(pending->request, *response, close, http10, started);
      if (ec || close) co_return;
    }
  }

  // Waits for the first bytes of the next request; false when the connection should close.
  // After Stop(), only a request that has already arrived is read.
  asio::awaitable<bool> WaitForRequest() {
    if (worker_.stopping && !HasUnreadBytes()) co_return false;
    EnterIdle();
    SetDeadline(worker_.options.idle_timeout);
    auto [ec, size] = co_await socket_.async_read_some(buffer_.prepare(kReadChunk), kUse);
    if (ec == asio::error::operation_aborted && worker_.stopping && !timed_out_ &&
        HasUnreadBytes()) {
      // Stop() interrupted the wait just as a request arrived: read it after all.
      std::tie(ec, size) = co_await socket_.async_read_some(buffer_.prepare(kReadChunk), kUse);
    }
    if (ec) co_return false;
    buffer_.commit(size);
    co_return true;
  }

  // Reads until the buffer holds a whole head, so that its raw bytes can be checked for what the
  // parser would silently accept (obs-fold, which it joins into one line).
  asio::awaitable<beast::error_code> ReadHeadBytes() {
    for (;;) {
      std::string_view bytes = BufferText();
      std::optional<size_t> length = HeadLength(bytes);
      std::string_view head = bytes.substr(0, length.value_or(bytes.size()));
      if (HasObsFold(head) || HasBareLineFeed(head)) co_return beast_http::error::bad_value;
      if (length) co_return beast::error_code{};
      if (bytes.size() > worker_.options.header_limit) co_return beast_http::error::header_limit;
      auto [ec, size] = co_await socket_.async_read_some(buffer_.prepare(kReadChunk), kUse);
      if (ec) co_return ec;
      buffer_.commit(size);
    }
  }

  std::string_view BufferText() const {
    auto data = buffer_.data();
    return std::string_view(static_cast<const char*>(data.data()), data.size());
  }

  // Reads a request: its head (checked by CheckRequestHead, into `head`), then its body.
  asio::awaitable<beast::error_code> ReadRequest(Parser& parser, RequestHead& head) {
    SetDeadline(worker_.options.read_timeout);
    beast::error_code head_ec = co_await ReadHeadBytes();
    LeaveIdle();  // a whole head has arrived: no longer the first to go past the cap
    if (head_ec) co_return head_ec;
    auto [ec, size] = co_await beast_http::async_read_header(socket_, buffer_, parser, kUse);
    if (ec) co_return ec;
    head = ToHead(parser.get(), remote_ip_);
    if (Status checked = CheckRequestHead(head, worker_.own_host); !checked) {
      spdlog::debug("http: refused a request from {}: {}", remote_ip_, checked.error().message);
      co_return beast_http::error::bad_value;  // 400, then close
    }
    // Before a byte of the body: the route's admission (e.g. a signed-in user), the size limit,
    // the memory budget.
    if (worker_.options.admit) {
      if (std::optional<Response> refusal = worker_.options.admit(head)) {
        refusal_ = std::move(*refusal);
        co_return beast_http::error::body_limit;  // the reason travels in refusal_
      }
    }
    if (parser.is_done()) co_return ec;
    const size_t limit = BodyLimitFor(head);
    if (parser.content_length().value_or(0) > limit) co_return beast_http::error::body_limit;
    parser.body_limit(limit);
    if (ShouldSpool(parser, limit)) co_return co_await ReadBodyToFile(parser, limit);
    const size_t reserve = parser.content_length().value_or(limit);
    if (!worker_.body_budget.Reserve(reserve)) {
      Response busy = Response::Text(503,
                                     "The server is busy receiving other uploads; please try "
                                     "again in a minute.\n");
      busy.Set("Retry-After", "60");
      refusal_ = std::move(busy);
      co_return beast_http::error::body_limit;
    }
    reserved_body_ = reserve;
    if (ExpectsContinue(parser.get())) {
      auto [write_ec, written] = co_await asio::async_write(socket_, asio::buffer(kContinue), kUse);
      if (write_ec) co_return write_ec;
    }
    co_return co_await ReadBody(parser, [&parser] { return parser.get().body().size(); });
  }

  // Reads the body, timing out on inactivity rather than on the whole: the deadline moves on
  // each time the body (its size given by `body_size`) has grown by kMinBodyProgress.
  template <class AnyParser, class BodySize>
  asio::awaitable<beast::error_code> ReadBody(AnyParser& parser, BodySize body_size) {
    SetDeadline(worker_.options.read_timeout);
    size_t mark = 0;
    while (!parser.is_done()) {
      auto [ec, size] = co_await beast_http::async_read_some(socket_, buffer_, parser, kUse);
      if (ec) co_return ec;
      size_t got = body_size();
      if (got >= mark + kMinBodyProgress) {
        mark = got;
        SetDeadline(worker_.options.read_timeout);
      }
    }
    co_return beast::error_code{};
  }

  // Whether the body goes to a file (ServerOptions::body_spool_dir) rather than memory.
  bool ShouldSpool(const Parser& parser, size_t limit) const {
    const ServerOptions& options = worker_.options;
    if (options.body_spool_dir.empty()) return false;
    return parser.content_length().value_or(limit) > options.body_spool_threshold;
  }

  // Reads the body into an unnamed file (spooled_), not counted in the memory budget; a disk
  // that cannot take it is answered 507/503 (refusal_), then the connection closes.
  asio::awaitable<beast::error_code> ReadBodyToFile(Parser& parser, size_t limit) {
    Result<std::unique_ptr<SpooledBody>> created =
        SpooledBody::Create(worker_.options.body_spool_dir);
    if (!created) {
      refusal_ = SpoolFailure(created.error());
      co_return beast_http::error::body_limit;  // the reason travels in refusal_
    }
    std::shared_ptr<SpooledBody> file = std::move(*created);
    const bool expects_continue = ExpectsContinue(parser.get());
    SpoolParser spool(std::move(parser));  // the head is parsed, no body yet
    spool.body_limit(limit);
    spool.get().body() = file;
    if (expects_continue) {
      auto [write_ec, written] = co_await asio::async_write(socket_, asio::buffer(kContinue), kUse);
      if (write_ec) co_return write_ec;
    }
    if (beast::error_code ec = co_await ReadBody(spool, [&file] { return file->size(); })) {
      if (file->write_error()) refusal_ = SpoolFailure(*file->write_error());
      co_return ec;
    }
    if (Status mapped = file->Map(); !mapped) {
      refusal_ = SpoolFailure(mapped.error());
      co_return beast_http::error::body_limit;
    }
    spooled_keep_alive_ = spool.get().keep_alive();
    spooled_ = std::move(file);
    co_return beast::error_code{};
  }

  void ReleaseBody() {
    worker_.body_budget.Release(reserved_body_);
    reserved_body_ = 0;
  }

  // Answers a request refused from its head (refusal_), without reading its body, and closes.
  asio::awaitable<void> RespondEarly(const RequestHead& head, Response response,
                                     Clock::time_point started) {
    refusal_.reset();
    Request logged{.method = head.method, .target = head.target};
    beast::error_code ec = co_await Write(logged, response, true, head.version == 10, started);
    if (!ec) co_await LingeringClose();
  }

  // The request's body limit (ServerOptions::body_limit_for); remembers its 413 message.
  size_t BodyLimitFor(const RequestHead& head) {
    too_large_message_.clear();
    const ServerOptions& options = worker_.options;
    if (!options.body_limit_for) return options.body_limit;
    std::optional<BodyLimit> limit = options.body_limit_for(head.method, head.target);
    if (!limit) return options.body_limit;
    too_large_message_ = std::move(limit->message);
    return limit->bytes;
  }

  // Calls the handler and waits until it responds (from any thread).
  asio::awaitable<std::optional<Response>> CallHandler(std::shared_ptr<PendingResponse> pending) {
    SetDeadlineAt(Clock::time_point::max());  // the application's time; Stop() bounds it
    pending_ = pending;
    auto initiation = [this, pending](auto resume) {
      pending->Arm(std::move(resume));
      try {
        worker_.handler(pending->request, Responder(pending));
      } catch (const std::exception& e) {
        spdlog::error("handler failed on {} {}: {}", pending->request.method,
                      pending->request.target, e.what());
        pending->Complete(InternalError());
      } catch (...) {
        spdlog::error("handler failed on {} {}", pending->request.method, pending->request.target);
        pending->Complete(InternalError());
      }
    };
    std::optional<Response> response =
        co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::optional<Response>)>(
            std::move(initiation), asio::use_awaitable);
    pending_.reset();
    co_return response;
  }

  asio::awaitable<beast::error_code> Write(const Request& request, const Response& response,
                                           bool close, bool http10, Clock::time_point started) {
    last_active_ = Clock::now();  // idle from here once written (EnterIdle)
    HeadContext context{.close = close, .http10 = http10, .date = worker_.date.Get()};
    Outgoing outgoing = ComposeResponseHead(head_, request, response, context);
    SetDeadline(worker_.options.write_timeout);
    beast::error_code ec;
    if (std::shared_ptr<const BodyFile> file = FileFor(response, outgoing)) {
      ec = co_await SendFile(*file);
    } else {
      std::array<asio::const_buffer, 2> buffers{
          asio::buffer(head_), asio::buffer(outgoing.body.data(), outgoing.body.size())};
      std::tie(ec, std::ignore) = co_await asio::async_write(socket_, buffers, kUse);
    }
    LogAccess(request, outgoing.status, outgoing.body.size(), started);
    co_return ec;
  }

  // The memory file of a whole body sent again and again (http/body_files.h), or null.
  std::shared_ptr<const BodyFile> FileFor(const Response& response, const Outgoing& outgoing) {
    if (!worker_.body_files || !response.body || outgoing.body.empty() ||
        outgoing.body.data() != response.body->data() ||
        outgoing.body.size() != response.body->size()) {
      return nullptr;
    }
    return worker_.body_files->For(response.body);
  }

  // head_ with MSG_MORE (so it leaves in the same segment as the body's start), then the body
  // with sendfile(2) from its memory file: the kernel sends the file's pages, no user-space copy.
  asio::awaitable<beast::error_code> SendFile(const BodyFile& file) {
    const int fd = socket_.native_handle();
    size_t head_sent = 0;
    while (head_sent < head_.size()) {
      ssize_t n =
          ::send(fd, head_.data() + head_sent, head_.size() - head_sent, MSG_MORE | MSG_NOSIGNAL);
      if (n >= 0) {
        head_sent += static_cast<size_t>(n);
      } else if (beast::error_code ec = co_await AfterFailedSend()) {
        co_return ec;
      }
    }
    off_t offset = 0;
    while (static_cast<size_t>(offset) < file.size()) {
      ssize_t n = ::sendfile(fd, file.fd(), &offset, file.size() - static_cast<size_t>(offset));
      if (n == 0) co_return asio::error::eof;  // the file is shorter than it says: a bug
      if (n < 0) {
        if (beast::error_code ec = co_await AfterFailedSend()) co_return ec;
      }
    }
    co_return beast::error_code{};
  }

  // After a send or sendfile returned -1: waits until the socket takes more when it was full
  // (or the call was interrupted); the error otherwise. The watchdog's cancel ends the wait.
  asio::awaitable<beast::error_code> AfterFailedSend() {
    const int error = errno;
    if (error == EINTR) co_return beast::error_code{};
    if (error != EAGAIN && error != EWOULDBLOCK) {
      co_return beast::error_code(error, asio::error::get_system_category());
    }
    auto [ec] = co_await socket_.async_wait(tcp::socket::wait_write, kUse);
    co_return ec;
  }

  asio::awaitable<void> RespondWithError(int status, Clock::time_point started) {
    static const Request kNoRequest{.method = "-", .target = "-"};
    std::string text = status == 413 && !too_large_message_.empty()
                           ? too_large_message_
                           : std::string(ReasonPhrase(status));
    Response response = Response::Text(status, text + "\n");
    beast::error_code ec = co_await Write(kNoRequest, response, true, false, started);
    if (!ec) co_await LingeringClose();
  }

  // Stops sending, then reads and drops what the client still sends, so that closing does
  // not reset the connection before the client has read the response.
  asio::awaitable<void> LingeringClose() {
    state_ = State::kClosing;
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    SetDeadline(kLingerTimeout);
    size_t drained = 0;
    while (drained < kLingerLimit && !worker_.stopping) {
      buffer_.clear();
      auto [ec, size] = co_await socket_.async_read_some(buffer_.prepare(kReadChunk), kUse);
      if (ec) break;
      drained += size;
    }
  }

  static asio::awaitable<void> Watchdog(std::shared_ptr<Session> self) {
    while (!self->done_) {
      self->timer_.expires_at(self->deadline_);
      co_await self->timer_.async_wait(kUse);
      if (!self->done_ && self->deadline_ <= Clock::now()) {
        self->timed_out_ = true;
        self->deadline_ = Clock::time_point::max();
        beast::error_code ignored;
        self->socket_.cancel(ignored);
      }
    }
  }

  void SetDeadline(Clock::duration timeout) { SetDeadlineAt(Clock::now() + timeout); }

  void SetDeadlineAt(Clock::time_point deadline) {
    timed_out_ = false;
    deadline_ = deadline;
    if (deadline < timer_.expiry()) timer_.cancel();  // the watchdog re-arms earlier
  }

  void LogAccess(const Request& request, int status, size_t bytes, Clock::time_point started) {
    if (!worker_.access_log) return;
    auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
    int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    worker_.access_log->Add(now, remote_ip_, request.method, request.target, status, bytes, micros);
  }

  void Close() {
    beast::error_code ignored;
    socket_.close(ignored);
    if (holds_slot_) {
      holds_slot_ = false;
      worker_.connections.open.fetch_sub(1, std::memory_order_relaxed);
    }
  }

  bool HasUnreadBytes() {
    beast::error_code ec;
    size_t available = socket_.available(ec);
    return !ec && available > 0;
  }

  void EnterIdle() {
    if (!idle_at_) idle_at_ = worker_.AddIdle(this, last_active_);
  }

  void LeaveIdle() {
    if (!idle_at_) return;
    worker_.RemoveIdle(*idle_at_);
    idle_at_.reset();
  }

  void Finish() {
    LeaveIdle();
    ReleaseBody();
    done_ = true;
    timer_.cancel();
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    Close();
    worker_.Remove(this);
  }

  Worker& worker_;
  tcp::socket socket_;
  std::string remote_ip_;
  beast::flat_buffer buffer_;
  std::string head_;               // the response head, reused across requests
  std::string too_large_message_;  // the current request's 413 text ("" : the reason phrase)
  asio::steady_timer timer_{worker_.ioc};
  Clock::time_point deadline_ = Clock::now() + worker_.options.idle_timeout;
  Clock::time_point last_active_ = Clock::now();  // accepted, or the last response begun
  bool timed_out_ = false;                        // the watchdog cancelled the current operation
  bool done_ = false;
  State state_ = State::kIdle;
  std::optional<Response> refusal_;       // a request refused from its head (ReadRequest)
  std::shared_ptr<SpooledBody> spooled_;  // the current request's body, when on disk
  bool spooled_keep_alive_ = false;       // its parser's keep_alive(), read before it went
  size_t reserved_body_ = 0;              // taken from worker_.body_budget for the current body
  bool holds_slot_ = true;                // counted in worker_.connections.open
  std::optional<IdleList::iterator> idle_at_;  // in the worker's idle list
  std::shared_ptr<PendingResponse> pending_;   // while the handler has the request
};

// ---------------------------------------------------------------------------------------------
// Worker.

void Worker::Bind(const tcp::endpoint& endpoint, beast::error_code& ec) {
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.set_option(ReusePort(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
}

asio::awaitable<void> Worker::Accept() {
  Clock::duration backoff = kAcceptBackoffMin;
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(kUse);
    if (stopping || !acceptor.is_open()) co_return;
    if (ec) {
      // Out of descriptors: an idle connection gives one back; the log says so once in a while.
      if (ec == asio::error::no_descriptors || ec.value() == ENFILE) EvictOldestIdleOfAll();
      LogAcceptFailure(ec);
      asio::steady_timer pause(ioc, backoff);
      co_await pause.async_wait(kUse);
      backoff = std::min<Clock::duration>(backoff * 2, kAcceptBackoffMax);
      continue;
    }
    backoff = kAcceptBackoffMin;
    connections.open.fetch_add(1, std::memory_order_relaxed);
    if (!Admit()) {
      beast::error_code ignored;
      socket.close(ignored);
      connections.open.fetch_sub(1, std::memory_order_relaxed);
      continue;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    auto session = std::make_shared<Session>(*this, std::move(socket));
    sessions_.insert(session.get());
    session->Start();
  }
}

bool Worker::Admit() {
  while (connections.open.load(std::memory_order_relaxed) > connections.cap) {
    Worker* oldest = connections.WithOldestIdle();
    if (oldest == this && EvictOldestIdle()) continue;
    if (oldest != nullptr && oldest != this) {
      // Another thread's connection: that thread closes it. This one is let in meanwhile, but
      // only a little past the cap: until that thread runs, its oldest idle connection stays
      // the oldest, and a burst would otherwise be let in whole and eat the descriptor reserve.
      asio::post(oldest->ioc, [oldest] { oldest->EvictOldestIdle(); });
      if (connections.open.load(std::memory_order_relaxed) <=
          connections.cap + kCrossThreadOvershoot) {
        return true;
      }
      if (EvictOldestIdle()) continue;  // this thread's own oldest, then
    }
    if (auto held_back = connections.over_cap.Allow(Clock::now())) {
      spdlog::warn(
          "http: {} connections open (the cap), none of them idle; refusing new ones ({} more "
          "refused since the last report)",
          connections.cap, *held_back);
    }
    return false;
  }
  return true;
}

bool Worker::EvictOldestIdle() {
  if (idle_.empty()) return false;
  idle_.front().first->Evict();
  return true;
}

bool Worker::EvictOldestIdleOfAll() {
  Worker* oldest = connections.WithOldestIdle();
  if (oldest == nullptr) return false;
  if (oldest == this) return EvictOldestIdle();
  asio::post(oldest->ioc, [oldest] { oldest->EvictOldestIdle(); });
  return true;
}

Worker* Connections::WithOldestIdle() const {
  Worker* found = nullptr;
  Clock::rep oldest = kNoIdle;
  for (Worker* worker : workers) {
    Clock::rep since = worker->oldest_idle.load(std::memory_order_relaxed);
    if (since < oldest) {
      oldest = since;
      found = worker;
    }
  }
  return found;
}

void Worker::LogAcceptFailure(const beast::error_code& ec) {
  if (auto held_back = connections.accept_failed.Allow(Clock::now())) {
    spdlog::warn("http accept failed: {} ({} more failures since the last report)", ec.message(),
                 *held_back);
  }
}

asio::awaitable<void> Worker::FlushAccessLog() {
  while (!stopping) {
    access_log_timer_.expires_after(kAccessLogFlushInterval);
    co_await access_log_timer_.async_wait(kUse);
    access_log->Flush();
  }
}

void Worker::BeginStop() {
  if (stopping) return;
  stopping = true;
  access_log_timer_.cancel();
  beast::error_code ignored;
  acceptor.close(ignored);
  for (Session* session : sessions_) session->OnStop();
  if (sessions_.empty()) return;
  drain_timer_.expires_after(options.drain_timeout);
  drain_timer_.async_wait([this](beast::error_code ec) {
    if (ec) return;
    for (Session* session : sessions_) session->HardClose();
  });
}

void Worker::Remove(Session* session) {
  sessions_.erase(session);
  if (stopping && sessions_.empty()) drain_timer_.cancel();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Server.

class Server::Impl {
 public:
  Impl(ServerOptions options, Handler handler)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        connections_(options_.max_connections > 0 ? options_.max_connections
                                                  : DefaultMaxConnections(OpenFileLimit())),
        body_budget_(options_.body_memory_budget),
        own_host_(OwnHosts(options_)) {
    if (options_.body_file_budget > 0) body_files_.emplace(options_.body_file_budget);
    if (options_.access_log) {
      access_log_sink_ =
          options_.access_log_sink ? options_.access_log_sink : StdoutAccessLogSink();
    }
  }

  void Listen() {
    util::MutexLock lock(mutex_);
    if (!workers_.empty()) return;
    beast::error_code ec;
    asio::ip::address address = asio::ip::make_address(options_.address, ec);
    uint16_t port = options_.port;
    std::vector<std::unique_ptr<Worker>> workers;
    for (int i = 0; !ec && i < ThreadCount(); ++i) {
      auto worker =
          std::make_unique<Worker>(options_, own_host_, handler_, access_log_sink_, connections_,
                                   body_budget_, body_files_ ? &*body_files_ : nullptr);
      worker->Bind(tcp::endpoint(address, port), ec);
      if (!ec) port = worker->acceptor.local_endpoint().port();
      workers.push_back(std::move(worker));
    }
    if (ec) {
      throw std::runtime_error("cannot listen on " + options_.address + ":" +
                               std::to_string(options_.port) + ": " + ec.message());
    }
    workers_ = std::move(workers);
    for (auto& worker : workers_) connections_.workers.push_back(worker.get());
    port_ = port;
    // SIGINT and SIGTERM are caught from here on, before the caller tells anyone the address
    // (a signal before Run() is kept and stops the server as soon as it runs).
    signals_.emplace(workers_.front()->ioc, SIGINT, SIGTERM);
  }

  uint16_t port() const { return port_; }

  void Run() {
    // sendfile(2) has no MSG_NOSIGNAL: a client gone in the middle of a body must give EPIPE,
    // not kill the process. Process-wide, as for any server (nginx does the same).
    std::signal(SIGPIPE, SIG_IGN);
    // A file-size limit (ulimit -f) reached while writing a body to disk must give EFBIG (507),
    // not end the process.
    std::signal(SIGXFSZ, SIG_IGN);
    Listen();
    spdlog::info("http: at most {} connections at once (descriptor limit {})", connections_.cap,
                 OpenFileLimit());
    for (auto& worker : workers_) {
      asio::co_spawn(worker->ioc, worker->Accept(), [](std::exception_ptr error) {
        if (error) spdlog::error("http accept loop ended by an exception");
      });
      if (worker->access_log) asio::co_spawn(worker->ioc, worker->FlushAccessLog(), asio::detached);
    }
    WatchSignals();
    if (stop_requested_) PostStop();
    std::vector<std::thread> threads;
    for (size_t i = 1; i < workers_.size(); ++i) {
      threads.emplace_back([worker = workers_[i].get()] { worker->ioc.run(); });
    }
    workers_.front()->ioc.run();
    for (std::thread& thread : threads) thread.join();
    signals_.reset();
    for (auto& worker : workers_) {
      if (worker->access_log) worker->access_log->Flush();  // its thread has ended
    }
  }

  void Stop() {
    util::MutexLock lock(mutex_);
    if (stop_requested_.exchange(true)) return;
    PostStop();
  }

 private:
  int ThreadCount() const {
    if (options_.threads > 0) return options_.threads;
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  }

  // SIGINT and SIGTERM (caught since Listen()) stop the server like Stop(); watched by the
  // first worker.
  void WatchSignals() {
    Worker& first = *workers_.front();
    asio::post(first.ioc, [this] {
      if (stop_requested_) return;
      signals_->async_wait([this](beast::error_code ec, int signal) {
        if (ec) return;
        spdlog::info("signal {}: stopping the http server", signal);
        Stop();
      });
    });
  }

  void PostStop() {
    for (auto& worker : workers_) {
      asio::post(worker->ioc, [worker = worker.get()] { worker->BeginStop(); });
    }
    if (workers_.empty()) return;
    asio::post(workers_.front()->ioc, [this] {
      if (signals_) signals_->cancel();
    });
  }

  const ServerOptions options_;
  const Handler handler_;
  Connections connections_;
  BodyBudget body_budget_;
  const OwnHost own_host_;
  std::optional<BodyFiles> body_files_;  // none when options_.body_file_budget is 0
  AccessLogSink access_log_sink_;
  util::Mutex mutex_;  // Listen() against Stop() from another thread
  std::vector<std::unique_ptr<Worker>> workers_;
  uint16_t port_ = 0;
  std::atomic<bool> stop_requested_ = false;
  std::optional<asio::signal_set> signals_;  // touched on the first worker's thread once running
};

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() = default;

void Server::Listen() {
  impl_->Listen();
}

uint16_t Server::port() const {
  return impl_->port();
}

void Server::Run() {
  impl_->Run();
}

void Server::Stop() {
  impl_->Stop();
}

}  // namespace quire::http
