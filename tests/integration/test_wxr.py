"""WordPress import and export (`quire import wxr`, `quire export wxr`) on the real export files
of ../shared/data/wxr: what each file holds is counted here from the XML with xml.etree (never
from the importer's report) and compared with what the database holds afterwards."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

import quire_harness
from quire_harness import QuireServer, run_cli

DATA = quire_harness.WXR_DATA
FIXTURES = os.path.join(DATA, "importer-fixtures")
THEME = os.path.join(DATA, "theme-unit-test.xml")
GOOD = [THEME] + [os.path.join(FIXTURES, n) for n in (
    "small-export.xml", "valid-wxr-1.0.xml", "test-serialized-comment-meta.xml",
    "crazy-cdata-escaped.xml", "wxr-with-note-comments.xml")]
KEPT_STATUSES = {"publish", "draft", "pending", "private", "future", "trash"}
NS_CONTENT = "{http://purl.org/rss/1.0/modules/content/}"


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def wp(elem, name: str) -> str:
    """The text of elem's child wp:NAME, whatever wp namespace version the file binds."""
    for child in elem:
        if local(child.tag) == name and "wordpress.org/export" in child.tag:
            return (child.text or "").strip()
    return ""


def expected_counts(path: str) -> dict:
    """What the file should give, counted from its XML."""
    channel = ET.parse(path).getroot().find("channel")
    counts: dict = {}
    seen_ids = set()
    categories, tags = set(), set()
    for elem in channel:
        name = local(elem.tag)
        if name == "category" and "wordpress.org" in elem.tag:
            categories.add(urllib.parse.unquote(wp(elem, "category_nicename")))
        elif name == "tag":
            tags.add(urllib.parse.unquote(wp(elem, "tag_slug")))
        elif name == "term" and wp(elem, "term_taxonomy") == "category":
            categories.add(urllib.parse.unquote(wp(elem, "term_slug")))
    for item in channel.findall("item"):
        ptype, status, pid = wp(item, "post_type"), wp(item, "status"), wp(item, "post_id")
        if ptype == "attachment":
            counts["attachments"] = counts.get("attachments", 0) + 1
            continue
        if ptype not in ("post", "page") or status not in KEPT_STATUSES or pid in seen_ids:
            continue
        seen_ids.add(pid)
        key = f"{ptype} {status}"
        counts[key] = counts.get(key, 0) + 1
        for cat in item.findall("category"):
            if cat.get("nicename") is None:
                continue
            domain = cat.get("domain")
            slug = urllib.parse.unquote(cat.get("nicename"))
            if domain == "category":
                categories.add(slug)
            elif domain in ("post_tag", "tag"):
                tags.add(slug)
        for comment in item:
            if local(comment.tag) != "comment" or "wordpress.org" not in comment.tag:
                continue
            if wp(comment, "comment_type") == "note":
                continue
            approved = wp(comment, "comment_approved")
            approved = "trash" if approved == "post-trashed" else approved
            counts[f"comment {approved}"] = counts.get(f"comment {approved}", 0) + 1
    counts["categories"] = len(categories)
    counts["tags"] = len(tags)
    return counts


def db_counts(data_dir: str) -> dict:
    """What the data folder holds, read with sqlite3."""
    db = sqlite3.connect(f"file:{os.path.join(data_dir, 'quire.db')}?mode=ro", uri=True)
    try:
        counts: dict = {}
        for ptype, status, n in db.execute(
                "SELECT type, status, COUNT(*) FROM posts GROUP BY type, status"):
            counts[f"{ptype} {status}"] = n
        for status, n in db.execute("SELECT status, COUNT(*) FROM comments GROUP BY status"):
            counts[f"comment {status}"] = n
        counts["attachments"] = db.execute("SELECT COUNT(*) FROM media").fetchone()[0]
        counts["categories"] = db.execute(
            "SELECT COUNT(*) FROM terms WHERE taxonomy = 'category'").fetchone()[0]
        counts["tags"] = db.execute(
            "SELECT COUNT(*) FROM terms WHERE taxonomy = 'post_tag'").fetchone()[0]
        return {k: v for k, v in counts.items() if v}
    finally:
        db.close()


