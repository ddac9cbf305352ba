"""Media with the real binary: an author uploads an image through /admin/media/ (multipart, CSRF),
its variants and WebP copies land under DATA/uploads/YYYY/MM/ and are served with a strong
ETag, 304 and a year-long immutable cache; a post using it gets width, height, srcset and lazy
loading; a fake image (a PHP script named .jpg) is refused by its content; an upload over
max_upload_mb is refused with 413 before its body is read; nothing is stored on refusal; and
deleting a file asks to confirm first and, while a post uses it, is refused, naming the post,
unless forced. Issue 10's media findings: a photo is served without its GPS position, camera or
text chunks; an image past the pixel budget is refused from its header; PDFs and text are
downloads, never shown as a page of the site; control and bidi characters leave titles; an
author's media screen names only the items they may see."""

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
EDITOR = ("eve", "eve@example.com", "an editor's long passphrase", "editor")
OTHER_AUTHOR = ("bob", "bob@example.com", "another author's passphrase", "author")

PRIVATE_WORDS = (b"Quirecam", b"SN-4815162342", b"at home 51.5N")


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


def png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """The (type, data) of each chunk of a PNG."""
    chunks, at = [], 8
    while at + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        chunks.append((kind, png[at + 8:at + 8 + length]))
        at += 12 + length
    return chunks


def exif_with_gps() -> bytes:
    """A little-endian TIFF/EXIF block as a phone writes it, cut down: IFD0 with the camera's
    make and a pointer to the GPS IFD, which holds 51° 30' 26.28" N; the body serial number in
    a third ASCII tag (ImageDescription) so that its bytes can be looked for."""
    make, serial = b"Quirecam\0", b"SN-4815162342\0"
    ifd0_at, entries = 8, 3
    data_at = ifd0_at + 2 + entries * 12 + 4
    gps_at = data_at + len(make) + len(serial)
    ifd0 = struct.pack("<H", entries)
    ifd0 += struct.pack("<HHII", 0x010E, 2, len(serial), data_at + len(make))  # description
    ifd0 += struct.pack("<HHII", 0x010F, 2, len(make), data_at)  # Make
    ifd0 += struct.pack("<HHII", 0x8825, 4, 1, gps_at)  # the GPS IFD
    ifd0 += struct.pack("<I", 0)
    latitude_at = gps_at + 2 + 2 * 12 + 4
    gps = struct.pack("<H", 2)
    gps += struct.pack("<HHI", 0x0001, 2, 2) + b"N\0\0\0"  # GPSLatitudeRef
    gps += struct.pack("<HHII", 0x0002, 5, 3, latitude_at)  # GPSLatitude
    gps += struct.pack("<I", 0)
    latitude = struct.pack("<6I", 51, 1, 30, 1, 2628, 100)
    return b"II*\0" + struct.pack("<I", ifd0_at) + ifd0 + make + serial + gps + latitude


def tiff_tags(block: bytes) -> set[int]:
    """The tags of IFD0 of a TIFF/EXIF block (either byte order)."""
    order = "<" if block[:2] == b"II" else ">"
    (ifd,) = struct.unpack(order + "I", block[4:8])
    (count,) = struct.unpack(order + "H", block[ifd:ifd + 2])
    return {struct.unpack(order + "H", block[ifd + 2 + 12 * i:ifd + 4 + 12 * i])[0]
            for i in range(count)}


def photo_png(width: int, height: int) -> bytes:
    """make_png with what a phone's screenshot or photo carries: EXIF with the camera and GPS
    position (an eXIf chunk) and a text chunk with a place."""
    png = make_png(width, height)
    header_end = 8 + 12 + 13  # the signature and IHDR
    return (png[:header_end] + png_chunk(b"eXIf", exif_with_gps()) +
            png_chunk(b"tEXt", b"Comment\0at home 51.5N") + png[header_end:])


