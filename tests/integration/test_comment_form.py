"""The "Leave a Reply" form: WordPress's exact texts, names and attributes; replies
(?replytocom=ID); the comments heading; settings that change the form."""

import re
import unittest

import quire_harness as h

NOTES = "Your email address will not be published."
CONSENT = "Save my name, email, and website in this browser for the next time I comment."


def reply_title(page: h.Html) -> h.Node:
    """The heading of the form (WordPress: h3#reply-title), whatever its level."""
    node = page.by_id("reply-title")
    if node is not None:
        return node
    for tag in ("h2", "h3", "h4"):
        for n in page.find_all(tag):
            if n.text().startswith("Leave a Reply"):
                return n
    raise AssertionError("no 'Leave a Reply' heading")


def heading_without_cancel(node: h.Node) -> str:
    text = node.text()
    return h.normalize_space(text.replace("Cancel reply", ""))


class CommentFormTest(h.QuireTestCase):
    SETTINGS = {"comment_flood_seconds": 0}

    def form_page(self, path=None) -> h.Html:
        return self.get_ok(path or self.sample_post_path).html()

    def test_form_element(self):
        form = self.form_page().comment_form()
        self.assertIsNotNone(form, "no #commentform")
        self.assertEqual(form.tag, "form")
        self.assertEqual(form.get("action"), "/wp-comments-post.php")
        self.assertEqual(form.get("method"), "post")
        self.assertEqual(form.get("class"), "comment-form")

    def test_respond_anchor_holds_the_form(self):
        page = self.form_page()
        respond = page.by_id("respond")
        self.assertIsNotNone(respond, "no #respond (target of reply links)")
        self.assertIsNotNone(respond.find(id="commentform"))

    def test_heading(self):
        page = self.form_page()
        self.assertEqual(heading_without_cancel(reply_title(page)), "Leave a Reply")
        self.assertNotIn("Leave a Reply to", page.text())

    def test_notes(self):
        page = self.form_page()
        notes = page.by_id("email-notes")
        self.assertIsNotNone(notes)
        self.assertEqual(notes.tag, "span")
        self.assertEqual(notes.text(), NOTES)
        form_text = page.comment_form().text()
        self.assertIn(f"{NOTES} Required fields are marked *", form_text)

    def test_comment_textarea(self):
        page = self.form_page()
        form = page.comment_form()
        area = page.field("comment", form)
        self.assertIsNotNone(area)
        self.assertEqual(area.tag, "textarea")
        self.assertEqual(area.get("id"), "comment")
        self.assertEqual(area.get("maxlength"), "65525")
        self.assertTrue(area.has("required"))
        self.assertEqual(h.textarea_value(area), "")
        self.assertEqual(page.label_for("comment").text(), "Comment *")

    def check_input(self, page, name, type_, maxlength, label, required, autocomplete):
        node = page.field(name, page.comment_form())
        self.assertIsNotNone(node, f"no field {name}")
        self.assertEqual(node.tag, "input", name)
        self.assertEqual(node.get("id"), name)
        self.assertEqual(node.get("type"), type_, name)
        self.assertEqual(node.get("maxlength"), maxlength, name)
        self.assertEqual(node.get("autocomplete"), autocomplete, name)
        self.assertEqual(node.has("required"), required, name)
        self.assertEqual(node.get("value", ""), "", name)
        self.assertEqual(page.label_for(name).text(), label)
        return node

    def test_name_email_url(self):
        page = self.form_page()
        self.check_input(page, "author", "text", "245", "Name *", True, "name")
        email = self.check_input(page, "email", "email", "100", "Email *", True, "email")
        self.assertEqual(email.get("aria-describedby"), "email-notes")
        self.check_input(page, "url", "url", "200", "Website", False, "url")

    def test_consent_checkbox(self):
        page = self.form_page()
        box = page.field("wp-comment-cookies-consent", page.comment_form())
        self.assertIsNotNone(box)
        self.assertEqual(box.get("id"), "wp-comment-cookies-consent")
        self.assertEqual(box.get("type"), "checkbox")
        self.assertEqual(box.get("value"), "yes")
        self.assertFalse(box.has("checked"))
        self.assertEqual(page.label_for("wp-comment-cookies-consent").text(), CONSENT)

    def test_hidden_fields_and_submit(self):
        page = self.form_page()
        form = page.comment_form()
        post_id = page.field("comment_post_ID", form)
        parent = page.field("comment_parent", form)
        self.assertEqual(post_id.get("type"), "hidden")
        self.assertRegex(post_id.get("value", ""), r"^[1-9]\d*$")
        self.assertEqual(parent.get("type"), "hidden")
        self.assertEqual(parent.get("value"), "0")
        submits = [n for n in form.iter()
                   if (n.tag == "input" and n.get("type") == "submit")
                   or (n.tag == "button" and n.get("type", "submit") == "submit")]
        self.assertEqual(len(submits), 1)
        button = submits[0]
        label = button.get("value") if button.tag == "input" else button.text()
        self.assertEqual(label, "Post Comment")

    def test_field_order(self):
        form = self.form_page().comment_form()
        # The spam honeypot (hidden from people, see test_spam.py) is not one of the fields.
        names = [n.get("name") for n in form.iter()
                 if n.tag in ("input", "textarea") and n.get("type") not in ("hidden", "submit")
                 and n.get("name") != "quire_hp"]
        self.assertEqual(names, ["comment", "author", "email", "url",
                                 "wp-comment-cookies-consent", "subscribe"])

    def approved_comment(self, post_id, text, author, email):
        resp = self.submit_comment(post_id, text, author, email)
        self.assertEqual(resp.status, 303, resp.body[:500])
        cid = h.comment_id_from_location(resp.location_path())
        self.approve(cid)
        return cid

    def visible(self, path, cid):
        return h.eventually(lambda: self.get_ok(path).html().by_id(f"comment-{cid}"))

    def test_reply_to_an_approved_comment(self):
        path = self.add_post("Replies here", "A post to reply on.\n")
        post_id = self.post_id(path)
        cid = self.approved_comment(post_id, "First!", "Grace Hopper", "grace@example.com")
        li = self.visible(path, cid)
        self.assertIsNotNone(li, "approved comment not shown within the deadline")
        self.assertEqual(li.tag, "li")
        reply_links = [a for a in li.find_all("a")
                       if f"replytocom={cid}" in a.get("href", "")]
        self.assertTrue(reply_links, "no ?replytocom link in the comment")
        self.assertTrue(reply_links[0].get("href").endswith(f"?replytocom={cid}#respond"),
                        reply_links[0].get("href"))

        page = self.get_ok(f"{path}?replytocom={cid}").html()
        title = reply_title(page)
        self.assertEqual(heading_without_cancel(title), "Leave a Reply to Grace Hopper")
        cancel = [a for a in page.find_all("a") if a.text() == "Cancel reply"]
        self.assertEqual(len(cancel), 1)
        self.assertEqual(page.value("comment_parent", page.comment_form()), str(cid))

    def test_replytocom_of_a_held_comment_is_ignored(self):
        resp = self.submit_comment(self.sample_post_id, "Held for now", "Nobody Yet",
                                   "nobody@example.com")
        self.assertEqual(resp.status, 303)
        self.assertIn("unapproved=", resp.location_path())
        cid = h.comment_id_from_location(resp.location_path())
        page = self.get_ok(f"{self.sample_post_path}?replytocom={cid}").html()
        self.assertEqual(heading_without_cancel(reply_title(page)), "Leave a Reply")
        self.assertEqual(page.value("comment_parent", page.comment_form()), "0")
        self.assertNotIn("Nobody Yet", page.text())

    def test_replytocom_garbage_is_harmless(self):
        for value in ("abc", "-1", "999999", "1%27%20OR%201=1"):
            page = self.get_ok(f"{self.sample_post_path}?replytocom={value}").html()
            self.assertEqual(heading_without_cancel(reply_title(page)), "Leave a Reply", value)
            self.assertEqual(page.value("comment_parent", page.comment_form()), "0", value)

    def test_comments_heading_counts(self):
        title = "Counting “quotes” & things"
        path = self.add_post(title, "Count me.\n")
        post_id = self.post_id(path)
        first = self.approved_comment(post_id, "One", "Counter One", "c1@example.com")
        self.assertTrue(self.visible(path, first))
        text = self.get_ok(path).html().text()
        self.assertIn(f"One thought on “{title}”", text)
        second = self.approved_comment(post_id, "Two", "Counter Two", "c2@example.com")
        self.assertTrue(self.visible(path, second))
        text = self.get_ok(path).html().text()
        self.assertIn(f"2 thoughts on “{title}”", text)
        self.assertNotIn("One thought", text)

    def test_comment_markup(self):
        path = self.add_post("Markup of comments", "Look at the list.\n")
        post_id = self.post_id(path)
        cid = self.approved_comment(post_id, "Line one\n\nLine <script>alert(1)</script> & more",
                                    "Ada Markup", "ada.markup@example.com")
        li = self.visible(path, cid)
        self.assertIsNotNone(li)
        self.assertEqual(li.tag, "li")
        self.assertIn("Ada Markup", li.text())
        self.assertIn("Line one", li.text())
        self.assertNotIn("ada.markup@example.com", self.get_ok(path).text)
        self.assertNotIn("<script>alert(1)", self.get_ok(path).text)


