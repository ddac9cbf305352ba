"""Email, end to end: the real binary sends through a local SMTP sink (smtp_sink.py).

Moderators hear of held comments (with the approve/spam/trash links), the post's author (here
admin_email: the sample post has no author) of approved ones; commenters who tick "Notify me of
follow-up comments by email" confirm by a first email, then hear of approved replies with a
one-click unsubscribe; a stopped mail server loses nothing; `quire mail test` sends at once.
No message sent to a commenter carries another commenter's email address."""

import re
import unittest
import urllib.parse
import uuid

import quire_harness as h
from smtp_sink import SmtpSink

ADMIN = "admin@site.example"
REPLY_SUBJECT = "New reply to your comment on Hello world!"
SLOW = 90  # seconds: a generous deadline for mail to arrive (no timing is asserted)


def unique_email(name: str) -> str:
    return f"{name}.{uuid.uuid4().hex[:8]}@people.example"


class MailTest(h.QuireTestCase):
    SERVER_ARGS = ("--mail-retry-seconds", "1")

    @classmethod
    def setUpClass(cls):
        cls.sink = SmtpSink().start()
        cls.SETTINGS = {"smtp_host": "127.0.0.1", "smtp_port": cls.sink.port,
                        "smtp_security": "none", "admin_email": ADMIN,
                        "comment_flood_seconds": 0, "spam_min_submit_seconds": 0,
                        "rate_ip_burst": 10000, "rate_email_burst": 10000,
                        "rate_post_burst": 10000}
        try:
            super().setUpClass()
        except BaseException:
            cls.sink.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.sink.stop()

    # ---- helpers ----

    def wait_outbox_sent(self):
        """Waits until no email is queued: what the comments so far caused has reached the sink
        (the outbox marks an email sent once the SMTP server accepted it), so a message that
        has not arrived will not."""
        def drained():
            return all(row.split("\t")[1] != "queued" for row in self.cli("mail", "outbox").lines())
        self.assertTrue(h.eventually(drained, timeout=SLOW), self.cli("mail", "outbox").stdout)

    def post(self, text, author, email, parent=0, subscribe=False):
        fields = self.comment_fields(self.sample_post_id, text, author, email, parent=parent)
        if subscribe:
            fields["subscribe"] = "yes"
        resp = self.client().post_form("/wp-comments-post.php", fields)
        self.assertEqual(resp.status, 303, resp.body[:800])
        return h.comment_id_from_location(resp.location_path())

    def mail_to(self, address, subject_part="", count=1):
        return self.sink.wait_for(
            lambda m: m.to == [address] and subject_part in m.subject, count, SLOW)

    def home(self):
        return self.server.url.rstrip("/")

    def assert_nothing_leaks(self, commenters):
        """No message to one commenter carries another commenter's address."""
        for message in self.sink.messages():
            for address in commenters:
                if message.to != [address]:
                    self.assertNotIn(address.lower(), message.raw.decode("utf-8", "replace").lower(),
                                     f"{address} leaked in a message to {message.to}")

    # ---- tests ----

    def test_a_held_comment_tells_moderators_with_the_three_links(self):
        email = unique_email("held")
        cid = self.post("Please hold me " + uuid.uuid4().hex, "Held Person", email)
        [message] = self.mail_to(ADMIN, "Please moderate")
        self.assertEqual(message.subject, '[My Quire Site] Please moderate: "Hello world!"')
        body = message.body
        for action in ("approve", "spam", "trash"):
            self.assertIn(f"{self.home()}/admin/comments/{cid}/?action={action}", body)
        self.assertIn("Held Person", body)
        self.assertNotIn(email, message.raw.decode())
        self.assertEqual(message.message.get_content_type(), "text/plain")
        self.assertEqual(message.message.get_content_charset(), "utf-8")

    def test_approving_tells_the_post_author(self):
        text = "Approve me " + uuid.uuid4().hex
        cid = self.post(text, "Approved Person", unique_email("approved"))
        self.mail_to(ADMIN, "Please moderate")
        self.approve(cid)
        messages = self.sink.wait_for(
            lambda m: m.to == [ADMIN] and "Comment:" in m.subject and text in m.body, 1, SLOW)
        self.assertEqual(messages[0].subject, '[My Quire Site] Comment: "Hello world!"')
        self.assertIn(f"#comment-{cid}", messages[0].body)

    def test_reply_notifications_double_opt_in_and_unsubscribe(self):
        ann, bob, cat = unique_email("ann"), unique_email("bob"), unique_email("cat")
        dan = unique_email("dan")  # new, so held (no previously approved comment)
        ann_id = self.post("Ann's thoughts " + uuid.uuid4().hex, "Ann", ann, subscribe=True)
        [confirm] = self.mail_to(ann, "Confirm")
        link = re.search(r"(http://\S+/comment-subscription/confirm\?token=[0-9a-f]+)",
                         confirm.body)
        self.assertIsNotNone(link, confirm.body)
        self.approve(ann_id)

        # Before confirming, a reply sends Ann nothing.
        bob_first = self.post("Bob before " + uuid.uuid4().hex, "Bob", bob, parent=ann_id)
        self.approve(bob_first)
        self.sink.wait_for(lambda m: m.to == [ADMIN] and "Bob before" in m.body, 1, SLOW)
        self.assertFalse([m for m in self.sink.messages()
                          if m.to == [ann] and m.subject == REPLY_SUBJECT])

        page = self.client().get(h.path_of(link.group(1)))
        self.assertEqual(page.status, 200, page.body[:500])
        self.assertIn("Subscription confirmed", page.text)

        text = "Dan replies " + uuid.uuid4().hex
        bob_id = self.post(text, "Dan", dan, parent=ann_id)
        self.sink.wait_for(lambda m: m.to == [ADMIN] and "moderate" in m.subject and text in m.body,
                           1, SLOW)
        self.wait_outbox_sent()
        self.assertFalse([m for m in self.sink.messages() if m.to == [ann] and text in m.body],
                         "a held reply must not be announced")
        self.approve(bob_id)
        [reply] = self.sink.wait_for(lambda m: m.to == [ann] and text in m.body, 1, SLOW)
        self.assertEqual(reply.subject, REPLY_SUBJECT)
        unsubscribe = reply.header("List-Unsubscribe")
        self.assertRegex(unsubscribe, r"^<http://\S+/comment-subscription/unsubscribe\?token=\S+>$")
        self.assertEqual(reply.header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click")
        url = unsubscribe[1:-1]
        self.assertIn(url, reply.body)
        self.assertIn(f"#comment-{bob_id}", reply.body)

        # RFC 8058 one-click: a POST to the URL.
        resp = self.client().post_form(h.path_of(url), {"List-Unsubscribe": "One-Click"})
        self.assertEqual(resp.status, 200)
        self.assertIn("Unsubscribed", resp.text)
        after = "Cat replies " + uuid.uuid4().hex
        cat_id = self.post(after, "Cat", cat, parent=ann_id)
        self.approve(cat_id)
        self.sink.wait_for(lambda m: m.to == [ADMIN] and after in m.body and "Comment:" in m.subject,
                           1, SLOW)
        self.wait_outbox_sent()
        self.assertFalse([m for m in self.sink.messages() if m.to == [ann] and after in m.body])
        self.assert_nothing_leaks([ann, bob, cat, dan])

    def test_bad_links_are_refused(self):
        for path in ("/comment-subscription/confirm?token=00",
                     "/comment-subscription/unsubscribe?token=1.abc"):
            self.assertEqual(self.client().get(path).status, 404, path)

    def test_mail_waits_while_the_server_is_down(self):
        self.sink.stop()
        try:
            text = "While down " + uuid.uuid4().hex
            self.post(text, "Patient Person", unique_email("patient"))

            def failed_once():
                rows = [l.split("\t") for l in self.cli("mail", "outbox").lines()]
                return [r for r in rows if r[1] == "queued" and int(r[2]) >= 1 and r[5]]
            self.assertTrue(h.eventually(failed_once, timeout=SLOW))
        finally:
            self.sink.start()
        self.sink.wait_for(lambda m: m.to == [ADMIN] and text in m.body, 1, SLOW)

    def test_mail_test_command(self):
        out = self.cli("mail", "test", "someone@example.org")
        self.assertEqual(len(out.lines()), 1, out.stdout)
        self.assertIn("someone@example.org", out.stdout)
        [message] = self.mail_to("someone@example.org", "Test email")
        self.assertEqual(message.subject, "Test email from My Quire Site")
        self.assertEqual(message.mail_from, "quire@localhost")
        bad = self.cli("mail", "test", "not-an-address", check=False)
        self.assertNotEqual(bad.code, 0)
        self.assertEqual(len(bad.stderr.strip().splitlines()), 1, bad.stderr)


class MailTestCommandWithoutServerTest(unittest.TestCase):
    def test_a_refused_connection_is_one_line_and_fails(self):
        import tempfile, shutil, socket
        data = tempfile.mkdtemp(prefix="quire-mail-")
        try:
            with socket.socket() as s:  # a port nobody listens on
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            h.run_cli("init", data=data)
            for key, value in (("smtp_host", "127.0.0.1"), ("smtp_port", str(port)),
                               ("smtp_security", "none")):
                h.run_cli("settings", "set", key, value, data=data)
            result = h.run_cli("mail", "test", "a@example.org", data=data, check=False)
            self.assertNotEqual(result.code, 0)
            self.assertEqual(result.stdout, "")
            lines = result.stderr.strip().splitlines()
            self.assertEqual(len(lines), 1, result.stderr)
            self.assertTrue(lines[0].startswith("quire: "), lines[0])
        finally:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
