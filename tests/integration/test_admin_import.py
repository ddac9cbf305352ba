"""The admin's WordPress import and export screens with the real binary: an administrator uploads
the export files of ../shared/data/wxr to /admin/import/ (multipart, CSRF); the dry run's report
shows what each file holds — counted here from the XML with xml.etree, never from the importer —
and changes nothing; Confirm imports the same kept file (original permalinks then resolve); a
malformed file shows its line and column and changes nothing; an upload over the limit is 413
before its body is read; editors get 403; and /admin/export/ downloads a WXR file that xmllint
accepts and that holds the imported titles."""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import tempfile
import unittest
import urllib.parse
import uuid
import xml.etree.ElementTree as ET

import quire_harness

DATA = quire_harness.WXR_DATA
FIXTURES = os.path.join(DATA, "importer-fixtures")
THEME = os.path.join(DATA, "theme-unit-test.xml")
SMALL_FIXTURES = [os.path.join(FIXTURES, n) for n in (
    "small-export.xml", "valid-wxr-1.0.xml", "test-serialized-comment-meta.xml",
    "crazy-cdata-escaped.xml", "wxr-with-note-comments.xml")]
MALFORMED = os.path.join(FIXTURES, "malformed.xml")
KEPT_STATUSES = {"publish", "draft", "pending", "private", "future", "trash"}
COMMENT_STATUS = {"1": "approved", "0": "pending", "post-trashed": "trash"}

ADMIN = ("siteadmin", "siteadmin@example.com", "an administrator's long passphrase",
         "administrator")
EDITOR = ("eddie", "eddie@example.com", "an editor's long passphrase", "editor")


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def is_wp(elem) -> bool:
    return "wordpress.org/export" in elem.tag


def wp(elem, name: str) -> str:
    """The text of elem's child wp:NAME, whatever wp namespace version the file binds."""
    for child in elem:
        if local(child.tag) == name and is_wp(child):
            return (child.text or "").strip()
    return ""


def kept_items(channel):
    """The file's posts and pages the import keeps (each original id once)."""
    seen = set()
    for item in channel.findall("item"):
        ptype, status, pid = wp(item, "post_type"), wp(item, "status"), wp(item, "post_id")
        if ptype in ("post", "page") and status in KEPT_STATUSES and pid not in seen:
            seen.add(pid)
            yield item


def expected_report(path: str) -> tuple[dict, dict]:
    """What the report should count for the file, per kind, and what it leaves out."""
    channel = ET.parse(path).getroot().find("channel")
    counts: dict = {}
    skipped: dict = {}

    def add(table: dict, key: str) -> None:
        table[key] = table.get(key, 0) + 1

    categories, tags, authors = set(), set(), set()
    for elem in channel:
        if not is_wp(elem):
            continue
        name = local(elem.tag)
        if name == "author":
            authors.add(wp(elem, "author_login"))
        elif name == "category":
            categories.add(urllib.parse.unquote(wp(elem, "category_nicename")))
        elif name == "tag":
            tags.add(urllib.parse.unquote(wp(elem, "tag_slug")))
        elif name == "term" and wp(elem, "term_taxonomy") in ("category", "post_tag"):
            target = categories if wp(elem, "term_taxonomy") == "category" else tags
            target.add(urllib.parse.unquote(wp(elem, "term_slug")))
    has_author_list = bool(authors)
    for item in channel.findall("item"):
        ptype = wp(item, "post_type")
        if ptype == "attachment":
            add(counts, "attachments")
        elif ptype == "nav_menu_item":
            add(skipped, "nav_menu_item items")
    for item in kept_items(channel):
        add(counts, "posts" if wp(item, "post_type") == "post" else "pages")
        if not has_author_list:
            for child in item:
                if local(child.tag) == "creator" and child.text:
                    authors.add(child.text.strip())
        for cat in item.findall("category"):
            if cat.get("nicename") is None:
                continue
            slug = urllib.parse.unquote(cat.get("nicename"))
            if cat.get("domain") == "category":
                categories.add(slug)
            elif cat.get("domain") in ("post_tag", "tag"):
                tags.add(slug)
        for comment in item:
            if local(comment.tag) != "comment" or not is_wp(comment):
                continue
            if wp(comment, "comment_type") == "note":
                add(skipped, "editorial notes (never public)")
                continue
            approved = wp(comment, "comment_approved")
            add(counts, "comments " + COMMENT_STATUS.get(approved, approved))
    for kind, names in (("categories", categories), ("tags", tags), ("authors", authors)):
        if names:
            counts[kind] = len(names)
    return counts, skipped


