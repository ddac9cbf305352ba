"""The admin's posts and personal-data screens with the real binary: write, publish, edit and
see the post at its permalink; contributors save drafts only; Move to Trash takes a post off
the front page; every form refused without its CSRF token with nothing changed; export and
erase a commenter's data from /admin/privacy/."""

from __future__ import annotations

import json

import quire_harness
from quire_harness import eventually

ADMIN = ("ada", "ada@example.com", "correct horse battery staple", "administrator")
EDITOR = ("eddie", "eddie@example.com", "another long passphrase", "editor")
CONTRIBUTOR = ("cora", "cora@example.com", "a contributor's passphrase", "contributor")


class AdminPostsTest(quire_harness.QuireTestCase):
    SETTINGS = {"comment_flood_seconds": 0}

    USERS = (ADMIN, EDITOR, CONTRIBUTOR)

    # ---- helpers ----


    def csrf(self, client, path="/admin/posts/new/") -> str:
        return super().csrf(client, path)

    def save(self, client, token, path="/admin/posts/new/", **fields):
        body = {"_wpnonce": token, "comment_status": "open", "post_format": "markdown", **fields}
        if token is None:
            del body["_wpnonce"]
        return client.post_form(path, body)

    def edit_path(self, resp) -> str:
        self.assertEqual(resp.status, 303, resp.text[:2000])
        location = resp.location_path()
        self.assertRegex(location, r"^/admin/posts/\d+/edit/\?")
        return location.split("?")[0]

    def permalink(self, client, edit_path) -> str:
        page = client.get(edit_path)
        self.assertEqual(page.status, 200)
        link = page.html().find("a", **{"class": "view-link"})
        self.assertIsNotNone(link, "a published post's editor links to the post")
        return link.get("href")

    def front_text(self) -> str:
        return self.get_ok("/").text

    def sample_text(self) -> str:
        return self.get_ok(self.sample_post_path).text

    # ---- tests ----

    def test_write_publish_edit_and_read_it_on_the_site(self):
        admin = self.login(ADMIN)
        nav = admin.get("/admin/").html()
        self.assertIn("/admin/posts/", [href for href, _ in nav.links()])
        self.assertIn("/admin/privacy/", [href for href, _ in nav.links()])
        token = self.csrf(admin)
        resp = self.save(admin, token, post_title="Fresh from the admin",
                         content="Written in **Markdown**.", action="publish")
        edit = self.edit_path(resp)
        self.assertIn("Post published.", admin.get(resp.location_path()).text)
        path = self.permalink(admin, edit)
        page = self.get_ok(path)
        self.assertIn("Fresh from the admin", page.text)
        self.assertIn("<strong>Markdown</strong>", page.text)
        self.assertIsNotNone(page.html().comment_form(), "comments are open")
        self.assertTrue(eventually(lambda: "Fresh from the admin" in self.front_text()))

        resp = self.save(admin, token, path=edit, post_title="Fresh from the admin",
                         post_name=path.rstrip("/").split("/")[-1],
                         content="Edited text, comments closed.", action="publish",
                         comment_status="")
        self.assertEqual(self.edit_path(resp), edit)
        edited = "Edited text, comments closed."
        self.assertTrue(eventually(lambda: edited in self.get_ok(path).text))
        self.assertIsNone(self.get_ok(path).html().comment_form(), "comments are closed")

        listing = admin.get("/admin/posts/?post_status=publish")
        self.assertIn("Fresh from the admin", listing.text)

    def test_preview_saves_nothing(self):
        editor = self.login(EDITOR)
        token = self.csrf(editor)
        resp = self.save(editor, token, post_title="Only a preview",
                         content="Preview *me*", action="preview")
        self.assertEqual(resp.status, 200, resp.text[:2000])
        self.assertIn("<em>me</em>", resp.text)
        self.assertNotIn("Only a preview", editor.get("/admin/posts/").text)

    def test_contributor_saves_drafts_but_cannot_publish(self):
        cora = self.login(CONTRIBUTOR)
        token = self.csrf(cora)
        refused = self.save(cora, token, post_title="Contributor wants out",
                            content="Let me publish.", action="publish")
        self.assertEqual(refused.status, 403, refused.text[:2000])
        self.assertIn("not allowed to publish", refused.text)
        resp = self.save(cora, token, post_title="Contributor draft", content="Draft body.",
                         action="draft")
        edit = self.edit_path(resp)
        self.assertIn("Draft saved.", cora.get(resp.location_path()).text)
        self.assertNotIn("Contributor", self.front_text())
        # Others' posts are not theirs to edit.
        self.assertEqual(cora.get(f"/admin/posts/{self.sample_post_id}/edit/").status, 403)
        self.assertEqual(cora.get("/admin/settings/discussion/").status, 403)
        self.assertEqual(cora.get("/admin/privacy/").status, 403)
        # An editor publishes it.
        editor = self.login(EDITOR)
        token = self.csrf(editor)
        resp = self.save(editor, token, path=edit, post_title="Contributor draft",
                         content="Draft body.", action="publish")
        self.assertEqual(self.edit_path(resp), edit)
        self.assertTrue(eventually(lambda: "Contributor draft" in self.front_text()))

    def test_trash_removes_it_from_the_front_page(self):
        admin = self.login(ADMIN)
        token = self.csrf(admin)
        edit = self.edit_path(self.save(admin, token, post_title="Short-lived post",
                                        content="Soon gone.", action="publish"))
        path = self.permalink(admin, edit)
        self.assertTrue(eventually(lambda: "Short-lived post" in self.front_text()))
        post_id = edit.split("/")[3]
        resp = admin.post_form(f"/admin/posts/{post_id}/trash/", {"_wpnonce": token})
        self.assertEqual(resp.status, 303, resp.text[:2000])
        self.assertIn("moved to the Trash", admin.get(resp.location_path()).text)
        self.assertTrue(eventually(lambda: "Short-lived post" not in self.front_text()))
        self.assertEqual(self.client().get(path).status, 404)
        self.assertIn("Short-lived post", admin.get("/admin/posts/?post_status=trash").text)

    def test_without_csrf_nothing_changes(self):
        admin = self.login(ADMIN)
        listing_before = admin.get("/admin/posts/").text
        resp = self.save(admin, None, post_title="Forged post", content="x", action="publish")
        self.assertEqual(resp.status, 403)
        resp = self.save(admin, "not-the-token", path=f"/admin/posts/{self.sample_post_id}/edit/",
                         post_title="Forged title", content="x", action="publish")
        self.assertEqual(resp.status, 403)
        resp = admin.post_form(f"/admin/posts/{self.sample_post_id}/trash/", {})
        self.assertEqual(resp.status, 403)
        self.assertNotIn("Forged", admin.get("/admin/posts/").text)
        self.assertEqual(listing_before.count("<tr id=\"post-"),
                         admin.get("/admin/posts/").text.count("<tr id=\"post-"))
        self.assertIn("Hello world!", self.get_ok(self.sample_post_path).text)

    def test_privacy_export_and_erase(self):
        email = "private.person@example.org"
        resp = self.submit_comment(self.sample_post_id, "A comment with personal data",
                                   author="Private Person", email=email)
        self.assertEqual(resp.status, 303, resp.text[:2000])
        comment_id = quire_harness.comment_id_from_location(resp.location_path())
        self.approve(comment_id)  # a first comment is held; approved, the page shows it
        self.assertTrue(eventually(lambda: "Private Person" in self.sample_text()))
        admin = self.login(ADMIN)
        token = self.csrf(admin, "/admin/privacy/")

        resp = admin.post_form("/admin/privacy/", {"_wpnonce": token, "email": email,
                                                   "action": "export"})
        self.assertEqual(resp.status, 200, resp.text[:2000])
        self.assertIn("attachment", resp.header("Content-Disposition", ""))
        data = json.loads(resp.text)
        ids = [c["id"] for c in data["comments"]]
        self.assertIn(comment_id, ids)
        mine = next(c for c in data["comments"] if c["id"] == comment_id)
        self.assertEqual(mine["author"], "Private Person")
        self.assertEqual(mine["content"], "A comment with personal data")

        forged = admin.post_form("/admin/privacy/", {"email": email, "action": "erase",
                                                     "confirm": "yes"})
        self.assertEqual(forged.status, 403)
        unconfirmed = admin.post_form("/admin/privacy/", {"_wpnonce": token, "email": email,
                                                          "action": "erase"})
        self.assertEqual(unconfirmed.status, 400)

        resp = admin.post_form("/admin/privacy/", {"_wpnonce": token, "email": email,
                                                   "action": "erase", "confirm": "yes"})
        self.assertEqual(resp.status, 303, resp.text[:2000])
        self.assertIn("1 comment anonymised.", admin.get(resp.location_path()).text)
        after = json.loads(self.cli("privacy", "export", email).stdout)
        self.assertEqual(after["comments"], [])
        self.assertTrue(eventually(lambda: "Private Person" not in self.sample_text()))
        page = self.get_ok(self.sample_post_path).text
        self.assertIn("A comment with personal data", page)
        self.assertIn("Anonymous", page)
