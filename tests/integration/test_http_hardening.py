"""Hardening of the HTTP layer over raw sockets (issue 10): request smuggling shapes are refused
with 400 and a close; a burst of idle connections under a 1,024-descriptor limit does not take
the site down; SIGTERM answers the requests already sent on idle keep-alive connections; an
upload to a screen that needs a signed-in user is refused from its head, unread."""

import os
import re
import resource
import signal
import socket
import time
import unittest

import quire_harness as h
from test_limits import read_response

SMUGGLED = b"GET /smuggled/ HTTP/1.1\r\nHost: localhost\r\n\r\n"


def chunk_body(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n0\r\n\r\n" % (len(data), data)


class SmugglingTest(h.QuireTestCase):
    """Each shape must be answered by exactly one 400 and a closed connection: the bytes after
    the head are never read as a second request."""

    def connect(self) -> socket.socket:
        return socket.create_connection((self.server.host, self.server.port), timeout=15)

    def responses_until_close(self, raw: bytes) -> list:
        """Sends raw bytes and reads every response until the server closes."""
        statuses = []
        with self.connect() as sock:
            sock.sendall(raw)
            buffer = bytearray()
            while True:
                try:
                    statuses.append(read_response(sock, buffer).status)
                except (ConnectionError, OSError):
                    break
                if not buffer:
                    try:
                        more = sock.recv(65536)
                    except OSError:
                        break
                    if not more:
                        break
                    buffer += more
        return statuses

    def assert_refused(self, raw: bytes):
        self.assertEqual(self.responses_until_close(raw), [400])

    def test_transfer_encoding_other_than_chunked(self):
        for coding in (b"chunked, identity", b"identity", b"gzip", b"chunked, chunked",
                       b"gzip, chunked"):
            with self.subTest(coding=coding):
                self.assert_refused(b"POST /wp-comments-post.php HTTP/1.1\r\nHost: localhost\r\n"
                                    b"Transfer-Encoding: " + coding + b"\r\n\r\n"
                                    + chunk_body(SMUGGLED))

    def test_unknown_coding_with_content_length(self):
        self.assert_refused(b"POST /wp-comments-post.php HTTP/1.1\r\nHost: localhost\r\n"
                            b"Transfer-Encoding: xchunked\r\nContent-Length: 0\r\n\r\n" + SMUGGLED)
        self.assert_refused(b"POST /wp-comments-post.php HTTP/1.1\r\nHost: localhost\r\n"
                            b"Content-Length: 0\r\nTransfer-Encoding: xchunked\r\n\r\n" + SMUGGLED)

    def test_transfer_encoding_in_http10(self):
        self.assert_refused(b"POST /wp-comments-post.php HTTP/1.0\r\n"
                            b"Transfer-Encoding: chunked\r\n\r\n" + chunk_body(b"a=b"))

    def test_host_rules(self):
        for raw in (b"GET / HTTP/1.1\r\n\r\n",
                    b"GET / HTTP/1.1\r\nHost: localhost\r\nHost: localhost\r\n\r\n",
                    b"GET / HTTP/1.1\r\nHost: local host\r\n\r\n",
                    b"GET / HTTP/1.1\r\nHost: evil.example/x\r\n\r\n",
                    b"GET / HTTP/1.1\r\nHost: a@b\r\n\r\n",
                    b"GET / HTTP/1.1\r\nHost: localhost:99999\r\n\r\n"):
            with self.subTest(raw=raw):
                self.assert_refused(raw)

    def test_obs_fold(self):
        for raw in (b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Note: a\r\n b\r\n\r\n",
                    b"POST /wp-comments-post.php HTTP/1.1\r\nHost: localhost\r\n"
                    b"Transfer-Encoding:\r\n chunked\r\n\r\n" + chunk_body(SMUGGLED),
                    b"GET / HTTP/1.1\r\nHost:\r\n\tlocalhost\r\n\r\n"):
            with self.subTest(raw=raw):
                self.assert_refused(raw)

    def test_a_chunked_body_still_works(self):
        body = (b"comment=Chunked%%20and%%20fine&author=Chunk&email=chunk%%40example.com"
                b"&comment_post_ID=%d&comment_parent=0" % self.sample_post_id)
        statuses = self.responses_until_close(
            b"POST /wp-comments-post.php HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n" + chunk_body(body))
        self.assertEqual(statuses, [303])

    def test_absolute_form_target(self):
        with self.connect() as sock:
            sock.sendall(b"GET http://localhost" + self.sample_post_path.encode()
                         + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            resp = read_response(sock, bytearray())
        self.assertEqual(resp.status, 200)
        self.assertIn(b"Hello world!", resp.body)
        with self.connect() as sock:
            sock.sendall(b"GET http://localhost HTTP/1.1\r\nConnection: close\r\n\r\n")
            resp = read_response(sock, bytearray())
        self.assertEqual(resp.status, 200)


def raw_get(host: str, port: int, path: str = "/", timeout: float = 10.0):
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: localhost\r\n"
                     b"Connection: close\r\n\r\n")
        return read_response(sock, bytearray())


class IdleFloodTest(unittest.TestCase):
    """5,000 idle connections against a server limited to 1,024 descriptors (soft and hard):
    ordinary requests keep being answered and the log is not flooded."""

    DESCRIPTORS = 1024
    IDLE = 5000

    def setUp(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        need = self.IDLE + 256
        if soft < need:
            if hard != resource.RLIM_INFINITY and hard < need:
                self.skipTest(f"this process may open only {hard} descriptors; needs {need}")
            resource.setrlimit(resource.RLIMIT_NOFILE, (need, hard))
        limit = self.DESCRIPTORS
        self.server = h.QuireServer(
            threads=2,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit)))
        self.server.start()
        self.sockets = []

    def tearDown(self):
        for sock in self.sockets:
            sock.close()
        code = self.server.stop()
        log = self.server.log()
        self.server.cleanup()
        if code != 0:
            self.fail(f"quire serve exited {code} after SIGTERM\n{log}")

    def test_ordinary_requests_succeed_through_a_burst_of_idle_connections(self):
        started = time.monotonic()
        for _ in range(self.IDLE):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.settimeout(30)
            sock.connect((self.server.host, self.server.port))
            self.sockets.append(sock)
        # The idle connections stay open (on this side) while others are served.
        for i in range(20):
            with self.subTest(request=i):
                resp = raw_get(self.server.host, self.server.port)
                self.assertEqual(resp.status, 200)
                self.assertIn(b"Hello world!", resp.body)
        self.assertTrue(self.server.alive())
        elapsed = time.monotonic() - started
        log = self.server.log(tail_chars=10_000_000)
        self.assertIn(f"descriptor limit {self.DESCRIPTORS})", log)
        # At most one complaint per 10 s (and one at the start of the burst).
        allowed = int(elapsed / 10) + 2
        for complaint in ("Too many open files", "accept failed", "refusing new ones"):
            self.assertLessEqual(log.count(complaint), allowed, f"{complaint!r} floods the log")