def report_counts(html: quire_harness.Html) -> dict:
    """Created + already-here per kind, as the report's table shows them."""
    out = {}
    for row in html.find_all("tr"):
        kind = row.get("data-kind")
        if kind is None:
            continue
        created = int(row.find("td", class_="created").text())
        matched = int(row.find("td", class_="matched").text())
        out[kind] = (created, matched)
    return out


def db_rows(data_dir: str) -> dict:
    """What an import writes, as comparable rows."""
    db = sqlite3.connect(f"file:{os.path.join(data_dir, 'quire.db')}?mode=ro", uri=True)
    try:
        return {table: db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
                for table in ("posts", "comments", "terms", "post_terms", "media")} | {
            "users": db.execute("SELECT id, login FROM users ORDER BY id").fetchall()}
    finally:
        db.close()


def multipart(fields: dict, file_name: str, content: bytes) -> tuple[bytes, str]:
    boundary = "----quire" + uuid.uuid4().hex
    parts = [f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
             f"{value}\r\n".encode() for name, value in fields.items()]
    parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"import\"; "
                 f"filename=\"{file_name}\"\r\nContent-Type: text/xml\r\n\r\n".encode()
                 + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class AdminImportTest(quire_harness.QuireTestCase):
    """The tests run in name order: the theme unit test file first, into the new site."""

    USERS = (ADMIN, EDITOR)

    def login(self, user=ADMIN) -> quire_harness.HttpClient:
        return super().login(user)

    def token(self, client, path="/admin/import/", form_id="import-upload") -> str:
        page = client.get(path)
        self.assertEqual(page.status, 200, page.text[:2000])
        token = page.html().value("_wpnonce", within=page.html().by_id(form_id))
        self.assertTrue(token)
        return token

    def upload(self, client, path: str, authors: str = "create") -> quire_harness.Response:
        with open(path, "rb") as f:
            content = f.read()
        token = self.token(client)
        body, content_type = multipart({"_wpnonce": token, "authors": authors},
                                       os.path.basename(path), content)
        # The form's action carries the token too: it is checked from the head (issue 10).
        return client.request("POST", "/admin/import/?_wpnonce=" + token, body=body,
                              headers={"Content-Type": content_type})

    def confirm(self, client, dry_run: quire_harness.Response) -> quire_harness.Response:
        form = dry_run.html().by_id("import-confirm")
        self.assertIsNotNone(form, dry_run.text[:3000])
        fields = {name: dry_run.html().value(name, within=form)
                  for name in ("_wpnonce", "token", "name", "authors")}
        return client.post_form(form.get("action"), fields)

    def pending_files(self) -> list:
        folder = os.path.join(self.server.data_dir, "import-pending")
        return sorted(os.listdir(folder)) if os.path.isdir(folder) else []

    def check_dry_run(self, path: str, dry_run: quire_harness.Response) -> dict:
        """The report's counts are the file's; returns them (created, matched) per kind."""
        self.assertEqual(dry_run.status, 200, dry_run.text[:3000])
        html = dry_run.html()
        expected, skipped = expected_report(path)
        shown = report_counts(html)
        # Comments already here are counted together ("comments"), new ones by status.
        def comments_together(counts: dict) -> dict:
            out = {k: v for k, v in counts.items() if not k.startswith("comments")}
            total = sum(v for k, v in counts.items() if k.startswith("comments"))
            return out | ({"comments": total} if total else {})

        totals = {kind: created + matched for kind, (created, matched) in shown.items()
                  if kind != "terms"}
        self.assertEqual(comments_together(totals), comments_together(expected),
                         os.path.basename(path))
        if "comments" not in shown:
            by_status = {k: v for k, v in totals.items() if k.startswith("comments ")}
            self.assertEqual(by_status, {k: v for k, v in expected.items()
                                         if k.startswith("comments ")})
        for reason, n in skipped.items():
            item = next((li for li in html.find_all("li") if li.get("data-reason") == reason),
                        None)
            self.assertIsNotNone(item, f"{reason} not reported\n{dry_run.text[:3000]}")
            self.assertEqual(int(item.find("span", class_="count").text()), n, reason)
        return shown

    def test_1_theme_unit_test_dry_run_then_confirm(self):
        client = self.login()
        before = db_rows(self.server.data_dir)
        dry_run = self.upload(client, THEME)
        shown = self.check_dry_run(THEME, dry_run)
        structure = dry_run.html().find("code", class_="permalink-structure")
        self.assertIsNotNone(structure, "a new site adopts the file's permalink structure")
        self.assertEqual(structure.text(), "/%year%/%monthnum%/%day%/%postname%/")
        self.assertEqual(db_rows(self.server.data_dir), before, "a dry run changes nothing")
        self.assertEqual(len(self.pending_files()), 1)

        done = self.confirm(client, dry_run)
        self.assertEqual(done.status, 200, done.text[:3000])
        self.assertIsNone(done.html().by_id("import-confirm"))
        self.assertEqual(report_counts(done.html()), shown, "the same file was imported")
        self.assertEqual(self.pending_files(), [], "the kept file is deleted once imported")
        after = db_rows(self.server.data_dir)
        # The new site held only its untouched sample post and comment: they gave way.
        self.assertEqual((len(before["posts"]), len(before["comments"])), (1, 1))
        self.assertEqual(len(after["posts"]), shown["posts"][0] + shown["pages"][0])
        self.assertEqual(len(after["comments"]),
                         sum(c for kind, (c, _) in shown.items() if kind.startswith("comments")))

        again = self.confirm(client, dry_run)
        self.assertEqual(again.status, 404)
        self.assertIn("expired or was already imported", again.text)

        # The original permalinks now resolve, with the structure the report named.
        channel = ET.parse(THEME).getroot().find("channel")
        dated = re.compile(r"^/\d{4}/\d\d/\d\d/[^/]+/$")
        published = [i for i in kept_items(channel) if wp(i, "post_type") == "post"
                     and wp(i, "status") == "publish" and wp(i, "post_password") == ""
                     and dated.match(quire_harness.path_of(i.findtext("link")))]
        self.assertGreaterEqual(len(published), 3)
        for item in published[:3]:
            link = quire_harness.path_of(item.findtext("link"))
            title = item.findtext("title")
            quire_harness.eventually(lambda: self.assertEqual(
                self.client().get(link).status, 200, link))
            self.assertIn(quire_harness.normalize_quotes(title.strip()),
                          quire_harness.normalize_quotes(self.get_ok(link).text), link)

    def test_2_fixtures_dry_run_then_confirm(self):
        client = self.login()
        for path in SMALL_FIXTURES:
            with self.subTest(os.path.basename(path)):
                before = db_rows(self.server.data_dir)
                dry_run = self.upload(client, path)
                self.check_dry_run(path, dry_run)
                self.assertEqual(db_rows(self.server.data_dir), before)
                done = self.confirm(client, dry_run)
                self.assertEqual(done.status, 200, done.text[:3000])
                self.assertIn("The file was imported.", done.text)
        # A second upload of an imported file finds everything already here.
        shown = self.check_dry_run(SMALL_FIXTURES[0], self.upload(client, SMALL_FIXTURES[0]))
        self.assertTrue(shown)
        self.assertEqual([kind for kind, (created, _) in shown.items() if created], [])

    def test_3_malformed_file_shows_line_and_column_and_changes_nothing(self):
        client = self.login()
        before = db_rows(self.server.data_dir)
        pending = self.pending_files()
        resp = self.upload(client, MALFORMED)
        self.assertEqual(resp.status, 400, resp.text[:3000])
        error = resp.html().find("div", role="alert")
        self.assertIsNotNone(error, resp.text[:3000])
        match = re.search(r"malformed\.xml:(\d+):(\d+): ", error.text())
        self.assertIsNotNone(match, error.text())
        with open(MALFORMED, encoding="utf-8") as f:
            line = f.read().split("\n")[int(match.group(1)) - 1]
        self.assertIn("notachanneltag", line, "the line named is where the file goes wrong")
        self.assertIn("Nothing was imported.", error.text())
        self.assertNotIn(self.server.data_dir, resp.text, "the server's paths stay private")
        self.assertIsNotNone(resp.html().by_id("import-upload"), "the form is offered again")
        self.assertEqual(db_rows(self.server.data_dir), before)
        self.assertEqual(self.pending_files(), pending)

    def test_4_editors_get_403(self):
        editor = self.login(EDITOR)
        nav = [href for href, _ in editor.get("/admin/").html().links()]
        self.assertIn("/admin/pages/", nav)
        self.assertNotIn("/admin/import/", nav)
        self.assertNotIn("/admin/export/", nav)
        for method, path in (("GET", "/admin/import/"), ("GET", "/admin/export/"),
                             ("POST", "/admin/import/"), ("POST", "/admin/import/confirm/"),
                             ("POST", "/admin/export/")):
            with self.subTest(f"{method} {path}"):
                if method == "GET":
                    resp = editor.get(path)
                else:
                    resp = editor.post_form(path, {"_wpnonce": "x", "token": "y"})
                self.assertEqual(resp.status, 403, resp.text[:1000])
        with open(SMALL_FIXTURES[0], "rb") as f:
            body, content_type = multipart({"_wpnonce": "x"}, "small.xml", f.read())
        resp = editor.request("POST", "/admin/import/", body=body,
                              headers={"Content-Type": content_type})
        self.assertEqual(resp.status, 403)
        admin_nav = [href for href, _ in self.login().get("/admin/").html().links()]
        for path in ("/admin/posts/", "/admin/pages/", "/admin/categories/", "/admin/tags/",
                     "/admin/media/", "/admin/import/", "/admin/export/"):
            self.assertIn(path, admin_nav)

    def test_5_upload_over_the_limit_is_413_before_its_body_is_read(self):
        client = self.login()
        token = self.token(client)
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        with socket.create_connection((self.server.host, self.server.port), timeout=10) as sock:
            head = (f"POST /admin/import/?_wpnonce={token} HTTP/1.1\r\n"
                    f"Host: {self.server.host}\r\n"
                    f"Cookie: {cookie}\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                    f"Content-Length: {200 * 1024 * 1024}\r\n\r\n").encode()
            sock.sendall(head + b"x" * 1024)
            data = b""
            while b"\r\n\r\n" not in data or len(data) < 300:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        self.assertEqual(int(data.split(b" ", 2)[1]), 413, data[:500])
        self.assertIn(b"128 MB", data)
        self.assertIn(b"quire import wxr", data)

    def test_6_export_downloads_a_valid_file_with_the_imported_titles(self):
        client = self.login()
        page = client.get("/admin/export/")
        self.assertEqual(page.status, 200)
        self.assertIn("email addresses", page.text)
        no_token = client.post_form("/admin/export/", {"_wpnonce": "wrong"})
        self.assertEqual(no_token.status, 403)
        resp = client.post_form("/admin/export/", {
            "_wpnonce": self.token(client, "/admin/export/", "export-download")})
        self.assertEqual(resp.status, 200, resp.text[:2000])
        self.assertRegex(resp.header("Content-Disposition", ""),
                         r'^attachment; filename="[a-z0-9_-]+\.WordPress\.\d{4}-\d\d-\d\d\.xml"$')
        self.assertIn("no-store", resp.header("Cache-Control", ""))
        self.assertIn("xml", resp.header("Content-Type", ""))
        with tempfile.NamedTemporaryFile(suffix=".xml") as f:
            f.write(resp.body)
            f.flush()
            lint = subprocess.run(["xmllint", "--noout", f.name], capture_output=True, text=True)
            self.assertEqual(lint.returncode, 0, lint.stderr[:2000])
            exported = ET.parse(f.name).getroot().find("channel")
        self.assertIn(b"email", resp.body[:2000], "the header comment names the personal data")
        titles = {(i.findtext("title") or "").strip() for i in exported.findall("item")}
        imported = {(i.findtext("title") or "").strip()
                    for i in kept_items(ET.parse(THEME).getroot().find("channel"))}
        self.assertEqual(imported - {""} - titles, set())


    def test_7_a_repaired_file_lists_each_repair_with_its_line(self):
        # WordPress.com wrote atom:link without declaring atom: (not well-formed XML); the
        # import goes through, and the report says what was repaired, and where.
        path = os.path.join(DATA, "real-world", "12-timothyfitz-wpcom2012-atom.xml")
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        client = self.login()
        dry_run = self.upload(client, path)
        self.assertEqual(dry_run.status, 200, dry_run.text[:3000])
        for resp in (dry_run, self.confirm(client, dry_run)):
            self.assertEqual(resp.status, 200, resp.text[:3000])
            warnings = resp.html().find("ul", class_="import-warnings")
            self.assertIsNotNone(warnings, resp.text[:3000])
            repairs = [li.text() for li in warnings.find_all("li")
                       if "namespace prefix 'atom:'" in li.text()]
            self.assertEqual(len(repairs), 1, warnings.text())
            match = re.match(r"12-timothyfitz-wpcom2012-atom\.xml:(\d+):(\d+): ", repairs[0])
            self.assertIsNotNone(match, repairs[0])
            self.assertIn("<atom:", lines[int(match.group(1)) - 1])
            self.assertNotIn(self.server.data_dir, resp.text)
        self.assertIn("The file was imported.", resp.text)

if __name__ == "__main__":
    unittest.main()
