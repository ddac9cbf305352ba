"""The admin's publishing screens with the real binary: pages with a parent, categories and tags
assigned in the editor (and managed on their own screens), revisions compared and restored, a
post scheduled two seconds ahead that the server publishes by itself, and a contributor who may
only submit for review. Every POST is refused without its CSRF token."""

from __future__ import annotations

import re
import time

import quire_harness
from quire_harness import eventually

ADMIN = ("ada", "ada@example.com", "correct horse battery staple", "administrator")
AUTHOR = ("aldo", "aldo@example.com", "an author's passphrase", "author")
CONTRIBUTOR = ("cora", "cora@example.com", "a contributor's passphrase", "contributor")

SCHEDULE_DEADLINE_S = 15.0  # generous: the scheduler publishes within about a second


class AdminPublishingTest(quire_harness.QuireTestCase):
    SETTINGS = {"comment_flood_seconds": 0}

    USERS = (ADMIN, AUTHOR, CONTRIBUTOR)

    # ---- helpers ----


    def csrf(self, client, path="/admin/posts/new/") -> str:
        return super().csrf(client, path)

    def save(self, client, token, path="/admin/posts/new/", fields=()):
        body = [("_wpnonce", token), ("comment_status", "open"), ("post_format", "markdown")]
        return client.post_form(path, body + list(fields))

    def edit_path(self, resp) -> str:
        self.assertEqual(resp.status, 303, resp.text[:2000])
        location = resp.location_path()
        self.assertRegex(location, r"^/admin/posts/\d+/edit/\?")
        return location.split("?")[0]

    def item_id(self, edit_path: str) -> int:
        return int(edit_path.split("/")[3])

    def view_link(self, client, edit_path) -> str | None:
        link = client.get(edit_path).html().find("a", **{"class": "view-link"})
        return link.get("href") if link is not None else None

    def add_term(self, client, token, base, name, **extra) -> int:
        resp = client.post_form(base, {"_wpnonce": token, "tag-name": name, **extra})
        self.assertEqual(resp.status, 303, resp.text[:2000])
        listing = client.get(base).text
        match = re.search(r'<tr id="term-(\d+)">\s*<td class="column-name">[^<]*<a href="[^"]*">'
                          + re.escape(name) + "</a>", listing)
        self.assertIsNotNone(match, f"{name} is listed on {base}")
        return int(match.group(1))

    # ---- tests ----

    def test_page_with_a_parent(self):
        admin = self.login(ADMIN)
        token = self.csrf(admin, "/admin/pages/new/")
        form = admin.get("/admin/pages/new/").html()
        self.assertIsNotNone(form.field("parent_id"), "a page has a Parent select")
        self.assertIsNone(form.field("post_category[]"), "a page has no categories")
        parent = self.edit_path(self.save(admin, token, "/admin/pages/new/", [
            ("post_title", "About us"), ("content", "All about us."), ("action", "publish")]))
        child = self.edit_path(self.save(admin, token, "/admin/pages/new/", [
            ("post_title", "Our team"), ("content", "The **team**."), ("action", "publish"),
            ("parent_id", str(self.item_id(parent))), ("menu_order", "2")]))
        self.assertEqual(self.view_link(admin, child), "/about-us/our-team/")
        pages = admin.get("/admin/pages/").text
        self.assertIn("Our team", pages)
        self.assertIn("About us", pages)
        self.assertNotIn("Our team", admin.get("/admin/posts/").text)
        # The editor shows the chosen parent selected.
        selected = admin.get(child).html().field("parent_id").find(
            "option", value=str(self.item_id(parent)))
        self.assertTrue(selected.has("selected"))
        page = self.get_ok("/about-us/our-team/")
        self.assertIn("<strong>team</strong>", page.text)
        # Authors write posts but not pages (WordPress's edit_pages).
        author = self.login(AUTHOR)
        self.assertEqual(author.get("/admin/pages/").status, 403)
        self.assertEqual(author.get(child).status, 403)

    def test_categories_and_tags_from_the_editor_and_their_screens(self):
        admin = self.login(ADMIN)
        token = self.csrf(admin, "/admin/categories/")
        science = self.add_term(admin, token, "/admin/categories/", "Science")
        physics = self.add_term(admin, token, "/admin/categories/", "Physics",
                                parent=str(science), description="Of <things>")
        listing = admin.get("/admin/categories/").text
        self.assertIn("Of &lt;things&gt;", listing)
        self.assertRegex(listing, r"\u2014 <a href=\"/admin/categories/%d/edit/\">Physics</a>"
                         % physics)

        editor_form = admin.get("/admin/posts/new/").html()
        box = editor_form.find("input", name="post_category[]", value=str(physics))
        self.assertIsNotNone(box, "the editor lists the categories as checkboxes")
        edit = self.edit_path(self.save(admin, token, fields=[
            ("post_title", "Quarks explained"), ("content", "Up, down, strange."),
            ("action", "publish"), ("post_category[]", str(physics)),
            ("tags", "particles, Standard Model, particles")]))
        row = admin.get("/admin/posts/").html().by_id(f"post-{self.item_id(edit)}")
        self.assertEqual(row.find("td", **{"class": "column-categories"}).text().strip(),
                         "Physics")
        self.assertEqual(row.find("td", **{"class": "column-tags"}).text().strip(),
                         "particles, Standard Model")
        tags = admin.get("/admin/tags/").text
        self.assertIn("Standard Model", tags)
        self.assertIn("standard-model", tags)
        # The archives show it: the category's, its parent's, the tag's.
        for archive in ("/category/science/physics/", "/category/science/",
                        "/tag/standard-model/"):
            self.assertTrue(eventually(lambda: "Quarks explained" in
                                       self.client().get(archive).text), archive)
        # The count of the category counts the published post.
        cats = admin.get("/admin/categories/").html().by_id(f"term-{physics}")
        self.assertEqual(cats.find("td", **{"class": "column-count"}).text().strip(), "1")

        # Rename, then delete: the post loses the category.
        resp = admin.post_form(f"/admin/categories/{physics}/edit/", {
            "_wpnonce": token, "tag-name": "Particle physics", "slug": "",
            "parent": str(science), "description": ""})
        self.assertEqual(resp.status, 303, resp.text[:2000])
        self.assertIn("Particle physics", admin.get("/admin/categories/").text)
        refused = admin.post_form(f"/admin/categories/{physics}/delete/", {})
        self.assertEqual(refused.status, 403)
        resp = admin.post_form(f"/admin/categories/{physics}/delete/", {"_wpnonce": token})
        self.assertEqual(resp.status, 303)
        self.assertNotIn("Particle physics", admin.get("/admin/categories/").text)
        row = admin.get("/admin/posts/").html().by_id(f"post-{self.item_id(edit)}")
        self.assertNotIn("Particle", row.text())
        # Terms are for editors and administrators.
        author = self.login(AUTHOR)
        self.assertEqual(author.get("/admin/categories/").status, 403)
        self.assertEqual(author.post_form("/admin/tags/", {"_wpnonce": token,
                                                          "tag-name": "x"}).status, 403)

    def test_revisions_diff_and_restore(self):
        admin = self.login(ADMIN)
        token = self.csrf(admin)
        edit = self.edit_path(self.save(admin, token, fields=[
            ("post_title", "Versioned"), ("content", "The first <version>.\nKept line.\n"),
            ("action", "publish")]))
        self.edit_path(self.save(admin, token, edit, [
            ("post_title", "Versioned again"), ("content", "The second <version>.\nKept line.\n"),
            ("action", "publish")]))
        self.assertIn("Revisions (2)", admin.get(edit).text)
        revisions_path = edit.replace("/edit/", "/revisions/")
        page = admin.get(revisions_path)
        self.assertEqual(page.status, 200, page.text[:2000])
        self.assertIn("Versioned<ins> again</ins>", page.text)
        self.assertIn("The <del>first</del><ins>second</ins> &lt;version&gt;.", page.text)
        oldest = page.html().find("form", **{"class": "revision-restore"}).find(
            "input", name="revision").get("value")
        # Compare any two: the oldest with itself shows no change.
        same = admin.get(f"{revisions_path}?from={oldest}&to={oldest}").text
        self.assertIn("These revisions are the same.", same)
        self.assertEqual(admin.post_form(revisions_path, {"revision": oldest}).status, 403)
        resp = admin.post_form(revisions_path, {"_wpnonce": token, "revision": oldest})
        self.assertEqual(resp.status, 303, resp.text[:2000])
        self.assertIn("Revision restored.", admin.get(resp.location_path()).text)
        path = self.view_link(admin, edit)
        self.assertTrue(eventually(lambda: "The first &lt;version&gt;." in self.get_ok(path).text
                                   or "The first <version>." in self.get_ok(path).text))
        self.assertIn("Revisions (3)", admin.get(edit).text)

    def test_scheduled_post_is_published_at_its_time(self):
        admin = self.login(ADMIN)
        token = self.csrf(admin)
        when = time.time() + 2
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(when))
        resp = self.save(admin, token, fields=[
            ("post_title", "From the future"), ("post_name", "from-the-future"),
            ("content", "Arrives on time."), ("date", stamp), ("action", "publish")])
        edit = self.edit_path(resp)
        self.assertIn("scheduled=1", resp.location_path())
        day = time.strftime("%Y/%m/%d", time.gmtime(when))
        path = f"/{day}/from-the-future/"
        if time.time() < when - 0.5:
            self.assertEqual(self.client().get(path).status, 404, "not yet published")
        listing = admin.get("/admin/posts/?post_status=future").text
        if time.time() < when - 0.5:
            self.assertIn("From the future", listing)
        published = eventually(lambda: self.client().get(path).status == 200,
                               timeout=SCHEDULE_DEADLINE_S)
        self.assertTrue(published, f"{path} was not published by its time")
        self.assertIn("Arrives on time.", self.get_ok(path).text)
        self.assertIn("Status: <strong>Published</strong>", admin.get(edit).text)
        self.assertTrue(eventually(lambda: "From the future" in self.get_ok("/").text))

    def test_contributor_submits_for_review_but_never_publishes(self):
        cora = self.login(CONTRIBUTOR)
        token = self.csrf(cora)
        form = cora.get("/admin/posts/new/").html()
        self.assertIsNone(form.find("button", value="publish"))
        self.assertIsNotNone(form.find("button", value="pending"))
        refused = self.save(cora, token, fields=[
            ("post_title", "Let me in"), ("content", "x"), ("action", "publish")])
        self.assertEqual(refused.status, 403, refused.text[:2000])
        self.assertIn("not allowed to publish", refused.text)
        refused = self.save(cora, token, fields=[
            ("post_title", "Let me in later"), ("content", "x"), ("action", "publish"),
            ("date", "2099-01-01T00:00Z")])
        self.assertEqual(refused.status, 403)
        resp = self.save(cora, token, fields=[
            ("post_title", "For review"), ("content", "Please read."), ("action", "pending")])
        edit = self.edit_path(resp)
        self.assertIn("submitted for review", cora.get(resp.location_path()).text)
        self.assertIn("For review", cora.get("/admin/posts/?post_status=pending").text)
        self.assertEqual(cora.get("/admin/categories/").status, 403)
        self.assertEqual(cora.get("/admin/pages/new/").status, 403)
        # An administrator publishes it.
        admin = self.login(ADMIN)
        token = self.csrf(admin)
        self.edit_path(self.save(admin, token, edit, [
            ("post_title", "For review"), ("content", "Please read."), ("action", "publish")]))
        self.assertTrue(eventually(lambda: "For review" in self.get_ok("/").text))
        # Now published, it is no longer the contributor's to change.
        self.assertEqual(cora.get(edit).status, 403)

    def test_without_csrf_nothing_changes(self):
        admin = self.login(ADMIN)
        resp = admin.post_form("/admin/pages/new/", {"post_title": "Forged page",
                                                    "content": "x", "action": "publish"})
        self.assertEqual(resp.status, 403)
        resp = admin.post_form("/admin/categories/", {"tag-name": "Forged category"})
        self.assertEqual(resp.status, 403)
        self.assertNotIn("Forged", admin.get("/admin/pages/").text)
        self.assertNotIn("Forged", admin.get("/admin/categories/").text)


if __name__ == "__main__":
    import unittest
    unittest.main()