class SoftLimitTest(unittest.TestCase):
    def test_the_soft_limit_is_raised_to_the_hard_limit(self):
        hard = min(resource.getrlimit(resource.RLIMIT_NOFILE)[1], 4096)
        server = h.QuireServer(
            threads=1,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard)))
        server.start()
        try:
            self.assertEqual(raw_get(server.host, server.port).status, 200)
        finally:
            code = server.stop()
            log = server.log()
            server.cleanup()
        self.assertEqual(code, 0)
        self.assertIn(f"descriptor limit {hard})", log)


def wait_stopped(pid: int) -> None:
    """Waits until our child process PID has stopped (SIGSTOP): the kernel reports it to
    waitpid with WUNTRACED, so nothing polls. The child is not reaped: Popen still owns it."""
    _, status = os.waitpid(pid, os.WUNTRACED)
    if not os.WIFSTOPPED(status):
        raise AssertionError(f"process {pid} ended instead of stopping (status {status})")


class SigtermKeepAliveTest(unittest.TestCase):
    """Requests already sent on idle keep-alive connections when SIGTERM arrives are each read
    and answered, with "Connection: close", before the server exits."""

    CONNECTIONS = 64

    def test_requests_sent_before_sigterm_are_answered(self):
        server = h.QuireServer(threads=2).start()
        sockets = []
        try:
            for _ in range(self.CONNECTIONS):
                sock = socket.create_connection((server.host, server.port), timeout=20)
                sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
                sockets.append((sock, bytearray()))
            for sock, buffer in sockets:  # now each is an idle keep-alive connection
                self.assertEqual(read_response(sock, buffer).status, 200)
            # The server is frozen while the requests are sent and SIGTERM is raised, so that
            # it finds every request already arrived (and none read) when it wakes up to stop.
            server.proc.send_signal(signal.SIGSTOP)
            wait_stopped(server.proc.pid)
            try:
                for i, (sock, _) in enumerate(sockets):
                    sock.sendall(b"GET /?s=keep%d HTTP/1.1\r\nHost: localhost\r\n\r\n" % i)
                server.proc.send_signal(signal.SIGTERM)
            finally:
                server.proc.send_signal(signal.SIGCONT)
            unanswered = 0
            for sock, buffer in sockets:
                try:
                    resp = read_response(sock, buffer)
                except (ConnectionError, OSError):
                    unanswered += 1
                    continue
                self.assertEqual(resp.status, 200)
                # Answered with "Connection: close" when read after the signal; either way the
                # server then closes the connection.
                self.assertEqual(sock.recv(1), b"", "the connection stays open")
            self.assertEqual(unanswered, 0, f"{unanswered} of {self.CONNECTIONS} requests sent "
                             "before SIGTERM were not answered")
            self.assertEqual(server.proc.wait(timeout=h.STOP_TIMEOUT_S), 0)
        finally:
            for sock, _ in sockets:
                sock.close()
            server.stop()
            server.cleanup()