def black_png_header(width: int, height: int) -> bytes:
    """A valid PNG of black pixels, compressed row by row: a few hundred kilobytes that decode
    to width x height x 3 bytes."""
    squeeze = zlib.compressobj(9)
    row = b"\0" * (1 + width * 3)
    data = b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data) +
            png_chunk(b"IEND", b""))


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
    USERS = (AUTHOR, SUBSCRIBER, EDITOR, OTHER_AUTHOR)

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
        # The form's action carries the token too: it is checked from the head (issue 10).
        return client.request("POST", "/admin/media/?_wpnonce=" + fields["_wpnonce"], body=body,
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

    def test_delete_asks_first_and_is_refused_while_a_post_uses_the_file_unless_forced(self):
        client = self.login()
        media_id, path, _ = self.upload_ok(client, "used.png", make_png(400, 300))
        self.add_post("Uses the picture", f"![]({path})\n")
        edit = f"/admin/media/{media_id}/"
        page = client.get(edit).html()
        self.assertIn("Uses the picture", page.text())
        # The edit page only links to the question; following it deletes nothing.
        self.assertIsNone(page.by_id("media-delete"))
        link = page.by_id("media-delete-link")
        self.assertIsNotNone(link)
        self.assertEqual(link.get("href"), edit + "delete/")
        confirm = client.get(edit + "delete/")
        self.assertEqual(confirm.status, 200, confirm.text[:2000])
        self.assertIn("cannot be undone", confirm.text)
        self.assertEqual(self.client().get(path).status, 200)
        self.assertEqual(client.get(edit).status, 200)
        form = confirm.html()
        token = form.value("_wpnonce", within=form.by_id("media-delete"))
        self.assertTrue(token)
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


class MediaHardeningTest(MediaTestBase):
    """Issue 10, item 9: what the attack tests found in uploads."""

    def test_a_photo_is_served_without_its_gps_position_camera_or_text(self):
        photo = photo_png(300, 200)
        self.assertIn((b"eXIf", exif_with_gps()), png_chunks(photo))  # the upload carries them
        client = self.login()
        _, path, _ = self.upload_ok(client, "holiday.png", photo)
        served = self.client().get(path)
        self.assertEqual(served.status, 200)
        chunks = png_chunks(served.body)
        kinds = [kind for kind, _ in chunks]
        self.assertEqual(kinds[0], b"IHDR")
        self.assertEqual(struct.unpack(">II", chunks[0][1][:8]), (300, 200))
        for kind in (b"tEXt", b"zTXt", b"iTXt"):
            self.assertNotIn(kind, kinds)
        for kind, data in chunks:
            if kind == b"eXIf":
                self.assertNotIn(0x8825, tiff_tags(data), "a GPS IFD is served")
                self.assertNotIn(0x010F, tiff_tags(data), "the camera's make is served")
        relative = path[len("/wp-content/uploads/"):]
        stem = relative[:-len(".png")]
        for variant in (path, f"/wp-content/uploads/{stem}-150x150.png",
                        f"/wp-content/uploads/{relative}.webp"):
            body = self.client().get(variant).body
            self.assertTrue(body, variant)
            for word in PRIVATE_WORDS:
                self.assertNotIn(word, body, variant)
        with open(os.path.join(self.server.data_dir, "uploads", relative), "rb") as stored:
            self.assertEqual(stored.read(), served.body)

    def test_an_image_past_the_pixel_budget_is_refused_before_it_is_decoded(self):
        bomb = black_png_header(8000, 6300)  # 50.4 megapixels in a few hundred kilobytes
        self.assertLess(len(bomb), 1024 * 1024)
        client = self.login()
        before = self.uploads_files()
        resp = self.upload(client, "bomb.png", bomb)
        self.assertEqual(resp.status, 413, resp.text[:2000])
        self.assertIn("8,000 × 6,300 pixels", resp.text)
        self.assertIn("at most 50 megapixels", resp.text)
        self.assertEqual(self.uploads_files(), before)

    def test_pdfs_and_text_are_downloads_and_every_upload_is_nosniff(self):
        client = self.login()
        pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
        _, pdf_path, _ = self.upload_ok(client, "Report.pdf", pdf)
        _, txt_path, _ = self.upload_ok(client, "notes.txt", b"Meeting notes: bring the maps.\n")
        _, png_path, _ = self.upload_ok(client, "inline.png", make_png(40, 30))
        for path, kind in ((pdf_path, "application/pdf"), (txt_path, "text/plain")):
            resp = self.client().get(path)
            self.assertEqual(resp.status, 200, path)
            self.assertTrue(resp.header("Content-Type").startswith(kind), resp.header("Content-Type"))
            name = path.rsplit("/", 1)[1]
            self.assertEqual(resp.header("Content-Disposition"), f'attachment; filename="{name}"')
            self.assertEqual(resp.header("X-Content-Type-Options"), "nosniff")
        image = self.client().get(png_path)
        self.assertIsNone(image.header("Content-Disposition"))
        self.assertEqual(image.header("X-Content-Type-Options"), "nosniff")

    def test_control_and_bidi_characters_leave_titles(self):
        client = self.login()
        media_id, _, _ = self.upload_ok(client, "Beach\u202egpj.exe\u200f.png", make_png(40, 30))
        edit = f"/admin/media/{media_id}/"
        form = client.get(edit).html()
        self.assertEqual(form.value("title", within=form.by_id("media-edit")), "Beachgpj.exe")
        token = form.value("_wpnonce", within=form.by_id("media-edit"))
        saved = client.post_form(edit, {"_wpnonce": token, "title": "Sea\u2066side\x1b[2J",
                                        "alt": "\u202eeht", "caption": "one\r\ntwo\u0085"})
        self.assertEqual(saved.status, 303, saved.text[:2000])
        form = client.get(edit).html()
        self.assertEqual(form.value("title", within=form.by_id("media-edit")), "Seaside[2J")
        self.assertEqual(form.value("alt", within=form.by_id("media-edit")), "eht")
        page = client.get(edit).text
        for hidden in ("\u202e", "\u2066", "\u200f", "\x1b", "\u0085"):
            self.assertNotIn(hidden, page)

    def test_an_author_sees_only_the_titles_of_items_they_may_see(self):
        author = self.login()
        media_id, path, _ = self.upload_ok(author, "shared.png", make_png(300, 200))
        self.add_post("Bob secret draft", f"![]({path})\n", "--status", "draft",
                      "--author", OTHER_AUTHOR[0])
        self.add_post("A published story", f"![]({path})\n", "--author", OTHER_AUTHOR[0])
        edit = f"/admin/media/{media_id}/"
        for page in (author.get(edit), author.get(edit + "delete/")):
            self.assertEqual(page.status, 200)
            self.assertNotIn("secret draft", page.text)
            self.assertIn("A published story", page.text)
            self.assertIn("1 other item you cannot see", page.text)
        token = author.get(edit + "delete/").html().value("_wpnonce")
        refused = author.post_form(edit + "delete/", {"_wpnonce": token})
        self.assertEqual(refused.status, 409)
        self.assertNotIn("secret draft", refused.text)
        self.assertIn("1 other item you cannot see", refused.text)
        # An editor may edit both, so sees both, with links.
        editor = self.login(EDITOR)
        page = editor.get(edit)
        self.assertEqual(page.status, 200)
        self.assertIn("Bob secret draft", page.text)
        self.assertNotIn("other item", page.text)


class MediaLimitTest(MediaTestBase):
    SETTINGS = {"max_upload_mb": 1}

    def raw_upload(self, cookie: str, token: str, body_size: int,
                   send_body: int) -> tuple[int, bytes]:
        """Sends the head of an upload announcing body_size bytes and only send_body of them,
        then reads the answer (the server must not wait for the rest)."""
        with socket.create_connection((self.server.host, self.server.port), timeout=10) as sock:
            head = (f"POST /admin/media/?_wpnonce={token} HTTP/1.1\r\n"
                    f"Host: {self.server.host}\r\n"
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
        token = self.token(client)  # a session exists
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        before = self.uploads_files()
        status, data = self.raw_upload(cookie, token, 50 * 1024 * 1024, 1024)
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


class PixelBudgetTest(MediaTestBase):
    """`serve --upload-megapixels N`: the image pixels one address may upload per ten minutes
    (each is decoded once); past it, 429 with when to try again, and nothing is stored. Other
    files are not counted."""

    SERVER_ARGS = ("--upload-megapixels", "1")

    def test_large_images_again_and_again_wait_their_turn(self):
        client = self.login()
        self.upload_ok(client, "first.png", make_png(800, 800))  # 0.64 of the 1 megapixel
        before = self.uploads_files()
        resp = self.upload(client, "second.png", make_png(800, 800))
        self.assertEqual(resp.status, 429, resp.text[:2000])
        self.assertIn("many large images in a short time; please try again in", resp.text)
        self.assertEqual(self.uploads_files(), before)
        self.upload_ok(client, "small.png", make_png(300, 300))  # what is left still fits


if __name__ == "__main__":
    import unittest
    unittest.main()
