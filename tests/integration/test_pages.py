"""Public pages: front page, permalinks, redirects, pagination, 404, HEAD, ETag, compression,
UTF-8 and the basic accessibility of the markup."""

import gzip
import re
import threading
import unittest

import quire_harness as h

try:
    import brotli  # optional: not in the standard library
except ImportError:
    brotli = None


class FrontAndPostTest(h.QuireTestCase):
    def test_front_page_links_the_sample_post(self):
        resp = self.get_ok("/")
        self.assertRegex(resp.header("Content-Type", ""), r"^text/html;\s*charset=utf-8$")
        self.assertRegex(self.sample_post_path, r"^/\d{4}/\d{2}/\d{2}/hello-world/$")

    def test_permalink_shows_the_post_with_one_h1(self):
        page = self.get_ok(self.sample_post_path).html()
        h1s = page.find_all("h1")
        self.assertEqual(len(h1s), 1, f"h1 elements: {[n.text() for n in h1s]}")
        self.assertEqual(h1s[0].text(), "Hello world!")
        title = page.find("title")
        self.assertIsNotNone(title)
        self.assertIn("Hello world!", title.text())

    def test_front_page_and_404_have_one_h1(self):
        for path, status in (("/", 200), ("/no/such/page/", 404)):
            resp = self.client().get(path)
            self.assertEqual(resp.status, status, path)
            self.assertEqual(len(resp.html().find_all("h1")), 1, path)

    def test_p_query_redirects_to_the_permalink(self):
        post_id = self.post_id(self.sample_post_path)
        resp = self.client().get(f"/?p={post_id}")
        self.assertEqual(resp.status, 301)
        self.assertEqual(resp.location_path(), self.sample_post_path)

    def test_p_query_for_a_missing_post_is_404(self):
        self.assertEqual(self.client().get("/?p=987654").status, 404)

    def test_permalink_without_trailing_slash_redirects(self):
        resp = self.client().get(self.sample_post_path.rstrip("/"))
        self.assertEqual(resp.status, 301)
        self.assertEqual(resp.location_path(), self.sample_post_path)

    def test_unknown_paths_are_404_html(self):
        for path in ("/no/such/page/", "/2099/01/01/nothing-here/", "/wp-login.php.bak",
                     "/%E2%9C%93/"):
            resp = self.client().get(path)
            self.assertEqual(resp.status, 404, path)
            self.assertRegex(resp.header("Content-Type", ""), r"^text/html", path)
            self.assertTrue(resp.body, f"{path}: empty 404 body")

    def test_head_has_the_headers_of_get_and_no_body(self):
        get = self.get_ok(self.sample_post_path)
        head = self.client().head(self.sample_post_path)
        self.assertEqual(head.status, 200)
        self.assertEqual(head.body, b"")
        self.assertEqual(head.header("Content-Type"), get.header("Content-Type"))
        self.assertEqual(head.header("Content-Length"), str(len(get.body)))
        self.assertEqual(head.header("ETag"), get.header("ETag"))

    def test_etag_and_if_none_match(self):
        first = self.get_ok(self.sample_post_path)
        etag = first.header("ETag")
        self.assertTrue(etag, "the post page has no ETag")
        self.assertTrue(etag.startswith('"') and etag.endswith('"'), f"strong ETag: {etag}")
        not_modified = self.client().get(self.sample_post_path, {"If-None-Match": etag})
        self.assertEqual(not_modified.status, 304)
        self.assertEqual(not_modified.body, b"")
        self.assertEqual(not_modified.header("ETag"), etag)
        other = self.client().get(self.sample_post_path, {"If-None-Match": '"nope"'})
        self.assertEqual(other.status, 200)
        self.assertEqual(other.body, first.body)

    def test_gzip(self):
        plain = self.get_ok("/", {"Accept-Encoding": "identity"})
        self.assertIsNone(plain.header("Content-Encoding"))
        zipped = self.get_ok("/", {"Accept-Encoding": "gzip"})
        self.assertEqual(zipped.header("Content-Encoding"), "gzip")
        self.assertIn("accept-encoding", (zipped.header("Vary") or "").lower())
        self.assertEqual(gzip.decompress(zipped.body), plain.body)
        self.assertLess(len(zipped.body), len(plain.body))

    def test_brotli(self):
        plain = self.get_ok(self.sample_post_path)
        br = self.get_ok(self.sample_post_path, {"Accept-Encoding": "br"})
        self.assertEqual(br.header("Content-Encoding"), "br")
        self.assertIn("accept-encoding", (br.header("Vary") or "").lower())
        self.assertNotEqual(br.body, plain.body)
        if brotli is not None:
            self.assertEqual(brotli.decompress(br.body), plain.body)

    def test_each_encoding_has_its_own_etag(self):
        plain = self.get_ok(self.sample_post_path)
        zipped = self.get_ok(self.sample_post_path, {"Accept-Encoding": "gzip"})
        self.assertNotEqual(plain.header("ETag"), zipped.header("ETag"))

    def test_form_labels_are_tied_to_fields(self):
        page = self.get_ok(self.sample_post_path).html()
        form = page.comment_form()
        self.assertIsNotNone(form)
        for label in form.find_all("label"):
            target = label.get("for")
            self.assertTrue(target, f"label without for: {label.text()!r}")
            self.assertIsNotNone(page.by_id(target), f"label for missing #{target}")
        visible = [n for n in form.iter() if n.tag in ("input", "textarea", "select")
                   and n.get("type") not in ("hidden", "submit", "button")]
        self.assertGreaterEqual(len(visible), 4)
        for field in visible:
            fid = field.get("id")
            self.assertTrue(fid, f"field without id: {field}")
            self.assertIsNotNone(page.label_for(fid), f"no label for #{fid}")

    def test_ids_are_unique(self):
        for path in ("/", self.sample_post_path):
            ids = self.get_ok(path).html().ids()
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            self.assertEqual(dupes, [], path)

    def test_html_declares_language_and_charset(self):
        page = self.get_ok("/").html()
        html_el = page.find("html")
        self.assertIsNotNone(html_el)
        self.assertTrue(html_el.get("lang"), "<html> has no lang")
        metas = [m for m in page.find_all("meta") if m.get("charset", "").lower() == "utf-8"]
        self.assertEqual(len(metas), 1)


