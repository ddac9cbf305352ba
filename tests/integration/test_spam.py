"""The spam defence over HTTP, layer by layer: the honeypot, the signed form stamp (missing and
too fast), rate limits (429 with the text kept), bans (403 with the text kept, and lifted), and
the learning filter deciding once moderators have trained it from the command line."""

import re
import time
import uuid

import quire_harness as h

MIN_SECONDS = 3
STAMP_RE = re.compile(r"^(\d+)\.[A-Za-z0-9_-]+$")
TOO_QUICKLY = "You are posting comments too quickly. Slow down."
NOT_ALLOWED = "Sorry, you are not allowed to comment."


class SpamDefenceTest(h.QuireTestCase):
    SPAM_DEFENCE = True
    # Every test posts from 127.0.0.1: the address and post buckets are roomy, the email bucket
    # small (each test uses its own emails); WordPress's flood rule is off.
    SETTINGS = {"comment_flood_seconds": 0, "spam_min_submit_seconds": MIN_SECONDS,
                "rate_ip_burst": 1000, "rate_post_burst": 1000, "rate_email_burst": 2,
                "rate_email_per_hour": 1}

    old_stamps: dict = {}  # path: a stamp of that page older than MIN_SECONDS

    def setUp(self):
        self.run_id = uuid.uuid4().hex[:8]

    # ---- helpers ----

    def email(self, name: str) -> str:
        return f"{name}.{self.run_id}@example.org"

    def stamp(self, path: str, wait: bool = True) -> str:
        """The form's stamp on the post's page; with wait, once it is old enough to pass.

        A stamp may be sent many times, so the class keeps one old enough per page: the time
        it must age (MIN_SECONDS, the input this defence judges) passes once per page, not once
        per test."""
        if wait and path in self.old_stamps:
            return self.old_stamps[path]
        value = self.get_ok(path).html().value("quire_stamp")
        self.assertIsNotNone(value, "the form has no quire_stamp")
        match = STAMP_RE.match(value)
        self.assertIsNotNone(match, value)
        if wait:
            delay = int(match.group(1)) + MIN_SECONDS + 1 - time.time()
            if delay > 0:
                time.sleep(delay)
            self.old_stamps[path] = value
        return value

    def post(self, post_id: int, text: str, email: str, stamp: str | None,
             honeypot: str | None = None, author: str = "Reader"):
        fields = self.comment_fields(post_id, text, author, email)
        if stamp is not None:
            fields["quire_stamp"] = stamp
        if honeypot is not None:
            fields["quire_hp"] = honeypot
        return self.client().post_form("/wp-comments-post.php", fields)

    def listed(self, comment_id: int) -> tuple[str, str]:
        """(status, reason) of a comment, from `quire comment list`."""
        for line in self.cli("comment", "list", "--limit", "100000").lines():
            cols = line.split("\t")
            if cols[0] == str(comment_id):
                return cols[1], cols[4] if len(cols) > 4 else ""
        self.fail(f"comment {comment_id} is not listed")

    def accepted(self, resp) -> int:
        self.assertEqual(resp.status, 303, resp.body[:800])
        return h.comment_id_from_location(resp.location_path())

    # ---- the form ----

    def test_the_form_carries_a_hidden_honeypot_and_a_stamp(self):
        page = self.get_ok(self.sample_post_path).html()
        form = page.comment_form()
        trap = page.field("quire_hp", form)
        self.assertIsNotNone(trap)
        self.assertEqual(trap.get("tabindex"), "-1")
        self.assertEqual(trap.get("autocomplete"), "off")
        self.assertEqual(trap.get("value"), "")
        self.assertEqual(page.label_for("quire_hp").text(), "Leave this field empty")
        hidden = trap.parent
        self.assertEqual(hidden.get("aria-hidden"), "true")
        # Hidden by the stylesheet (no inline style, for the Content-Security-Policy).
        self.assertIn("comment-form-quire-hp", hidden.get("class", ""))
        css = self.get_ok("/assets/style.css").text
        self.assertRegex(css, r"\.comment-form-quire-hp \{[^}]*left: -10000px")
        stamp = page.field("quire_stamp", form)
        self.assertEqual(stamp.get("type"), "hidden")
        self.assertRegex(stamp.get("value"), STAMP_RE)

    # ---- honeypot and stamp: accepted like anything else, stored as spam ----

    def test_a_filled_honeypot_is_spam(self):
        stamp = self.stamp(self.sample_post_path)
        resp = self.post(self.sample_post_id, "Visit my site", self.email("bot"), stamp,
                         honeypot="http://seo.example/")
        cid = self.accepted(resp)
        self.assertEqual(self.listed(cid), ("spam", "spam: honeypot filled"))
        self.assertIsNone(self.get_ok(self.sample_post_path).html().by_id(f"comment-{cid}"))

    def test_posting_without_the_form_is_spam(self):
        cid = self.accepted(self.post(self.sample_post_id, "Direct post", self.email("direct"),
                                      None))
        self.assertEqual(self.listed(cid), ("spam", "spam: no form stamp"))
        cid = self.accepted(self.post(self.sample_post_id, "Forged", self.email("forged"),
                                      "1700000000.AAAAAAAAAAAAAAAAAAAAAA"))
        self.assertEqual(self.listed(cid), ("spam", "spam: forged form stamp"))

    def test_sending_the_form_too_fast_is_held_and_shown_to_its_author(self):
        path = self.add_post(f"Fresh post {self.run_id}")
        stamp = self.stamp(path, wait=False)  # rendered just now: the page was never cached
        resp = self.post(self.post_id(path), "Quick!", self.email("fast"), stamp)
        cid = self.accepted(resp)
        status, reason = self.listed(cid)
        self.assertEqual(status, "pending")
        self.assertRegex(reason, r"^held: sent [0-2] s after the form was shown \(minimum 3 s\)")
        self.assert_shown_as_held(resp, cid, "Quick!")

    def test_a_spam_verdict_is_still_shown_to_its_author_as_held(self):
        stamp = self.stamp(self.sample_post_path)
        resp = self.post(self.sample_post_id, "Caught by the trap", self.email("trapped"), stamp,
                         honeypot="x")
        cid = self.accepted(resp)
        self.assertEqual(self.listed(cid)[0], "spam")
        self.assert_shown_as_held(resp, cid, "Caught by the trap")

    def assert_shown_as_held(self, resp, cid: int, text: str):
        """The page the comment form redirects to shows the comment, awaiting moderation."""
        self.assertIn("moderation-hash=", resp.location_path())
        page = self.get_ok(resp.location_path().split("#")[0]).html()
        item = page.by_id(f"comment-{cid}")
        self.assertIsNotNone(item, "the author does not see their comment")
        self.assertIn(text, item.text())
        self.assertIn("Your comment is awaiting moderation.", item.text())

    def test_a_person_who_takes_their_time_is_held_not_spam(self):
        stamp = self.stamp(self.sample_post_path)
        cid = self.accepted(self.post(self.sample_post_id, "A considered reply.",
                                      self.email("human"), stamp))
        self.assertEqual(self.listed(cid),
                         ("pending", "held: first comment from this author; filter untrained"))

    # ---- rate limits ----

    def test_rate_limit_answers_429_with_the_form_filled(self):
        stamp = self.stamp(self.sample_post_path)
        email = self.email("eager")
        for i in range(2):
            self.accepted(self.post(self.sample_post_id, f"Thought {i}", email, stamp))
        typed = "A third thought that must not be lost.\nSecond line."
        resp = self.post(self.sample_post_id, typed, email, stamp)
        self.assertEqual(resp.status, 429, resp.body[:500])
        page = resp.html()
        self.assertEqual(page.by_id("comment-error").text(), f"Error: {TOO_QUICKLY}")
        self.assertEqual(page.value("comment"), typed)
        self.assertEqual(page.value("email"), email)
        self.assertEqual(page.value("quire_stamp"), stamp, "the refused form keeps its stamp")
        other = self.accepted(self.post(self.sample_post_id, typed, self.email("calm"), stamp))
        self.assertEqual(self.listed(other)[0], "pending", "another email is not limited")

    # ---- bans ----

    def test_bans_refuse_with_403_until_removed(self):
        stamp = self.stamp(self.sample_post_path)
        banned = self.email("banned")
        out = self.cli("ban", "add", "--email", banned.upper(), "--days", "2", "--reason",
                       "test").lines()
        ban_id = re.match(r"^Ban (\d+): email ", out[0]).group(1)
        typed = "Let me in."
        resp = self.post(self.sample_post_id, typed, banned, stamp)
        self.assertEqual(resp.status, 403, resp.body[:500])
        self.assertEqual(resp.html().by_id("comment-error").text(), f"Error: {NOT_ALLOWED}")
        self.assertEqual(resp.html().value("comment"), typed)
        rows = [l.split("\t") for l in self.cli("ban", "list").lines()]
        self.assertIn([ban_id, "email", banned.lower()], [r[:3] for r in rows])

        self.cli("ban", "remove", ban_id)
        self.accepted(self.post(self.sample_post_id, typed, banned, stamp))

        rng = self.cli("ban", "add", "--range", "127.0.0.0/8").lines()[0]
        range_id = re.match(r"^Ban (\d+): range 127\.0\.0\.0/8, never expires\.$", rng).group(1)
        try:
            resp = self.post(self.sample_post_id, "From a banned range", self.email("r"), stamp)
            self.assertEqual(resp.status, 403)
        finally:
            self.cli("ban", "remove", range_id)
        self.assertNotEqual(self.cli("ban", "remove", range_id, check=False).code, 0)

    # ---- the learning filter ----

    def test_the_filter_decides_once_trained_from_the_command_line(self):
        path = self.add_post(f"Gardening notes {self.run_id}")
        post_id = self.post_id(path)
        stamp = self.stamp(path)
        spam_ids, ham_ids = [], []
        for i in range(20):
            spam_ids.append(self.accepted(self.post(
                post_id, f"Cheap viagra casino bonus pills {i} https://pills{i}.example/buy",
                self.email(f"s{i}"), stamp, author="Cheap Pills")))
            ham_ids.append(self.accepted(self.post(
                post_id, f"My tomatoes grew well in compost this year, thank you {i}.",
                self.email(f"h{i}"), stamp, author=f"Gardener {i}")))
        self.assertIn("untrained", self.cli("spam", "stats").stdout)
        for cid in spam_ids:
            self.cli("comment", "spam", str(cid))
        for cid in ham_ids:
            self.cli("comment", "approve", str(cid))
        stats = dict(l.split("\t") for l in self.cli("spam", "stats").lines())
        self.assertEqual((stats["spam"], stats["ham"], stats["state"]), ("20", "20", "trained"))

        cid = self.accepted(self.post(post_id, "Casino bonus and cheap pills https://pills.example/",
                                      self.email("s-new"), stamp, author="Cheap Pills"))
        status, reason = self.listed(cid)
        self.assertIn(status, ("spam", "pending"))
        self.assertRegex(reason, r"^(spam|held): filter score 0\.(7|8|9)\d|^spam: filter score 1\.00")
        cid = self.accepted(self.post(post_id, "The compost tip worked for my tomatoes too.",
                                      self.email("h-new"), stamp, author="New Gardener"))
        status, reason = self.listed(cid)
        self.assertEqual(status, "pending")
        self.assertRegex(reason, r"^held: first comment from this author; filter score 0\.[0-3]\d$")


if __name__ == "__main__":
    import unittest
    unittest.main()