def db_rows(data_dir: str) -> dict:
    """Everything an import writes, as comparable rows."""
    db = sqlite3.connect(f"file:{os.path.join(data_dir, 'quire.db')}?mode=ro", uri=True)
    try:
        return {
            "posts": db.execute("SELECT * FROM posts ORDER BY id").fetchall(),
            "comments": db.execute("SELECT * FROM comments ORDER BY id").fetchall(),
            "terms": db.execute("SELECT * FROM terms ORDER BY id").fetchall(),
            "post_terms": db.execute("SELECT * FROM post_terms ORDER BY 1, 2").fetchall(),
            "users": db.execute("SELECT id, login FROM users ORDER BY id").fetchall(),
            "media": db.execute("SELECT id, file FROM media ORDER BY id").fetchall(),
        }
    finally:
        db.close()


def snapshot(data_dir: str) -> dict:
    """Every file of the folder and its SHA-256."""
    out = {}
    for root, _, files in os.walk(data_dir):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, data_dir)] = hashlib.sha256(f.read()).hexdigest()
    return out


def minus(after: dict, before: dict) -> dict:
    keys = set(after) | set(before)
    diff = {k: after.get(k, 0) - before.get(k, 0) for k in keys}
    return {k: v for k, v in diff.items() if v}


class WxrImportTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="quire-wxr-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def fresh(self, name: str) -> str:
        """A new site's data folder (with the sample post a new site starts with)."""
        d = os.path.join(self.tmp, name)
        run_cli("init", data=d)
        return d

    def test_every_fixture_imports_with_the_counts_it_holds(self):
        for path in GOOD:
            with self.subTest(fixture=os.path.basename(path)):
                d = self.fresh(os.path.basename(path))
                self.assertEqual(db_counts(d), {"post publish": 1, "comment 1": 1})
                result = run_cli("import", "wxr", path, data=d)
                self.assertIn("Created", result.stdout)
                expected = expected_counts(path)
                # The new site's untouched sample post and comment gave way to the file.
                got = minus(db_counts(d), {})
                self.assertEqual({k: v for k, v in expected.items() if v}, got)

    def test_reimport_changes_nothing(self):
        d = self.fresh("twice")
        run_cli("import", "wxr", THEME, data=d)
        first = db_rows(d)
        second_run = run_cli("import", "wxr", THEME, data=d)
        self.assertNotIn("Created:", second_run.stdout)
        self.assertEqual(first, db_rows(d))

    def test_dry_run_changes_nothing(self):
        d = self.fresh("dry")
        before = db_rows(d)
        result = run_cli("import", "wxr", "--dry-run", THEME, data=d)
        self.assertIn("Nothing was changed", result.stdout)
        self.assertIn("posts", result.stdout)
        self.assertEqual(before, db_rows(d))

    def test_bad_files_fail_with_line_and_column_and_change_nothing(self):
        d = self.fresh("bad")
        run_cli("import", "wxr", os.path.join(FIXTURES, "small-export.xml"), data=d)
        with open(os.path.join(FIXTURES, "small-export.xml"), "rb") as f:
            good = f.read()
        truncated = os.path.join(self.tmp, "truncated.xml")
        with open(truncated, "wb") as f:
            f.write(good[: len(good) * 2 // 3])
        latin1 = os.path.join(self.tmp, "latin1.xml")
        with open(latin1, "wb") as f:
            f.write(good.replace(b"<title>trunk</title>", b"<title>caf\xe9</title>"))
        unknown = os.path.join(self.tmp, "version.xml")
        with open(unknown, "wb") as f:
            f.write(good.replace(b"<wp:wxr_version>1.1<", b"<wp:wxr_version>7.3<"))
        before = snapshot(d)
        cases = [(os.path.join(FIXTURES, "malformed.xml"), ":27:"), (truncated, ":"),
                 (latin1, ":"), (unknown, "unknown WXR version '7.3'")]
        for path, expected in cases:
            with self.subTest(file=os.path.basename(path)):
                result = run_cli("import", "wxr", path, data=d, check=False)
                self.assertNotEqual(result.code, 0)
                self.assertRegex(result.stderr, r"\.xml:\d+:\d+: ")
                self.assertIn(expected, result.stderr)
                self.assertEqual(before, snapshot(d))

    def test_round_trip_keeps_posts_terms_comments_and_urls(self):
        a = self.fresh("a")
        run_cli("import", "wxr", THEME, data=a)
        # a holds only the file's items, so that b can give them the same numbers
        db = sqlite3.connect(os.path.join(a, "quire.db"))
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("DELETE FROM posts WHERE guid = ''")
        db.commit()
        db.close()
        exported = os.path.join(self.tmp, "export.xml")
        run_cli("export", "wxr", "--out", exported, data=a)
        with open(exported, encoding="utf-8") as f:
            head = f.read(2000)
        self.assertIn("email addresses and IP addresses", head)
        b = self.fresh("b")
        run_cli("import", "wxr", exported, data=b)

        def content(d):
            db = sqlite3.connect(f"file:{os.path.join(d, 'quire.db')}?mode=ro", uri=True)
            try:
                posts = db.execute(
                    "SELECT id, type, slug, title, status, published_at, parent_id, menu_order, "
                    "sticky, password, comments_open FROM posts WHERE guid <> '' ORDER BY id"
                ).fetchall()
                comments = db.execute(
                    "SELECT c.id, c.post_id, c.parent_id, c.status, c.created_at, c.author, "
                    "c.email, c.content FROM comments c JOIN posts p ON p.id = c.post_id "
                    "WHERE p.guid <> '' AND c.status <> 'spam' ORDER BY c.id").fetchall()
                terms = db.execute(
                    "SELECT t.taxonomy, t.slug, t.name, COALESCE(p.slug, '') FROM terms t "
                    "LEFT JOIN terms p ON p.id = t.parent_id ORDER BY 1, 2").fetchall()
                links = db.execute(
                    "SELECT p.id, t.taxonomy, t.slug FROM post_terms pt JOIN posts p "
                    "ON p.id = pt.post_id JOIN terms t ON t.id = pt.term_id WHERE p.guid <> '' "
                    "ORDER BY 1, 2, 3").fetchall()
                structure = db.execute(
                    "SELECT value FROM settings WHERE key = 'permalink_structure'").fetchall()
                return posts, comments, terms, links, structure
            finally:
                db.close()

        pa, ca, ta, la, sa = content(a)
        pb, cb, tb, lb, sb = content(b)
        self.assertEqual(len(pa), 79)
        self.assertEqual(pa, pb)
        self.assertEqual(ca, cb)
        self.assertEqual(ta, tb)
        self.assertEqual(la, lb)
        self.assertEqual(sa, sb)


class WxrUrlsTest(unittest.TestCase):
    """After importing theme-unit-test, its permalinks and ?p=ID answer over HTTP."""

    @classmethod
    def setUpClass(cls):
        cls.server = QuireServer()
        run_cli("import", "wxr", THEME, data=cls.server.data_dir)
        quire_harness.relax_spam_defence(cls.server)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        cls.server.cleanup()
        if code != 0:
            raise AssertionError(f"quire serve exited {code}")

    def published_posts(self):
        """Published posts whose link is their permalink (date and slug); the import takes the
        file's UTC offset, so their local dates are in Quire's permalinks too."""
        channel = ET.parse(THEME).getroot().find("channel")
        for item in channel.findall("item"):
            link_path = urllib.parse.urlsplit(item.findtext("link") or "").path
            date = wp(item, "post_date")
            # the file was edited by hand over the years: some links are stale
            if link_path != f"/{date[:4]}/{date[5:7]}/{date[8:10]}/{wp(item, 'post_name')}/":
                continue
            if wp(item, "post_type") == "post" and wp(item, "status") == "publish":
                approved = [wp(c, "comment_id") for c in item
                            if local(c.tag) == "comment" and "wordpress.org" in c.tag
                            and wp(c, "comment_approved") == "1"
                            and wp(c, "comment_type") != "note"]
                yield wp(item, "post_id"), urllib.parse.urlsplit(item.findtext("link")).path, \
                    approved

    def test_original_permalinks_show_the_post_with_its_comments(self):
        client = self.server.client()
        checked = 0
        protected = {wp(item, "post_id") for item in
                     ET.parse(THEME).getroot().find("channel").findall("item")
                     if wp(item, "post_password")}
        for post_id, path, approved in self.published_posts():
            with self.subTest(path=path):
                resp = client.get(path)
                self.assertEqual(resp.status, 200, path)
                ids = set(resp.html().ids())
                if post_id in protected:
                    # the password form instead of the body and comments
                    self.assertIn(f"pwbox-{post_id}", ids)
                    approved = []
                for cid in approved:
                    self.assertIn(f"comment-{cid}", ids)
                checked += 1
        self.assertGreater(checked, 30)
        self.assertTrue(protected)

    def test_plain_links_by_original_id_redirect_to_the_permalink(self):
        client = self.server.client()
        for post_id, path, _ in list(self.published_posts())[:10]:
            with self.subTest(post_id=post_id):
                resp = client.get(f"/?p={post_id}")
                self.assertIn(resp.status, (301, 302))
                self.assertEqual(urllib.parse.unquote(resp.location_path()),
                                 urllib.parse.unquote(path))


if __name__ == "__main__":
    unittest.main()