class PaginationTest(h.QuireTestCase):
    """1 sample post + 11 dated ones = 12 posts: page 1 has 10, page 2 the 2 oldest."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dated = []
        for day in range(1, 12):
            out = cls.server.cli("post", "add", "--title", f"Paged post {day}", "--slug",
                                 f"paged-{day}", "--date", f"2020-01-{day:02d}T12:00:00Z",
                                 "-", stdin=f"Post number {day}.\n")
            cls.dated.append(h.path_of(out.lines()[0]))

    def test_dated_permalinks(self):
        self.assertEqual(self.dated[0], "/2020/01/01/paged-1/")
        self.assertEqual(self.dated[10], "/2020/01/11/paged-11/")

    def front_posts(self, path):
        return h.eventually(lambda: self._posts_if_complete(path))

    def _posts_if_complete(self, path):
        resp = self.client().get(path)
        self.assertEqual(resp.status, 200, path)
        posts = h.permalinks(resp.html())
        self.assertIn(self.dated[0] if path != "/" else self.dated[10], posts, path)
        return posts

    def test_page_one_has_ten_newest_first(self):
        posts = self.front_posts("/")
        expected = [self.sample_post_path] + list(reversed(self.dated))[:9]
        self.assertEqual(posts, expected)

    def test_page_two_has_the_rest(self):
        posts = self.front_posts("/page/2/")
        self.assertEqual(posts, [self.dated[1], self.dated[0]])

    def test_pages_beyond_the_last_are_404(self):
        self.front_posts("/")  # a cached front page must not answer for a bad page number
        self.front_posts("/page/2/")
        for path in ("/page/3/", "/page/99/", "/page/99999999999999999999/"):
            self.assertEqual(self.client().get(path).status, 404, path)

    def test_non_numeric_page_is_404(self):
        self.assertEqual(self.client().get("/page/two/").status, 404)

    def test_front_page_links_page_two(self):
        self.front_posts("/")
        hrefs = [h.path_of(href) for href, _ in self.get_ok("/").html().links()]
        self.assertIn("/page/2/", hrefs)


class CommentPagingTest(h.QuireTestCase):
    """Comments broken into pages of 2 top-level threads, WordPress's URLs and links."""

    SETTINGS = {"comment_flood_seconds": 0, "page_comments": 1, "comments_per_page": 2}

    def comment_ids(self, path):
        page = self.get_ok(path).html()
        return [int(li.get("id").split("-")[1]) for li in page.find_all("li")
                if (li.get("id") or "").startswith("comment-")]

    def post(self, post_id, text, parent=0):
        resp = self.submit_comment(post_id, text, "Pager", "pager@example.org", parent=parent)
        self.assertEqual(resp.status, 303, resp.body[:500])
        return resp.location_path()

    def test_threads_split_into_pages_with_navigation_and_redirects(self):
        path = self.add_post("Paged comments", "Talk.\n", "--slug", "paged-comments")
        post_id = self.post_id(path)
        first = self.post(post_id, "First thread")  # held: an unknown author
        # The newest thread is on the newest page, which the plain permalink shows: the redirect
        # names no page then (comments/comment_link.h, LinkUse::kNow).
        self.assertTrue(first.startswith(path + "?unapproved="), first)
        c1 = h.comment_id_from_location(first)
        self.approve(c1)
        # Now a previously approved author: published straight away, on the page that holds it.
        c2 = h.comment_id_from_location(self.post(post_id, "Second thread"))
        third = self.post(post_id, "Third thread")
        self.assertEqual(third.split("#")[0], path)
        c3 = h.comment_id_from_location(third)
        reply = self.post(post_id, "Reply to the first", parent=c1)
        self.assertEqual(reply.split("#")[0], path + "comment-page-1/")
        c4 = h.comment_id_from_location(reply)

        page1 = path + "comment-page-1/"
        page2 = path + "comment-page-2/"
        self.assertEqual(h.eventually(lambda: self.comment_ids(page1) == [c1, c4, c2]), True)
        self.assertEqual(h.eventually(lambda: self.comment_ids(page2) == [c3]), True)
        self.assertEqual(self.comment_ids(path), [c3])  # the newest page by default

        nav1 = self.get_ok(page1).html().find("nav", class_="comment-navigation")
        self.assertIsNotNone(nav1)
        self.assertEqual([(a.text(), a.get("href"), a.get("rel")) for a in nav1.find_all("a")],
                         [("Newer Comments", page2, "next")])
        nav2 = self.get_ok(page2).html().find("nav", class_="comment-navigation")
        self.assertEqual([(a.text(), a.get("href"), a.get("rel")) for a in nav2.find_all("a")],
                         [("Older Comments", page1, "prev")])
        self.assertEqual(self.client().get(path + "comment-page-3/").status, 404)
        self.assertEqual(self.client().get(path + "comment-page-0/").status, 404)

        self.cli("settings", "set", "comment_order", "desc")
        h.eventually(lambda: self.comment_ids(page1) == [c2, c1, c4])
        self.assertEqual(self.comment_ids(page1), [c2, c1, c4])
        self.cli("settings", "set", "default_comments_page", "oldest")
        h.eventually(lambda: self.comment_ids(path) == [c2, c1, c4])
        self.assertEqual(self.comment_ids(path), [c2, c1, c4])


