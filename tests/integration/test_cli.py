"""The command line: posts from files and stdin in each format, help, one-line errors, users,
settings, comment listing; changes made while the server runs show up on the site."""

import os
import re
import shutil
import stat
import subprocess
import tempfile
import unittest
import uuid

import quire_harness as h

HELP_COMMANDS = [
    [], ["serve"], ["post"], ["post", "add"], ["user"], ["user", "add"], ["comment"],
    ["comment", "approve"], ["comment", "unapprove"], ["comment", "spam"],
    ["comment", "trash"], ["comment", "list"], ["settings"], ["settings", "get"],
    ["settings", "set"], ["settings", "list"], ["init"],
]


class CliTest(h.QuireTestCase):
    def assert_one_line_error(self, result: h.CliResult):
        self.assertNotEqual(result.code, 0, f"{result.args} succeeded: {result.stdout!r}")
        lines = result.stderr.rstrip("\n").split("\n")
        self.assertEqual(len(lines), 1, f"{result.args}: stderr {result.stderr!r}")
        self.assertTrue(lines[0].strip(), f"{result.args}: empty stderr")

    def post_from_file(self, title, content, *options) -> str:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8",
                                         delete=False) as f:
            f.write(content)
            name = f.name
        try:
            out = self.cli("post", "add", "--title", title, *options, name)
        finally:
            os.unlink(name)
        lines = out.lines()
        self.assertEqual(len(lines), 1, out.stdout)
        self.assertTrue(lines[0].startswith(self.server.url.rstrip("/")),
                        f"{lines[0]!r} is not under {self.server.url}")
        return h.path_of(lines[0])

    # ---------------------------------------------------------------- posts

    def test_markdown_from_file_with_slug_and_date(self):
        path = self.post_from_file("Markdown file", "# A heading\n\nSome *emphasis* here.\n\n"
                                   "- one\n- two\n", "--format", "markdown", "--slug",
                                   "md-file", "--date", "2021-03-04T10:20:30Z")
        self.assertEqual(path, "/2021/03/04/md-file/")
        page = self.get_ok(path)
        self.assertIn("<em>emphasis</em>", page.text)
        html = page.html()
        self.assertEqual([li.text() for li in html.find_all("li") if li.text() in
                          ("one", "two")], ["one", "two"])
        self.assertEqual(html.find("h1").text(), "Markdown file")

    def test_markdown_is_the_default_format(self):
        path = self.post_from_file("Default format", "Plain **bold** words.\n")
        self.assertIn("<strong>bold</strong>", self.get_ok(path).text)

    def test_html_from_stdin(self):
        path = self.add_post("HTML stdin", "<p>Hello <strong>there</strong>, world.</p>\n",
                             "--format", "html")
        self.assertIn("<strong>there</strong>", self.get_ok(path).text)

    def test_text_from_stdin_is_escaped(self):
        path = self.add_post("Text stdin", "a < b & c\n\n<em>not markup</em>\n",
                             "--format", "text")
        page = self.get_ok(path)
        self.assertNotIn("<em>not markup</em>", page.text)
        self.assertIn("<em>not markup</em>", page.html().text())
        self.assertIn("a < b & c", page.html().text())

    def test_generated_slug_and_default_date(self):
        path = self.add_post("Slug From This Title!", "x\n")
        self.assertRegex(path, r"^/\d{4}/\d{2}/\d{2}/slug-from-this-title/$")

    def test_duplicate_slug_on_the_same_day_is_made_unique(self):
        first = self.add_post("Same title", "one\n", "--date", "2022-05-06T12:00:00Z")
        second = self.add_post("Same title", "two\n", "--date", "2022-05-06T12:00:00Z")
        self.assertNotEqual(first, second)
        self.assertIn("one", self.get_ok(first).html().text())
        self.assertIn("two", self.get_ok(second).html().text())

    def test_draft_is_not_public(self):
        title = f"Secret draft {uuid.uuid4().hex[:6]}"
        self.add_post(title, "hidden\n", "--status", "draft")
        self.assertNotIn(title, self.get_ok("/").html().text())
        feed = self.client().get("/feed/")
        if feed.status == 200:
            self.assertNotIn(title, feed.text)

    def test_post_added_while_serving_appears_on_the_front_page(self):
        title = f"Fresh from the CLI {uuid.uuid4().hex[:6]}"
        self.get_ok("/")  # the front page is now cached
        path = self.add_post(title, "Hot off the press.\n")
        shown = h.eventually(lambda: path in h.permalinks(self.get_ok("/").html()))
        self.assertTrue(shown, f"{path} not on the front page within {h.EVENTUALLY_S}s")
        self.assertIn(title, self.get_ok("/").html().text())

    # ---------------------------------------------------------------- help and errors

    def test_help_for_every_command(self):
        for words in HELP_COMMANDS:
            with self.subTest(command=" ".join(words)):
                result = h.run_cli(*words, "--help", check=False)
                self.assertEqual(result.code, 0, result.stderr)
                self.assertTrue(result.stdout.strip(), "no help text")

    def test_missing_title(self):
        self.assert_one_line_error(self.cli("post", "add", "-", stdin="x", check=False))

    def test_bad_date(self):
        for date in ("yesterday", "2021-13-01T00:00:00Z", "2021-02-30"):
            with self.subTest(date=date):
                self.assert_one_line_error(self.cli("post", "add", "--title", "Bad date",
                                                    "--date", date, "-", stdin="x",
                                                    check=False))

    def test_bad_status_and_format(self):
        self.assert_one_line_error(self.cli("post", "add", "--title", "T", "--status",
                                            "published-ish", "-", stdin="x", check=False))
        self.assert_one_line_error(self.cli("post", "add", "--title", "T", "--format", "rtf",
                                            "-", stdin="x", check=False))

    def test_missing_file(self):
        self.assert_one_line_error(self.cli("post", "add", "--title", "T",
                                            "/nonexistent/file.md", check=False))

    def test_unknown_role(self):
        self.assert_one_line_error(self.cli("user", "add", "mallory", "--email",
                                            "mallory@example.com", "--role", "king",
                                            stdin="pw-1234567890\n", check=False))

    def test_unknown_command(self):
        self.assert_one_line_error(h.run_cli("frobnicate", check=False))

    def test_comment_commands_on_a_missing_comment(self):
        for action in ("approve", "unapprove", "spam", "trash"):
            with self.subTest(action=action):
                self.assert_one_line_error(self.cli("comment", action, "987654", check=False))

    def test_unknown_setting(self):
        self.assert_one_line_error(self.cli("settings", "get", "no_such_setting", check=False))
        self.assert_one_line_error(self.cli("settings", "set", "no_such_setting", "1",
                                            check=False))

    def test_bad_setting_value(self):
        self.assert_one_line_error(self.cli("settings", "set", "comment_max_links", "many",
                                            check=False))

    # ---------------------------------------------------------------- users

    def test_user_add_with_generated_password(self):
        result = self.cli("user", "add", "editor1", "--email", "editor1@example.com", "--role",
                          "editor")
        tokens = re.findall(r"\S{12,}", result.stdout)
        candidates = [t for t in tokens if "editor1" not in t and "@" not in t]
        self.assertTrue(candidates, f"no generated password in {result.stdout!r}")

    def test_user_add_with_password_on_stdin(self):
        result = self.cli("user", "add", "author1", "--email", "author1@example.com", "--role",
                          "author", stdin="correct horse battery staple\n")
        self.assertNotIn("correct horse", result.stdout + result.stderr)

    def test_each_role(self):
        for role in ("administrator", "editor", "author"):
            name = f"{role}-{uuid.uuid4().hex[:4]}"
            self.cli("user", "add", name, "--email", f"{name}@example.com", "--role", role,
                     stdin="a long enough password\n")

    # ---------------------------------------------------------------- settings and comments

    def test_settings_round_trip(self):
        self.cli("settings", "set", "comment_max_links", "7")
        try:
            self.assertEqual(self.cli("settings", "get", "comment_max_links").stdout.strip(),
                             "7")
            listed = self.cli("settings", "list").stdout
            self.assertRegex(listed, r"(?m)^comment_max_links\b.*7")
        finally:
            self.cli("settings", "set", "comment_max_links", "2")

    def test_settings_list_hides_the_secret(self):
        listed = self.cli("settings", "list").stdout
        self.assertNotRegex(listed, r"(?m)^\s*secret\b")
        self.assertIn("comment_flood_seconds", listed)

    def test_site_title_setting_shows_on_the_site(self):
        title = f"Quire Test Site {uuid.uuid4().hex[:6]}"
        old = self.cli("settings", "get", "blogname").stdout.strip()
        self.cli("settings", "set", "blogname", title)
        try:
            shown = h.eventually(lambda: title in self.get_ok("/").text)
            self.assertTrue(shown, "the new site title is not on the front page")
        finally:
            self.cli("settings", "set", "blogname", old)

    def test_comment_list_format(self):
        resp = self.submit_comment(self.sample_post_id, "Listed comment", "Lister Name",
                                   "lister@example.com")
        self.assertEqual(resp.status, 303, resp.body[:1000])
        cid = h.comment_id_from_location(resp.location_path())
        rows = [line.split("\t") for line in self.cli("comment", "list").lines()]
        for row in rows:
            self.assertEqual(len(row), 5, row)  # ID, status, post, author, reason
            self.assertRegex(row[0], r"^\d+$")
            self.assertIn(row[1], ("pending", "approved", "spam", "trash"))
        self.assertIn([str(cid), "pending", str(self.sample_post_id), "Lister Name"],
                      [row[:4] for row in rows])
        self.cli("comment", "approve", str(cid))
        approved = [line.split("\t")[0] for line in
                    self.cli("comment", "list", "--status", "approved").lines()]
        pending = [line.split("\t")[0] for line in
                   self.cli("comment", "list", "--status", "pending").lines()]
        self.assertIn(str(cid), approved)
        self.assertNotIn(str(cid), pending)


