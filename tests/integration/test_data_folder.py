"""The data folder: private (0700, files 0600, exports too), a warning when it is not, the SMTP
password never shown, and the database file replaced under a running server (no acknowledged
comment lost: writes are refused from then on, with the typed text kept)."""

import os
import shutil
import sqlite3
import stat
import tempfile
import unittest

import quire_harness as h

ADMIN = ("ada", "ada@example.com", "correct horse battery staple", "administrator")


def mode_of(path: str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


class PrivateFolderTest(unittest.TestCase):
    def setUp(self):
        self.old_umask = os.umask(0o022)  # the usual umask: files would be 0644
        self.tmp = tempfile.mkdtemp(prefix="quire-folder-")
        self.data = os.path.join(self.tmp, "site")

    def tearDown(self):
        os.umask(self.old_umask)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_a_new_site_and_its_files_are_private(self):
        h.run_cli("init", data=self.data)
        self.assertEqual(mode_of(self.data), 0o700)
        self.assertEqual(mode_of(os.path.join(self.data, "quire.db")), 0o600)
        server = h.QuireServer(data_dir=self.data)
        server.start()
        try:
            post = h.find_sample_post(server)
            server.client().post_form("/wp-comments-post.php", {
                "comment": "A comment so that the WAL is written", "author": "Wal",
                "email": "wal@example.org", "comment_post_ID": str(h.post_id_of(server, post)),
                "comment_parent": "0"})
            for name in ("quire.db", "quire.db-wal", "quire.db-shm"):
                path = os.path.join(self.data, name)
                if os.path.exists(path):
                    with self.subTest(file=name):
                        self.assertEqual(mode_of(path), 0o600)
            out = os.path.join(self.tmp, "export.xml")
            server.cli("export", "wxr", "--out", out)
            self.assertEqual(mode_of(out), 0o600)
            self.assertNotIn("has mode", server.log())  # nothing to warn about
        finally:
            self.assertEqual(server.stop(), 0)

    def test_serve_and_import_make_the_folder_private_too(self):
        server = h.QuireServer(data_dir=self.data)
        server.start()
        try:
            h.find_sample_post(server)  # serving (a SIGTERM right after the URL line kills it)
            self.assertEqual(mode_of(self.data), 0o700)
            self.assertEqual(mode_of(os.path.join(self.data, "quire.db")), 0o600)
        finally:
            self.assertEqual(server.stop(), 0)
        imported = os.path.join(self.tmp, "imported")
        h.run_cli("import", "wxr", os.path.join(h.WXR_DATA, "importer-fixtures",
                                                "small-export.xml"), data=imported)
        self.assertEqual(mode_of(imported), 0o700)
        self.assertEqual(mode_of(os.path.join(imported, "quire.db")), 0o600)

    def test_a_folder_readable_by_others_is_warned_about(self):
        h.run_cli("init", data=self.data)
        os.chmod(self.data, 0o755)
        os.chmod(os.path.join(self.data, "quire.db"), 0o644)
        server = h.QuireServer(data_dir=self.data)
        server.start()
        try:
            log = h.eventually(lambda: "chmod 0600" in server.log() and server.log())
            self.assertIn(f"{self.data} has mode 0755", log)
            self.assertIn(f"chmod 0700 {self.data}", log)
            self.assertIn("quire.db has mode 0644", log)
        finally:
            self.assertEqual(server.stop(), 0)


class SmtpPasswordTest(h.QuireTestCase):
    USERS = (ADMIN,)
    PASSWORD = "hunter2-not-for-your-eyes"

    def test_the_settings_screen_never_sends_the_password_back(self):
        self.cli("settings", "set", "smtp_password", self.PASSWORD)
        admin = self.login(ADMIN)
        page = admin.get("/admin/settings/discussion/")
        self.assertEqual(page.status, 200)
        self.assertNotIn(self.PASSWORD, page.text)
        # A refused save shows the form again: still without the password.
        token = page.html().value("_wpnonce")
        refused = admin.post_form("/admin/settings/discussion/",
                                  {"_wpnonce": token, "admin_email": "not an email",
                                   "smtp_password": ""})
        self.assertEqual(refused.status, 400, refused.text[:1000])
        self.assertIn("Nothing was saved", refused.text)
        self.assertNotIn(self.PASSWORD, refused.text)
        for words in (["settings", "list"], ["settings", "get", "smtp_password"]):
            self.assertNotIn(self.PASSWORD, self.cli(*words).stdout)


class SwappedDatabaseTest(unittest.TestCase):
    """`cp`/`mv` of a copy over quire.db while the server runs: the server notices, refuses
    every later write with 503 (the typed text kept) and logs why, so that no comment is
    acknowledged into the file that was replaced. After a restart the new file is used."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="quire-swap-")
        self.data = os.path.join(self.tmp, "site")
        self.db = os.path.join(self.data, "quire.db")
        h.run_cli("init", data=self.data)
        for key, value in {**h.RELAXED_SPAM_SETTINGS, "comment_flood_seconds": 0}.items():
            h.run_cli("settings", "set", key, str(value), data=self.data)
        self.server = h.QuireServer(data_dir=self.data).start()

    def tearDown(self):
        self.server.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def comment(self, post_id: int, text: str) -> h.Response:
        return self.server.client().post_form("/wp-comments-post.php", {
            "comment": text, "author": "Swapper", "email": "swap@example.org",
            "comment_post_ID": str(post_id), "comment_parent": "0"})

    def test_no_acknowledged_comment_is_lost(self):
        post_id = h.post_id_of(self.server, h.find_sample_post(self.server))
        acknowledged = {}  # comment id -> text
        for n in range(3):
            text = f"Before the swap, number {n}"
            resp = self.comment(post_id, text)
            self.assertEqual(resp.status, 303, resp.text[:1000])
            acknowledged[h.comment_id_from_location(resp.location_path())] = text

        # The copy a careless operator restores: a consistent copy, moved over the live file.
        copy = os.path.join(self.tmp, "copy.db")
        with sqlite3.connect(self.db) as live, sqlite3.connect(copy) as target:
            live.backup(target)
        os.replace(copy, self.db)

        refused = 0
        for n in range(5):
            text = f"After the swap, number {n}"
            resp = self.comment(post_id, text)
            if resp.status == 303:
                acknowledged[h.comment_id_from_location(resp.location_path())] = text
            else:
                self.assertEqual(resp.status, 503, resp.text[:1000])
                self.assertIn(text, resp.text, "the refused comment's text is not kept")
                refused += 1
        self.assertEqual(refused, 5, "a write after the swap was acknowledged")
        self.assertTrue(h.eventually(lambda: "was replaced by another file" in self.server.log()),
                        self.server.log())
        self.assertEqual(self.server.stop(), 0)

        with sqlite3.connect(self.db) as db:
            stored = dict(db.execute("SELECT id, content FROM comments"))
        for cid, text in acknowledged.items():
            self.assertEqual(stored.get(cid), text, f"acknowledged comment {cid} is lost")

        # A restart uses the file now at the path, and takes writes again.
        self.server = h.QuireServer(data_dir=self.data).start()
        resp = self.comment(post_id, "After the restart")
        self.assertEqual(resp.status, 303, resp.text[:1000])


if __name__ == "__main__":
    unittest.main()
