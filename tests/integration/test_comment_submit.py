"""Posting comments: every refusal (status, message, the typed text kept), holding and
approval, tokens for held comments, consent cookies, the page cache seeing new comments."""

import re
import unittest
import uuid

import quire_harness as h

REQUIRED = "Please fill the required fields."
BAD_EMAIL = "Please enter a valid email address."
EMPTY = "Please type your comment text."
DUPLICATE = "Duplicate comment detected; it looks as though you've already said that!"
FLOOD = "You are posting comments too quickly. Slow down."
UNAPPROVED_PARENT = "Sorry, replies to unapproved comments are not allowed."
NOT_ALLOWED = "Sorry, comments are not allowed for this item."
CLOSED = "Sorry, comments are closed for this item."
AWAITING = "Your comment is awaiting moderation."
COOKIES = ("comment_author_quire", "comment_author_email_quire", "comment_author_url_quire")


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


class RefusalChecks:
    """Assertions shared by the test classes (mixed into QuireTestCase subclasses)."""

    def assert_refused(self, resp, status, message, typed: dict):
        """The post page again, with `status`, the message in #comment-error and the form
        holding what was typed."""
        self.assertEqual(resp.status, status, resp.body[:1500])
        self.assertRegex(resp.header("Content-Type", ""), r"^text/html")
        page = resp.html()
        error = page.by_id("comment-error")
        self.assertIsNotNone(error, "no #comment-error")
        self.assertIn("comment-error", error.classes())
        self.assertEqual(error.get("role"), "alert")
        self.assertEqual(h.normalize_quotes(error.text()), f"Error: {message}")
        strong = error.find("strong")
        self.assertIsNotNone(strong)
        self.assertEqual(strong.text(), "Error:")
        form = page.comment_form()
        self.assertIsNotNone(form, "the refusal page has no comment form")
        for name, value in typed.items():
            self.assertEqual(page.value(name, form), value, f"field {name} not kept")
        return page


