"""Accounts over HTTP and the CLI: log in at /admin/login (cookie flags), see the sessions on
/admin/profile/, log out; CSRF refusals change nothing; login throttling locks with 429 and a
successful login resets it; `quire user add|list|passwd|remove`."""

import unittest

import quire_harness as h

PASSWORD = "a long enough password"


def login(client, log, pwd, **extra):
    fields = {"log": log, "pwd": pwd, "redirect_to": "/admin/", **extra}
    return client.post_form("/admin/login", h.login_fields(client, fields))


def nonce_of(page):
    value = page.html().value("_wpnonce")
    if not value:
        raise AssertionError(f"no _wpnonce on the page: {page.text[:2000]}")
    return value


class AccountsTest(h.QuireTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server.cli("user", "add", "boss", "--email", "boss@example.com", "--role",
                       "administrator", stdin=PASSWORD + "\n")
        cls.server.cli("user", "add", "writer", "--email", "writer@example.com", "--role",
                       "author", stdin=PASSWORD + "\n")

    def logged_in(self, name="writer", **extra):
        client = self.client(cookies=True)
        resp = login(client, name, PASSWORD, **extra)
        self.assertEqual(resp.status, 303, resp.text[:2000])
        return client, resp

    def test_login_page_has_wordpress_fields(self):
        page = self.get_ok("/admin/login")
        form = page.html().find("form", id="loginform")
        self.assertIsNotNone(form)
        for name in ("log", "pwd", "rememberme", "redirect_to"):
            self.assertIsNotNone(page.html().field(name, form), name)
        self.assertIn("no-store", page.header("Cache-Control", ""))

    def test_cookie_flags(self):
        _, resp = self.logged_in()
        cookie = h.parse_set_cookie(resp.header("Set-Cookie"))
        self.assertEqual(cookie.name, "quire_session")
        self.assertIn("httponly", cookie.attrs)
        self.assertEqual(cookie.attrs.get("samesite"), "Lax")
        self.assertEqual(cookie.attrs.get("path"), "/")
        self.assertNotIn("max-age", cookie.attrs)  # a browser-session cookie without rememberme
        self.assertNotIn("secure", cookie.attrs)
        _, remembered = self.logged_in(rememberme="forever")
        self.assertIn("max-age", h.parse_set_cookie(remembered.header("Set-Cookie")).attrs)
        tls_client = self.client()
        behind_tls = tls_client.post_form(
            "/admin/login", h.login_fields(tls_client, {"log": "writer", "pwd": PASSWORD}),
            headers={"X-Forwarded-Proto": "https"})
        self.assertIn("secure", h.parse_set_cookie(behind_tls.header("Set-Cookie")).attrs)

    def test_redirect_only_into_the_admin(self):
        _, resp = self.logged_in(redirect_to="/admin/profile/")
        self.assertEqual(resp.location_path(), "/admin/profile/")
        _, resp = self.logged_in(redirect_to="https://evil.example/admin/")
        self.assertEqual(resp.location_path(), "/admin/")

    def test_profile_and_logout(self):
        anonymous = self.client().get("/admin/profile/")
        self.assertEqual(anonymous.status, 303)
        self.assertEqual(anonymous.location_path(),
                         "/admin/login?redirect_to=%2Fadmin%2Fprofile%2F")
        client, _ = self.logged_in()
        profile = client.get("/admin/profile/")
        self.assertEqual(profile.status, 200)
        self.assertIn("writer", profile.html().text())
        self.assertIn("This session", profile.html().text())

        refused = client.post_form("/admin/logout", {})
        self.assertEqual(refused.status, 403)
        self.assertIn("The link you followed has expired.", refused.html().text())
        refused = client.post_form("/admin/logout", {"_wpnonce": "forged"})
        self.assertEqual(refused.status, 403)
        self.assertEqual(client.get("/admin/profile/").status, 200, "refusal changed something")

        out = client.post_form("/admin/logout", {"_wpnonce": nonce_of(profile)})
        self.assertEqual(out.status, 303)
        self.assertEqual(out.location_path(), "/admin/login?loggedout=true")
        self.assertNotIn("quire_session", client.cookies)
        self.assertEqual(client.get("/admin/login?loggedout=true").status, 200)
        self.assertEqual(client.get("/admin/profile/").status, 303)

    def test_ending_other_sessions_needs_csrf(self):
        here, _ = self.logged_in()
        there, _ = self.logged_in()
        profile = here.get("/admin/profile/")
        end_buttons = profile.html().find_all("input", name="action", value="end")
        self.assertGreaterEqual(len(end_buttons), 1, "the other session has an End button")
        self.assertEqual(here.post_form("/admin/profile/", {"action": "end-others"}).status, 403)
        self.assertEqual(there.get("/admin/profile/").status, 200)
        ended = here.post_form("/admin/profile/",
                               {"action": "end-others", "_wpnonce": nonce_of(profile)})
        self.assertEqual(ended.status, 303)
        self.assertEqual(there.get("/admin/profile/").status, 303)
        self.assertEqual(here.get("/admin/profile/").status, 200)

    def test_cli_list_passwd_remove(self):
        listed = self.cli("user", "list").stdout
        self.assertRegex(listed, r"(?m)^\d+\tboss\tboss@example\.com\tadministrator\t\d{4}-")
        self.cli("user", "add", "temp", "--email", "temp@example.com", "--role", "subscriber",
                 stdin=PASSWORD + "\n")
        client, _ = self.logged_in("temp")
        changed = self.cli("user", "passwd", "temp", stdin="another long password\n")
        self.assertNotIn("another long password", changed.stdout)
        self.assertEqual(client.get("/admin/profile/").status, 303, "passwd ends sessions")
        self.assertEqual(login(self.client(), "temp", "another long password").status, 303)
        generated = self.cli("user", "passwd", "temp").stdout
        self.assertRegex(generated, r"Password: \S{12,}")

        last_admin = self.cli("user", "remove", "boss", check=False)
        self.assertNotEqual(last_admin.code, 0)
        self.assertIn("last administrator", last_admin.stderr)
        self.assertEqual(len(last_admin.stderr.strip().splitlines()), 1)
        self.cli("user", "remove", "temp", "--reassign", "boss")
        self.assertNotIn("\ttemp\t", self.cli("user", "list").stdout)
        self.assertNotEqual(self.cli("user", "remove", "temp", check=False).code, 0)

    def test_lost_password_answers_alike(self):
        known = self.client().post_form("/admin/lostpassword", {"user_login": "writer"})
        unknown = self.client().post_form("/admin/lostpassword", {"user_login": "nobody"})
        self.assertEqual(known.status, 303)
        self.assertEqual(known.location_path(), unknown.location_path())
        bad = self.client().get("/admin/resetpass?key=forged&login=writer")
        self.assertEqual(bad.status, 400)
        self.assertIn("appears to be invalid", bad.html().text())


class ThrottlingTest(h.QuireTestCase):
    SETTINGS = {"login_max_failures": 3, "login_lockout_minutes": 10}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server.cli("user", "add", "victim", "--email", "victim@example.com",
                       stdin=PASSWORD + "\n")

    def error_text(self, resp):
        node = resp.html().by_id("login_error")
        self.assertIsNotNone(node, resp.text[:2000])
        return node.text()

    def test_failures_lock_and_success_resets(self):
        client = self.client()
        wrong = login(client, "victim", "wrong password")
        unknown = login(client, "no-such-user", "wrong password")
        self.assertEqual((wrong.status, unknown.status), (200, 200))
        incorrect = "The username or password you entered is incorrect."
        self.assertIn(incorrect, self.error_text(wrong))
        self.assertIn(incorrect, self.error_text(unknown))
        self.assertIn("1 attempt remains", self.error_text(unknown))

        self.assertEqual(login(client, "victim", PASSWORD).status, 303, "success resets")
        self.assertIn("2 attempts remain", self.error_text(login(client, "victim", "x-wrong")))
        login(client, "victim", "x-wrong")
        locked = login(client, "victim", "x-wrong")
        self.assertEqual(locked.status, 429)
        self.assertEqual(self.error_text(locked),
                         "Error: Too many failed login attempts. Please try again in 10 minutes.")
        still = login(client, "victim", PASSWORD)
        self.assertEqual(still.status, 429, "the right password does not open a lock")
        self.assertFalse([c for c in still.header_all("set-cookie")
                          if c.startswith("quire_session=")])


if __name__ == "__main__":
    unittest.main()
