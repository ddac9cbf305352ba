// Talks to a real Server over loopback TCP with plain POSIX sockets, so that what is checked
// is the bytes on the wire. Receive timeouts are only guards against a hanging test.
#include "http/server.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "util/strings.h"

namespace quire::http {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr auto kGuard = std::chrono::seconds(20);  // no test should come near this

struct RawResponse {
  int status = 0;
  std::string head;
  std::string body;

  // The value of the first field with this name (case-insensitive), if any.
  std::optional<std::string> Field(std::string_view name) const {
    for (std::string_view line : util::Split(head, '\n')) {
      size_t colon = line.find(':');
      if (colon == std::string_view::npos || !util::IEquals(line.substr(0, colon), name)) continue;
      return std::string(util::Trim(line.substr(colon + 1)));
    }
    return std::nullopt;
  }
};

// A blocking loopback client.
class Client {
 public:
  explicit Client(uint16_t port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    timeval timeout{.tv_sec = std::chrono::seconds(kGuard).count(), .tv_usec = 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  }
  ~Client() { close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }

  void Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t sent = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (sent <= 0) return;  // the server closed; the following read shows what it said
      data.remove_prefix(static_cast<size_t>(sent));
    }
  }

  // Reads one response; its body only when the status and `bodiless` allow one.
  std::optional<RawResponse> Read(bool bodiless = false) {
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    RawResponse response;
    response.head = buffer_.substr(0, end + 2);
    buffer_.erase(0, end + 4);
    if (!util::StartsWith(response.head, "HTTP/1.1 ") || response.head.size() < 12) {
      return std::nullopt;
    }
    response.status = std::stoi(response.head.substr(9, 3));
    bool has_body =
        !bodiless && response.status != 304 && response.status != 204 && response.status / 100 != 1;
    size_t length = std::stoul(response.Field("Content-Length").value_or("0"));
    if (!has_body) length = 0;
    while (buffer_.size() < length) {
      if (!Fill()) return std::nullopt;
    }
    response.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return response;
  }

  // True when the server closes the connection with nothing more to read.
  bool ReadsEndOfStream() {
    if (!buffer_.empty()) return false;
    char byte;
    ssize_t received = recv(fd_, &byte, 1, 0);
    return received == 0 || (received < 0 && errno == ECONNRESET);
  }

  // Bytes received but not yet read as a response.
  const std::string& unread() const { return buffer_; }

 private:
  bool Fill() {
    char chunk[4096];
    ssize_t received = recv(fd_, chunk, sizeof(chunk), 0);
    if (received <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(received));
    return true;
  }

  int fd_;
  bool connected_ = false;
  std::string buffer_;
};

ServerOptions TestOptions() {
  ServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.threads = 2;
  options.access_log = false;
  return options;
}

// A Server running Run() on its own thread.
class RunningServer {
 public:
  explicit RunningServer(Handler handler, ServerOptions options = TestOptions())
      : server_(std::move(options), std::move(handler)) {
    server_.Listen();
    thread_ = std::thread([this] { server_.Run(); });
  }
  ~RunningServer() { StopAndJoin(); }

  uint16_t port() const { return server_.port(); }
  void Stop() { server_.Stop(); }
  void StopAndJoin() {
    server_.Stop();
    Join();
  }
  // Waits for Run() to return.
  void Join() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  Server server_;
  std::thread thread_;
};

// Answers "METHOD TARGET BODY".
void Echo(const Request& request, Respond respond) {
  respond(Response::Text(200, request.method + " " + request.target + " " + request.body));
}

std::string Get(std::string_view target, std::string_view extra_fields = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_fields) +
         "\r\n";
}

TEST(Server, KeepAliveServesTwoRequestsOnOneConnection) {
  RunningServer server(Echo);
  Client client(server.port());
  ASSERT_TRUE(client.connected());
  client.Send(Get("/one"));
  std::optional<RawResponse> first = client.Read();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, "GET /one ");
  EXPECT_FALSE(first->Field("Connection").has_value());
  EXPECT_EQ(first->Field("Server").value_or(""), "Quire");
  EXPECT_THAT(first->Field("Date").value_or(""), HasSubstr(" GMT"));
  client.Send(Get("/two"));
  std::optional<RawResponse> second = client.Read();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->body, "GET /two ");
}

