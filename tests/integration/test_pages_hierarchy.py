"""Pages and items over HTTP with the real binary: pages at /parent/child/ with their children
listed, ?p= and ?page_id= links, PERMALINK/feed/, renamed items answering 301 from their old
URL, private and draft items (404 to anonymous readers; shown fresh, never cached, to an
editor), and the <head> of an article (canonical, OpenGraph, JSON-LD)."""

from __future__ import annotations

import json
import re

import quire_harness
from quire_harness import eventually

EDITOR = ("eddie", "eddie@example.com", "another long passphrase", "editor")
AUTHOR = ("ann", "ann@example.com", "ann's long passphrase", "author")


class PagesHierarchyTest(quire_harness.QuireTestCase):
    USERS = (EDITOR, AUTHOR)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()  # makes USERS

        def add(title, *options):
            out = cls.server.cli("post", "add", "--title", title, *options, "-",
                                 stdin=f"The text of {title}.")
            return quire_harness.path_of(out.lines()[0])

        cls.about = add("About us", "--type", "page", "--slug", "about")
        cls.about_id = quire_harness.post_id_of(cls.server, cls.about)
        cls.team = add("The team", "--type", "page", "--slug", "team", "--parent",
                       str(cls.about_id))
        cls.secret = add("Secret plans", "--status", "private", "--author", "ann")
        cls.draft = add("Half written", "--status", "draft", "--author", "ann")

    def test_pages_live_at_their_parents_path_and_list_their_children(self):
        self.assertEqual(self.about, "/about/")
        self.assertEqual(self.team, "/about/team/")
        page = self.get_ok("/about/").html()
        self.assertIn("The text of About us.", page.text())
        self.assertIn(("/about/team/", "The team"), page.links())
        self.assertIn("The text of The team.", self.get_ok("/about/team/").text)
        self.assertEqual(self.client().get("/team/").status, 404)
        self.assertEqual(self.client().get("/nope/team/").status, 404)
        slashless = self.client().get("/about/team")
        self.assertEqual(slashless.status, 301)
        self.assertEqual(slashless.location_path(), "/about/team/")

    def test_plain_links_redirect(self):
        team_id = quire_harness.post_id_of(self.server, self.team)
        resp = self.client().get(f"/?page_id={team_id}")
        self.assertEqual(resp.status, 301)
        self.assertEqual(resp.location_path(), "/about/team/")
        resp = self.client().get(f"/?p={self.sample_post_id}")
        self.assertEqual(resp.status, 301)
        self.assertEqual(resp.location_path(), self.sample_post_path)
        self.assertEqual(self.client().get(f"/?page_id={self.sample_post_id}").status, 404)
        self.assertEqual(self.client().get("/?p=987654").status, 404)

    def test_item_comment_feed_is_reached_from_its_permalink(self):
        resp = self.client().get(self.sample_post_path + "feed/")
        self.assertEqual(resp.status, 200, resp.text[:500])
        self.assertIn("xml", resp.header("Content-Type"))
        self.assertEqual(self.client().get("/about/nope/feed/").status, 404)
        self.assertEqual(self.client().get(self.secret + "feed/").status, 404)

    def test_private_and_draft_items_are_hidden_from_anonymous_readers(self):
        for path in (self.secret, self.draft):
            resp = self.client().get(path)
            self.assertEqual(resp.status, 404, path)
            self.assertNotIn("Secret plans", resp.text)
        self.assertNotIn("Secret plans", self.get_ok("/").text)

    def test_an_editor_sees_private_and_draft_items_fresh(self):
        editor = self.login(EDITOR)
        seen = editor.get(self.secret)
        self.assertEqual(seen.status, 200, seen.text[:1000])
        self.assertIn("Private: Secret plans", seen.text)
        self.assertEqual(seen.header("Cache-Control"), "private, no-store")
        front = editor.get("/")
        self.assertIn("Private: Secret plans", front.text)
        self.assertEqual(front.header("Cache-Control"), "private, no-store")
        draft = editor.get(self.draft)
        self.assertEqual(draft.status, 200)
        self.assertIn("preview-notice", draft.text)
        # Nothing of it reached the shared cache.
        self.assertEqual(self.client().get(self.secret).status, 404)
        self.assertNotIn("Secret plans", self.get_ok("/").text)

    def test_the_author_previews_her_draft(self):
        ann = self.login(AUTHOR)
        self.assertEqual(ann.get(self.draft).status, 200)
        self.assertEqual(ann.get(self.secret).status, 200)

    def test_renamed_post_answers_301_from_its_old_url(self):
        old = self.client().get("/")  # warm the cache
        self.assertEqual(old.status, 200)
        path = quire_harness.path_of(self.cli(
            "post", "add", "--title", "First name", "-", stdin="Renamed soon.").lines()[0])
        post_id = quire_harness.post_id_of(self.server, path)
        editor = self.login(EDITOR)
        edit = editor.get(f"/admin/posts/{post_id}/edit/")
        self.assertEqual(edit.status, 200, edit.text[:1000])
        token = edit.html().value("_wpnonce")
        resp = editor.post_form(f"/admin/posts/{post_id}/edit/", {
            "_wpnonce": token, "post_title": "Second name", "post_name": "second-name",
            "content": "Renamed soon.", "post_format": "markdown", "comment_status": "open",
            "action": "publish"})
        self.assertIn(resp.status, (200, 303), resp.text[:1000])
        new_path = re.sub(r"first-name/$", "second-name/", path)
        moved = eventually(lambda: self.client().get(path).status == 301)
        self.assertTrue(moved)
        self.assertEqual(self.client().get(path).location_path(), new_path)
        self.assertIn("Renamed soon.", self.get_ok(new_path).text)

    def test_article_head(self):
        page = self.get_ok(self.sample_post_path).html()
        canonical = page.find("link", rel="canonical")
        self.assertTrue(canonical.get("href").endswith(self.sample_post_path))
        self.assertTrue(canonical.get("href").startswith("http"))
        og_type = page.find("meta", property="og:type")
        self.assertEqual(og_type.get("content"), "article")
        self.assertIsNotNone(page.find("meta", property="og:title"))
        self.assertIsNotNone(page.find("meta", property="article:published_time"))
        self.assertIsNotNone(page.find("meta", name="twitter:card"))
        script = page.find("script", type="application/ld+json")
        data = json.loads(script.raw_text())
        self.assertEqual(data["@type"], "Article")
        feeds = [n.get("href") for n in page.find_all("link", rel="alternate")]
        self.assertTrue(any(f.endswith("/feed/") for f in feeds), feeds)
        self.assertTrue(any(f.endswith("/comments/feed/") for f in feeds), feeds)
        missing = self.client().get("/no/such/thing/").html()
        self.assertEqual(missing.find("meta", name="robots").get("content"), "noindex, follow")


if __name__ == "__main__":
    import unittest
    unittest.main()
