"""Password reset, end to end through the local SMTP sink: asking for a link mails it to the
account's address; the link's form sets a new password that then logs in (the old one no longer
does), and the link works only once."""

from __future__ import annotations

import html
import re
import urllib.parse

import quire_harness as h
from smtp_sink import SmtpSink

SLOW = 90  # seconds: a generous deadline for mail to arrive (no timing is asserted)
USER = ("resetter", "resetter@example.org", "the first long passphrase")
NEW_PASSWORD = "a brand new passphrase"


class PasswordResetMailTest(h.QuireTestCase):
    @classmethod
    def setUpClass(cls):
        cls.sink = SmtpSink().start()
        cls.SETTINGS = {"smtp_host": "127.0.0.1", "smtp_port": cls.sink.port,
                        "smtp_security": "none"}
        try:
            super().setUpClass()
            cls.server.cli("user", "add", USER[0], "--email", USER[1], "--role", "author",
                           stdin=USER[2] + "\n")
        except BaseException:
            cls.sink.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.sink.stop()

    def login_status(self, password: str) -> int:
        client = self.client(cookies=True)
        resp = client.post_form("/admin/login", h.login_fields(
            client, {"log": USER[0], "pwd": password, "redirect_to": "/admin/"}))
        return resp.status

    def test_the_emailed_link_sets_a_new_password(self):
        resp = self.client().post_form("/admin/lostpassword", {"user_login": USER[1]})
        self.assertEqual(resp.status, 303, resp.text[:2000])
        [message] = self.sink.wait_for(lambda m: m.to == [USER[1]], 1, SLOW)
        match = re.search(r"(https?://\S+/admin/resetpass\?\S+)", message.body)
        self.assertIsNotNone(match, message.body)
        link = urllib.parse.urlsplit(html.unescape(match.group(1)))
        self.assertEqual(link.path, "/admin/resetpass")
        query = dict(urllib.parse.parse_qsl(link.query))
        self.assertEqual(query.get("login"), USER[0])

        form_page = self.client().get(f"{link.path}?{link.query}")
        self.assertEqual(form_page.status, 200, form_page.text[:2000])
        key = form_page.html().value("key")
        self.assertEqual(key, query["key"])
        fields = {"key": key, "login": USER[0], "pass1": NEW_PASSWORD, "pass2": NEW_PASSWORD}
        saved = self.client().post_form("/admin/resetpass", fields)
        self.assertIn(saved.status, (200, 303), saved.text[:2000])

        self.assertEqual(self.login_status(NEW_PASSWORD), 303, "the new password logs in")
        self.assertNotEqual(self.login_status(USER[2]), 303, "the old password no longer does")
        again = self.client().post_form("/admin/resetpass", fields)
        self.assertNotIn(again.status, (200, 303), "the link works only once")
        self.assertEqual(self.login_status(NEW_PASSWORD), 303)