// A body sent again and again leaves through sendfile(2) from a memory file from its second
// sending on (http/body_files.h): every answer must still carry exactly its bytes, framed as
// before, including when the body is far larger than the socket's buffers (the server waits for
// room) and when HEAD or a small answer comes between.
TEST(Server, ABodySentAgainAndAgainArrivesWholeEachTime) {
  std::string bytes(4u << 20, '\0');
  for (size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
  auto big = std::make_shared<const std::string>(bytes);
  RunningServer server([big](const Request& request, Respond respond) {
    if (request.target == "/small") return respond(Response::Text(200, "small"));
    Response response;
    response.Set("Content-Type", "text/plain");
    response.body = big;
    respond(std::move(response));
  });
  Client client(server.port());
  ASSERT_TRUE(client.connected());
  client.Send(Get("/big") + Get("/big") + Get("/small") + Get("/big") +
              "HEAD /big HTTP/1.1\r\nHost: test\r\n\r\n" + Get("/big", "Connection: close\r\n"));
  for (std::string_view expected : {"big", "big", "small", "big", "head", "big"}) {
    std::optional<RawResponse> response = client.Read(expected == "head");
    ASSERT_TRUE(response.has_value()) << expected;
    EXPECT_EQ(response->status, 200);
    if (expected == "small") {
      EXPECT_EQ(response->body, "small");
    } else if (expected == "head") {
      EXPECT_EQ(response->Field("Content-Length").value_or(""), std::to_string(bytes.size()));
      EXPECT_TRUE(response->body.empty());
    } else {
      EXPECT_EQ(response->body.size(), bytes.size());
      EXPECT_TRUE(response->body == bytes) << "the body differs";
    }
  }
  EXPECT_TRUE(client.ReadsEndOfStream());
}

// A client that goes away in the middle of a body sent with sendfile(2) costs the server that
// connection only (sendfile has no MSG_NOSIGNAL: SIGPIPE would end the process).
TEST(Server, AClientLeavingDuringASentFileLeavesTheServerServing) {
  auto big = std::make_shared<const std::string>(8u << 20, 'x');
  RunningServer server([big](const Request& request, Respond respond) {
    if (request.target == "/small") return respond(Response::Text(200, "small"));
    Response response;
    response.body = big;
    respond(std::move(response));
  });
  {
    Client leaving(server.port());
    leaving.Send(Get("/big"));
    ASSERT_TRUE(leaving.Read().has_value());
    leaving.Send(Get("/big") + Get("/big"));  // the second sending comes from the file
  }                                           // closed with most of it unread
  Client next(server.port());
  next.Send(Get("/small"));
  std::optional<RawResponse> response = next.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body, "small");
}

TEST(Server, PipelinedRequestsAreAnsweredInOrder) {
  RunningServer server(Echo);
  Client client(server.port());
  client.Send(Get("/a") + Get("/b") + Get("/c", "Connection: close\r\n"));
  for (std::string_view target : {"/a", "/b", "/c"}) {
    std::optional<RawResponse> response = client.Read();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->body, "GET " + std::string(target) + " ");
  }
  EXPECT_TRUE(client.ReadsEndOfStream());
}

TEST(Server, HandlerSeesTheRequest) {
  std::promise<Request> seen;
  RunningServer server([&seen](const Request& request, Respond respond) {
    seen.set_value(request);
    respond(Response::Text(201, "ok"));
  });
  Client client(server.port());
  client.Send(
      "POST /wp-comments-post.php?x=1 HTTP/1.1\r\nHost: test\r\nX-Custom-Thing: Yes\r\n"
      "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 9\r\n\r\nauthor=An");
  std::optional<RawResponse> response = client.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 201);
  Request request = seen.get_future().get();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/wp-comments-post.php?x=1");
  EXPECT_EQ(request.body, "author=An");
  EXPECT_EQ(request.remote_ip, "127.0.0.1");
  EXPECT_EQ(request.Find("x-custom-thing").value_or(""), "Yes");
  EXPECT_EQ(request.Find("content-length").value_or(""), "9");
}

