"""Archives over HTTP with the real binary: category (nested too), tag, author and date lists,
newest first and paginated (…/page/1/ answers 301, past the last page 404), canonical and
rel=prev/next in <head>, served from the cache and renewed when an item joins; sticky posts
first on the front page."""

from __future__ import annotations

import quire_harness
from quire_harness import eventually

ANN = ("ann", "ann@example.com", "ann's long passphrase", "author")


class ArchivesTest(quire_harness.QuireTestCase):
    SETTINGS = {"posts_per_page": 2}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        login, email, password, role = ANN
        cls.server.cli("user", "add", login, "--email", email, "--role", role,
                       stdin=password + "\n")

        def add(title, date, *options):
            out = cls.server.cli("post", "add", "--title", title, "--date", date, *options, "-",
                                 stdin=f"The text of {title}.")
            return quire_harness.path_of(out.lines()[0])

        cls.one = add("Cat one", "2020-03-01T10:00Z", "--category", "Animals/Cats", "--tag",
                      "Fluffy", "--author", "ann")
        cls.two = add("Cat two", "2020-03-02T10:00Z", "--category", "Animals/Cats", "--author",
                      "ann")
        cls.three = add("Cat three", "2020-03-03T10:00Z", "--category", "Animals/Cats")
        cls.dog = add("Dog", "2020-04-01T10:00Z", "--category", "Animals/Dogs")

    def titles(self, path: str) -> list[str]:
        page = self.get_ok(path).html()
        return [h.text() for h in page.find_all("h2", **{"class": "entry-title"})]

    def link(self, page: quire_harness.Html, rel: str) -> str | None:
        node = page.find("link", rel=rel)
        return node.get("href") if node is not None else None

    def test_category_archive_is_paginated_newest_first(self):
        self.assertEqual(self.titles("/category/cats/"), ["Cat three", "Cat two"])
        self.assertEqual(self.titles("/category/cats/page/2/"), ["Cat one"])
        first = self.get_ok("/category/cats/").html()
        self.assertIn("Category: Cats", first.find("h1", **{"class": "page-title"}).text())
        self.assertTrue(self.link(first, "canonical").endswith("/category/cats/"))
        self.assertTrue(self.link(first, "next").endswith("/category/cats/page/2/"))
        self.assertIsNone(self.link(first, "prev"))
        second = self.get_ok("/category/cats/page/2/").html()
        self.assertTrue(self.link(second, "prev").endswith("/category/cats/"))
        self.assertIsNone(self.link(second, "next"))
        feeds = [n.get("href") for n in first.find_all("link", rel="alternate")]
        self.assertTrue(any(f.endswith("/category/cats/feed/") for f in feeds), feeds)

    def test_page_one_redirects_and_past_the_end_is_404(self):
        for path, bare in (("/category/cats/page/1/", "/category/cats/"),
                           ("/tag/fluffy/page/1/", "/tag/fluffy/"),
                           ("/author/ann/page/1/", "/author/ann/"),
                           ("/2020/page/1/", "/2020/"),
                           ("/page/1/", "/")):
            resp = self.client().get(path)
            self.assertEqual(resp.status, 301, path)
            self.assertEqual(resp.location_path(), bare)
        for path in ("/category/cats/page/3/", "/tag/fluffy/page/2/", "/author/ann/page/2/",
                     "/2020/03/page/3/", "/category/cats/page/99999999999999999999/"):
            resp = self.client().get(path)
            self.assertEqual(resp.status, 404, path)
            self.assertIn("Nothing here", resp.text)

    def test_nested_category_and_parent_includes_children(self):
        self.assertEqual(self.titles("/category/animals/cats/"), ["Cat three", "Cat two"])
        self.assertEqual(self.titles("/category/animals/cats/page/2/"), ["Cat one"])
        self.assertEqual(self.titles("/category/animals/"), ["Dog", "Cat three"])
        self.assertEqual(self.client().get("/category/dogs/cats/").status, 404)
        self.assertEqual(self.client().get("/category/no-such/").status, 404)

    def test_tag_and_author_archives(self):
        self.assertEqual(self.titles("/tag/fluffy/"), ["Cat one"])
        self.assertEqual(self.titles("/author/ann/"), ["Cat two", "Cat one"])
        self.assertEqual(self.client().get("/tag/missing/").status, 404)
        self.assertEqual(self.client().get("/author/nobody/").status, 404)

    def test_date_archives(self):
        self.assertEqual(self.titles("/2020/03/"), ["Cat three", "Cat two"])
        self.assertEqual(self.titles("/2020/03/page/2/"), ["Cat one"])
        self.assertEqual(self.titles("/2020/03/02/"), ["Cat two"])
        self.assertEqual(self.titles("/2020/"), ["Dog", "Cat three"])
        self.assertEqual(self.client().get("/2020/05/").status, 404)  # valid but empty
        self.assertEqual(self.client().get("/2020/13/").status, 404)
        self.assertEqual(self.client().get("/2020/02/30/").status, 404)
        padded = self.client().get("/2020/3/")
        self.assertEqual(padded.status, 301)
        self.assertEqual(padded.location_path(), "/2020/03/")

    def test_lists_are_cached_and_renewed_when_an_item_joins(self):
        first = self.get_ok("/2020/04/")
        again = self.get_ok("/2020/04/")
        self.assertEqual(first.header("ETag"), again.header("ETag"))
        self.assertEqual(first.header("Cache-Control"), "no-cache")
        self.cli("post", "add", "--title", "Puppy", "--date", "2020-04-05T10:00Z", "-",
                 stdin="Small.")
        self.assertTrue(eventually(lambda: self.titles("/2020/04/") == ["Puppy", "Dog"]))

    def test_sticky_posts_come_first_on_the_front_page(self):
        self.cli("post", "add", "--title", "Pinned note", "--date", "2019-01-01T10:00Z",
                 "--sticky", "-", stdin="Read me first.")
        self.assertTrue(eventually(lambda: self.titles("/")[:1] == ["Pinned note"]))
        front = self.get_ok("/").html()
        self.assertIn("sticky", front.find("article").classes())
        self.assertIsNotNone(front.find("link", rel="canonical"))

if __name__ == "__main__":
    import unittest
    unittest.main()
