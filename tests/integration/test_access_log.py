"""`quire serve --access-log`: to a file (appended, written out at the latest when the server
stops), off, or stdout (the default); a file that cannot be opened stops the start with the
reason. The benchmarks rely on these to give Quire and nginx the same logging."""
import os
import tempfile
import unittest

import quire_harness as h


class AccessLogTest(unittest.TestCase):
    def serve(self, *extra_args) -> h.QuireServer:
        server = h.QuireServer(extra_args=extra_args)
        self.addCleanup(server.cleanup)
        self.addCleanup(server.stop)
        return server.start()

    def get(self, server: h.QuireServer, path: str) -> h.Response:
        return h.HttpClient(server.host, server.port).request("GET", path)

    def test_lines_go_to_the_file(self):
        folder = tempfile.mkdtemp(prefix="quire-access-log-")
        path = os.path.join(folder, "access.log")
        with open(path, "w", encoding="utf-8") as f:
            f.write("an earlier line\n")
        server = self.serve("--access-log", path)
        self.assertEqual(self.get(server, "/?logged=1").status, 200)
        self.assertEqual(self.get(server, "/no-such-page/").status, 404)
        self.assertEqual(server.stop(), 0)
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertEqual(lines[0], "an earlier line")  # appended, not replaced
        self.assertTrue(any('"GET /?logged=1" 200 ' in line for line in lines), lines)
        self.assertTrue(any('"GET /no-such-page/" 404 ' in line for line in lines), lines)
        self.assertNotIn('"GET /?logged=1"', server.log())  # not on stdout as well

    def test_off_writes_no_lines(self):
        server = self.serve("--access-log", "off")
        self.assertEqual(self.get(server, "/?unlogged=1").status, 200)
        self.assertEqual(server.stop(), 0)
        self.assertNotIn("unlogged", server.log())

    def test_stdout_by_default(self):
        server = self.serve()
        self.assertEqual(self.get(server, "/?on-stdout=1").status, 200)
        self.assertEqual(server.stop(), 0)
        self.assertIn('"GET /?on-stdout=1" 200 ', server.log())

    def test_a_file_that_cannot_be_opened_stops_the_start(self):
        server = h.QuireServer(extra_args=["--access-log", "/nonexistent-dir/access.log"])
        self.addCleanup(server.cleanup)
        with self.assertRaises(RuntimeError) as raised:
            server.start()
        self.assertIn("cannot open the access log /nonexistent-dir/access.log", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
