"""Regression tests for the attack findings of issue 10, each against the real binary over
loopback: script websites never become links (comment form, public page, moderation screens),
per-account login throttling across many addresses, the post-password redirect, login CSRF,
author enumeration, the security headers, browser-session cookies and the neutral avatar of a
held comment."""

import http.client
import os
import re
import tempfile
import unittest

import quire_harness as h

PASSWORD = "a long enough password"
ADMIN = ("boss", "boss@example.com", PASSWORD, "administrator")
WRITER = ("quiet", "quiet@example.com", PASSWORD, "author")
SCRIPT_URLS = ["javascript:alert(document.domain)", " JaVaScRiPt:alert(1)",
               "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>",
               "vbscript:msgbox(1)"]


class SecurityTest(h.QuireTestCase):
    USERS = (ADMIN, WRITER)
    SETTINGS = {"comment_moderation": 0, "comment_previously_approved": 0,
                "comment_flood_seconds": 0}

    # ---- stored XSS through the commenter's website ----

    def test_a_script_website_is_never_a_link(self):
        ids = []
        for n, url in enumerate(SCRIPT_URLS):
            resp = self.submit_comment(self.sample_post_id, f"Script site {n}", f"Mallory{n}",
                                       f"mallory{n}@example.com", url)
            self.assertEqual(resp.status, 303, resp.text[:1000])
            ids.append(h.comment_id_from_location(resp.location_path()))
        page = self.get_ok(self.sample_post_path).text
        for n, cid in enumerate(ids):
            self.assertIn(f"Script site {n}", page)
        lowered = page.lower()
        for bad in ("javascript:", "vbscript:", "data:text/html"):
            self.assertNotIn(bad, lowered)

        admin = self.login(ADMIN)
        listing = admin.get("/admin/comments/?comment_status=all")
        self.assertEqual(listing.status, 200)
        self.assertNotRegex(listing.text.lower(), r'href="\s*(javascript|vbscript|data):')
        confirm = admin.get(f"/admin/comments/{ids[0]}/?action=unapprove")
        self.assertEqual(confirm.status, 200)
        self.assertNotRegex(confirm.text.lower(), r'href="\s*(javascript|vbscript|data):')

    def test_a_web_address_stays_a_link_and_a_bare_one_gets_http(self):
        resp = self.submit_comment(self.sample_post_id, "A real site", "Ann", "ann@example.com",
                                   "ann.example.com/me")
        self.assertEqual(resp.status, 303, resp.text[:1000])
        cid = h.comment_id_from_location(resp.location_path())
        item = self.get_ok(self.sample_post_path).html().by_id(f"comment-{cid}")
        self.assertIsNotNone(item)
        self.assertIn('href="http://ann.example.com/me"', self.get_ok(self.sample_post_path).text)

    # ---- login throttling per account ----

    def test_failures_from_twenty_addresses_lock_the_account(self):
        victim = "throttled"
        self.cli("user", "add", victim, "--email", "throttled@example.com", "--role", "author",
                 stdin=PASSWORD + "\n")
        client = self.client()
        for n in range(20):
            resp = self.login_from(client, f"127.0.0.{n + 2}", victim, f"wrong-{n}")
            self.assertIn(resp.status, (200, 429), resp.text[:500])
        resp = self.login_from(client, "127.0.0.30", victim, PASSWORD)
        self.assertEqual(resp.status, 429, "the right password is refused while locked")
        self.assertIn("Too many failed login attempts", resp.text)
        self.assertFalse([c for c in resp.header_all("set-cookie")
                          if c.startswith("quire_session=")])
        # Another account from the same addresses is not locked.
        self.assertEqual(self.login_from(client, "127.0.0.31", WRITER[0], PASSWORD).status, 303)

    def login_from(self, client, address, log, pwd):
        conn = http.client.HTTPConnection(client.host, client.port, timeout=h.HTTP_TIMEOUT_S,
                                          source_address=(address, 0))
        try:
            token = h.login_fields(client, {})["login_token"]
            body = f"log={log}&pwd={pwd}&redirect_to=%2Fadmin%2F&login_token={token}"
            return client.request("POST", "/admin/login", body=body, conn=conn, headers={
                "Content-Type": "application/x-www-form-urlencoded"})
        finally:
            conn.close()

    # ---- redirects ----

    def test_the_post_password_form_never_redirects_off_the_site(self):
        for target in ["/\t/evil.example/", "/\n/evil.example/", "//evil.example/",
                       "/\\evil.example/", "https://evil.example/"]:
            resp = self.client().post_form("/wp-login.php?action=postpass",
                                           {"post_password": "x", "redirect_to": target})
            self.assertEqual(resp.status, 303, resp.text[:500])
            self.assertEqual(resp.header("Location"), "/", repr(target))

    def test_the_login_never_redirects_off_the_site(self):
        client = self.client(cookies=True)
        resp = client.post_form("/admin/login", h.login_fields(client, {
            "log": ADMIN[0], "pwd": ADMIN[2], "redirect_to": "/admin/\t/evil.example/"}))
        self.assertEqual(resp.status, 303)
        self.assertEqual(resp.header("Location"), "/admin/")

    # ---- login CSRF ----

    def test_a_login_posted_from_another_site_is_refused(self):
        for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                        {"Origin": "null"}):
            client = self.client()
            fields = h.login_fields(client, {"log": ADMIN[0], "pwd": ADMIN[2],
                                             "redirect_to": "/admin/"})
            resp = client.post_form("/admin/login", fields, headers)
            self.assertEqual(resp.status, 403, headers)
            self.assertFalse([c for c in resp.header_all("set-cookie")
                              if c.startswith("quire_session=")])
        client = self.client()
        fields = h.login_fields(client, {"log": ADMIN[0], "pwd": ADMIN[2], "redirect_to": "/admin/"})
        same = client.post_form("/admin/login", fields, {"Sec-Fetch-Site": "same-origin"})
        self.assertEqual(same.status, 303)

    def test_a_login_without_the_forms_token_is_refused(self):
        # A double-submit token: the login page's cookie and its hidden field must agree, so a
        # forged login from another site (which can set neither) fails even from a browser
        # that sends no Origin or Sec-Fetch-Site.
        fields = {"log": ADMIN[0], "pwd": ADMIN[2], "redirect_to": "/admin/"}
        client = self.client()
        with_token = h.login_fields(client, fields)
        for cookie, field in ((None, None), (None, with_token["login_token"]),
                              (with_token["login_token"], None),
                              (with_token["login_token"], "x" + with_token["login_token"][1:])):
            with self.subTest(cookie=cookie, field=field):
                other = self.client()
                if cookie:
                    other.cookies["quire_login_token"] = cookie
                sent = dict(fields, **({"login_token": field} if field else {}))
                resp = other.post_form("/admin/login", sent)
                self.assertEqual(resp.status, 403, resp.text[:1000])
                self.assertIn("cookies must be enabled", resp.text)
                self.assertFalse([c for c in resp.header_all("set-cookie")
                                  if c.startswith("quire_session=")])
                # The answer is the form again, with a token to try with.
                self.assertTrue(resp.html().value("login_token"))
        # The page's cookie and field together work (no JavaScript involved); the token is then
        # spent (cleared).
        ok = client.post_form("/admin/login", with_token)
        self.assertEqual(ok.status, 303)
        self.assertTrue([c for c in ok.header_all("set-cookie")
                         if c.startswith("quire_login_token=;") and "Max-Age=0" in c])

    # ---- account enumeration ----

    def test_an_author_with_nothing_published_is_not_found(self):
        self.assertEqual(self.client().get(f"/author/{WRITER[0]}/").status, 404)
        self.assertEqual(self.client().get(f"/author/{WRITER[0]}/feed/").status, 404)
        self.assertEqual(self.client().get("/author/nobody-at-all/").status, 404)
        self.add_post("By the admin", "Text.", "--author", ADMIN[0])
        self.assertEqual(self.client().get(f"/author/{ADMIN[0]}/").status, 200)

    def test_lost_password_answers_alike_for_known_and_unknown_accounts(self):
        known = self.client().post_form("/admin/lostpassword", {"user_login": ADMIN[0]})
        unknown = self.client().post_form("/admin/lostpassword", {"user_login": "no-such-one"})
        self.assertEqual((known.status, known.header("Location")),
                         (unknown.status, unknown.header("Location")))

    # ---- headers ----

    def test_public_and_admin_pages_carry_the_security_headers(self):
        for path in ("/", self.sample_post_path, "/no-such-page/"):
            resp = self.client().get(path)
            csp = resp.header("Content-Security-Policy") or ""
            self.assertIn("script-src 'self'", csp, path)
            self.assertIn("frame-ancestors 'self'", csp, path)
            self.assertEqual(resp.header("X-Content-Type-Options"), "nosniff", path)
            self.assertEqual(resp.header("X-Frame-Options"), "SAMEORIGIN", path)
            self.assert_nothing_inline(resp.text, path)
        login = self.client().get("/admin/login")
        csp = login.header("Content-Security-Policy") or ""
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertEqual(login.header("X-Frame-Options"), "DENY")
        self.assert_nothing_inline(login.text, "/admin/login")
        admin = self.login(ADMIN)
        for path in ("/admin/", "/admin/comments/", "/admin/posts/new/"):
            resp = admin.get(path)
            self.assertEqual(resp.status, 200, path)
            self.assertNotIn("unsafe-inline", resp.header("Content-Security-Policy") or "", path)
            self.assert_nothing_inline(resp.text, path)
        css = self.client().get("/assets/style.css")
        self.assertEqual(css.header("X-Content-Type-Options"), "nosniff")
        self.assertIsNone(css.header("Strict-Transport-Security"))
        behind_tls = self.client().get("/", {"X-Forwarded-Proto": "https"})
        self.assertEqual(behind_tls.header("Strict-Transport-Security"), "max-age=31536000")

    def assert_nothing_inline(self, html, path):
        """No inline script or style the policy would block (JSON-LD data blocks are allowed)."""
        for script in re.findall(r"<script([^>]*)>", html):
            self.assertIn('type="application/ld+json"', script, path)
        self.assertNotIn("<style", html, path)
        self.assertNotRegex(html, r"<[^>]+\sstyle=", path)
        self.assertNotRegex(html, r"<[^>]+\son[a-z]+=", path)

    # ---- sessions ----

    def test_without_remember_me_the_session_cookie_ends_with_the_browser(self):
        plain_client = self.client(cookies=True)
        plain = plain_client.post_form("/admin/login", h.login_fields(
            plain_client, {"log": ADMIN[0], "pwd": ADMIN[2], "redirect_to": "/admin/"}))
        cookie = plain.header("Set-Cookie") or ""
        self.assertTrue(cookie.startswith("quire_session="), cookie)
        self.assertNotIn("Max-Age", cookie)
        self.assertNotIn("Expires", cookie)
        remembered_client = self.client(cookies=True)
        remembered = remembered_client.post_form("/admin/login", h.login_fields(
            remembered_client, {"log": ADMIN[0], "pwd": ADMIN[2], "rememberme": "forever",
                                "redirect_to": "/admin/"}))
        self.assertIn(f"Max-Age={14 * 86400}", remembered.header("Set-Cookie") or "")

    # ---- held comments: shown to their author, with a neutral avatar ----

    def test_a_held_comment_shows_a_neutral_avatar_to_its_submitter(self):
        approved = self.submit_comment(self.sample_post_id, "Approved first", "Owner",
                                       "owner@example.com")
        self.assertEqual(approved.status, 303)
        self.assertNotIn("moderation-hash=", approved.location_path())
        # Two links hold a comment (comment_max_links 2); the email is someone else's.
        held = self.submit_comment(self.sample_post_id,
                                   "See http://a.example/ and http://b.example/", "Prober",
                                   "owner@example.com")
        self.assertEqual(held.status, 303)
        location = held.location_path()
        self.assertIn("moderation-hash=", location)
        cid = h.comment_id_from_location(location)
        item = self.get_ok(location.split("#")[0]).html().by_id(f"comment-{cid}")
        self.assertIsNotNone(item)
        self.assertIn("Your comment is awaiting moderation.", item.text())
        self.assertIn('src="/avatar/' + "0" * 32 + '.svg"', self.outer(location, cid))
        owner = h.comment_id_from_location(approved.location_path())
        self.assertNotIn("0" * 32, self.outer(self.sample_post_path, owner))

    def outer(self, path, cid):
        """The markup of comment cid's own article on the page at path."""
        text = self.get_ok(path.split("#")[0]).text
        start = text.index(f'id="div-comment-{cid}"')
        return text[start:text.index("</article>", start)]