TEST(Server, HeadSendsTheLengthButNoBody) {
  std::atomic<int> heads = 0;
  RunningServer server([&heads](const Request& request, Respond respond) {
    if (request.method == "HEAD") ++heads;  // the handler sees HEAD as it came
    respond(Response::Text(200, "hello"));
  });
  Client client(server.port());
  client.Send("HEAD / HTTP/1.1\r\nHost: test\r\n\r\n");
  std::optional<RawResponse> head = client.Read(/*bodiless=*/true);
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Field("Content-Length").value_or(""), "5");
  EXPECT_TRUE(client.unread().empty());
  // Had a body been sent, it would now stand where the next response should start.
  client.Send(Get("/"));
  std::optional<RawResponse> get = client.Read();
  ASSERT_TRUE(get.has_value());
  EXPECT_EQ(get->body, "hello");
  EXPECT_EQ(heads, 1);
}

TEST(Server, MatchingEtagGets304) {
  RunningServer server([](const Request&, Respond respond) {
    Response response = Response::Html(200, "<p>page</p>");
    response.Set("ETag", "\"v1\"");
    response.Set("Cache-Control", "no-cache");
    response.Set("X-Other", "dropped on 304");
    respond(std::move(response));
  });
  Client client(server.port());
  for (std::string_view if_none_match : {"\"v1\"", "W/\"v1\"", "\"v0\", \"v1\"", "*"}) {
    client.Send(Get("/", "If-None-Match: " + std::string(if_none_match) + "\r\n"));
    std::optional<RawResponse> response = client.Read();
    ASSERT_TRUE(response.has_value()) << if_none_match;
    EXPECT_EQ(response->status, 304) << if_none_match;
    EXPECT_EQ(response->Field("ETag").value_or(""), "\"v1\"");
    EXPECT_EQ(response->Field("Cache-Control").value_or(""), "no-cache");
    EXPECT_FALSE(response->Field("X-Other").has_value());
    EXPECT_TRUE(client.unread().empty());
  }
  client.Send(Get("/", "If-None-Match: \"v0\"\r\n"));
  std::optional<RawResponse> changed = client.Read();
  ASSERT_TRUE(changed.has_value());
  EXPECT_EQ(changed->status, 200);
  EXPECT_EQ(changed->body, "<p>page</p>");
}

TEST(Server, EtagIsIgnoredForPost) {
  RunningServer server([](const Request&, Respond respond) {
    Response response = Response::Text(200, "posted");
    response.Set("ETag", "\"v1\"");
    respond(std::move(response));
  });
  Client client(server.port());
  client.Send("POST / HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"v1\"\r\nContent-Length: 0\r\n\r\n");
  std::optional<RawResponse> response = client.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
}

TEST(Server, OversizedHeaderGets431) {
  ServerOptions options = TestOptions();
  options.header_limit = 1024;
  RunningServer server(Echo, options);
  Client client(server.port());
  client.Send(Get("/", "X-Big: " + std::string(4000, 'a') + "\r\n"));
  std::optional<RawResponse> response = client.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 431);
  EXPECT_EQ(response->Field("Connection").value_or(""), "close");
  EXPECT_TRUE(client.ReadsEndOfStream());
}

TEST(Server, OversizedBodyGets413WithoutCallingTheHandler) {
  ServerOptions options = TestOptions();
  options.body_limit = 100;
  std::atomic<int> calls = 0;
  RunningServer server(
      [&calls](const Request& request, Respond respond) {
        ++calls;
        Echo(request, std::move(respond));
      },
      options);
  Client client(server.port());
  client.Send("POST /c HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n" +
              std::string(300, 'x'));
  std::optional<RawResponse> response = client.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 413);
  EXPECT_TRUE(client.ReadsEndOfStream());
  EXPECT_EQ(calls, 0);
}

TEST(Server, ChunkedBodyOverTheLimitGets413) {
  ServerOptions options = TestOptions();
  options.body_limit = 100;
  RunningServer server(Echo, options);
  Client client(server.port());
  client.Send("POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n200\r\n" +
              std::string(0x200, 'x') + "\r\n0\r\n\r\n");
  std::optional<RawResponse> response = client.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 413);
}

