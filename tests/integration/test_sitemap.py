"""Pages for machines: /sitemap.xml (an index of the non-empty parts), its parts under
/sitemaps/ (sitemaps.org 0.9, loc and lastmod, well-formed by xmllint, drafts absent, 404 past
the last part), robots.txt following blog_public and robots_txt, and a post's JSON-LD."""

import json
import re
import subprocess
import unittest
import xml.etree.ElementTree as ET

import quire_harness as h

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def xmllint_errors(body: bytes) -> str:
    """xmllint's complaints about the document ("" when it is well-formed)."""
    run = subprocess.run(["xmllint", "--noout", "-"], input=body, capture_output=True,
                         timeout=h.CLI_TIMEOUT_S)
    return "" if run.returncode == 0 else run.stderr.decode(errors="replace") or "failed"


class SitemapTest(h.QuireTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.published = h.path_of(cls.server.cli(
            "post", "add", "--title", "Mapped post", "-", stdin="Find me.").lines()[0])
        cls.server.cli("post", "add", "--title", "Unmapped draft", "--status", "draft", "-",
                       stdin="Hidden.")

    def home(self) -> str:
        return self.server.url.rstrip("/")

    def fetch_xml(self, path: str, root: str) -> ET.Element:
        resp = self.get_ok(path)
        self.assertRegex(resp.header("Content-Type", ""), r"^application/xml", path)
        self.assertEqual(xmllint_errors(resp.body), "", path)
        document = ET.fromstring(resp.body)
        self.assertEqual(document.tag, f"{{{NS['sm']}}}{root}", path)
        return document

    def entries(self, document: ET.Element, element: str) -> list[tuple[str, str | None]]:
        found = []
        for node in document.findall(f"sm:{element}", NS):
            lastmod = node.find("sm:lastmod", NS)
            found.append((node.find("sm:loc", NS).text,
                          lastmod.text if lastmod is not None else None))
        return found

    def index(self) -> list[tuple[str, str | None]]:
        return self.entries(self.fetch_xml("/sitemap.xml", "sitemapindex"), "sitemap")

    def test_index_lists_the_non_empty_parts_with_lastmod(self):
        parts = self.index()
        locs = [loc for loc, _ in parts]
        self.assertIn(self.home() + "/sitemaps/posts-1.xml", locs)
        self.assertNotIn(self.home() + "/sitemaps/posts-2.xml", locs)
        self.assertNotIn(self.home() + "/sitemaps/pages-1.xml", locs)  # no pages yet
        for loc, lastmod in parts:
            self.assertRegex(loc, r"/sitemaps/(posts|pages|categories|tags|authors)-[1-9]\d*\.xml$")
            self.assertRegex(lastmod or "", W3C_DATETIME, loc)
        for loc, _ in parts:  # every part listed exists
            self.fetch_xml(h.path_of(loc), "urlset")

    def test_posts_part_lists_published_posts_only(self):
        urls = self.entries(self.fetch_xml("/sitemaps/posts-1.xml", "urlset"), "url")
        locs = [loc for loc, _ in urls]
        self.assertIn(self.home() + self.published, locs)
        self.assertIn(self.home() + self.sample_post_path, locs)
        self.assertFalse(any("unmapped-draft" in loc for loc in locs), locs)
        for loc, lastmod in urls:
            self.assertRegex(lastmod or "", W3C_DATETIME, loc)

    def test_a_new_post_renews_the_sitemap(self):
        path = self.add_post("Newly mapped")

        def listed():
            urls = self.entries(self.fetch_xml("/sitemaps/posts-1.xml", "urlset"), "url")
            self.assertIn(self.home() + path, [loc for loc, _ in urls])

        h.eventually(listed)

    def test_unknown_and_past_the_end_parts_are_404(self):
        for path in ("/sitemaps/posts-2.xml", "/sitemaps/posts-0.xml", "/sitemaps/pages-1.xml",
                     "/sitemaps/users-1.xml", "/sitemaps/posts-1.txt", "/sitemaps/posts.xml",
                     "/sitemaps/posts-01.xml", "/sitemaps/posts-1000000.xml",
                     "/sitemaps/posts-9223372036854775807.xml"):
            self.assertEqual(self.client().get(path).status, 404, path)

    def test_conditional_get(self):
        first = self.get_ok("/sitemap.xml")
        again = self.client().get("/sitemap.xml", {"If-None-Match": first.header("ETag")})
        self.assertEqual(again.status, 304)


class SitemapPartsTest(h.QuireTestCase):
    """Pages, categories, tags and authors, each in its own part."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cli = cls.server.cli
        cli("user", "add", "ada", "--email", "ada@example.com", "--role", "author",
            stdin="correct horse battery\n")
        cli("post", "add", "--title", "Sorted post", "--author", "ada", "--category", "Cats",
            "--tag", "Fluffy", "-", stdin="Text.")
        cls.about = h.path_of(cli("post", "add", "--type", "page", "--title", "About", "-",
                                  stdin="About us.").lines()[0])
        cli("post", "add", "--type", "page", "--title", "Draft page", "--status", "draft", "-",
            stdin="Not yet.")

    def home(self) -> str:
        return self.server.url.rstrip("/")

    def part(self, name: str) -> list[str]:
        resp = self.get_ok(f"/sitemaps/{name}")
        self.assertEqual(xmllint_errors(resp.body), "", name)
        document = ET.fromstring(resp.body)
        urls = document.findall("sm:url", NS)
        for url in urls:
            self.assertRegex(url.find("sm:lastmod", NS).text, W3C_DATETIME, name)
        return [url.find("sm:loc", NS).text for url in urls]

    def test_index_lists_every_kind(self):
        index = ET.fromstring(self.get_ok("/sitemap.xml").body)
        locs = [n.find("sm:loc", NS).text for n in index.findall("sm:sitemap", NS)]
        self.assertEqual(locs, [f"{self.home()}/sitemaps/{kind}-1.xml"
                                for kind in ("posts", "pages", "categories", "tags", "authors")])

    def test_parts_list_their_urls(self):
        self.assertEqual(self.part("pages-1.xml"), [self.home() + self.about])
        self.assertIn(self.home() + "/category/cats/", self.part("categories-1.xml"))
        self.assertEqual(self.part("tags-1.xml"), [self.home() + "/tag/fluffy/"])
        self.assertEqual(self.part("authors-1.xml"), [self.home() + "/author/ada/"])
        for name in ("pages-2.xml", "categories-2.xml", "tags-2.xml", "authors-2.xml"):
            self.assertEqual(self.client().get(f"/sitemaps/{name}").status, 404, name)


class RobotsTest(h.QuireTestCase):
    def robots(self) -> str:
        resp = self.get_ok("/robots.txt")
        self.assertEqual(resp.header("Content-Type"), "text/plain; charset=utf-8")
        return resp.text

    def test_public_site(self):
        lines = self.robots().splitlines()
        self.assertEqual(lines[0], "User-agent: *")
        self.assertIn("Disallow: /admin/", lines)
        self.assertNotIn("Disallow: /", lines)
        self.assertIn(f"Sitemap: {self.server.url.rstrip('/')}/sitemap.xml", lines)

    def test_settings_change_robots(self):
        self.cli("settings", "set", "blog_public", "0")
        self.cli("settings", "set", "robots_txt", "User-agent: BadBot\nDisallow: /")
        try:
            def hidden():
                text = self.robots()
                self.assertIn("Disallow: /\n", text)
                self.assertTrue(text.endswith("User-agent: BadBot\nDisallow: /\n"), text)

            h.eventually(hidden)
        finally:
            self.cli("settings", "set", "blog_public", "1")
            self.cli("settings", "set", "robots_txt", "")
        h.eventually(lambda: self.assertNotIn("BadBot", self.robots()))


class ArticleJsonLdTest(h.QuireTestCase):
    def test_a_post_describes_itself_as_an_article(self):
        page = self.get_ok(self.sample_post_path).html()
        scripts = page.find_all("script", type="application/ld+json")
        self.assertEqual(len(scripts), 1)
        article = json.loads(scripts[0].raw_text())
        home = self.server.url.rstrip("/")
        self.assertEqual(article["@context"], "https://schema.org")
        self.assertEqual(article["@type"], "Article")
        self.assertEqual(article["headline"], "Hello world!")
        self.assertRegex(article["datePublished"], W3C_DATETIME)
        self.assertRegex(article["dateModified"], W3C_DATETIME)
        self.assertEqual(article["mainEntityOfPage"]["@id"], home + self.sample_post_path)
        self.assertEqual(article["publisher"], {"@type": "Organization", "name": "My Quire Site"})
        self.assertTrue(article["description"].startswith("Welcome to Quire."))


if __name__ == "__main__":
    unittest.main()