ADMIN = ("hardadmin", "hardadmin@example.com", "admin-pass-12345", "administrator")
AUTHOR = ("hardauthor", "hardauthor@example.com", "author-pass-12345", "author")
SUBSCRIBER = ("hardreader", "hardreader@example.com", "reader-pass-12345", "subscriber")
UPLOAD_BYTES = 100 * 1024 * 1024  # under the import limit (128 MB): only the head refuses it
MEDIA_BYTES = 60 * 1024 * 1024  # under max_upload_mb (64)
FORM_BYTES = 900 * 1024  # under the server's body limit for a form (1 MiB)
READ_TIMEOUT_S = 2  # `serve --read-timeout` for the slow-body tests
SLOW_BODY_S = 5  # a body paced over this long: longer than two read timeouts


class BodiesBeforeAuthenticationTest(h.QuireTestCase):
    """A large upload to a screen that needs a signed-in user is answered from its head, before
    a byte of its body is read; a slow but steady body is not cut off by the read timeout."""

    USERS = (ADMIN, AUTHOR, SUBSCRIBER)

    def upload_head(self, cookie: str = "", path: str = "/admin/import/",
                    size: int = UPLOAD_BYTES) -> bytes:
        return (b"POST " + path.encode() + b" HTTP/1.1\r\nHost: localhost\r\n"
                b"Content-Type: multipart/form-data; boundary=xyz\r\n"
                + (b"Cookie: " + cookie.encode() + b"\r\n" if cookie else b"")
                + b"Content-Length: %d\r\n\r\n" % size)

    def answer_to_head_alone(self, cookie: str = "", path: str = "/admin/import/",
                             size: int = UPLOAD_BYTES):
        """Sends only the head of an upload of `size` bytes (within the route's body limit, so
        that only the admission check can refuse it): the answer must come without the body."""
        with socket.create_connection((self.server.host, self.server.port), timeout=10) as sock:
            sock.sendall(self.upload_head(cookie, path, size))
            resp = read_response(sock, bytearray())
            sock.settimeout(10)
            closed = sock.recv(65536) == b""
        return resp, closed

    def test_anonymous_upload_is_refused_unread(self):
        resp, closed = self.answer_to_head_alone()
        self.assertEqual(resp.status, 303)
        self.assertTrue(resp.headers["location"].startswith("/admin/login?redirect_to="))
        self.assertEqual(resp.headers.get("connection", "").lower(), "close")
        self.assertTrue(closed, "the connection stays open after the refusal")
        self.assertEqual(self.client().get("/").status, 200)

    def test_every_admin_post_is_refused_unread_when_anonymous(self):
        # Not only the import: a media upload (up to max_upload_mb) or any other admin form
        # sent by someone not signed in is answered from its head, its body never read.
        # Each announces a body within its route's limit: max_upload_mb (64 MB) for an
        # upload, the server's 1 MiB for the other forms.
        for path, size in (("/admin/media/", MEDIA_BYTES), ("/admin/media/1/", FORM_BYTES),
                           ("/admin/posts/new/", FORM_BYTES), ("/admin/posts/1/edit/", FORM_BYTES),
                           ("/admin/pages/new/", FORM_BYTES), ("/admin/comments/", FORM_BYTES),
                           ("/admin/comments/1/reply/", FORM_BYTES),
                           ("/admin/settings/discussion/", FORM_BYTES),
                           ("/admin/categories/", FORM_BYTES), ("/admin/tags/1/delete/", FORM_BYTES),
                           ("/admin/privacy/", FORM_BYTES), ("/admin/export/", FORM_BYTES),
                           ("/admin/profile/", FORM_BYTES), ("/admin/logout", FORM_BYTES)):
            with self.subTest(path=path):
                resp, closed = self.answer_to_head_alone(path=path, size=size)
                self.assertEqual(resp.status, 303)
                self.assertTrue(resp.headers["location"].startswith("/admin/login?redirect_to="))
                self.assertTrue(closed, "the connection stays open after the refusal")

    def test_a_media_upload_without_the_capability_is_refused_unread(self):
        # A subscriber may not upload: 403 from the head.
        subscriber = self.login(SUBSCRIBER)
        cookie = "; ".join(f"{k}={v}" for k, v in subscriber.cookies.items())
        resp, closed = self.answer_to_head_alone(cookie, "/admin/media/", MEDIA_BYTES)
        self.assertEqual(resp.status, 403)
        self.assertTrue(closed)

    def test_upload_without_the_capability_is_refused_unread(self):
        author = self.login(AUTHOR)
        cookie = "; ".join(f"{k}={v}" for k, v in author.cookies.items())
        resp, closed = self.answer_to_head_alone(cookie)
        self.assertEqual(resp.status, 403)
        self.assertTrue(closed)

    def test_signed_in_upload_is_read(self):
        admin = self.login(ADMIN)
        token = self.csrf(admin, "/admin/import/")
        boundary = "hardening-boundary"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"_wpnonce\"\r\n\r\n"
                f"{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"import\"; "
                f"filename=\"empty.xml\"\r\nContent-Type: text/xml\r\n\r\nnot xml\r\n"
                f"--{boundary}--\r\n").encode()
        resp = admin.request("POST", "/admin/import/", body=body, headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}"})
        # Read and handled by the import screen: it explains what is wrong with the file.
        self.assertNotIn(resp.status, (303, 403, 408, 413, 503))