TEST(Server, BodyLimitForGivesSomePathsTheirOwnLimitAndMessage) {
  ServerOptions options = TestOptions();
  options.body_limit = 100;
  options.body_limit_for = [](std::string_view method,
                              std::string_view target) -> std::optional<BodyLimit> {
    if (method != "POST" || target != "/upload") return std::nullopt;
    return BodyLimit{.bytes = 1000, .message = "The file is larger than 1000 bytes."};
  };
  RunningServer server(Echo, options);
  {  // larger than body_limit, within the upload's limit
    Client client(server.port());
    client.Send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 500\r\n\r\n" +
                std::string(500, 'x'));
    std::optional<RawResponse> response = client.Read();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->status, 200);
  }
  {  // announced too large: refused before the body is read, with the message
    Client client(server.port());
    client.Send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n");
    std::optional<RawResponse> response = client.Read();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->status, 413);
    EXPECT_THAT(response->body, HasSubstr("larger than 1000 bytes"));
  }
  {  // chunked over the upload's limit
    Client client(server.port());
    client.Send("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n7d0\r\n" +
                std::string(2000, 'x') + "\r\n0\r\n\r\n");
    std::optional<RawResponse> response = client.Read();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->status, 413);
  }
  {  // other paths keep the small limit
    Client client(server.port());
    client.Send("POST /other HTTP/1.1\r\nHost: t\r\nContent-Length: 500\r\n\r\n" +
                std::string(500, 'x'));
    std::optional<RawResponse> response = client.Read();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->status, 413);
    EXPECT_EQ(response->body, "Content Too Large\n");
  }
}

TEST(Server, GarbageGets400) {
  RunningServer server(Echo);
  for (std::string garbage :
       {std::string("\x01\x02\x03 nonsense\r\n\r\n"), std::string("GET / HTTP/9\r\n\r\n"),
        std::string("GET / HTTP/1.1\r\nBad Header\r\n\r\n")}) {
    Client client(server.port());
    client.Send(garbage);
    std::optional<RawResponse> response = client.Read();
    ASSERT_TRUE(response.has_value()) << garbage;
    EXPECT_EQ(response->status, 400) << garbage;
    EXPECT_TRUE(client.ReadsEndOfStream());
  }
}

TEST(Server, UnfinishedRequestGets408AfterReadTimeout) {
  ServerOptions options = TestOptions();
  options.read_timeout = std::chrono::seconds(1);
  RunningServer server(Echo, options);
  Client client(server.port());
  client.Send("GET /half HTTP/1.1\r\nHost: t\r\n");
  std::optional<RawResponse> response = client.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 408);
  EXPECT_TRUE(client.ReadsEndOfStream());
}

TEST(Server, IdleConnectionClosesAfterIdleTimeout) {
  ServerOptions options = TestOptions();
  options.idle_timeout = std::chrono::seconds(1);
  RunningServer server(Echo, options);
  Client client(server.port());
  client.Send(Get("/"));
  ASSERT_TRUE(client.Read().has_value());
  EXPECT_TRUE(client.ReadsEndOfStream());
}

TEST(Server, ExpectContinue) {
  RunningServer server(Echo);
  Client client(server.port());
  client.Send("POST /c HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
  std::optional<RawResponse> interim = client.Read();
  ASSERT_TRUE(interim.has_value());
  EXPECT_EQ(interim->status, 100);
  client.Send("body");
  std::optional<RawResponse> response = client.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "POST /c body");
}

TEST(Server, Http10WithoutKeepAliveCloses) {
  RunningServer server(Echo);
  Client client(server.port());
  client.Send("GET /old HTTP/1.0\r\n\r\n");
  std::optional<RawResponse> response = client.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body, "GET /old ");
  EXPECT_EQ(response->Field("Connection").value_or(""), "close");
  EXPECT_TRUE(client.ReadsEndOfStream());
}

