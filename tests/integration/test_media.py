"""Media with the real binary: an author uploads an image through /admin/media/ (multipart, CSRF),
its variants and WebP copies land under DATA/uploads/YYYY/MM/ and are served with a strong
ETag, 304 and a year-long immutable cache; a post using it gets width, height, srcset and lazy
loading; a fake image (a PHP script named .jpg) is refused by its content; an upload over
max_upload_mb is refused with 413 before its body is read; nothing is stored on refusal; and
deleting a file that a post uses is refused, naming the post, unless forced."""

from __future__ import annotations

import os
import re
import socket
import struct
import uuid
import zlib

import quire_harness

AUTHOR = ("ann", "ann@example.com", "an author's long passphrase", "author")
SUBSCRIBER = ("sue", "sue@example.com", "a subscriber's passphrase", "subscriber")


def make_png(width: int, height: int) -> bytes:
    """A width x height RGB gradient as a PNG (the standard library has no image encoder)."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        green = y * 255 // height
        for x in range(width):
            rows += bytes((x * 255 // width, green, 128))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
            chunk(b"IDAT", zlib.compress(bytes(rows), 6)) + chunk(b"IEND", b""))


def multipart(fields: dict, file_name: str, content: bytes,
              content_type: str = "application/octet-stream") -> tuple[bytes, str]:
    boundary = "----quire" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                     f"{value}\r\n".encode())
    parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
                 f"filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n".encode()
                 + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class MediaTestBase(quire_harness.QuireTestCase):
    USERS = (AUTHOR, SUBSCRIBER)

    def login(self, user=AUTHOR) -> quire_harness.HttpClient:
        return super().login(user)

    def token(self, client) -> str:
        page = client.get("/admin/media/")
        self.assertEqual(page.status, 200, page.text[:2000])
        token = page.html().value("_wpnonce", within=page.html().by_id("media-upload"))
        self.assertTrue(token)
        return token

    def upload(self, client, file_name: str, content: bytes, token: str | None = None):
        fields = {"_wpnonce": token if token is not None else self.token(client)}
        body, content_type = multipart(fields, file_name, content)
        return client.request("POST", "/admin/media/", body=body,
                              headers={"Content-Type": content_type})

    def upload_ok(self, client, file_name: str, content: bytes) -> tuple[int, str, str]:
        """Uploads; returns the media id, the file's URL path and the page after the upload."""
        resp = self.upload(client, file_name, content)
        self.assertEqual(resp.status, 303, resp.text[:3000])
        location = resp.location_path()
        match = re.fullmatch(r"/admin/media/\?uploaded=(\d+)", location)
        self.assertIsNotNone(match, location)
        page = client.get(location)
        self.assertEqual(page.status, 200)
        field = page.html().by_id("media-url")
        self.assertIsNotNone(field, "the new upload's URL is shown")
        url = field.get("value")
        path = quire_harness.path_of(url)
        self.assertTrue(path.startswith("/wp-content/uploads/"), url)
        return int(match.group(1)), path, page.text

    def uploads_files(self) -> set[str]:
        root = os.path.join(self.server.data_dir, "uploads")
        found = set()
        for folder, _, files in os.walk(root):
            for name in files:
                found.add(os.path.relpath(os.path.join(folder, name), root))
        return found