WXR = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Imported</title><link>https://old.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://old.example</wp:base_site_url>
<wp:base_blog_url>https://old.example</wp:base_blog_url>
<item>
<title><![CDATA[Imported post]]></title>
<dc:creator><![CDATA[admin]]></dc:creator>
<content:encoded><![CDATA[<p>Imported body.</p>]]></content:encoded>
<wp:post_id>40</wp:post_id>
<wp:post_date><![CDATA[2024-01-02 10:00:00]]></wp:post_date>
<wp:post_date_gmt><![CDATA[2024-01-02 10:00:00]]></wp:post_date_gmt>
<wp:comment_status><![CDATA[open]]></wp:comment_status>
<wp:post_name><![CDATA[imported-post]]></wp:post_name>
<wp:status><![CDATA[publish]]></wp:status>
<wp:post_type><![CDATA[post]]></wp:post_type>
<wp:comment>
<wp:comment_id>7</wp:comment_id>
<wp:comment_author><![CDATA[Mallory]]></wp:comment_author>
<wp:comment_author_email><![CDATA[mallory@example.com]]></wp:comment_author_email>
<wp:comment_author_url>javascript:alert(document.cookie)</wp:comment_author_url>
<wp:comment_date><![CDATA[2024-01-03 10:00:00]]></wp:comment_date>
<wp:comment_date_gmt><![CDATA[2024-01-03 10:00:00]]></wp:comment_date_gmt>
<wp:comment_content><![CDATA[Imported with a script website]]></wp:comment_content>
<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
<wp:comment_parent>0</wp:comment_parent>
</wp:comment>
</item>
</channel>
</rss>
"""


class ImportedWebsiteTest(unittest.TestCase):
    """A WXR file's comment with a script website: imported without it, and said so."""

    def test_a_script_website_in_an_export_is_left_out(self):
        server = h.QuireServer()
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "site.xml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(WXR)
            try:
                out = h.run_cli("import", "wxr", path, data=server.data_dir)
                self.assertIn("not an http(s) address", out.stdout + out.stderr)
                server.start()
                resp = server.client().get("/comments/feed/")
                self.assertEqual(resp.status, 200)
                self.assertIn("Imported with a script website", resp.text)
                item = next(i for i in resp.text.split("<item>")
                            if "Imported with a script website" in i)
                link = re.search(r"<link>(https?://[^<#]+)#comment-", item)
                self.assertIsNotNone(link, item)
                page = server.client().get(h.path_of(link.group(1)))
                self.assertEqual(page.status, 200)
                self.assertIn("Mallory", page.text)
                self.assertNotIn("javascript:", page.text.lower())
            finally:
                code = server.stop()
                server.cleanup()
        self.assertEqual(code, 0)


if __name__ == "__main__":
    unittest.main()
