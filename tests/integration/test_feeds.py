"""Feeds: RSS 2.0 and Atom for the site, a category, a tag, an author, the site's comments and
one post's comments; each checked by Debian's feedparser (no "bozo" errors) and by xmllint
(well-formed), served with its content type, answered 304 to a matching If-None-Match, renewed
after a change, and never carrying a commenter's email or IP address."""

import subprocess
import unittest

import feedparser

import quire_harness as h

RSS_TYPE = "application/rss+xml; charset=UTF-8"
ATOM_TYPE = "application/atom+xml; charset=UTF-8"
COMMENTER_EMAIL = "feed-commenter@example.com"
TRICKY_TITLE = "Tom & Jerry: 1 < 2 \"quoted\" \u00e7a"


def xmllint_errors(body: bytes) -> str:
    """xmllint's complaints about the document ("" when it is well-formed)."""
    run = subprocess.run(["xmllint", "--noout", "-"], input=body, capture_output=True,
                         timeout=h.CLI_TIMEOUT_S)
    return "" if run.returncode == 0 else run.stderr.decode(errors="replace") or "failed"


class FeedCase(h.QuireTestCase):
    """Fetching and checking a feed."""

    def fetch_feed(self, path: str, atom: bool = False):
        resp = self.get_ok(path)
        content_type = ATOM_TYPE if atom else RSS_TYPE
        self.assertEqual(resp.header("Content-Type"), content_type, path)
        self.assertEqual(xmllint_errors(resp.body), "", path)
        parsed = feedparser.parse(resp.body, response_headers={"content-type": content_type})
        self.assertFalse(parsed.bozo, f"{path}: {parsed.get('bozo_exception')}")
        self.assertEqual(parsed.version, "atom10" if atom else "rss20", path)
        return parsed, resp

    def home(self) -> str:
        return self.server.url.rstrip("/")

    def titles(self, parsed) -> list[str]:
        return [entry.title for entry in parsed.entries]


