"""The admin screens with the real binary: log in, moderate each way (one at a time and in
bulk) and see the public page change; every admin form refused without its CSRF token with
nothing changed; discussion settings for administrators only, taking effect at once."""

from __future__ import annotations

import unittest
import urllib.parse

import quire_harness
from quire_harness import eventually

ADMIN = ("ada", "ada@example.com", "correct horse battery staple")
EDITOR = ("eddie", "eddie@example.com", "another long passphrase")


class AdminTest(quire_harness.QuireTestCase):
    # Every comment is held, so each test starts from the Pending tab. The spam defence's
    # timing and rate layers are relaxed: these tests post quickly from one address.
    SETTINGS = {"comment_moderation": 1, "comment_flood_seconds": 0,
                "spam_min_submit_seconds": 0, "rate_ip_burst": 1000, "rate_email_burst": 1000,
                "rate_post_burst": 1000}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for login, email, password in (ADMIN, EDITOR):
            role = "administrator" if login == ADMIN[0] else "editor"
            cls.server.cli("user", "add", login, "--email", email, "--role", role,
                           stdin=password + "\n")

    # ---- helpers ----

    def login(self, user=ADMIN) -> quire_harness.HttpClient:
        return super().login(user)

    def hold_comment(self, text: str, author: str = "Visitor") -> int:
        resp = self.submit_comment(self.sample_post_id, text, author=author,
                                   email="visitor@example.org")
        self.assertEqual(resp.status, 303, resp.text[:2000])
        self.assertIn("unapproved=", resp.location_path(), "the comment was not held")
        return quire_harness.comment_id_from_location(resp.location_path())

    def act(self, client, comment_id: int, action: str, token: str, **fields):
        body = {"_wpnonce": token, **fields}
        return client.post_form(f"/admin/comments/{comment_id}/?action={action}", body)

    def public_text(self) -> str:
        return self.get_ok(self.sample_post_path).text

    def assert_public(self, text: str, shown: bool) -> None:
        eventually(lambda: (text in self.public_text()) == shown)
        self.assertEqual(text in self.public_text(), shown,
                         f"{text!r} should {'' if shown else 'not '}be on the public page")

    def row(self, client, comment_id: int, status: str):
        page = client.get(f"/admin/comments/?comment_status={status}")
        self.assertEqual(page.status, 200)
        return page.html().by_id(f"comment-{comment_id}")

    # ---- tests ----

    def test_logged_out_admin_redirects_to_login(self):
        resp = self.client().get("/admin/comments/?comment_status=moderated")
        self.assertEqual(resp.status, 303)
        self.assertTrue(resp.location_path().startswith("/admin/login?redirect_to="))
        self.assertIn(urllib.parse.quote("/admin/comments/", safe=""), resp.location_path())

    def test_approve_from_the_queue_publishes_the_comment(self):
        comment_id = self.hold_comment("Held until a moderator approves it")
        self.assert_public("Held until a moderator approves it", False)
        admin = self.login()
        dashboard = admin.get("/admin/")
        self.assertIn("awaiting moderation", dashboard.text)
        row = self.row(admin, comment_id, "moderated")
        self.assertIsNotNone(row, "the held comment is not on the Pending tab")
        self.assertIn("visitor@example.org", row.text())
        self.assertIn("Why:", row.text(), "the reason it was held is not shown")
        token = self.csrf(admin, "/admin/comments/")

        resp = self.act(admin, comment_id, "approve", token, comment_status="moderated")
        self.assertEqual(resp.status, 303, resp.text[:2000])
        self.assertEqual(resp.location_path(), "/admin/comments/?comment_status=moderated&approved=1")
        notice = admin.get(resp.location_path())
        self.assertIn("1 comment approved.", notice.text)
        self.assert_public("Held until a moderator approves it", True)

    def test_spam_trash_restore_and_delete(self):
        comment_id = self.hold_comment("A comment that goes round the houses")
        admin = self.login()
        token = self.csrf(admin)
        text = "A comment that goes round the houses"
        self.assertEqual(self.act(admin, comment_id, "approve", token).status, 303)
        self.assert_public(text, True)

        self.assertEqual(self.act(admin, comment_id, "spam", token).status, 303)
        self.assert_public(text, False)
        self.assertIsNotNone(self.row(admin, comment_id, "spam"))
        resp = self.act(admin, comment_id, "unspam", token)
        self.assertEqual(resp.location_path(), "/admin/comments/?unspammed=1")
        self.assert_public(text, True)  # back to approved, the status it had

        self.assertEqual(self.act(admin, comment_id, "trash", token).status, 303)
        self.assert_public(text, False)
        self.assertIsNotNone(self.row(admin, comment_id, "trash"))
        self.assertEqual(self.act(admin, comment_id, "untrash", token).status, 303)
        self.assert_public(text, True)

        self.assertEqual(self.act(admin, comment_id, "trash", token).status, 303)
        resp = self.act(admin, comment_id, "delete", token)
        self.assertEqual(resp.location_path(), "/admin/comments/?deleted=1")
        self.assertEqual(admin.get(f"/admin/comments/{comment_id}/").status, 404)

    def test_bulk_approve_two(self):
        first = self.hold_comment("Bulk one: approve me")
        second = self.hold_comment("Bulk two: approve me too")
        left = self.hold_comment("Bulk three: stay held")
        admin = self.login()
        token = self.csrf(admin, "/admin/comments/?comment_status=moderated")
        resp = admin.post_form("/admin/comments/", [
            ("_wpnonce", token), ("comment_status", "moderated"), ("action", "approve"),
            ("delete_comments[]", str(first)), ("delete_comments[]", str(second))])
        self.assertEqual(resp.status, 303, resp.text[:2000])
        self.assertIn("approved=2", resp.location_path())
        self.assertIn("2 comments approved.", admin.get(resp.location_path()).text)
        self.assert_public("Bulk one: approve me", True)
        self.assert_public("Bulk two: approve me too", True)
        self.assert_public("Bulk three: stay held", False)
        self.assertIsNotNone(self.row(admin, left, "moderated"))

    def test_reply_from_the_admin_is_published_under_the_users_name(self):
        comment_id = self.hold_comment("Please answer me")
        admin = self.login()
        token = self.csrf(admin)
        self.assertEqual(self.act(admin, comment_id, "approve", token).status, 303)
        resp = admin.post_form(f"/admin/comments/{comment_id}/reply/",
                               {"_wpnonce": token, "content": "Answered by the admin"})
        self.assertEqual(resp.status, 303, resp.text[:2000])
        self.assert_public("Answered by the admin", True)
        page = self.public_text()
        self.assertNotIn(ADMIN[1], page, "the user's email is shown publicly")

    def test_edit_changes_the_public_text(self):
        comment_id = self.hold_comment("Speling mistake here")
        admin = self.login()
        form = admin.get(f"/admin/comments/{comment_id}/edit/")
        self.assertEqual(form.status, 200)
        html = form.html()
        self.assertEqual(html.value("content"), "Speling mistake here")
        resp = admin.post_form(f"/admin/comments/{comment_id}/edit/", {
            "_wpnonce": html.value("_wpnonce"), "author": "Visitor",
            "email": "visitor@example.org", "url": "", "content": "Spelling fixed here",
            "status": "approved"})
        self.assertEqual(resp.status, 303, resp.text[:2000])
        self.assert_public("Spelling fixed here", True)

    def test_email_link_opens_a_confirmation_that_changes_nothing(self):
        comment_id = self.hold_comment("Confirm before acting")
        admin = self.login()
        page = admin.get(f"/admin/comments/{comment_id}/?action=approve")
        self.assertEqual(page.status, 200)
        self.assertIn("Approve comment", page.text)
        self.assertIsNotNone(self.row(admin, comment_id, "moderated"))

    def test_every_admin_form_is_refused_without_csrf(self):
        comment_id = self.hold_comment("Must stay held")
        admin = self.login()
        settings_before = self.cli("settings", "get", "comment_max_links").stdout.strip()
        posts = [
            (f"/admin/comments/{comment_id}/?action=approve", {}),
            (f"/admin/comments/{comment_id}/?action=trash", {}),
            ("/admin/comments/", [("action", "approve"),
                                  ("delete_comments[]", str(comment_id))]),
            (f"/admin/comments/{comment_id}/edit/", {"author": "Changed", "content": "Changed",
                                                     "status": "approved"}),
            (f"/admin/comments/{comment_id}/reply/", {"content": "Sneaky reply"}),
            ("/admin/settings/discussion/", {"comment_max_links": "9"}),
        ]
        for path, fields in posts:
            for token in (None, "forged-token"):
                body = list(fields.items()) if isinstance(fields, dict) else list(fields)
                if token:
                    body.append(("_wpnonce", token))
                resp = admin.post_form(path, body)
                self.assertEqual(resp.status, 403, f"POST {path} with token {token!r}")
        row = self.row(admin, comment_id, "moderated")
        self.assertIsNotNone(row, "the comment left the Pending tab")
        self.assertIn("Must stay held", row.text())
        self.assertNotIn("Changed", row.text())
        self.assertNotIn("Sneaky reply", admin.get("/admin/comments/?comment_status=all").text)
        self.assertEqual(self.cli("settings", "get", "comment_max_links").stdout.strip(),
                         settings_before)

    def test_editor_cannot_open_discussion_settings(self):
        editor = self.login(EDITOR)
        self.assertEqual(editor.get("/admin/comments/").status, 200)
        self.assertEqual(editor.get("/admin/settings/discussion/").status, 403)
        token = self.csrf(editor)
        resp = editor.post_form("/admin/settings/discussion/",
                                {"_wpnonce": token, "comment_max_links": "9"})
        self.assertEqual(resp.status, 403)
        self.assertNotIn("/admin/settings/discussion/", editor.get("/admin/").text)