class SettingsUnderReadersTest(h.QuireTestCase):
    """A settings change reaches every page once the server says it has reloaded, even while
    readers keep missing the cache: a page rendered with the old settings must not be kept."""

    ROUNDS = 12

    def test_each_new_title_is_shown_once_reloaded(self):
        stop = threading.Event()
        failures = []

        def read():
            client = self.client()
            while not stop.is_set():
                try:
                    client.get("/")
                except Exception as e:  # noqa: BLE001 - reported below
                    failures.append(repr(e))
                    return

        readers = [threading.Thread(target=read) for _ in range(4)]
        for reader in readers:
            reader.start()
        try:
            for round_ in range(self.ROUNDS):
                title = f"Title of round {round_}"
                self.cli("settings", "set", "blogname", title)
                self.server.wait_settings_applied()
                shown = self.get_ok("/").html().find("title").text()
                self.assertIn(title, shown, f"round {round_}")
        finally:
            stop.set()
            for reader in readers:
                reader.join()
        self.assertEqual(failures, [])


class Utf8Test(h.QuireTestCase):
    SETTINGS = {"comment_flood_seconds": 0}
    AZ_TITLE = "Milli həmrəylik günü"
    RU_TITLE = "Привет, мир — ёлка"

    def test_azerbaijani_title_and_body(self):
        path = self.add_post(self.AZ_TITLE, "Azərbaycan xalqının **həmrəylik** günü.\n",
                             "--slug", "milli-hemreylik")
        page = self.get_ok(path)
        self.assertIn(self.AZ_TITLE.encode("utf-8"), page.body)
        html = page.html()
        self.assertEqual(html.find("h1").text(), self.AZ_TITLE)
        self.assertIn("Azərbaycan xalqının həmrəylik günü.", html.text())

    def test_cyrillic_title_with_generated_slug(self):
        path = self.add_post(self.RU_TITLE, "Съешь же ещё этих мягких французских булок.\n")
        page = self.get_ok(path).html()
        self.assertEqual(page.find("h1").text(), self.RU_TITLE)
        self.assertIn("Съешь же ещё этих мягких французских булок.", page.text())
        front = h.eventually(lambda: self.RU_TITLE in self.get_ok("/").html().text())
        self.assertTrue(front, "the Cyrillic post is not on the front page")

    def test_comment_round_trip(self):
        post_id = self.post_id(self.sample_post_path)
        text = "Салам! Milli həmrəylik — это «солидарность» 🇦🇿"
        author = "Əli Həsənov"
        resp = self.submit_comment(post_id, text, author, "ali.hasanov@example.az")
        self.assertEqual(resp.status, 303, resp.body[:500])
        location = resp.location_path()
        cid = h.comment_id_from_location(location)
        page = self.get_ok(location.split("#")[0]).html()
        li = page.by_id(f"comment-{cid}")
        self.assertIsNotNone(li, "held comment not shown with its token")
        self.assertIn(text, li.text())
        self.assertIn(author, li.text())
        listed = self.cli("comment", "list").stdout
        self.assertIn(author, listed)


if __name__ == "__main__":
    unittest.main()
