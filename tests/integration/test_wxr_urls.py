"""Every old URL answers after a WordPress import (`quire import wxr`), for every real export of
tests/data/wxr/real-world/ and the theme unit test: each published post's and page's original
address (its <link>, read here with regular expressions: some files are not well-formed XML)
answers 200 at that path, or a 301 to the item, and `?p=ID` / `?page_id=ID` answer with the
item. The item is named independently of the paths the importer records: `?p=ID` goes through
the id mapping. Then export -> import into a fresh folder keeps every item's address.

QUIRE_WXR_URLS_FILES (comma-separated names) limits the run to some files."""

from __future__ import annotations

import glob
import html
import os
import re
import shutil
import sqlite3
import tempfile
import unittest
import urllib.parse

import quire_harness
from quire_harness import QuireServer, run_cli

DATA = quire_harness.WXR_DATA
FILES = sorted(glob.glob(os.path.join(DATA, "real-world", "*.xml"))) + [
    os.path.join(DATA, "theme-unit-test.xml")]
if os.environ.get("QUIRE_WXR_URLS_FILES"):
    _wanted = set(os.environ["QUIRE_WXR_URLS_FILES"].split(","))
    FILES = [f for f in FILES if os.path.basename(f) in _wanted]
MAX_HOPS = 3  # a trailing slash, then the item


def field(item: str, name: str) -> str:
    """The text of <NAME> in an item's XML (CDATA or not), entity-decoded; "" when absent."""
    match = re.search(rf"<{re.escape(name)}>(.*?)</{re.escape(name)}>", item, re.S)
    if not match:
        return ""
    text = match.group(1).strip()
    cdata = re.fullmatch(r"<!\[CDATA\[(.*)\]\]>", text, re.S)
    return cdata.group(1) if cdata else html.unescape(text)