TEST(Server, HandlersMayRespondFromAnotherThread) {
  std::mutex mutex;
  std::vector<std::thread> responders;
  RunningServer server([&](const Request& request, Respond respond) {
    std::lock_guard lock(mutex);
    responders.emplace_back([target = request.target, respond = std::move(respond)]() mutable {
      respond(Response::Text(200, "later " + target));
    });
  });
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 8; ++i) {
    clients.push_back(std::make_unique<Client>(server.port()));
    clients.back()->Send(Get("/" + std::to_string(i)));
  }
  for (int i = 0; i < 8; ++i) {
    std::optional<RawResponse> response = clients[i]->Read();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->body, "later /" + std::to_string(i));
  }
  server.StopAndJoin();
  for (std::thread& responder : responders) responder.join();
}

TEST(Server, ThrowingHandlerGives500AndTheConnectionLives) {
  RunningServer server([](const Request& request, Respond respond) {
    if (request.target == "/throw") throw std::runtime_error("boom");
    Echo(request, std::move(respond));
  });
  Client client(server.port());
  client.Send(Get("/throw"));
  std::optional<RawResponse> failed = client.Read();
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->status, 500);
  client.Send(Get("/fine"));
  std::optional<RawResponse> fine = client.Read();
  ASSERT_TRUE(fine.has_value());
  EXPECT_EQ(fine->status, 200);
}

TEST(Server, DroppedRespondCallbackGives500) {
  RunningServer server(
      [](const Request&, Respond respond) { Respond dropped = std::move(respond); });
  Client client(server.port());
  client.Send(Get("/"));
  std::optional<RawResponse> response = client.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 500);
}

// A handler that keeps the respond callbacks for the test to call.
class HeldResponses {
 public:
  Handler handler() {
    return [this](const Request&, Respond respond) {
      std::lock_guard lock(mutex_);
      held_.push_back(std::move(respond));
      entered_.release();
    };
  }
  // Waits (with a guard) until a handler call arrived.
  bool WaitForCall() { return entered_.try_acquire_for(kGuard); }
  void RespondAll(const std::string& text) {
    std::lock_guard lock(mutex_);
    for (Respond& respond : held_) respond(Response::Text(200, text));
  }

 private:
  std::mutex mutex_;
  std::vector<Respond> held_;
  std::counting_semaphore<> entered_{0};
};

TEST(Server, StopLetsAnInFlightRequestFinish) {
  HeldResponses held;
  RunningServer server(held.handler());
  Client idle(server.port());
  Client busy(server.port());
  busy.Send(Get("/slow"));
  ASSERT_TRUE(held.WaitForCall());
  server.Stop();
  EXPECT_TRUE(idle.ReadsEndOfStream());
  held.RespondAll("finally");
  std::optional<RawResponse> response = busy.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body, "finally");
  EXPECT_EQ(response->Field("Connection").value_or(""), "close");
  EXPECT_TRUE(busy.ReadsEndOfStream());
  server.Join();
  Client late(server.port());
  EXPECT_FALSE(late.connected());
}

// The server's one thread is held inside a handler while a request arrives on an idle
// keep-alive connection and Stop() is called: when the thread goes on, it finds the stop before
// it has read that request. The request was sent before the stop, so it is read and answered
// (with "Connection: close"), not dropped with the idle connection.
TEST(Server, StopAnswersARequestAlreadySentOnAnIdleConnection) {
  ServerOptions options = TestOptions();
  options.threads = 1;
  std::promise<void> entered;
  std::future<void> entered_future = entered.get_future();
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  RunningServer server(
      [&entered, released](const Request& request, Respond respond) {
        if (request.target == "/hold") {
          entered.set_value();
          released.wait();
        }
        Echo(request, std::move(respond));
      },
      options);
  Client idle(server.port());
  idle.Send(Get("/first"));
  ASSERT_TRUE(idle.Read().has_value());  // now an idle keep-alive connection
  Client busy(server.port());
  busy.Send(Get("/hold"));
  ASSERT_EQ(entered_future.wait_for(kGuard), std::future_status::ready);
  idle.Send(Get("/second"));
  server.Stop();
  release.set_value();
  std::optional<RawResponse> held = busy.Read();
  ASSERT_TRUE(held.has_value());
  EXPECT_EQ(held->Field("Connection").value_or(""), "close");
  std::optional<RawResponse> second = idle.Read();
  ASSERT_TRUE(second.has_value()) << "the request sent before Stop() was dropped";
  EXPECT_EQ(second->body, "GET /second ");
  EXPECT_EQ(second->Field("Connection").value_or(""), "close");
  EXPECT_TRUE(idle.ReadsEndOfStream());
  server.Join();
}