class AdminSettingsTest(quire_harness.QuireTestCase):
    """Its own server: this test changes the discussion settings."""

    SETTINGS = {"comment_moderation": 1, "comment_flood_seconds": 0,
                "spam_min_submit_seconds": 0}

    def test_discussion_settings_take_effect_at_once(self):
        self.cli("user", "add", ADMIN[0], "--email", ADMIN[1], "--role", "administrator",
                 stdin=ADMIN[2] + "\n")
        admin = self.client(cookies=True)
        resp = admin.post_form("/admin/login",
                               quire_harness.login_fields(admin, {"log": ADMIN[0], "pwd": ADMIN[2]}))
        self.assertEqual(resp.status, 303)
        page = admin.get("/admin/settings/discussion/")
        self.assertEqual(page.status, 200)
        fields = form_fields(page.html().find("form", **{"class": "settings-form"}))
        self.assertEqual(fields.get("comment_moderation"), "1")
        del fields["comment_moderation"]  # unticked, and no earlier approved comment needed
        del fields["comment_previously_approved"]
        fields["comment_max_links"] = "7"
        resp = admin.post_form("/admin/settings/discussion/", list(fields.items()))
        self.assertEqual(resp.status, 303, resp.text[:2000])
        self.assertIn("Settings saved.", admin.get(resp.location_path()).text)
        self.assertEqual(self.cli("settings", "get", "comment_max_links").stdout.strip(), "7")
        self.assertEqual(self.cli("settings", "get", "comment_moderation").stdout.strip(), "0")
        # No longer held: the next comment is published straight away.
        resp = self.submit_comment(self.sample_post_id, "Published without moderation",
                                   author="Visitor", email="visitor@example.org")
        self.assertEqual(resp.status, 303)
        self.assertNotIn("unapproved=", resp.location_path())
        eventually(lambda: "Published without moderation" in
                   self.get_ok(self.sample_post_path).text)

        fields["comment_max_links"] = "100000"
        resp = admin.post_form("/admin/settings/discussion/", list(fields.items()))
        self.assertEqual(resp.status, 400)
        self.assertIn("Nothing was saved.", resp.text)
        self.assertEqual(self.cli("settings", "get", "comment_max_links").stdout.strip(), "7")


def form_fields(form) -> dict:
    """What a browser would send for the form as shown: inputs, checked boxes, selections and
    textareas (a password field is sent empty)."""
    assert form is not None, "no form"
    fields = {}
    for node in form.iter():
        name = node.get("name")
        if not name:
            continue
        if node.tag == "input":
            if node.get("type") == "checkbox" and not node.has("checked"):
                continue
            fields[name] = node.get("value", "")
        elif node.tag == "textarea":
            fields[name] = quire_harness.textarea_value(node)
        elif node.tag == "select":
            chosen = [o for o in node.find_all("option") if o.has("selected")]
            options = node.find_all("option")
            fields[name] = (chosen or options)[0].get("value", "")
    return fields


if __name__ == "__main__":
    unittest.main()