def published_items(path: str) -> list[dict]:
    """The file's published posts and pages, once per WordPress id: type, id, link."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    items, seen = [], set()
    for raw in re.findall(r"<item>(.*?)</item>", text, re.S):
        kind, status = field(raw, "wp:post_type"), field(raw, "wp:status")
        post_id = int(field(raw, "wp:post_id") or 0)
        if kind not in ("post", "page") or status != "publish" or post_id in seen:
            continue
        seen.add(post_id)
        items.append({"type": kind, "id": post_id, "link": field(raw, "link")})
    return items


def path_of(link: str) -> str:
    """path?query of an absolute link, as a browser would request it."""
    parts = urllib.parse.urlsplit(link)
    out = parts.path or "/"
    return out + ("?" + parts.query if parts.query else "")


def same_path(a: str, b: str) -> bool:
    return urllib.parse.unquote(a).lower() == urllib.parse.unquote(b).lower()


class Site:
    """A fresh data folder with one file imported, served on a loopback port."""

    def __init__(self, file: str, extra_import_args=()):
        self.data = tempfile.mkdtemp(prefix="quire-wxr-urls-")
        self.imported = run_cli("import", "wxr", file, *extra_import_args, data=self.data,
                                check=False)
        self.server: QuireServer | None = None
        if self.imported.code == 0:
            self.server = QuireServer(data_dir=self.data).start()
            self.client = self.server.client()

    def close(self) -> None:
        if self.server:
            self.server.stop()
            self.server.cleanup()
        shutil.rmtree(self.data, ignore_errors=True)

    def item_url(self, item: dict) -> tuple[str | None, str]:
        """Where ?p=ID (?page_id=ID for a page) leads, through its 301s: the item's address
        (the static front page's is "/"), and what was seen when it leads nowhere."""
        query = f"/?{'page_id' if item['type'] == 'page' else 'p'}={item['id']}"
        status, visited = self.follow(query)
        if len(visited) < 2 or status != 200:
            return None, f"{' -> '.join(visited)} answered {status}"
        return visited[-1], ""

    def follow(self, path: str) -> tuple[int, list[str]]:
        """The status at the end of at most MAX_HOPS 301s from path, and the paths visited."""
        visited = [path]
        resp = self.client.get(path)
        for _ in range(MAX_HOPS):
            if resp.status != 301:
                break
            visited.append(resp.location_path())
            resp = self.client.get(visited[-1])
        return resp.status, visited


class WxrUrlsTest(unittest.TestCase):
    maxDiff = None

    def check_file(self, file: str) -> None:
        items = published_items(file)
        self.assertTrue(items, f"{file} has published items")
        site = Site(file)
        try:
            self.assertEqual(site.imported.code, 0,
                             f"import failed: {site.imported.stdout}{site.imported.stderr}")
            urls, failures = {}, []
            for item in items:
                url, why = site.item_url(item)
                if url is None:
                    failures.append(f"{item['type']} {item['id']}: {why}")
                    continue
                urls[item["id"]] = url
                old = path_of(item["link"])
                if not item["link"] or ("?" in old and old.split("?")[0] == "/"):
                    continue  # a plain ?p=ID link: checked above
                status, visited = site.follow(old)
                if status != 200 or not same_path(visited[-1], url):
                    failures.append(f"{item['type']} {item['id']}: {old} -> "
                                    f"{' -> '.join(visited[1:]) or '(itself)'} ({status}), "
                                    f"the item is at {url}")
            self.assertEqual(failures, [], f"{len(failures)} of {len(items)} items of {file}")
            self.check_round_trip(site, file, items, urls)
        finally:
            site.close()

    def check_round_trip(self, site: Site, file: str, items: list, urls: dict) -> None:
        """Export, import into a fresh folder: every item keeps its address."""
        exported = os.path.join(site.data, "export.xml")
        run_cli("export", "wxr", "--out", exported, data=site.data)
        again = Site(exported)
        try:
            self.assertEqual(again.imported.code, 0,
                             f"re-import failed: {again.imported.stdout}{again.imported.stderr}")
            failures = []
            for item in items:
                url = urls.get(item["id"])
                status, visited = again.follow(url)
                if status != 200 or len(visited) > 1:
                    failures.append(f"{url} -> {' -> '.join(visited[1:])} ({status})")
                old = path_of(item["link"])
                if item["link"] and not old.startswith("/?"):
                    status, visited = again.follow(old)
                    if status != 200 or not same_path(visited[-1], url):
                        failures.append(f"old {old} -> {' -> '.join(visited[1:])} ({status})")
            self.assertEqual(failures, [], f"after export and import of {file}")
        finally:
            again.close()


REAL = os.path.join(DATA, "real-world")
SWIZEC = os.path.join(REAL, "02-ageekwithahat-wxr11-en.xml")  # installed under /blog/
THEME = os.path.join(DATA, "theme-unit-test.xml")


class WxrUrlsDetailsTest(unittest.TestCase):
    """What the summary promises about subfolders, the sample post and attachments."""

    def site(self, file: str, *args) -> Site:
        site = Site(file, args)
        self.addCleanup(site.close)
        self.assertEqual(site.imported.code, 0, site.imported.stdout + site.imported.stderr)
        return site

    def test_a_subfolder_install_moves_to_the_root_with_301s(self):
        site = self.site(SWIZEC)
        self.assertIn("installed under /blog/", site.imported.stdout)
        self.assertIn("--keep-base-path", site.imported.stdout)
        for old, new in (("/blog/", "/"), ("/blog", "/"), ("/blog/feed/", "/feed/"),
                         ("/blog/category/uncategorized/", "/category/uncategorized/")):
            resp = site.client.get(old)
            self.assertEqual((resp.status, resp.location_path()), (301, new), old)
        # Post 1 is the file's (the sample gave way), at its old path without /blog, with its
        # comment 1.
        resp = site.client.get("/blog/dietary-experiments/swizec/1")
        self.assertEqual((resp.status, resp.location_path()),
                         (301, "/dietary-experiments/swizec/1"))
        page = site.client.get("/dietary-experiments/swizec/1")
        self.assertEqual(page.status, 200)
        self.assertIn('id="comment-1"', page.text)
        self.assertNotIn("Hello world!", site.client.get("/").text)

    def test_a_site_made_by_the_import_has_no_sample(self):
        folder = tempfile.mkdtemp(prefix="quire-wxr-urls-")
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        broken = os.path.join(folder, "broken.xml")
        with open(broken, "w", encoding="utf-8") as f:
            f.write('<rss version="2.0"><channel><item><title>x</title></channel></rss>')
        data = os.path.join(folder, "new-site")
        failed = run_cli("import", "wxr", broken, data=data, check=False)
        self.assertNotEqual(failed.code, 0)
        self.assertIn("nothing was imported", failed.stderr)
        db = sqlite3.connect(f"file:{os.path.join(data, 'quire.db')}?mode=ro", uri=True)
        try:
            self.assertEqual(db.execute("SELECT COUNT(*) FROM posts").fetchone()[0], 0)
            self.assertEqual(db.execute("SELECT COUNT(*) FROM comments").fetchone()[0], 0)
        finally:
            db.close()
        site = self.site(THEME)  # a new folder: nothing to give way
        self.assertNotIn("sample post", site.imported.stdout)

    def test_keep_base_path_keeps_post_addresses(self):
        site = self.site(SWIZEC, "--keep-base-path")
        self.assertIn("Permalink structure set to /blog/%postname%/swizec/%post_id%",
                      site.imported.stdout)
        self.assertEqual(site.client.get("/blog/dietary-experiments/swizec/1").status, 200)
        resp = site.client.get("/blog/")
        self.assertEqual((resp.status, resp.location_path()), (301, "/"))

    def test_attachments_answer_with_their_file(self):
        site = self.site(THEME)
        with open(THEME, encoding="utf-8") as f:
            text = f.read()
        checked = 0
        for raw in re.findall(r"<item>(.*?)</item>", text, re.S):
            if field(raw, "wp:post_type") != "attachment":
                continue
            name = field(raw, "wp:attachment_url").rsplit("/", 1)[-1]
            post_id = field(raw, "wp:post_id")
            plain = (f"/?attachment_id={post_id}", f"/?p={post_id}")
            for path in (*plain, path_of(field(raw, "link"))):
                if path.startswith("/?") and path not in plain:
                    continue  # a plain link other than these two
                resp = site.client.get(path)
                self.assertEqual(resp.status, 301, path)
                location = resp.location_path()
                self.assertTrue(location.startswith("/wp-content/uploads/"), (path, location))
                self.assertTrue(location.endswith("/" + name), (path, location))
                checked += 1
        self.assertGreater(checked, 30)


def _make_test(file: str):
    def test(self):
        self.check_file(file)
    return test


for _file in FILES:
    _name = re.sub(r"\W", "_", os.path.splitext(os.path.basename(_file))[0])
    setattr(WxrUrlsTest, f"test_{_name}", _make_test(_file))


if __name__ == "__main__":
    unittest.main()