TEST(Server, AdmitRefusesFromTheHeadWithoutReadingTheBody) {
  ServerOptions options = TestOptions();
  options.admit = [](const RequestHead& head) -> std::optional<Response> {
    if (head.Path() != "/upload" || head.Find("cookie") == "ok") return std::nullopt;
    return Response::Text(403, "sign in first");
  };
  std::atomic<int> calls = 0;
  RunningServer server(
      [&calls](const Request& request, Respond respond) {
        ++calls;
        Echo(request, std::move(respond));
      },
      options);
  Client client(server.port());
  // The head announces a body that never comes: the answer cannot wait for it.
  client.Send("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 500000\r\n\r\n");
  std::optional<RawResponse> refused = client.Read();
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(refused->body, "sign in first");
  EXPECT_EQ(refused->Field("Connection").value_or(""), "close");
  EXPECT_TRUE(client.ReadsEndOfStream());
  EXPECT_EQ(calls, 0);

  Client admitted(server.port());
  admitted.Send("POST /upload HTTP/1.1\r\nHost: test\r\nCookie: ok\r\nContent-Length: 2\r\n\r\nhi");
  std::optional<RawResponse> response = admitted.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body, "POST /upload hi");
}

TEST(Server, BodiesPastTheMemoryBudgetGet503Unread) {
  ServerOptions options = TestOptions();
  options.body_memory_budget = 1000;
  HeldResponses held;
  RunningServer server(held.handler(), options);
  Client first(server.port());
  first.Send("POST /a HTTP/1.1\r\nHost: test\r\nContent-Length: 600\r\n\r\n" +
             std::string(600, 'a'));
  ASSERT_TRUE(held.WaitForCall());  // its 600 bytes are held until it is answered
  Client second(server.port());
  second.Send("POST /b HTTP/1.1\r\nHost: test\r\nContent-Length: 600\r\n\r\n");
  std::optional<RawResponse> busy = second.Read();
  ASSERT_TRUE(busy.has_value());
  EXPECT_EQ(busy->status, 503);
  EXPECT_EQ(busy->Field("Retry-After").value_or(""), "60");
  EXPECT_TRUE(second.ReadsEndOfStream());
  held.RespondAll("done");
  ASSERT_TRUE(first.Read().has_value());
  Client third(server.port());  // the budget was given back
  third.Send("POST /c HTTP/1.1\r\nHost: test\r\nContent-Length: 600\r\n\r\n" +
             std::string(600, 'c'));
  ASSERT_TRUE(held.WaitForCall());
  held.RespondAll("again");
  std::optional<RawResponse> again = third.Read();
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->body, "again");
}

// A private scratch folder for bodies written to disk, removed at the end.
class SpoolFolder {
 public:
  SpoolFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "quire-spool-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~SpoolFolder() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

TEST(Server, LargeBodiesGoToAnUnnamedFileOutsideTheMemoryBudget) {
  SpoolFolder folder;
  ServerOptions options = TestOptions();
  options.body_spool_dir = folder.path().string();
  options.body_spool_threshold = 64 * 1024;
  options.body_memory_budget = 1000;  // the large body could not be held in memory
  options.body_limit_for = [](std::string_view, std::string_view) -> std::optional<BodyLimit> {
    return BodyLimit{.bytes = 4u << 20};
  };
  struct Seen {
    bool in_memory = false;
    bool on_disk = false;
    std::string body;
  };
  std::mutex mutex;
  std::vector<Seen> seen;
  RunningServer server(
      [&](const Request& request, Respond respond) {
        {
          std::lock_guard lock(mutex);
          seen.push_back(Seen{.in_memory = !request.body.empty(),
                              .on_disk = request.body_file != nullptr,
                              .body = std::string(request.Body())});
        }
        respond(Response::Text(200, std::to_string(request.Body().size())));
      },
      options);
  std::string large(1u << 20, 'x');
  large.front() = '<';
  large.back() = '>';
  Client client(server.port());
  client.Send("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: " +
              std::to_string(large.size()) + "\r\n\r\n" + large);
  std::optional<RawResponse> response = client.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, std::to_string(large.size()));
  // Chunked, with no length announced: its limit (4 MiB) is past the threshold, so it goes to
  // disk too; a small one with a length stays in memory. Both on the same connection.
  client.Send(
      "POST /chunked HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n0\r\n\r\n"
      "POST /small HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n\r\nabc");
  ASSERT_TRUE(client.Read().has_value());
  ASSERT_TRUE(client.Read().has_value());
  std::lock_guard lock(mutex);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_TRUE(seen[0].on_disk);
  EXPECT_FALSE(seen[0].in_memory);
  EXPECT_TRUE(seen[0].body == large);
  EXPECT_TRUE(seen[1].on_disk);
  EXPECT_EQ(seen[1].body, "hello");
  EXPECT_FALSE(seen[2].on_disk);
  EXPECT_EQ(seen[2].body, "abc");
  // Nothing is left named in the folder.
  EXPECT_TRUE(std::filesystem::is_empty(folder.path()));
}

