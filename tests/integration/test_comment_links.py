"""Links to one comment on a busy post land on the comment page that shows it (issue 11).

A post with more than 200 approved comments is paged (50 top-level threads a page, the newest
page at the permalink). The redirect after posting, the admin's "View comment", the post
author's notification mail, the privacy export and the refusal page's "Leave a Reply to NAME"
link all name PERMALINK/comment-page-N/#comment-ID when the permalink does not show it (they
were PERMALINK#comment-ID, the newest page)."""

import json
import unittest

import quire_harness as h
from smtp_sink import SmtpSink

ADMIN = ("linkadmin", "links.admin@site.example", "a long enough passphrase 1")
SLOW = 90  # seconds: a generous deadline for mail to arrive (no timing is asserted)
THREADS = 205  # > 200: paged at 50 a page, pages 1-5, page 5 at the permalink


class CommentLinksOnAPagedPostTest(h.QuireTestCase):
    SERVER_ARGS = ("--mail-retry-seconds", "1")

    @classmethod
    def setUpClass(cls):
        cls.sink = SmtpSink().start()
        cls.SETTINGS = {"smtp_host": "127.0.0.1", "smtp_port": cls.sink.port,
                        "smtp_security": "none", "admin_email": ADMIN[1],
                        "comment_flood_seconds": 0, "comment_previously_approved": 0,
                        "spam_min_submit_seconds": 0, "rate_ip_burst": 0,
                        "rate_email_burst": 0, "rate_post_burst": 0}
        try:
            super().setUpClass()
            cls.server.cli("user", "add", ADMIN[0], "--email", ADMIN[1], "--role",
                           "administrator", stdin=ADMIN[2] + "\n")
        except BaseException:
            cls.sink.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.sink.stop()

    def post(self, post_id, text, author, email, parent=0):
        resp = self.submit_comment(post_id, text, author, email, parent=parent)
        self.assertEqual(resp.status, 303, resp.body[:800])
        return resp.location_path()

    def comment_ids(self, path):
        return [int(li.get("id").split("-")[1]) for li in self.get_ok(path).html().find_all("li")
                if (li.get("id") or "").startswith("comment-")]

    def test_every_link_to_an_old_thread_names_its_page(self):
        path = self.add_post("Busy post", "Much talk.\n", "--slug", "busy-links")
        post_id = self.post_id(path)
        oldest = h.comment_id_from_location(
            self.post(post_id, "The first thread", "Old Reader", "old.reader@people.example"))
        for i in range(1, THREADS):
            self.post(post_id, f"Thread {i}", f"Reader {i}", f"reader{i}@people.example")
        page1 = path + "comment-page-1/"
        self.assertIn(oldest, self.comment_ids(page1))
        self.assertNotIn(oldest, self.comment_ids(path))  # the permalink shows page 5

        # The redirect after a reply to the first thread: page 1, where the reply is shown.
        location = self.post(post_id, "A late reply", "Late Reader", "late@people.example",
                             parent=oldest)
        reply = h.comment_id_from_location(location)
        self.assertEqual(location, f"{page1}#comment-{reply}")
        self.assertTrue(h.eventually(lambda: reply in self.comment_ids(page1)))
        # A new thread is on the newest page, which the permalink shows.
        newest = self.post(post_id, "A new thread", "New Reader", "new@people.example")
        self.assertEqual(newest.split("#")[0], path)
        self.assertTrue(h.eventually(
            lambda: h.comment_id_from_location(newest) in self.comment_ids(path)))

        # The refusal page (an empty reply to the first thread): "Leave a Reply to Old Reader".
        refused = self.submit_comment(post_id, "", "Someone", "someone@people.example",
                                      parent=oldest)
        self.assertEqual(refused.status, 400, refused.body[:800])
        title = refused.html().by_id("reply-title")
        self.assertIsNotNone(title)
        hrefs = [a.get("href") for a in title.find_all("a")]
        self.assertIn(f"{page1}#comment-{oldest}", hrefs)

        # The admin's "View comment" link.
        admin = self.login(ADMIN)
        listing = admin.get("/admin/comments/?comment_status=approved")
        self.assertEqual(listing.status, 200, listing.text[:2000])
        views = [a.get("href") for a in listing.html().find_all("a")
                 if "view-comment" in a.classes()]
        self.assertIn(f"{page1}#comment-{reply}", views)

        # The post author's notification (here admin_email: the post has no author).
        home = self.server.url.rstrip("/")
        self.sink.wait_for(lambda m: f"#comment-{reply}" in m.body, 1, SLOW)
        message = next(m for m in self.sink.messages() if f"#comment-{reply}" in m.body)
        self.assertIn(f"Permalink: {home}{page1}#comment-{reply}", message.body)

        # The privacy export of the first thread's author.
        exported = json.loads(self.cli("privacy", "export", "old.reader@people.example").stdout)
        links = []

        def collect(node):
            if isinstance(node, dict):
                if "link" in node and "content" in node:
                    links.append(node["link"])
                for value in node.values():
                    collect(value)
            elif isinstance(node, list):
                for value in node:
                    collect(value)
        collect(exported)
        self.assertEqual(links, [f"{home}{page1}#comment-{oldest}"])


if __name__ == "__main__":
    unittest.main()
