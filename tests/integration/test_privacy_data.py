"""`quire privacy export` and `erase` do exactly what they say: the export lists every comment
of one email (with author, email, url, address, user agent, date, text and link) and nothing of
anyone else; erasing anonymises WordPress's way (the page shows "Anonymous", the text stays, the
address keeps its first three octets) or, with --delete, removes the comments and moves their
replies up; nobody else's comments change."""

import json
import os
import sqlite3
import unittest
import uuid

import quire_harness as h

AGENT = "PrivacyTest/1.0 (personal data)"


class PrivacyDataTest(h.QuireTestCase):
    SETTINGS = {"comment_flood_seconds": 0, "comment_previously_approved": 0,
                "spam_min_submit_seconds": 0, "rate_ip_burst": 10000,
                "rate_email_burst": 10000, "rate_post_burst": 10000}

    def post(self, text, author, email, parent=0):
        fields = self.comment_fields(self.sample_post_id, text, author, email,
                                     url=f"https://{author.lower()}.example", parent=parent)
        resp = self.client().post_form("/wp-comments-post.php", fields,
                                       headers={"User-Agent": AGENT})
        self.assertEqual(resp.status, 303, resp.body[:800])
        return h.comment_id_from_location(resp.location_path())

    def export(self, email):
        return json.loads(self.cli("privacy", "export", email).stdout)

    def row(self, cid):
        db = os.path.join(self.server.data_dir, "quire.db")
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT author, email, url, ip, user_agent, content, parent_id "
                                "FROM comments WHERE id = ?", (cid,)).fetchone()

    def page_text(self):
        return self.get_ok(self.sample_post_path).html().text()

    def test_export_then_erase(self):
        run = uuid.uuid4().hex[:8]
        alice, bob = f"Alice.{run}@Example.org", f"bob.{run}@example.org"
        a1 = self.post(f"Alice one {run}", f"Alice{run}", alice)
        b1 = self.post(f"Bob one {run}", f"Bob{run}", bob, parent=a1)
        a2 = self.post(f"Alice two {run}", f"Alice{run}", alice.lower())

        data = self.export(alice.upper())
        self.assertEqual([c["id"] for c in data["comments"]], [a1, a2])
        first = data["comments"][0]
        self.assertEqual(first["author"], f"Alice{run}")
        self.assertEqual(first["email"], alice)
        self.assertEqual(first["url"], f"https://alice{run}.example")
        self.assertEqual(first["ip"], "127.0.0.1")
        self.assertEqual(first["user_agent"], AGENT)
        self.assertEqual(first["content"], f"Alice one {run}")
        self.assertEqual(first["status"], "approved")
        self.assertRegex(first["date"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertTrue(first["link"].endswith(f"{self.sample_post_path}#comment-{a1}"))
        self.assertNotIn(bob.lower(), json.dumps(data).lower())
        self.assertEqual(data["subscriptions"], [])

        out = self.cli("privacy", "erase", alice)
        self.assertEqual(len(out.lines()), 1, out.stdout)
        self.assertIn("Anonymised 2 comments", out.stdout)
        for cid, text in ((a1, f"Alice one {run}"), (a2, f"Alice two {run}")):
            self.assertEqual(self.row(cid), ("Anonymous", "", "", "127.0.0.0", "", text,
                                             0))
        self.assertEqual(self.row(b1)[:5], (f"Bob{run}", bob, f"https://bob{run}.example",
                                            "127.0.0.1", AGENT))
        h.eventually(lambda: f"Alice{run}" not in self.page_text())
        page = self.page_text()
        self.assertIn(f"Alice one {run}", page)
        self.assertIn("Anonymous", page)
        self.assertEqual(self.export(alice)["comments"], [])

        # --delete: Bob's comment goes, Carol's reply to it moves up to Bob's parent.
        c1 = self.post(f"Carol replies {run}", f"Carol{run}", f"carol.{run}@example.org",
                       parent=b1)
        out = self.cli("privacy", "erase", bob, "--delete")
        self.assertIn("Deleted 1 comment", out.stdout)
        self.assertIsNone(self.row(b1))
        self.assertEqual(self.row(c1)[6], a1)
        h.eventually(lambda: f"Bob one {run}" not in self.page_text())
        self.assertIn(f"Carol replies {run}", self.page_text())
        self.assertEqual(self.export(bob)["comments"], [])

    def test_bad_email_is_one_line(self):
        result = self.cli("privacy", "export", "nobody", check=False)
        self.assertNotEqual(result.code, 0)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)


if __name__ == "__main__":
    unittest.main()
