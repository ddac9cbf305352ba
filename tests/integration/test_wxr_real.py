"""Every real WordPress export in tests/data/wxr/real-world/ (SOURCE.md says where each comes
from) imports whole into a fresh data folder: what each file holds is counted here from the file
itself, leniently (regular expressions over its <item> blocks, since some real exports are not
well-formed XML: 12 uses the atom: prefix without declaring it), never from the importer's
report. Then, over HTTP, every approved comment of a published item answers at its item as
id="comment-ID" with its original id while held, spam and trashed ones are absent; and importing
the same file again changes nothing."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
import unittest
import urllib.parse

import quire_harness
import test_media  # its sample images
import test_wxr  # its database counts
from quire_harness import QuireServer, run_cli

REAL = os.path.join(quire_harness.WXR_DATA, "real-world")
FILES = sorted(os.path.join(REAL, n) for n in os.listdir(REAL) if n.endswith(".xml"))
KEPT_STATUSES = {"publish", "draft", "pending", "private", "future", "trash"}
IMPORT_TIMEOUT_S = 120  # the largest file (3.5 MB) takes a few seconds

CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)


class Lenient:
    """A WXR file read with regular expressions: CDATA sections are set aside first (they may
    hold anything, "<item>" included), then items, fields and comments are found by tag."""

    def __init__(self, path: str):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        self.cdata: list[str] = []

        def keep(match):
            self.cdata.append(match.group(1))
            return f"\x00{len(self.cdata) - 1}\x00"

        self.text = CDATA.sub(keep, text)

    def value(self, raw: str) -> str:
        raw = re.sub(r"\x00(\d+)\x00", lambda m: self.cdata[int(m.group(1))], raw)
        for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#039;", "'"),
                             ("&amp;", "&")):
            raw = raw.replace(entity, char)
        return raw.strip()

    def field(self, block: str, name: str) -> str:
        match = re.search(rf"<wp:{name}>(.*?)</wp:{name}>", block, re.S)
        return self.value(match.group(1)) if match else ""

    def items(self):
        for block in re.findall(r"<item>(.*?)</item>", self.text, re.S):
            comments = [{"id": self.field(c, "comment_id"),
                         "approved": self.field(c, "comment_approved"),
                         "type": self.field(c, "comment_type")}
                        for c in re.findall(r"<wp:comment>(.*?)</wp:comment>", block, re.S)]
            without_comments = re.sub(r"<wp:comment>.*?</wp:comment>", "", block, flags=re.S)
            yield {"id": self.field(without_comments, "post_id"),
                   "type": self.field(without_comments, "post_type"),
                   "status": self.field(without_comments, "status"),
                   "password": self.field(without_comments, "post_password"),
                   "comments": comments}


def expected(path: str):
    """Counts per kind, and the published items with their comments by status."""
    counts: dict = {}
    published = []
    seen = set()
    for item in Lenient(path).items():
        if item["type"] == "attachment":
            counts["attachments"] = counts.get("attachments", 0) + 1
            continue
        if item["type"] not in ("post", "page") or item["status"] not in KEPT_STATUSES:
            continue
        if item["id"] in seen:
            continue
        seen.add(item["id"])
        key = f"{item['type']} {item['status']}"
        counts[key] = counts.get(key, 0) + 1
        comments = [c for c in item["comments"] if c["type"] != "note"]
        for c in comments:
            status = "trash" if c["approved"] == "post-trashed" else c["approved"]
            counts[f"comment {status}"] = counts.get(f"comment {status}", 0) + 1
        if item["status"] == "publish" and not item["password"] and comments:
            published.append(item)
    return counts, published


def db_counts(data_dir: str) -> dict:
    """Items and comments by type and status, and attachments (test_wxr.db_counts without the
    terms, which the lenient reading here does not count)."""
    counts = test_wxr.db_counts(data_dir)
    return {k: v for k, v in counts.items() if k not in ("categories", "tags")}


def db_dump(data_dir: str) -> dict:
    """Every row of every table (what "changes nothing" is checked against)."""
    db = sqlite3.connect(f"file:{os.path.join(data_dir, 'quire.db')}?mode=ro", uri=True)
    try:
        tables = [name for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        dump = {}
        for table in tables:
            try:
                dump[table] = sorted(map(repr, db.execute(f'SELECT * FROM "{table}"')))
            except sqlite3.DatabaseError:
                continue  # a virtual table's shadow that cannot be read on its own
        return dump
    finally:
        db.close()


minus = test_wxr.minus


class WxrRealExportsTest(unittest.TestCase):
    """One subtest per file: import, counts, comments over HTTP, import again."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="quire-wxr-real-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_the_set_is_there(self):
        self.assertEqual(len(FILES), 10, REAL)

    def test_every_real_export_imports_whole_and_again_changes_nothing(self):
        for path in FILES:
            name = os.path.basename(path)
            with self.subTest(file=name):
                self.check_file(path, os.path.join(self.tmp, name))

    def import_03_with_upload(self, png: bytes, name: str) -> tuple[str, dict[str, bytes]]:
        """Imports 03 with an --uploads folder holding `png` as its 2012/06/up-1.png, which
        attachments 1221 and 1222 both name: the data folder and each stored copy's bytes."""
        path = os.path.join(REAL, "03-everet-wp35-zh.xml")
        uploads = os.path.join(self.tmp, name + "-uploads")
        os.makedirs(os.path.join(uploads, "2012", "06"))
        with open(os.path.join(uploads, "2012", "06", "up-1.png"), "wb") as f:
            f.write(png)
        data_dir = os.path.join(self.tmp, name + "-site")
        result = run_cli("import", "wxr", "--uploads", uploads, path, data=data_dir)
        self.assertRegex(result.stdout, r"Uploads: 2 copied")
        stored = {}
        for copy in ("up-1.png", "up-1-1.png"):
            with open(os.path.join(data_dir, "uploads", "2012", "06", copy), "rb") as f:
                stored[copy] = f.read()
        return data_dir, stored

    def test_two_attachments_of_one_file_both_get_its_bytes(self):
        # 03 holds attachments 1221 and 1222, both of 2012/06/up-1.png: the second is imported
        # as WordPress does, as a copy under a new name, and --uploads gives it the same bytes.
        png = test_media.make_png(1, 1)  # without metadata: stored as it is
        data_dir, stored = self.import_03_with_upload(png, "plain")
        for name, data in stored.items():
            self.assertEqual(data, png, name)
        db = sqlite3.connect(f"file:{os.path.join(data_dir, 'quire.db')}?mode=ro", uri=True)
        try:
            rows = db.execute("SELECT original_id, file FROM media WHERE original_id IN "
                              "(1221, 1222) ORDER BY original_id").fetchall()
        finally:
            db.close()
        self.assertEqual(rows, [(1221, "2012/06/up-1.png"), (1222, "2012/06/up-1-1.png")])

    def test_uploads_are_stored_without_their_gps_position_or_camera(self):
        # Issue 10: an original copied by --uploads is cleaned as an upload's is.
        photo = test_media.photo_png(40, 30)
        self.assertIn((b"eXIf", test_media.exif_with_gps()), test_media.png_chunks(photo))
        _, stored = self.import_03_with_upload(photo, "photo")
        for name, data in stored.items():
            chunks = test_media.png_chunks(data)
            self.assertEqual(chunks[0][0], b"IHDR", name)
            for kind, block in chunks:
                self.assertNotIn(kind, (b"tEXt", b"zTXt", b"iTXt"), name)
                if kind == b"eXIf":
                    self.assertNotIn(0x8825, test_media.tiff_tags(block), name)
            for word in test_media.PRIVATE_WORDS:
                self.assertNotIn(word, data, name)

    def check_file(self, path: str, data_dir: str):
        run_cli("init", data=data_dir)  # a new site
        # Without its sample post and comment, which would take id 1 from the file's own (the
        # sample's collisions are checked where the sample is dealt with, not here).
        db = sqlite3.connect(os.path.join(data_dir, "quire.db"))
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("DELETE FROM comments")
        db.execute("DELETE FROM posts")
        db.commit()
        db.close()
        before = db_counts(data_dir)
        result = run_cli("import", "wxr", path, data=data_dir, check=False)
        self.assertEqual(result.code, 0, result.stderr)
        self.assertNotIn("sqlite", result.stdout.lower() + result.stderr.lower())
        counts, published = expected(path)
        self.assertEqual(counts, minus(db_counts(data_dir), before))
        if "12-" in os.path.basename(path):
            self.assertRegex(result.stdout, r"\.xml:49:\d+: the namespace prefix 'atom:'")
        if "03-" in os.path.basename(path):
            self.assertIn("has the same file as attachment 1221", result.stdout)

        if published:
            self.check_comments_over_http(data_dir, published)
        # (after the server ran: at its start it clears IP addresses past their retention)
        first = db_dump(data_dir)
        again = run_cli("import", "wxr", path, data=data_dir, check=False)
        self.assertEqual(again.code, 0, again.stderr)
        self.assertNotIn("Created:", again.stdout)
        self.assertEqual(first, db_dump(data_dir))

    def check_comments_over_http(self, data_dir: str, published: list):
        server = QuireServer(data_dir=data_dir).start()
        try:
            client = server.client()
            for item in published:
                query = "page_id" if item["type"] == "page" else "p"
                resp = client.get(f"/?{query}={item['id']}")
                if resp.status in (301, 302):
                    resp = client.get(resp.location_path())
                self.assertEqual(resp.status, 200, f"?{query}={item['id']}")
                ids = set(resp.html().ids())
                for c in item["comments"]:
                    anchor = f"comment-{c['id']}"
                    if c["approved"] == "1":
                        self.assertIn(anchor, ids, f"item {item['id']}")
                    else:
                        self.assertNotIn(anchor, ids, f"item {item['id']} ({c['approved']})")
        finally:
            code = server.stop()
            server.cleanup()
        self.assertEqual(code, 0)


if __name__ == "__main__":
    unittest.main()
