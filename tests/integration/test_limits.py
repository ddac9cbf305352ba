"""The HTTP layer's limits over raw sockets: 431, 413, 400, slow clients dropped, keep-alive and
pipelining; the server keeps serving after each."""

import socket
import threading
import time
import unittest

import quire_harness as h

SLOW_CLIENT_DEADLINE_S = 60  # the server's read timeout is 15 s; be generous


class RawResponse:
    def __init__(self, status: int, headers: dict, body: bytes):
        self.status = status
        self.headers = headers
        self.body = body


def read_response(sock: socket.socket, buffer: bytearray, head: bool = False) -> RawResponse:
    """Reads one response (Content-Length or close-delimited) from `sock`; leftover bytes stay
    in `buffer` for the next call."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed before a full header: {bytes(buffer[:200])!r}")
        buffer += chunk
    head_end = buffer.index(b"\r\n\r\n")
    lines = bytes(buffer[:head_end]).decode("latin-1").split("\r\n")
    del buffer[:head_end + 4]
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    if head or status in (204, 304) or 100 <= status < 200:
        return RawResponse(status, headers, b"")
    if "content-length" in headers:
        length = int(headers["content-length"])
        while len(buffer) < length:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed inside the body")
            buffer += chunk
        body = bytes(buffer[:length])
        del buffer[:length]
        return RawResponse(status, headers, body)
    if headers.get("transfer-encoding", "").lower() == "chunked":
        return RawResponse(status, headers, read_chunked(sock, buffer))
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        buffer += chunk
    body = bytes(buffer)
    buffer.clear()
    return RawResponse(status, headers, body)


def read_chunked(sock, buffer) -> bytes:
    body = bytearray()
    while True:
        while b"\r\n" not in buffer:
            buffer += sock.recv(65536)
        line_end = buffer.index(b"\r\n")
        size = int(bytes(buffer[:line_end]).split(b";")[0], 16)
        del buffer[:line_end + 2]
        while len(buffer) < size + 2:
            buffer += sock.recv(65536)
        body += buffer[:size]
        del buffer[:size + 2]
        if size == 0:
            return bytes(body)


class LimitsTest(h.QuireTestCase):
    def connect(self, timeout=15.0) -> socket.socket:
        sock = socket.create_connection((self.server.host, self.server.port), timeout=timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def exchange(self, raw: bytes) -> RawResponse:
        with self.connect() as sock:
            sock.sendall(raw)
            return read_response(sock, bytearray())

    def assert_still_serving(self):
        self.assertTrue(self.server.alive(), "the server died")
        resp = self.exchange(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        self.assertEqual(resp.status, 200)
        self.assertIn(b"Hello world!", resp.body)

    def test_header_too_large_is_431(self):
        raw = (b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Filler: " + b"a" * (17 * 1024)
               + b"\r\n\r\n")
        self.assertEqual(self.exchange(raw).status, 431)
        self.assert_still_serving()

    def test_many_headers_over_the_limit_is_431(self):
        filler = b"".join(b"X-H%d: %s\r\n" % (i, b"b" * 100) for i in range(200))
        raw = b"GET / HTTP/1.1\r\nHost: localhost\r\n" + filler + b"\r\n"
        self.assertEqual(self.exchange(raw).status, 431)
        self.assert_still_serving()

    def test_header_under_the_limit_is_fine(self):
        raw = (b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Filler: "
               + b"a" * (12 * 1024) + b"\r\n\r\n")
        self.assertEqual(self.exchange(raw).status, 200)

    def test_body_too_large_is_413(self):
        size = 2 * 1024 * 1024
        head = (b"POST /wp-comments-post.php HTTP/1.1\r\nHost: localhost\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: %d\r\n\r\n" % size)
        with self.connect() as sock:
            sock.sendall(head)

            def send_body():
                try:
                    sock.sendall(b"comment=" + b"x" * (size - 8))
                except OSError:
                    pass  # the server may close once it has answered

            sender = threading.Thread(target=send_body, daemon=True)
            sender.start()
            resp = read_response(sock, bytearray())
            sender.join(timeout=15)
        self.assertEqual(resp.status, 413)
        self.assert_still_serving()

    def test_chunked_body_too_large_is_413(self):
        head = (b"POST /wp-comments-post.php HTTP/1.1\r\nHost: localhost\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b"x" * 65536
        with self.connect() as sock:
            sock.sendall(head)

            def send_body():
                try:
                    for _ in range(40):  # 2.5 MiB
                        sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sock.sendall(b"0\r\n\r\n")
                except OSError:
                    pass

            sender = threading.Thread(target=send_body, daemon=True)
            sender.start()
            resp = read_response(sock, bytearray())
            sender.join(timeout=15)
        self.assertEqual(resp.status, 413)
        self.assert_still_serving()

    def test_body_under_the_limit_is_read(self):
        # 900 KiB of comment: under the body limit, over the comment limit -> the form again.
        body = b"comment=" + b"y" * (900 * 1024) + b"&author=Big&email=big%40example.com" \
            + b"&comment_post_ID=" + str(self.sample_post_id).encode() + b"&comment_parent=0"
        head = (b"POST /wp-comments-post.php HTTP/1.1\r\nHost: localhost\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n"
                b"Content-Length: %d\r\n\r\n" % len(body))
        resp = self.exchange(head + body)
        self.assertEqual(resp.status, 400)
        self.assertIn(b"Your comment is too long.", resp.body)

    def test_malformed_requests_are_400(self):
        for raw in (b"GARBAGE\r\n\r\n",
                    b"GET / HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\n\r\n",
                    b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n",
                    b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\n"
                    b"Content-Length: 2\r\n\r\nab",
                    b"G\x00T / HTTP/1.1\r\n\r\n"):
            with self.subTest(raw=raw[:40]):
                self.assertEqual(self.exchange(raw).status, 400)
        self.assert_still_serving()

    def test_slow_clients_are_dropped(self):
        results = {}

        def idle_after_request_line():
            with self.connect(timeout=SLOW_CLIENT_DEADLINE_S) as sock:
                sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
                results["idle"] = self.wait_closed(sock, dribble=False)

        def dribbling():
            with self.connect(timeout=SLOW_CLIENT_DEADLINE_S) as sock:
                sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
                results["dribble"] = self.wait_closed(sock, dribble=True)

        threads = [threading.Thread(target=idle_after_request_line),
                   threading.Thread(target=dribbling)]
        for t in threads:
            t.start()
        self.assert_still_serving()  # others are served meanwhile
        for t in threads:
            t.join(SLOW_CLIENT_DEADLINE_S + 10)
        self.assertEqual(results.get("idle"), True, "an idle half-request was never dropped")
        self.assertEqual(results.get("dribble"), True,
                         "a client sending one header byte a second was never dropped")
        self.assert_still_serving()

    def wait_closed(self, sock: socket.socket, dribble: bool) -> bool:
        """True when the server closes (possibly after a 408) before the deadline."""
        deadline = time.monotonic() + SLOW_CLIENT_DEADLINE_S
        sock.settimeout(1.0)
        while time.monotonic() < deadline:
            try:
                data = sock.recv(65536)
                if not data:
                    return True
                if data.startswith(b"HTTP/1.1 ") and b" 408 " not in data[:16]:
                    return False  # answered something else to an incomplete request
            except socket.timeout:
                pass
            except OSError:
                return True
            if dribble:
                try:
                    sock.sendall(b"X")
                except OSError:
                    return True
        return False

    def test_keep_alive_reuses_the_connection(self):
        with self.connect() as sock:
            buffer = bytearray()
            for i in range(5):
                sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
                resp = read_response(sock, buffer)
                self.assertEqual(resp.status, 200, f"request {i}")
                self.assertNotEqual(resp.headers.get("connection", "").lower(), "close")
            sock.sendall(b"HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            last = read_response(sock, buffer, head=True)
            self.assertEqual(last.status, 200)
            sock.settimeout(10)
            self.assertEqual(sock.recv(1), b"", "Connection: close was not honoured")

    def test_pipelined_requests_are_answered_in_order(self):
        path = self.sample_post_path.encode()
        with self.connect() as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
                         b"GET /no/such/thing/ HTTP/1.1\r\nHost: localhost\r\n\r\n"
                         b"GET " + path + b" HTTP/1.1\r\nHost: localhost\r\n"
                         b"Connection: close\r\n\r\n")
            buffer = bytearray()
            statuses = [read_response(sock, buffer).status for _ in range(3)]
        self.assertEqual(statuses, [200, 404, 200])

    def test_http10_closes_after_the_response(self):
        with self.connect() as sock:
            sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
            resp = read_response(sock, bytearray())
            self.assertEqual(resp.status, 200)
            sock.settimeout(10)
            self.assertEqual(sock.recv(1), b"")

    def test_many_connections_at_once(self):
        statuses = []
        lock = threading.Lock()

        def one():
            resp = self.exchange(b"GET / HTTP/1.1\r\nHost: localhost\r\n"
                                 b"Connection: close\r\n\r\n")
            with lock:
                statuses.append(resp.status)

        threads = [threading.Thread(target=one) for _ in range(64)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        self.assertEqual(statuses, [200] * 64)


if __name__ == "__main__":
    unittest.main()