class ReadTimeoutTest(h.QuireTestCase):
    """`quire serve --read-timeout SECONDS` times out on inactivity, not on the total: a slow but
    steady body that takes several timeouts in all completes; a stalled one gets 408."""

    SERVER_ARGS = ("--read-timeout", str(READ_TIMEOUT_S))

    def comment_request(self):
        body = (b"comment=" + b"z" * (400 * 1024) + b"&author=Slow&email=slow%40example.com"
                b"&comment_post_ID=" + str(self.sample_post_id).encode() + b"&comment_parent=0")
        head = (b"POST /wp-comments-post.php HTTP/1.1\r\nHost: localhost\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n"
                b"Content-Length: %d\r\n\r\n" % len(body))
        return head, body

    def test_slow_steady_body_is_not_timed_out(self):
        # 400 KiB of comment sent over SLOW_BODY_S (about 80 KiB/s): several read timeouts in
        # total, never idle for one. The comment is too long, so the answer is the form again.
        head, body = self.comment_request()
        pieces = 40
        step = len(body) // pieces + 1
        with socket.create_connection((self.server.host, self.server.port), timeout=60) as sock:
            sock.sendall(head)
            started = time.monotonic()
            for i in range(0, len(body), step):
                sock.sendall(body[i:i + step])
                # Pacing the sender is the point of this test (a slow link), not a wait for
                # the server: each piece goes out on time.
                next_send = started + SLOW_BODY_S * (i // step + 1) / pieces
                time.sleep(max(0.0, next_send - time.monotonic()))
            resp = read_response(sock, bytearray())
        self.assertGreater(time.monotonic() - started, 2 * READ_TIMEOUT_S)
        self.assertEqual(resp.status, 400)
        self.assertIn(b"Your comment is too long.", resp.body)

    def test_stalled_body_gets_408(self):
        head, body = self.comment_request()
        with socket.create_connection((self.server.host, self.server.port), timeout=60) as sock:
            sock.sendall(head + body[:1000])  # then nothing: the server gives up, not the client
            resp = read_response(sock, bytearray())
        self.assertEqual(resp.status, 408)
        self.assertEqual(self.client().get("/").status, 200)


class BodyMemoryOptionTest(h.QuireTestCase):
    """`quire serve --body-memory-mb N`: a body that would pass the memory for bodies in flight
    gets 503 before it is read, even from a signed-in administrator."""

    SERVER_ARGS = ("--body-memory-mb", "1")
    USERS = (ADMIN,)

    def test_an_upload_past_the_body_memory_gets_503_unread(self):
        admin = self.login(ADMIN)
        cookie = "; ".join(f"{k}={v}" for k, v in admin.cookies.items())
        head = (b"POST /admin/media/ HTTP/1.1\r\nHost: localhost\r\n"
                b"Content-Type: multipart/form-data; boundary=xyz\r\n"
                b"Cookie: " + cookie.encode() + b"\r\n"
                b"Content-Length: %d\r\n\r\n" % (2 * 1024 * 1024))
        with socket.create_connection((self.server.host, self.server.port), timeout=10) as sock:
            sock.sendall(head)
            resp = read_response(sock, bytearray())
        self.assertEqual(resp.status, 503)
        self.assertIn("retry-after", resp.headers)
        # A small form still fits.
        self.assertEqual(self.client().get("/").status, 200)


if __name__ == "__main__":
    unittest.main()