class FormSettingsTest(h.QuireTestCase):
    """Settings that change the form; each test restores what it changed."""

    def set_and_wait(self, key, value, check):
        self.cli("settings", "set", key, value)
        result = h.eventually(lambda: check(self.get_ok(self.sample_post_path).html()))
        self.assertTrue(result, f"{key}={value} not reflected within {h.EVENTUALLY_S}s")

    def test_name_and_email_optional(self):
        def optional(page):
            return not page.field("author").has("required")

        self.set_and_wait("require_name_email", "0", optional)
        try:
            page = self.get_ok(self.sample_post_path).html()
            self.assertFalse(page.field("email").has("required"))
            self.assertEqual(page.label_for("author").text(), "Name")
            self.assertEqual(page.label_for("email").text(), "Email")
            self.assertTrue(page.field("comment").has("required"))
        finally:
            self.set_and_wait("require_name_email", "1",
                              lambda page: page.field("author").has("required"))

    def test_consent_checkbox_can_be_switched_off(self):
        self.set_and_wait("show_comments_cookies_opt_in", "0",
                          lambda page: page.field("wp-comment-cookies-consent") is None)
        try:
            self.assertNotIn(CONSENT, self.get_ok(self.sample_post_path).html().text())
        finally:
            self.set_and_wait("show_comments_cookies_opt_in", "1",
                              lambda page: page.field("wp-comment-cookies-consent"))

    def test_registration_required(self):
        self.set_and_wait("comment_registration", "1",
                          lambda page: "You must be logged in to post a comment." in page.text())
        try:
            page = self.get_ok(self.sample_post_path).html()
            self.assertIsNone(page.field("comment"))
            post_id = self.sample_post_id
            resp = self.submit_comment(post_id, "Let me in", "Outsider", "out@example.com")
            self.assertEqual(resp.status, 403)
            self.assertIn("Sorry, you must be logged in to comment.", resp.html().text())
        finally:
            self.set_and_wait("comment_registration", "0",
                              lambda page: page.field("comment") is not None)


if __name__ == "__main__":
    unittest.main()