TEST(Server, ABodyTheDiskCannotTakeGetsAClearAnswerUnhandled) {
  SpoolFolder folder;
  ServerOptions options = TestOptions();
  options.body_spool_dir = (folder.path() / "gone").string();  // no such folder
  options.body_spool_threshold = 1024;
  std::atomic<int> calls = 0;
  RunningServer server(
      [&calls](const Request& request, Respond respond) {
        ++calls;
        Echo(request, std::move(respond));
      },
      options);
  Client client(server.port());
  client.Send("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 5000\r\n\r\n");
  std::optional<RawResponse> refused = client.Read();
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 503);
  EXPECT_THAT(refused->body, HasSubstr("nothing was stored"));
  EXPECT_EQ(refused->Field("Connection").value_or(""), "close");
  EXPECT_EQ(calls, 0);
}

TEST(Server, PastTheCapTheOldestIdleConnectionIsClosed) {
  ServerOptions options = TestOptions();
  options.threads = 1;
  options.max_connections = 2;
  RunningServer server(Echo, options);
  Client oldest(server.port());  // sends nothing
  Client dribbling(server.port());
  dribbling.Send("GET /slow HTTP/1.1\r\nHost: te");  // half a head
  Client newest(server.port());
  newest.Send(Get("/new"));
  std::optional<RawResponse> response = newest.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body, "GET /new ");
  EXPECT_TRUE(oldest.ReadsEndOfStream());
  // The next newcomer makes room by closing the oldest of what is idle: the half head.
  Client another(server.port());
  another.Send(Get("/another"));
  ASSERT_TRUE(another.Read().has_value());
  EXPECT_TRUE(dribbling.ReadsEndOfStream());
}

TEST(Server, PastTheCapTheOldestIdleOfAllThreadsIsClosed) {
  // Connections land on the threads as the kernel spreads them; whichever thread accepts a
  // newcomer, the one closed is the oldest idle of all.
  constexpr int kCap = 6;
  ServerOptions options = TestOptions();
  options.threads = 3;
  options.max_connections = kCap;
  RunningServer server(Echo, options);
  std::vector<std::unique_ptr<Client>> clients;
  auto open_one = [&](int i) {
    clients.push_back(std::make_unique<Client>(server.port()));
    clients.back()->Send(Get("/" + std::to_string(i)));
    std::optional<RawResponse> response = clients.back()->Read();  // then idle, in this order
    return response.has_value() && response->status == 200;
  };
  for (int i = 0; i < kCap; ++i) ASSERT_TRUE(open_one(i));
  for (int i = 0; i < kCap; ++i) {
    ASSERT_TRUE(open_one(kCap + i));
    EXPECT_TRUE(clients[i]->ReadsEndOfStream()) << "connection " << i << " is not the one closed";
  }
  for (int i = kCap; i < 2 * kCap; ++i) {  // the newer ones all still served
    clients[i]->Send(Get("/again"));
    std::optional<RawResponse> response = clients[i]->Read();
    ASSERT_TRUE(response.has_value()) << "connection " << i;
    EXPECT_EQ(response->body, "GET /again ");
  }
}

