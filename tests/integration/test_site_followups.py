"""Follow-ups of the publishing and WordPress-import work, over HTTP on the real binary: the
site's time zone in permalinks and date archives, `/?p=ID` by an imported site's original ids,
password-protected items, and imported comments' HTML.

The fixture is written here: a WordPress site at UTC-5 whose posts were published late in the
evening (so their local date, which is in their links, is not their UTC date), whose first post
has the id of the sample post a new Quire site starts with (so the import renumbers it), one
post with a password and comments in WordPress HTML."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import unittest
import urllib.parse

import quire_harness
from quire_harness import QuireServer, run_cli

DATA = quire_harness.WXR_DATA
THEME = os.path.join(DATA, "theme-unit-test.xml")
PROTECTED_NOTICE = ("This content is password protected. To view it please enter your password "
                    "below:")
PROTECTED_EXCERPT = "There is no excerpt because this is a protected post."

# (original id, slug, title, local date, GMT date, password, body, comments)
POSTS = [
    (1, "late-evening", "Late evening", "2024-03-10 21:30:00", "2024-03-11 02:30:00", "",
     "<p>Body of the late post.</p>",
     [(101, "<strong>Bold words</strong> and <a href=\"https://wordpress.org/\">a link</a>"
            "<script>alert('x')</script>\n\nA second paragraph.")]),
    (2, "locked-diary", "Locked diary", "2024-03-12 22:00:00", "2024-03-13 03:00:00",
     "letmein", "<p>Dear diary, the hidden words.</p>",
     [(102, "Secret comment text")]),
    (3, "third-night", "Third night", "2024-03-15 20:00:00", "2024-03-16 01:00:00", "",
     "<p>Third body.</p>", []),
]


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def write_fixture(path: str) -> None:
    items = []
    for pid, slug, title, date, gmt, password, body, comments in POSTS:
        comment_xml = "".join(
            f"""<wp:comment><wp:comment_id>{cid}</wp:comment_id>
<wp:comment_author>{cdata("Commenter")}</wp:comment_author>
<wp:comment_author_email>c@example.org</wp:comment_author_email>
<wp:comment_author_url></wp:comment_author_url><wp:comment_author_IP></wp:comment_author_IP>
<wp:comment_date>{date}</wp:comment_date><wp:comment_date_gmt>{gmt}</wp:comment_date_gmt>
<wp:comment_content>{cdata(text)}</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>
<wp:comment_parent>0</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id>
</wp:comment>
""" for cid, text in comments)
        items.append(f"""<item>
<title>{title}</title>
<link>http://old.example/{date[:4]}/{date[5:7]}/{date[8:10]}/{slug}/</link>
<dc:creator>{cdata("olduser")}</dc:creator>
<guid isPermaLink="false">http://old.example/?p={pid}</guid>
<description></description>
<content:encoded>{cdata(body)}</content:encoded>
<excerpt:encoded>{cdata("")}</excerpt:encoded>
<wp:post_id>{pid}</wp:post_id>
<wp:post_date>{date}</wp:post_date><wp:post_date_gmt>{gmt}</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:ping_status>open</wp:ping_status>
<wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status>
<wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order>
<wp:post_type>post</wp:post_type><wp:post_password>{cdata(password)}</wp:post_password>
<wp:is_sticky>0</wp:is_sticky>
{comment_xml}</item>
""")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Old site</title><link>http://old.example</link><description>Evenings</description>
<language>en-US</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>http://old.example</wp:base_site_url>
<wp:base_blog_url>http://old.example</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>{cdata("olduser")}</wp:author_login>
<wp:author_email>{cdata("old@example.org")}</wp:author_email>
<wp:author_display_name>{cdata("Old User")}</wp:author_display_name></wp:author>
{"".join(items)}</channel>
</rss>
""")


def path_of(date: str, slug: str) -> str:
    return f"/{date[:4]}/{date[5:7]}/{date[8:10]}/{slug}/"


LATE, LOCKED, THIRD = (path_of(p[3], p[1]) for p in POSTS)


class ImportedEveningSiteTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="quire-followups-")
        cls.fixture = os.path.join(cls.tmp, "evenings.xml")
        write_fixture(cls.fixture)
        cls.server = QuireServer()
        run_cli("import", "wxr", cls.fixture, data=cls.server.data_dir)
        quire_harness.show_comments_at_once(cls.server)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        quire_harness.stop_and_remove(cls.server, cls.tmp)

    def setUp(self):
        self.client = self.server.client()

    # --- 1. the site's zone ---

    def test_the_import_takes_the_files_offset(self):
        self.assertEqual(self.server.cli("settings", "get", "gmt_offset").stdout.strip(), "-5")
        self.assertEqual(self.server.cli("settings", "get", "timezone_string").stdout.strip(), "")

    def test_original_permalinks_carry_the_local_date(self):
        for _, slug, title, date, gmt, *_ in POSTS:
            with self.subTest(slug=slug):
                resp = self.client.get(path_of(date, slug))
                self.assertEqual(resp.status, 200)
                self.assertIn(title, resp.text)
                self.assertEqual(self.client.get(path_of(gmt, slug)).status, 404)

    def test_date_archives_are_local_days(self):
        day = self.client.get("/2024/03/10/")
        self.assertEqual(day.status, 200)
        self.assertIn("Late evening", day.text)
        self.assertNotIn("Locked diary", day.text)
        self.assertEqual(self.client.get("/2024/03/11/").status, 404)  # its UTC day
        self.assertEqual(self.client.get("/2024/03/16/").status, 404)
        self.assertIn("Third night", self.client.get("/2024/03/15/").text)
        month = self.client.get("/2024/03/").text
        for title in ("Late evening", "Locked diary", "Third night"):
            self.assertIn(title, month)

    def test_cli_refuses_unknown_zones(self):
        d = os.path.join(self.tmp, "zones")
        run_cli("init", data=d)
        run_cli("settings", "set", "timezone_string", "America/Chicago", data=d)
        self.assertEqual(run_cli("settings", "get", "timezone_string", data=d).stdout.strip(),
                         "America/Chicago")
        bad = run_cli("settings", "set", "timezone_string", "Mars/Olympus", data=d, check=False)
        self.assertNotEqual(bad.code, 0)
        self.assertIn("time zone", bad.stderr)
        self.assertNotEqual(run_cli("settings", "set", "gmt_offset", "five", data=d,
                                    check=False).code, 0)
        run_cli("settings", "set", "gmt_offset", "5.5", data=d)

    # --- 2. ?p=ID by the original ids ---

    def test_plain_links_use_the_original_ids(self):
        # `quire import wxr` into a new folder makes no sample post, so every id of the file is
        # free and kept.
        db = sqlite3.connect(
            f"file:{os.path.join(self.server.data_dir, 'quire.db')}?mode=ro", uri=True)
        try:
            ids = dict(db.execute(
                "SELECT original_id, quire_id FROM wxr_ids WHERE kind = 'post'").fetchall())
            (title,) = db.execute("SELECT title FROM posts WHERE id = 1").fetchone()
        finally:
            db.close()
        self.assertEqual(ids.get(1), 1)
        self.assertEqual(title, "Late evening")
        for post_id, path in ((1, LATE), (2, LOCKED), (3, THIRD)):
            resp = self.client.get(f"/?p={post_id}")
            self.assertEqual(resp.status, 301)
            self.assertEqual(resp.location_path(), path)
        self.assertEqual(self.client.get("/?page_id=1").status, 404)  # a post, not a page

    # --- 3. protected items ---

    def test_a_protected_post_shows_the_form_and_nothing_else(self):
        resp = self.client.get(LOCKED)
        self.assertEqual(resp.status, 200)
        self.assertIn(PROTECTED_NOTICE, resp.text)
        self.assertIn("Protected: Locked diary", resp.text)
        form = resp.html().find("form", **{"class": "post-password-form"})
        self.assertIsNotNone(form)
        self.assertEqual(form.get("action"), "/wp-login.php?action=postpass")
        self.assertIsNotNone(resp.html().field("post_password"))
        for hidden in ("hidden words", "Secret comment text", "commentform"):
            self.assertNotIn(hidden, resp.text)
        self.assertNotIn("no-store", resp.header("Cache-Control"))

    def test_lists_feeds_and_search_keep_the_text_to_themselves(self):
        for path in ("/", "/2024/03/", "/feed/", "/?s=diary"):
            with self.subTest(path=path):
                resp = self.client.get(path)
                self.assertEqual(resp.status, 200)
                self.assertNotIn("hidden words", resp.text)
                self.assertIn(PROTECTED_EXCERPT, resp.text)
        self.assertNotIn("Secret comment text", self.client.get("/comments/feed/").text)

    def send_password(self, password: str, referer: str | None) -> quire_harness.Response:
        headers = {"Referer": self.server.url.rstrip("/") + referer} if referer else {}
        return self.client.post_form("/wp-login.php?action=postpass",
                                     {"post_password": password, "redirect_to": LOCKED},
                                     headers=headers)

    def cookie_of(self, resp) -> str:
        for line in resp.header_all("Set-Cookie"):
            cookie = quire_harness.parse_set_cookie(line)
            if cookie.name == "wp-postpass_quire":
                return f"{cookie.name}={cookie.value}"
        raise AssertionError("no wp-postpass_quire cookie")

    def test_the_right_password_opens_the_post_for_that_reader_only(self):
        wrong = self.send_password("guess", LOCKED)
        self.assertEqual(wrong.status, 303)
        self.assertEqual(wrong.location_path(), LOCKED)
        again = self.client.get(LOCKED, headers={"Cookie": self.cookie_of(wrong)})
        self.assertIn(PROTECTED_NOTICE, again.text)
        self.assertNotIn("hidden words", again.text)

        right = self.send_password("letmein", None)
        self.assertEqual(right.location_path(), LOCKED)  # no Referer: the form's redirect_to
        set_cookie = " ".join(right.header_all("Set-Cookie"))
        self.assertIn("Max-Age=864000", set_cookie)
        self.assertNotIn("letmein", set_cookie)
        cookie = self.cookie_of(right)
        opened = self.client.get(LOCKED, headers={"Cookie": cookie})
        self.assertEqual(opened.status, 200)
        self.assertIn("Dear diary, the hidden words.", opened.text)
        self.assertIn("Secret comment text", opened.text)
        self.assertIn("no-store", opened.header("Cache-Control"))
        # everyone else still gets the form (the opened page was never cached)
        self.assertNotIn("hidden words", self.client.get(LOCKED).text)

        post_id = opened.html().value("comment_post_ID")
        fields = {"comment_post_ID": post_id, "comment_parent": "0", "author": "Reader",
                  "email": "reader@example.org", "comment": "I read it."}
        refused = self.client.post_form("/wp-comments-post.php", fields)
        self.assertEqual(refused.status, 403)
        accepted = self.client.post_form("/wp-comments-post.php", fields,
                                         headers={"Cookie": cookie})
        self.assertEqual(accepted.status, 303)

    # --- 4. imported comments' HTML ---

    def test_imported_comments_keep_their_allowed_html(self):
        comment = self.client.get(LATE).html().by_id("comment-101")
        self.assertIsNotNone(comment)
        self.assertEqual(comment.find("strong").text(), "Bold words")
        link = comment.find("a", href="https://wordpress.org/")
        self.assertIsNotNone(link)
        self.assertIn("nofollow", link.get("rel"))
        self.assertIsNone(comment.find("script"))
        self.assertNotIn("alert(", self.client.get(LATE).text)
        self.assertEqual(len([p for p in comment.find_all("p")
                              if "second paragraph" in p.text()]), 1)
        feed = self.client.get(LATE + "feed/")
        self.assertEqual(feed.status, 200)
        self.assertIn("&lt;strong&gt;Bold words&lt;/strong&gt;", feed.text)
        self.assertNotIn("&lt;script", feed.text.split("<content:encoded>", 1)[-1])

    def test_the_export_writes_local_dates_and_comments_as_html(self):
        typed = {"comment_post_ID": self.client.get(THIRD).html().value("comment_post_ID"),
                 "comment_parent": "0", "author": "Typist", "email": "typist@example.org",
                 "comment": "1 < 2 & <b>not bold</b>"}
        self.assertEqual(self.client.post_form("/wp-comments-post.php", typed).status, 303)
        out = os.path.join(self.tmp, "export.xml")
        self.server.cli("export", "wxr", "--out", out)
        with open(out, encoding="utf-8") as f:
            text = f.read()
        self.assertIn("<wp:post_date><![CDATA[2024-03-10 21:30:00]]></wp:post_date>", text)
        self.assertIn("<wp:post_date_gmt><![CDATA[2024-03-11 02:30:00]]></wp:post_date_gmt>",
                      text)
        self.assertIn("1 &lt; 2 &amp; &lt;b&gt;not bold&lt;/b&gt;", text)
        self.assertIn("<strong>Bold words</strong>", text)

        again = QuireServer()
        try:
            run_cli("import", "wxr", out, data=again.data_dir)
            again.start()
            client = again.client()
            self.assertEqual(client.get(LATE).status, 200)
            page = client.get(THIRD).text
            self.assertIn("1 &lt; 2 &amp; &lt;b&gt;not bold&lt;/b&gt;", page)
            self.assertIn("<strong>Bold words</strong>", client.get(LATE).text)
        finally:
            code = again.stop()
            again.cleanup()
        self.assertEqual(code, 0)


@unittest.skipUnless(os.path.isfile(THEME), f"{THEME} is not here")
class ThemeUnitTestCommentsTest(unittest.TestCase):
    """theme-unit-test's "Template: Comments" post holds a comment in WordPress HTML."""

    def test_the_comment_keeps_its_strong_and_links_but_not_its_headings(self):
        server = QuireServer()
        try:
            run_cli("import", "wxr", THEME, data=server.data_dir)
            server.start()
            self.assertEqual(server.cli("settings", "get", "gmt_offset").stdout.strip(), "-7")
            resp = server.client().get("/2012/01/03/template-comments/")
            self.assertEqual(resp.status, 200)
            comment = resp.html().by_id("comment-881")
            self.assertIsNotNone(comment)
            self.assertIn("Headings", [s.text() for s in comment.find_all("strong")])
            self.assertIsNotNone(comment.find(
                "a", href="https://developer.mozilla.org/en-US/docs/HTML/Element/blockquote#Notes"))
            self.assertIsNotNone(comment.find("blockquote"))
            self.assertIsNone(comment.find("h1"))
            self.assertIsNone(comment.find("table"))
        finally:
            code = server.stop()
            server.cleanup()
        self.assertEqual(code, 0)


if __name__ == "__main__":
    unittest.main()