class MediaTest(MediaTestBase):
    def test_upload_makes_variants_and_webp_served_with_long_cache_and_etags(self):
        client = self.login()
        media_id, path, page = self.upload_ok(client, "Sunset Beach.png", make_png(1200, 800))
        self.assertRegex(path, r"^/wp-content/uploads/\d{4}/\d{2}/sunset-beach\.png$")
        self.assertIn("File uploaded.", page)
        self.assertIn(f"&lt;img src=&quot;{path}&quot;", page)  # the HTML snippet
        self.assertIn(f"![]({path})", page)  # the Markdown snippet
        self.assertIn("1200 × 800", page)
        relative = path[len("/wp-content/uploads/"):]
        stem = relative[:-len(".png")]
        files = self.uploads_files()
        for expected in (relative, f"{stem}-150x150.png", f"{stem}-300x200.png",
                         f"{stem}-768x512.png", f"{stem}-1024x683.png",
                         f"{stem}-300x200.png.webp", f"{stem}-1024x683.png.webp",
                         f"{relative}.webp"):
            self.assertIn(expected, files)

        resp = self.client().get(path)
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.header("Content-Type"), "image/png")
        self.assertEqual(resp.body, make_png(1200, 800))
        self.assertEqual(resp.header("Cache-Control"), "public, max-age=31536000, immutable")
        etag = resp.header("ETag")
        self.assertTrue(etag and etag.startswith('"'), etag)
        again = self.client().get(path, {"If-None-Match": etag})
        self.assertEqual(again.status, 304)
        self.assertEqual(again.body, b"")
        webp = self.client().get(f"/wp-content/uploads/{stem}-300x200.png.webp")
        self.assertEqual(webp.status, 200)
        self.assertEqual(webp.header("Content-Type"), "image/webp")
        self.assertEqual(webp.body[:4], b"RIFF")
        self.assertEqual(webp.body[8:12], b"WEBP")

        # The library lists it with its details; its edit page saves alt text and caption.
        listing = client.get("/admin/media/").text
        self.assertIn("sunset-beach.png", listing)
        self.assertIn("image/png", listing)
        edit = f"/admin/media/{media_id}/"
        form = client.get(edit).html()
        token = form.value("_wpnonce", within=form.by_id("media-edit"))
        saved = client.post_form(edit, {"_wpnonce": token, "title": "Sunset",
                                        "alt": "The sun over the sea", "caption": "Evening"})
        self.assertEqual(saved.status, 303, saved.text[:2000])
        self.assertIn('value="The sun over the sea"', client.get(edit).text)

    def test_a_post_using_the_image_gets_srcset_sizes_and_lazy_loading(self):
        client = self.login()
        _, path, _ = self.upload_ok(client, "harbour.png", make_png(1000, 600))
        post = self.add_post("Harbour view", f"![The harbour]({path})\n")
        html = self.get_ok(post).html()
        img = next((n for n in html.find_all("img") if n.get("src") == path), None)
        self.assertIsNotNone(img, "the post shows the image")
        self.assertEqual(img.get("width"), "1000")
        self.assertEqual(img.get("height"), "600")
        self.assertEqual(img.get("loading"), "lazy")
        srcset = img.get("srcset") or ""
        stem = path[:-len(".png")]
        self.assertIn(f"{stem}-300x180.png 300w", srcset)
        self.assertIn(f"{path} 1000w", srcset)
        self.assertEqual(img.get("sizes"), "(max-width: 1000px) 100vw, 1000px")

    def test_a_fake_image_is_refused_by_its_content_and_nothing_is_stored(self):
        client = self.login()
        before = self.uploads_files()
        resp = self.upload(client, "innocent.jpg", b"<?php system($_GET['cmd']); ?>\n")
        self.assertIn(resp.status, (400, 415))
        self.assertIn("not permitted", resp.text)
        self.assertEqual(self.uploads_files(), before)
        self.assertNotIn("innocent", client.get("/admin/media/").text)
        # An HTML page named .png likewise.
        resp = self.upload(client, "page.png", b"<!DOCTYPE html><script>alert(1)</script>")
        self.assertIn(resp.status, (400, 415))
        self.assertEqual(self.uploads_files(), before)

    def test_uploading_needs_a_login_the_capability_and_the_csrf_token(self):
        anonymous = self.upload(self.client(), "a.png", make_png(20, 20), token="x")
        self.assertEqual(anonymous.status, 303)
        self.assertIn("/admin/login", anonymous.location_path())
        subscriber = self.login(SUBSCRIBER)
        self.assertEqual(subscriber.get("/admin/media/").status, 403)
        before = self.uploads_files()
        forged = self.upload(self.login(), "a.png", make_png(20, 20), token="forged")
        self.assertEqual(forged.status, 403)
        self.assertEqual(self.uploads_files(), before)

    def test_delete_is_refused_while_a_post_uses_the_file_unless_forced(self):
        client = self.login()
        media_id, path, _ = self.upload_ok(client, "used.png", make_png(400, 300))
        self.add_post("Uses the picture", f"![]({path})\n")
        edit = f"/admin/media/{media_id}/"
        page = client.get(edit).html()
        self.assertIn("Uses the picture", page.text())
        token = page.value("_wpnonce", within=page.by_id("media-delete"))
        refused = client.post_form(edit + "delete/", {"_wpnonce": token})
        self.assertEqual(refused.status, 409)
        self.assertIn("Uses the picture", refused.text)
        self.assertEqual(self.client().get(path).status, 200)
        forced = client.post_form(edit + "delete/", {"_wpnonce": token, "force": "yes"})
        self.assertEqual(forced.status, 303, forced.text[:2000])
        self.assertEqual(self.client().get(path).status, 404)
        self.assertEqual(client.get(edit).status, 404)
        self.assertNotIn(path[len("/wp-content/uploads/"):], self.uploads_files())

    def test_uploads_are_never_listed_and_paths_cannot_escape(self):
        client = self.login()
        _, path, _ = self.upload_ok(client, "x.png", make_png(30, 30))
        folder = path.rsplit("/", 1)[0]
        for target in (folder + "/", "/wp-content/uploads/", folder + "/..%2F..%2F..%2Fquire.db",
                       folder + "/%2e%2e%2f%2e%2e%2f%2e%2e%2fquire.db", folder + "/nothing.png"):
            resp = self.client().get(target)
            self.assertEqual(resp.status, 404, target)
            self.assertNotIn(b"SQLite format", resp.body)


class MediaLimitTest(MediaTestBase):
    SETTINGS = {"max_upload_mb": 1}

    def raw_upload(self, cookie: str, body_size: int, send_body: int) -> tuple[int, bytes]:
        """Sends the head of an upload announcing body_size bytes and only send_body of them,
        then reads the answer (the server must not wait for the rest)."""
        with socket.create_connection((self.server.host, self.server.port), timeout=10) as sock:
            head = (f"POST /admin/media/ HTTP/1.1\r\nHost: {self.server.host}\r\n"
                    f"Cookie: {cookie}\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                    f"Content-Length: {body_size}\r\n\r\n").encode()
            sock.sendall(head + b"x" * send_body)
            data = b""
            while b"\r\n\r\n" not in data or len(data) < 400:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        status = int(data.split(b" ", 2)[1])
        return status, data

    def test_an_upload_over_the_limit_is_413_before_its_body_is_read(self):
        client = self.login()
        self.token(client)  # a session exists
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        before = self.uploads_files()
        status, data = self.raw_upload(cookie, 50 * 1024 * 1024, 1024)
        self.assertEqual(status, 413)
        self.assertIn(b"maximum upload size of 1 MB", data)
        self.assertEqual(self.uploads_files(), before)

    def test_a_file_over_the_limit_within_the_form_allowance_is_413(self):
        client = self.login()
        before = self.uploads_files()
        resp = self.upload(client, "big.txt", b"a" * (1024 * 1024 + 10))
        self.assertEqual(resp.status, 413)
        self.assertIn("maximum upload size of 1 MB", resp.text)
        self.assertEqual(self.uploads_files(), before)


if __name__ == "__main__":
    import unittest
    unittest.main()