TEST(Server, PastTheCapWithNothingIdleANewConnectionIsRefused) {
  ServerOptions options = TestOptions();
  options.threads = 1;
  options.max_connections = 1;
  HeldResponses held;
  RunningServer server(held.handler(), options);
  Client busy(server.port());
  busy.Send(Get("/busy"));
  ASSERT_TRUE(held.WaitForCall());  // busy, not idle: it cannot be closed to make room
  Client refused(server.port());
  EXPECT_TRUE(refused.ReadsEndOfStream());
  held.RespondAll("done");
  std::optional<RawResponse> response = busy.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body, "done");
}

TEST(Server, DrainTimeoutClosesAHandlerThatNeverResponds) {
  ServerOptions options = TestOptions();
  options.drain_timeout = std::chrono::seconds(1);
  HeldResponses held;
  RunningServer server(held.handler(), options);
  Client client(server.port());
  client.Send(Get("/never"));
  ASSERT_TRUE(held.WaitForCall());
  server.StopAndJoin();
  EXPECT_TRUE(client.ReadsEndOfStream());
  held.RespondAll("too late");  // after Run() returned: dropped, harmlessly
}

TEST(Server, SigtermStopsRun) {
  RunningServer server(Echo);
  Client client(server.port());
  client.Send(Get("/"));
  ASSERT_TRUE(client.Read().has_value());  // Run() is past installing its signal handler
  ASSERT_EQ(kill(getpid(), SIGTERM), 0);
  server.Join();
  EXPECT_TRUE(client.ReadsEndOfStream());
}

TEST(Server, SigtermBetweenListenAndRunStopsRunInsteadOfKillingTheProcess) {
  // The caller prints its address between Listen() and Run(); a SIGTERM sent on reading it
  // must stop the server (Run() returns), not end the process with the default action.
  Server server(TestOptions(), Echo);
  server.Listen();
  ASSERT_EQ(kill(getpid(), SIGTERM), 0);
  server.Run();  // returns: the signal was kept for it
}

TEST(Server, AccessLogHasOneLinePerRequest) {
  std::string lines;  // written by the server's thread; read after it has stopped
  {
    ServerOptions options = TestOptions();
    options.access_log = true;
    options.access_log_sink = [&lines](std::string_view written) { lines += written; };
    RunningServer server(Echo, options);
    Client client(server.port());
    client.Send(Get("/logged?q=1"));
    ASSERT_TRUE(client.Read().has_value());
    server.StopAndJoin();
  }
  EXPECT_THAT(lines, StartsWith("[20"));
  EXPECT_THAT(lines, HasSubstr("] 127.0.0.1 \"GET /logged?q=1\" 200 16 "));
  EXPECT_THAT(lines, EndsWith("us\n"));
  EXPECT_EQ(std::count(lines.begin(), lines.end(), '\n'), 1);
}

TEST(Server, StopBeforeRunMakesRunReturn) {
  Server server(TestOptions(), Echo);
  server.Stop();
  server.Run();  // returns instead of serving
  Client client(server.port());
  EXPECT_FALSE(client.connected());
}

TEST(Server, ListenedButNeverRunIsDestroyedCleanly) {
  Server server(TestOptions(), Echo);
  server.Listen();
  EXPECT_NE(server.port(), 0);
}

TEST(Server, ListenFailureIsAClearError) {
  ServerOptions bad_address = TestOptions();
  bad_address.address = "not-an-address";
  Server server(bad_address, Echo);
  try {
    server.Listen();
    FAIL() << "Listen() should have thrown";
  } catch (const std::runtime_error& error) {
    EXPECT_THAT(error.what(), StartsWith("cannot listen on not-an-address:0: "));
  }
}

TEST(Server, ListenOnAPortTakenByAnotherProgramFails) {
  int other = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(other, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(listen(other, 1), 0);
  socklen_t length = sizeof(address);
  getsockname(other, reinterpret_cast<sockaddr*>(&address), &length);
  ServerOptions options = TestOptions();
  options.port = ntohs(address.sin_port);
  Server server(options, Echo);
  EXPECT_THROW(server.Listen(), std::runtime_error);
  close(other);
}

}  // namespace
}  // namespace quire::http
