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
        # The address it listens on is its own host too.
        with self.connect() as sock:
            sock.sendall(b"GET http://" + self.server.host.encode() + b":%d/ HTTP/1.1\r\n"
                         b"Connection: close\r\n\r\n" % self.server.port)
            resp = read_response(sock, bytearray())
        self.assertEqual(resp.status, 200)

    def test_absolute_form_target_for_another_host(self):
        # Quire is not a proxy: a request for another host is refused, not served as its own.
        for target in (b"http://evil.example/", b"http://evil.example" + b"/wp-login.php",
                       b"https://127.0.0.2/", b"http://localhost.evil.example/"):
            with self.subTest(target=target):
                self.assert_refused(b"GET " + target + b" HTTP/1.1\r\nHost: localhost\r\n\r\n"
                                    + SMUGGLED)


class OwnHostTest(h.QuireTestCase):
    """With the home setting, its host is the site's own: an absolute-form target naming it is
    served; another host still gets 400."""

    SETTINGS = {"home": "http://Blog.Example:8080"}

    def exchange(self, raw: bytes) -> list:
        return SmugglingTest.responses_until_close(self, raw)

    def connect(self) -> socket.socket:
        return socket.create_connection((self.server.host, self.server.port), timeout=15)

    def test_home_host_is_accepted_and_others_refused(self):
        self.assertEqual(self.exchange(b"GET http://blog.example/ HTTP/1.1\r\n"
                                       b"Connection: close\r\n\r\n"), [200])
        self.assertEqual(self.exchange(b"GET http://other.example/ HTTP/1.1\r\n"
                                       b"Host: blog.example\r\n\r\n" + SMUGGLED), [400])


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

    def test_upload_without_the_csrf_token_in_its_head_is_refused_unread(self):
        # A signed-in administrator's browser could be made to post a forged upload from
        # another site: the token must be in the head (the form's action, or X-WP-Nonce), so
        # that such a body is never read.
        admin = self.login(ADMIN)
        cookie = "; ".join(f"{k}={v}" for k, v in admin.cookies.items())
        token = self.csrf(admin, "/admin/import/")
        for path in ("/admin/import/", "/admin/media/"):
            for target, extra in ((path, b""), (path + "?_wpnonce=wrong", b""),
                                  (path, b"X-WP-Nonce: wrong\r\n")):
                with self.subTest(target=target, extra=extra):
                    with socket.create_connection((self.server.host, self.server.port),
                                                  timeout=10) as sock:
                        sock.sendall(b"POST " + target.encode() + b" HTTP/1.1\r\n"
                                     b"Host: localhost\r\nCookie: " + cookie.encode() + b"\r\n"
                                     b"Content-Type: multipart/form-data; boundary=xyz\r\n"
                                     + extra + b"Content-Length: %d\r\n\r\n" % MEDIA_BYTES)
                        resp = read_response(sock, bytearray())
                        closed = sock.recv(65536) == b""
                    self.assertEqual(resp.status, 403)
                    self.assertIn(b"The link you followed has expired.", resp.body)
                    self.assertEqual(resp.headers.get("connection", "").lower(), "close")
                    self.assertTrue(closed)
        # The forms carry it in their action, so a browser sends it in the head.
        for path, form_id in (("/admin/import/", "import-upload"),
                              ("/admin/media/", "media-upload")):
            page = admin.get(path)
            form = page.html().by_id(form_id)
            self.assertEqual(form.get("action"), f"{path}?_wpnonce={token}")
        # The header alone is enough.
        boundary = "hardening-boundary"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"import\"; "
                f"filename=\"empty.xml\"\r\nContent-Type: text/xml\r\n\r\nnot xml\r\n"
                f"--{boundary}--\r\n").encode()
        resp = admin.request("POST", "/admin/import/", body=body, headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", "X-WP-Nonce": token})
        self.assertEqual(resp.status, 400, resp.text[:2000])
        self.assertNotIn("has expired", resp.text)

    def test_signed_in_upload_is_read(self):
        admin = self.login(ADMIN)
        token = self.csrf(admin, "/admin/import/")
        boundary = "hardening-boundary"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"_wpnonce\"\r\n\r\n"
                f"{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"import\"; "
                f"filename=\"empty.xml\"\r\nContent-Type: text/xml\r\n\r\nnot xml\r\n"
                f"--{boundary}--\r\n").encode()
        resp = admin.request("POST", "/admin/import/?_wpnonce=" + token, body=body, headers={
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


def wxr_with_one_large_post(title: str, size: int) -> bytes:
    """A WordPress export holding one post whose content is about `size` bytes."""
    words = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * (size // 57 + 1))
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
            "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
            "xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n"
            "<title>Large</title><link>http://large.example</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
            f"<item><title>{title}</title><dc:creator>admin</dc:creator>"
            f"<content:encoded><![CDATA[<p>{words}</p>]]></content:encoded>"
            "<wp:post_id>7</wp:post_id><wp:post_date>2024-01-02 03:04:05</wp:post_date>"
            "<wp:post_name>large-post</wp:post_name><wp:status>publish</wp:status>"
            "<wp:post_type>post</wp:post_type></item>\n</channel>\n</rss>\n").encode()


def multipart_upload(fields: dict, file_field: str, file_name: str, content: bytes):
    boundary = "hardening-" + os.urandom(8).hex()
    parts = [f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
             f"{value}\r\n".encode() for name, value in fields.items()]
    parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{file_field}\"; "
                 f"filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                 .encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def unnamed_files_in(pid: int, folder: str) -> list:
    """The server's open files that are unnamed (deleted) files in `folder`: (fd path, size,
    mode)."""
    found = []
    fd_dir = f"/proc/{pid}/fd"
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(os.path.join(fd_dir, fd))
            if target.startswith(folder.rstrip("/") + "/") and target.endswith("(deleted)"):
                st = os.stat(os.path.join(fd_dir, fd))
                found.append((target, st.st_size, st.st_mode & 0o777))
        except OSError:
            continue  # closed meanwhile
    return found


class BodyMemoryOptionTest(h.QuireTestCase):
    """`quire serve --body-memory-mb N` counts only bodies held in memory: one that would pass
    it gets 503 before it is read, even from a signed-in administrator; bodies over 1 MiB
    (uploads, imports) are written to an unnamed private file in the data folder as they arrive
    and are not counted."""

    SERVER_ARGS = ("--body-memory-mb", "1")
    USERS = (ADMIN,)

    def test_a_form_body_past_the_body_memory_gets_503_unread(self):
        # Two 600 KiB comment forms (in memory: under the 1-MiB threshold) cannot both fit.
        def head(size):
            return (b"POST /wp-comments-post.php HTTP/1.1\r\nHost: localhost\r\n"
                    b"Content-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\n"
                    b"Content-Length: %d\r\n\r\n" % size)
        with socket.create_connection((self.server.host, self.server.port), timeout=10) as first:
            first.sendall(head(600 * 1024))
            # "100 Continue" is sent once the first body's memory is taken.
            self.assertTrue(first.recv(64).startswith(b"HTTP/1.1 100 Continue"))
            with socket.create_connection((self.server.host, self.server.port),
                                          timeout=10) as second:
                second.sendall(head(600 * 1024))
                resp = read_response(second, bytearray())
            self.assertEqual(resp.status, 503)
            self.assertIn("retry-after", resp.headers)
        # A small form still fits.
        self.assertEqual(self.client().get("/").status, 200)

    def test_a_large_import_goes_to_an_unnamed_file_not_memory(self):
        admin = self.login(ADMIN)
        token = self.csrf(admin, "/admin/import/")
        cookie = "; ".join(f"{k}={v}" for k, v in admin.cookies.items())
        wxr = wxr_with_one_large_post("Spooled to disk", 3 * 1024 * 1024)
        body, content_type = multipart_upload({"_wpnonce": token, "authors": "create"},
                                              "import", "large.xml", wxr)
        head = (b"POST /admin/import/?_wpnonce=" + token.encode() + b" HTTP/1.1\r\n"
                b"Host: localhost\r\n"
                b"Content-Type: " + content_type.encode() + b"\r\nCookie: " + cookie.encode()
                + b"\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(body))
        half = len(body) // 2
        data_dir = os.path.realpath(self.server.data_dir)
        with socket.create_connection((self.server.host, self.server.port), timeout=60) as sock:
            sock.sendall(head + body[:half])
            # Half the body has arrived: it is in an unnamed 0600 file in the data folder.
            files = h.eventually(lambda: [f for f in unnamed_files_in(self.server.proc.pid,
                                                                      data_dir)
                                          if f[1] >= half - 64 * 1024])
            self.assertTrue(files, "the body being read is in no unnamed file of the data folder")
            self.assertEqual(files[0][2], 0o600, files)
            self.assertEqual([n for n in os.listdir(data_dir) if "body" in n], [],
                             "the file has no name")
            sock.sendall(body[half:])
            resp = read_response(sock, bytearray())
        # Read whole (past the 1-MiB memory budget) and handled: the dry run's report.
        self.assertEqual(resp.status, 200, resp.body[:2000])
        self.assertIn(b"import-confirm", resp.body)
        # Once answered, the file is gone.
        h.eventually(lambda: unnamed_files_in(self.server.proc.pid, data_dir) == [])


FILE_SIZE_LIMIT = 8 * 1024 * 1024  # the server's RLIMIT_FSIZE in DiskFullTest


class DiskFullTest(h.QuireTestCase):
    """A large body the disk cannot take (here a file-size limit stands in for a full disk) gets
    a clear 507 and a closed connection; nothing is kept, and the server goes on serving."""

    USERS = (ADMIN,)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Restarted under the limit (the accounts were made without it).
        cls.server.stop()
        cls.server.preexec_fn = lambda: resource.setrlimit(
            resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))
        cls.server.start()

    def test_a_body_past_the_disk_gets_507(self):
        admin = self.login(ADMIN)
        token = self.csrf(admin, "/admin/import/")
        # Just past the limit, so that the client has sent all of it by the time the server
        # answers (the rest of a refused body is drained only up to 64 KiB).
        wxr = wxr_with_one_large_post("Past the disk", FILE_SIZE_LIMIT + 16 * 1024)
        body, content_type = multipart_upload({"_wpnonce": token, "authors": "create"},
                                              "import", "large.xml", wxr)
        resp = admin.request("POST", "/admin/import/?_wpnonce=" + token, body=body,
                             headers={"Content-Type": content_type})
        self.assertEqual(resp.status, 507, resp.text[:2000])
        self.assertIn("no room on its disk", resp.text)
        self.assertEqual((resp.header("connection") or "").lower(), "close")
        pending = os.path.join(self.server.data_dir, "import-pending")
        self.assertEqual(os.listdir(pending) if os.path.isdir(pending) else [], [])
        self.assertEqual(self.client().get("/").status, 200)
        self.assertIsNone(self.server.proc.poll(), "the server ended")


if __name__ == "__main__":
    unittest.main()