class SubmitTest(RefusalChecks, h.QuireTestCase):
    SETTINGS = {"comment_flood_seconds": 0}

    # ---------------------------------------------------------------- refusals

    def typed(self, **over):
        fields = {"comment": "My thoughts < & > \"quoted\"\nsecond line", "author": "Típed Name",
                  "email": "typed@example.com", "url": "https://example.com/typed"}
        fields.update(over)
        return fields

    def post_typed(self, typed, post_id=None, parent=0):
        return self.submit_comment(post_id or self.sample_post_id, typed["comment"],
                                   typed["author"], typed["email"], typed["url"], parent)

    def test_get_is_405(self):
        for method in ("GET", "PUT", "DELETE"):
            resp = self.client().request(method, "/wp-comments-post.php")
            self.assertEqual(resp.status, 405, method)
            self.assertIn("POST", resp.header("Allow", ""), method)

    def test_name_missing(self):
        typed = self.typed(author="")
        self.assert_refused(self.post_typed(typed), 400, REQUIRED, typed)

    def test_email_missing(self):
        typed = self.typed(email="")
        self.assert_refused(self.post_typed(typed), 400, REQUIRED, typed)

    def test_email_invalid(self):
        typed = self.typed(email="not-an-email")
        self.assert_refused(self.post_typed(typed), 400, BAD_EMAIL, typed)

    def test_comment_empty(self):
        typed = self.typed(comment="")
        self.assert_refused(self.post_typed(typed), 400, EMPTY, typed)

    def test_comment_whitespace_only(self):
        typed = self.typed(comment="   \n  ")
        self.assert_refused(self.post_typed(typed), 400, EMPTY, {"author": typed["author"]})

    def test_name_too_long(self):
        typed = self.typed(author="N" * 246)
        self.assert_refused(self.post_typed(typed), 400, "Your name is too long.", typed)

    def test_email_too_long(self):
        typed = self.typed(email="e" * 89 + "@example.com")  # 101 bytes, well formed
        self.assert_refused(self.post_typed(typed), 400, "Your email address is too long.",
                            typed)

    def test_url_too_long(self):
        typed = self.typed(url="https://example.com/" + "u" * 181)  # 201 bytes
        self.assert_refused(self.post_typed(typed), 400, "Your URL is too long.", typed)

    def test_comment_too_long(self):
        typed = self.typed(comment="ü" * 32763)  # 65526 bytes in UTF-8
        self.assert_refused(self.post_typed(typed), 400, "Your comment is too long.", typed)

    def test_limits_are_inclusive(self):
        name = "L" * 245
        resp = self.submit_comment(self.sample_post_id, unique("At the limits"), name,
                                   "l" * 88 + "@example.com")  # 100 bytes
        self.assertEqual(resp.status, 303, resp.body[:1500])

    def test_reply_to_a_held_comment(self):
        held = self.submit_comment(self.sample_post_id, unique("Held parent"), "Held Parent",
                                   unique("held").replace(" ", ".") + "@example.com")
        self.assertEqual(held.status, 303)
        parent = h.comment_id_from_location(held.location_path())
        typed = self.typed(comment=unique("A reply"))
        self.assert_refused(self.post_typed(typed, parent=parent), 403, UNAPPROVED_PARENT,
                            typed)

    def test_reply_to_a_missing_comment(self):
        typed = self.typed(comment=unique("Reply to nothing"))
        self.assert_refused(self.post_typed(typed, parent=987654), 403, UNAPPROVED_PARENT,
                            typed)

    def test_missing_post_is_404(self):
        typed = self.typed(comment=unique("Where am I"))
        self.assertEqual(self.post_typed(typed, post_id=987654).status, 404)
        self.assertEqual(self.client().post_form("/wp-comments-post.php",
                                                 {"comment": "x", "comment_post_ID": "abc"}
                                                 ).status, 404)

    def test_draft_post(self):
        anchor = self.add_post(unique("Published before the draft"), "x\n")
        anchor_id = self.post_id(anchor)
        draft = self.add_post(unique("A draft"), "not yet\n", "--status", "draft")
        printed = re.search(r"[?&]p=(\d+)", draft)
        # A draft has no public permalink; when the CLI prints none with ?p=ID, IDs are given
        # in order.
        draft_id = int(printed.group(1)) if printed else anchor_id + 1
        self.assertEqual(self.client().get(f"/?p={draft_id}").status, 404,
                         "a draft must not be viewable")
        resp = self.post_typed(self.typed(comment=unique("On a draft")), post_id=draft_id)
        self.assertEqual(resp.status, 403, resp.body[:1500])
        self.assertIn(NOT_ALLOWED, resp.html().text())

    def test_comments_closed_on_old_posts(self):
        path = self.add_post(unique("Old news"), "Long ago.\n", "--date",
                             "2001-02-03T12:00:00Z")
        post_id = self.post_id(path)
        self.cli("settings", "set", "close_comments_for_old_posts", "1")
        try:
            def closed():
                resp = self.post_typed(self.typed(comment=unique("Too late")), post_id=post_id)
                return resp if resp.status == 403 else None

            resp = h.eventually(closed)
            self.assertIsNotNone(resp, "comments on a 2001 post stayed open")
            self.assertIn(CLOSED, resp.html().text())
        finally:
            self.cli("settings", "set", "close_comments_for_old_posts", "0")
            self.server.wait_settings_applied()

    def test_duplicate_is_409(self):
        typed = self.typed(comment=unique("Say it twice"), email="twice@example.com")
        first = self.post_typed(typed)
        self.assertEqual(first.status, 303, first.body[:1500])
        self.assert_refused(self.post_typed(typed), 409, DUPLICATE, typed)

    def test_same_text_by_someone_else_is_no_duplicate(self):
        text = unique("Great minds")
        first = self.submit_comment(self.sample_post_id, text, "Mind One", "one@example.com")
        second = self.submit_comment(self.sample_post_id, text, "Mind Two", "two@example.com")
        self.assertEqual((first.status, second.status), (303, 303))

    # ---------------------------------------------------------------- held and approved

    def new_commenter(self):
        tag = uuid.uuid4().hex[:8]
        return f"Commenter {tag}", f"commenter.{tag}@example.com"

    def test_first_comment_is_held_and_shown_only_with_its_token(self):
        name, email = self.new_commenter()
        text = unique("Held text")
        resp = self.submit_comment(self.sample_post_id, text, name, email)
        self.assertEqual(resp.status, 303, resp.body[:1500])
        location = resp.location_path()
        cid = h.comment_id_from_location(location)
        path, _, rest = location.partition("?")
        self.assertEqual(path, self.sample_post_path)
        query = rest.split("#")[0]
        self.assertRegex(query, rf"^unapproved={cid}&moderation-hash=[A-Za-z0-9_\-]+$")
        token = query.split("moderation-hash=")[1]

        with_token = self.get_ok(location.split("#")[0])
        li = with_token.html().by_id(f"comment-{cid}")
        self.assertIsNotNone(li, "held comment not shown with its token")
        self.assertIn(text, li.text())
        self.assertIn(AWAITING, li.text())

        for variant in ("", f"?unapproved={cid}&moderation-hash=wrong{token}",
                        f"?unapproved={cid}&moderation-hash=",
                        f"?unapproved={cid + 1}&moderation-hash={token}",
                        f"?unapproved={cid}"):
            page = self.get_ok(self.sample_post_path + variant)
            self.assertIsNone(page.html().by_id(f"comment-{cid}"), variant)
            self.assertNotIn(text, page.text, variant)
            self.assertNotIn(AWAITING, page.text, variant)

        listed = [l.split("\t")[:4] for l in self.cli("comment", "list", "--status",
                                                  "pending").lines()]
        self.assertIn([str(cid), "pending", str(self.sample_post_id), name], listed)

    def test_approval_then_next_comment_is_approved_at_once(self):
        name, email = self.new_commenter()
        text = unique("Approve me")
        resp = self.submit_comment(self.sample_post_id, text, name, email)
        self.assertEqual(resp.status, 303)
        cid = h.comment_id_from_location(resp.location_path())
        self.approve(cid)

        def shown():
            page = self.get_ok(self.sample_post_path).html()
            return page.by_id(f"comment-{cid}")

        li = h.eventually(shown)
        self.assertIsNotNone(li, "approved comment not visible within the deadline")
        self.assertIn(text, li.text())
        self.assertNotIn(AWAITING, li.text())
        listed = [l.split("\t")[:4] for l in self.cli("comment", "list", "--status",
                                                  "approved").lines()]
        self.assertIn([str(cid), "approved", str(self.sample_post_id), name], listed)

        second_text = unique("Straight through")
        second = self.submit_comment(self.sample_post_id, second_text, name, email)
        self.assertEqual(second.status, 303, second.body[:1500])
        self.assertEqual(second.location_path(),
                         f"{self.sample_post_path}#comment-"
                         f"{h.comment_id_from_location(second.location_path())}")
        second_id = h.comment_id_from_location(second.location_path())
        page = self.get_ok(self.sample_post_path).html()  # at once: no polling
        self.assertIsNotNone(page.by_id(f"comment-{second_id}"))
        self.assertIn(second_text, page.text())

    def test_unapprove_and_trash_hide_again(self):
        name, email = self.new_commenter()
        resp = self.submit_comment(self.sample_post_id, unique("Now you see me"), name, email)
        cid = h.comment_id_from_location(resp.location_path())
        self.approve(cid)
        visible = lambda: self.get_ok(self.sample_post_path).html().by_id(f"comment-{cid}")
        self.assertIsNotNone(h.eventually(visible))
        for action in ("unapprove", "approve", "spam", "approve", "trash"):
            self.cli("comment", action, str(cid))
            want = action == "approve"
            state = h.eventually(lambda: (visible() is not None) == want)
            self.assertTrue(state, f"after {action} the comment visibility is wrong")
        trashed = [l.split("\t")[0] for l in self.cli("comment", "list", "--status",
                                                      "trash").lines()]
        self.assertIn(str(cid), trashed)

    def test_two_links_are_held_even_for_approved_commenters(self):
        name, email = self.approved_commenter()
        resp = self.submit_comment(self.sample_post_id,
                                   unique("See https://a.example/ and https://b.example/"),
                                   name, email)
        self.assertEqual(resp.status, 303)
        self.assertIn("unapproved=", resp.location_path())

    def test_moderation_keys_hold(self):
        name, email = self.approved_commenter()
        self.cli("settings", "set", "moderation_keys", "casino\nlottery")
        try:
            self.server.wait_settings_applied()
            resp = self.submit_comment(self.sample_post_id, unique("Win the LOTTERY now"),
                                       name, email)
            self.assertEqual(resp.status, 303)
            self.assertIn("unapproved=", resp.location_path())
        finally:
            self.cli("settings", "set", "moderation_keys", "")
            self.server.wait_settings_applied()

    def test_disallowed_keys_trash(self):
        name, email = self.approved_commenter()
        self.cli("settings", "set", "disallowed_keys", "forbiddenword")
        try:
            self.server.wait_settings_applied()
            text = unique("This has a ForbiddenWord inside")
            resp = self.submit_comment(self.sample_post_id, text, name, email)
            self.assertLess(resp.status, 500)
            self.assertNotIn(text, self.get_ok(self.sample_post_path).text)
            trashed = [l.split("\t") for l in self.cli("comment", "list", "--status",
                                                       "trash").lines()]
            self.assertIn(name, [row[3] for row in trashed])
        finally:
            self.cli("settings", "set", "disallowed_keys", "")
            self.server.wait_settings_applied()

    def approved_commenter(self):
        name, email = self.new_commenter()
        resp = self.submit_comment(self.sample_post_id, unique("Hello"), name, email)
        self.assertEqual(resp.status, 303)
        self.approve(h.comment_id_from_location(resp.location_path()))
        probe = lambda: self.get_ok(self.sample_post_path).html().by_id(
            f"comment-{h.comment_id_from_location(resp.location_path())}")
        self.assertIsNotNone(h.eventually(probe))
        return name, email

    # ---------------------------------------------------------------- cookies and cache

    def test_consent_sets_cookies_and_prefills_the_form(self):
        name, email = "Zəhra Əliyeva", f"zahra.{uuid.uuid4().hex[:6]}@example.az"
        url = "https://zahra.example/"
        client = self.client(cookies=True)
        resp = self.submit_comment(self.sample_post_id, unique("With consent"), name, email,
                                   url, consent=True, client=client)
        self.assertEqual(resp.status, 303, resp.body[:1500])
        cookies = {c.name: c for c in map(h.parse_set_cookie, resp.header_all("Set-Cookie"))}
        for cookie_name in COOKIES:
            self.assertIn(cookie_name, cookies)
            attrs = cookies[cookie_name].attrs
            self.assertEqual(attrs.get("max-age"), "30000000", cookie_name)
            self.assertEqual(attrs.get("path"), "/", cookie_name)
            self.assertIn("httponly", attrs, cookie_name)
            self.assertEqual(attrs.get("samesite", "").lower(), "lax", cookie_name)

        page = client.get(self.sample_post_path)
        self.assertEqual(page.status, 200)
        html = page.html()
        form = html.comment_form()
        self.assertEqual(html.value("author", form), name)
        self.assertEqual(html.value("email", form), email)
        self.assertEqual(html.value("url", form), url)
        self.assertTrue(html.field("wp-comment-cookies-consent", form).has("checked"))
        anonymous = self.get_ok(self.sample_post_path).html()
        self.assertEqual(anonymous.value("author", anonymous.comment_form()), "",
                         "a cached page leaked the commenter's name")
        self.assertNotIn(email, self.get_ok(self.sample_post_path).text)

        again = self.submit_comment(self.sample_post_id, unique("Without consent"), name,
                                    email, url, consent=False, client=client)
        self.assertEqual(again.status, 303)
        cleared = {c.name: c for c in map(h.parse_set_cookie, again.header_all("Set-Cookie"))}
        for cookie_name in COOKIES:
            self.assertIn(cookie_name, cleared)
            self.assertTrue(cleared[cookie_name].deletes(), cookie_name)
        self.assertEqual(client.cookies, {})

    def test_no_consent_clears_cookies(self):
        name, email = self.new_commenter()
        resp = self.submit_comment(self.sample_post_id, unique("No cookies"), name, email)
        self.assertEqual(resp.status, 303)
        cleared = {c.name: c for c in map(h.parse_set_cookie, resp.header_all("Set-Cookie"))}
        for cookie_name in COOKIES:
            self.assertIn(cookie_name, cleared)
            self.assertTrue(cleared[cookie_name].deletes(), cookie_name)

    def test_new_comment_shows_on_a_cached_page(self):
        name, email = self.approved_commenter()
        path = self.add_post(unique("Cache me"), "Cached body.\n")
        post_id = self.post_id(path)
        before = self.get_ok(path)
        self.get_ok(path)
        text = unique("Fresh comment")
        resp = self.submit_comment(post_id, text, name, email)
        self.assertEqual(resp.status, 303)
        self.assertNotIn("unapproved=", resp.location_path())
        after = self.get_ok(path)
        self.assertIn(text, after.html().text())
        self.assertNotEqual(after.header("ETag"), before.header("ETag"))
        stale = self.client().get(path, {"If-None-Match": before.header("ETag")})
        self.assertEqual(stale.status, 200)


class FloodTest(RefusalChecks, h.QuireTestCase):
    """Default settings: a second comment from the same address within 15 s gets 429."""

    def test_flood(self):
        first = self.submit_comment(self.sample_post_id, "First in a hurry", "Hasty One",
                                    "hasty1@example.com")
        self.assertEqual(first.status, 303, first.body[:1500])
        typed = {"comment": "Second in a hurry", "author": "Hasty Two",
                 "email": "hasty2@example.com", "url": ""}
        resp = self.submit_comment(self.sample_post_id, typed["comment"], typed["author"],
                                   typed["email"])
        self.assert_refused(resp, 429, FLOOD, typed)

    def test_invalid_input_is_400_even_when_flooding(self):
        typed = {"comment": "", "author": "Hasty Three", "email": "hasty3@example.com"}
        resp = self.submit_comment(self.sample_post_id, "", typed["author"], typed["email"])
        self.assert_refused(resp, 400, EMPTY, typed)


if __name__ == "__main__":
    unittest.main()