class CliTrapsTest(unittest.TestCase):
    """What a new user meets first: a mistyped --data, a mistyped command, a bad setting, a
    database Quire cannot write to. Each gives one line that says what is wrong."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="quire-traps-")
        self.site = os.path.join(self.tmp, "site")
        h.run_cli("init", data=self.site)

    def tearDown(self):
        for root, dirs, _ in os.walk(self.tmp):  # a test may have taken write permission away
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o700)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def assert_one_line(self, result: h.CliResult, needle: str):
        self.assertNotEqual(result.code, 0, f"{result.args} succeeded: {result.stdout!r}")
        lines = result.stderr.rstrip("\n").split("\n")
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertIn(needle, lines[0])

    def test_a_mistyped_data_folder_is_not_a_new_site(self):
        typo = os.path.join(self.tmp, "sitee")
        for words in (["settings", "list"], ["settings", "get", "blogname"],
                      ["settings", "set", "blogname", "X"], ["comment", "list"],
                      ["post", "add", "--title", "T", "-"], ["user", "list"],
                      ["export", "wxr"], ["mail", "outbox"]):
            with self.subTest(command=" ".join(words)):
                result = h.run_cli(*words, data=typo, stdin="x", check=False)
                self.assert_one_line(result, f"no Quire site at {typo}")
                self.assertFalse(os.path.exists(typo), "the command created the folder")
        empty = tempfile.mkdtemp(dir=self.tmp)  # an existing folder without a site
        self.assert_one_line(h.run_cli("settings", "list", data=empty, check=False),
                             "no Quire site at")
        self.assertEqual(os.listdir(empty), [])

    def test_init_makes_a_site_once(self):
        fresh = os.path.join(self.tmp, "fresh")
        made = h.run_cli("init", data=fresh)
        self.assertIn("Created a new Quire site", made.stdout)
        self.assertEqual(h.run_cli("settings", "get", "blogname", data=fresh).stdout.strip(),
                         "My Quire Site")
        again = h.run_cli("init", data=fresh)
        self.assertIn("already a Quire site", again.stdout)

    def test_a_mistyped_command_names_the_right_one(self):
        result = h.run_cli("serv", check=False)
        self.assert_one_line(result, "unknown command 'serv'; did you mean 'serve'?")
        self.assert_one_line(h.run_cli("setings", "list", check=False),
                             "unknown command 'setings'; did you mean 'settings'?")
        self.assert_one_line(h.run_cli("comment", "aprove", "1", check=False),
                             "unknown command 'comment aprove'; did you mean 'comment approve'?")
        self.assert_one_line(h.run_cli("frobnicate", check=False),
                             "unknown command 'frobnicate'")

    def test_permalink_structure_with_an_unknown_tag_is_refused(self):
        result = h.run_cli("settings", "set", "permalink_structure", "/%foo%/", data=self.site,
                           check=False)
        self.assert_one_line(result, "%foo% is not a permalink tag")
        self.assertIn("%postname%", result.stderr)
        for bad in ("/%year%/", "no-slash/%postname%/", "/%postname%/?p=1"):
            with self.subTest(structure=bad):
                self.assert_one_line(h.run_cli("settings", "set", "permalink_structure", bad,
                                               data=self.site, check=False), "permalink")
        self.assertEqual(h.run_cli("settings", "get", "permalink_structure",
                                   data=self.site).stdout.strip(),
                         "/%year%/%monthnum%/%day%/%postname%/")
        h.run_cli("settings", "set", "permalink_structure", "/%postname%/", data=self.site)
        self.assertEqual(h.run_cli("settings", "get", "permalink_structure",
                                   data=self.site).stdout.strip(), "/%postname%/")

    def test_admin_email_is_validated(self):
        for bad in ("nobody", "a@b", "me@exa mple.org"):
            with self.subTest(email=bad):
                self.assert_one_line(h.run_cli("settings", "set", "admin_email", bad,
                                               data=self.site, check=False),
                                     "valid email address")
        h.run_cli("settings", "set", "admin_email", "owner@example.org", data=self.site)
        self.assertEqual(h.run_cli("settings", "get", "admin_email",
                                   data=self.site).stdout.strip(), "owner@example.org")

    def test_the_smtp_password_is_never_printed(self):
        h.run_cli("settings", "set", "smtp_password", "hunter2-secret", data=self.site)
        for words in (["settings", "list"], ["settings", "get", "smtp_password"]):
            with self.subTest(command=" ".join(words)):
                out = h.run_cli(*words, data=self.site).stdout
                self.assertNotIn("hunter2-secret", out)
                self.assertIn("(set, not shown)", out)

    def test_a_read_only_database_refuses_to_start(self):
        db = os.path.join(self.site, "quire.db")
        os.chmod(self.site, 0o755)
        os.chmod(db, 0o644)
        argv = [h.quire_bin(), "serve", "--data", self.site, "--listen", "127.0.0.1:0"]
        if os.geteuid() == 0:  # root writes anywhere: run as nobody, who may only read
            argv = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *argv]
            os.chmod(self.tmp, 0o755)
        else:
            os.chmod(db, 0o444)
            os.chmod(self.site, 0o555)
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=h.CLI_TIMEOUT_S,
                              stdin=subprocess.DEVNULL)
        self.assertNotEqual(proc.returncode, 0, proc.stdout)
        self.assertEqual(proc.stdout, "", "it printed a URL: it started")
        self.assertIn("cannot write to", proc.stderr)
        self.assertIn("permissions", proc.stderr)


if __name__ == "__main__":
    unittest.main()