class SiteFeedTest(FeedCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server.cli(
            "post", "add", "--title", TRICKY_TITLE, "--format", "html", "-",
            stdin="<p>Body with ]]&gt; and a bell \x07 and <a href=\"/about/\">a link</a>.</p>"
        )

    def test_site_rss_lists_the_posts(self):
        parsed, _ = self.fetch_feed("/feed/")
        self.assertEqual(parsed.feed.title, "My Quire Site")
        self.assertIn("Hello world!", self.titles(parsed))
        self.assertIn(TRICKY_TITLE, self.titles(parsed))
        hello = next(e for e in parsed.entries if e.title == "Hello world!")
        self.assertEqual(hello.link, self.home() + self.sample_post_path)
        self.assertEqual(hello.id, f"{self.home()}/?p={self.sample_post_id}")
        self.assertFalse(hello.guidislink)
        self.assertTrue(hello.published_parsed)
        self.assertEqual(hello.slash_comments, "1")  # the sample comment
        self.assertEqual(hello.wfw_commentrss, self.home() + self.sample_post_path + "feed/")
        self.assertTrue(hello.content[0].value)
        self.assertTrue(parsed.feed.updated_parsed)
        self_links = [l.href for l in parsed.feed.links if l.rel == "self"]
        self.assertEqual(self_links, [self.home() + "/feed/"])

    def test_content_is_escaped_stripped_and_absolute(self):
        parsed, resp = self.fetch_feed("/feed/")
        self.assertNotIn(b"\x07", resp.body)
        entry = next(e for e in parsed.entries if e.title == TRICKY_TITLE)
        html = entry.content[0].value
        self.assertIn("]]&gt;", html)
        self.assertIn(f'href="{self.home()}/about/"', html)

    def test_site_atom_lists_the_posts(self):
        parsed, _ = self.fetch_feed("/feed/atom/", atom=True)
        self.assertIn("Hello world!", self.titles(parsed))
        hello = next(e for e in parsed.entries if e.title == "Hello world!")
        self.assertEqual(hello.link, self.home() + self.sample_post_path)
        self.assertEqual(hello.id, f"{self.home()}/?p={self.sample_post_id}")
        self.assertTrue(hello.updated_parsed and hello.published_parsed)
        self.assertTrue(hello.summary)
        self.assertEqual(hello.content[0].type, "text/html")
        rels = {l.rel: l.href for l in parsed.feed.links}
        self.assertEqual(rels.get("self"), self.home() + "/feed/atom/")
        self.assertEqual(rels.get("alternate"), self.home() + "/")

    def test_conditional_get_answers_304(self):
        for path in ("/feed/", "/feed/atom/", "/comments/feed/"):
            first = self.get_ok(path)
            etag = first.header("ETag")
            self.assertTrue(etag, path)
            again = self.client().get(path, {"If-None-Match": etag})
            self.assertEqual(again.status, 304, path)
            self.assertEqual(again.body, b"", path)

    def test_a_new_post_renews_the_feed(self):
        before = self.get_ok("/feed/")
        self.add_post("Freshly baked feed item")

        def renewed():
            resp = self.get_ok("/feed/")
            self.assertIn(b"Freshly baked feed item", resp.body)
            return resp

        after = h.eventually(renewed)
        self.assertNotEqual(after.header("ETag"), before.header("ETag"))
        self.fetch_feed("/feed/")

    def test_drafts_stay_out(self):
        self.add_post("Secret draft in feed", "draft text", "--status", "draft")
        for path, atom in (("/feed/", False), ("/feed/atom/", True)):
            parsed, _ = self.fetch_feed(path, atom)
            self.assertNotIn("Secret draft in feed", self.titles(parsed))

    def test_unknown_feeds_are_404(self):
        for path in ("/category/no-such-category/feed/", "/tag/no-such-tag/feed/atom/",
                     "/author/nobody-here/feed/"):
            self.assertEqual(self.client().get(path).status, 404, path)


class CommentFeedsTest(FeedCase):
    SETTINGS = {"comment_flood_seconds": "0"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.post_path = cls.server.cli("post", "add", "--title", "Commented post", "-",
                                       stdin="Talk to me.").lines()[0]
        cls.post_path = h.path_of(cls.post_path)

    def comment(self, text: str) -> int:
        post_id = self.post_id(self.post_path)
        resp = self.submit_comment(post_id, text, author="Feed Reader", email=COMMENTER_EMAIL)
        self.assertEqual(resp.status, 303, resp.body[:500])
        comment_id = h.comment_id_from_location(resp.location_path())
        if "unapproved=" in resp.header("Location", ""):
            self.approve(comment_id)
        return comment_id

    def test_site_comments_feed_has_the_comment_without_email_or_ip(self):
        comment_id = self.comment("A & B <i>said</i> something")
        for path, atom in (("/comments/feed/", False), ("/comments/feed/atom/", True)):
            def shows_comment():
                parsed, resp = self.fetch_feed(path, atom)
                links = [e.link for e in parsed.entries]
                self.assertIn(f"{self.home()}{self.post_path}#comment-{comment_id}", links)
                return parsed, resp

            parsed, resp = h.eventually(shows_comment)
            entry = next(e for e in parsed.entries if e.link.endswith(f"#comment-{comment_id}"))
            self.assertEqual(entry.title, "Comment on Commented post by Feed Reader")
            self.assertEqual(entry.author, "Feed Reader")
            self.assertIn("something", entry.content[0].value if "content" in entry
                          else entry.summary)
            self.assertNotIn(COMMENTER_EMAIL.encode(), resp.body)
            # The site's own address is 127.0.0.1 too: look past its URLs.
            self.assertNotIn(b"127.0.0.1", resp.body.replace(self.home().encode(), b""))

    def test_post_comments_feed(self):
        comment_id = self.comment("Only on this post")
        for suffix, atom in (("feed/", False), ("feed/atom/", True)):
            def shows_comment():
                parsed, resp = self.fetch_feed(self.post_path + suffix, atom)
                self.assertIn(f"{self.home()}{self.post_path}#comment-{comment_id}",
                              [e.link for e in parsed.entries])
                return parsed, resp

            parsed, resp = h.eventually(shows_comment)
            self.assertEqual(parsed.feed.title, "Comments on: Commented post")
            self.assertTrue(all(e.link.startswith(self.home() + self.post_path)
                                for e in parsed.entries))
            self.assertIn("By: Feed Reader", self.titles(parsed))
            self.assertNotIn(COMMENTER_EMAIL.encode(), resp.body)
        # The sample post's own comment feed does not list this post's comments.
        parsed, _ = self.fetch_feed(self.sample_post_path + "feed/")
        self.assertNotIn(f"#comment-{comment_id}", " ".join(e.link for e in parsed.entries))

    def test_a_new_comment_renews_the_feeds(self):
        paths = ("/comments/feed/", self.post_path + "feed/")
        before = {path: self.get_ok(path).header("ETag") for path in paths}
        comment_id = self.comment("Renewal check")
        for path in paths:
            def renewed():
                resp = self.get_ok(path)
                self.assertIn(f"#comment-{comment_id}".encode(), resp.body)
                return resp

            self.assertNotEqual(h.eventually(renewed).header("ETag"), before[path])
            self.assertEqual(self.client().get(path, {"If-None-Match": before[path]}).status,
                             200)

    def test_a_page_has_a_comment_feed_too(self):
        page_path = h.path_of(self.cli("post", "add", "--type", "page", "--title", "Feed page",
                                       "-", stdin="A page.").lines()[0])
        resp = self.submit_comment(self.post_id(page_path), "On a page", author="Feed Reader",
                                   email=COMMENTER_EMAIL)
        self.assertEqual(resp.status, 303, resp.body[:500])
        comment_id = h.comment_id_from_location(resp.location_path())
        if "unapproved=" in resp.header("Location", ""):
            self.approve(comment_id)

        def listed():
            parsed, _ = self.fetch_feed(page_path + "feed/atom/", atom=True)
            self.assertEqual([e.link for e in parsed.entries],
                             [f"{self.home()}{page_path}#comment-{comment_id}"])

        h.eventually(listed)

    def test_a_feed_of_a_missing_post_is_404(self):
        self.assertEqual(self.client().get("/2001/01/01/no-such-post/feed/").status, 404)


class ArchiveFeedsTest(FeedCase):
    """Feeds of a category (with its child categories), a tag and an author."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server.cli("user", "add", "ada", "--email", "ada@example.com", "--role", "author",
                       stdin="correct horse battery\n")
        cls.server.cli("post", "add", "--title", "Cat post", "--author", "ada", "--category",
                       "Cats", "--tag", "Fluffy", "-", stdin="Meow.")
        cls.server.cli("post", "add", "--title", "Kitten post", "--category", "Cats/Kittens",
                       "-", stdin="Mew.")
        cls.server.cli("post", "add", "--title", "Dog post", "--category", "Dogs", "-",
                       stdin="Woof.")

    def test_category_feed_lists_its_posts_and_its_children(self):
        for path, atom in (("/category/cats/feed/", False), ("/category/cats/feed/atom/", True)):
            parsed, _ = self.fetch_feed(path, atom)
            self.assertEqual(sorted(self.titles(parsed)), ["Cat post", "Kitten post"], path)
            self.assertIn("Cats", parsed.feed.title)
            cat = next(e for e in parsed.entries if e.title == "Cat post")
            self.assertEqual(sorted(t.term for t in cat.tags), ["Cats", "Fluffy"])
        parsed, _ = self.fetch_feed("/category/cats/kittens/feed/")
        self.assertEqual(self.titles(parsed), ["Kitten post"])

    def test_tag_feed(self):
        for path, atom in (("/tag/fluffy/feed/", False), ("/tag/fluffy/feed/atom/", True)):
            parsed, _ = self.fetch_feed(path, atom)
            self.assertEqual(self.titles(parsed), ["Cat post"], path)

    def test_author_feed_names_the_author(self):
        for path, atom in (("/author/ada/feed/", False), ("/author/ada/feed/atom/", True)):
            parsed, _ = self.fetch_feed(path, atom)
            self.assertEqual(self.titles(parsed), ["Cat post"], path)
            self.assertEqual(parsed.entries[0].author, "ada")
            self.assertNotIn("ada@example.com", str(parsed))

    def test_a_new_post_in_a_category_renews_its_feed(self):
        self.fetch_feed("/category/dogs/feed/")
        self.add_post("Second dog", "Bark.", "--category", "Dogs")

        def renewed():
            parsed, _ = self.fetch_feed("/category/dogs/feed/")
            self.assertEqual(self.titles(parsed), ["Second dog", "Dog post"])

        h.eventually(renewed)


class ExcerptFeedTest(FeedCase):
    SETTINGS = {"rss_use_excerpt": "1", "posts_per_rss": "2"}

    def test_excerpts_only_and_posts_per_rss(self):
        for n in range(3):
            self.add_post(f"Excerpted {n}", "Long body words " * 100)

        def three_posts_in():
            parsed, resp = self.fetch_feed("/feed/")
            self.assertEqual(self.titles(parsed), ["Excerpted 2", "Excerpted 1"])
            return parsed, resp

        parsed, resp = h.eventually(three_posts_in)
        self.assertNotIn(b"content:encoded", resp.body)
        self.assertTrue(parsed.entries[0].summary.endswith("[\u2026]"), parsed.entries[0].summary)
        atom, atom_resp = self.fetch_feed("/feed/atom/", atom=True)
        self.assertEqual(len(atom.entries), 2)
        self.assertNotIn(b"<content", atom_resp.body)


if __name__ == "__main__":
    unittest.main()
