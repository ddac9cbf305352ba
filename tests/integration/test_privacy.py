"""No commenter's email, nor any hash of it a Gravatar-style avatar would use, is ever
published: 20 commenters post, some are approved, then every page, asset and feed a visitor can
reach (with and without the held comments' tokens) is searched for them."""

import gzip
import hashlib
import re
import unittest
import urllib.parse
import uuid

import quire_harness as h

COMMENTERS = 20
MAX_URLS = 400


def forbidden_strings(email: str) -> list[str]:
    """The email in every spelling that could leak it, and its md5/sha1/sha256 hex."""
    normal = email.strip().lower()
    out = {email, normal, urllib.parse.quote(email), urllib.parse.quote(normal),
           urllib.parse.quote_plus(email), email.replace("@", "&#64;"),
           email.replace("@", "&#x40;")}
    for variant in (normal, email):
        for algo in (hashlib.md5, hashlib.sha1, hashlib.sha256):
            digest = algo(variant.encode("utf-8")).hexdigest()
            out.update({digest, digest.upper()})
    return sorted(out)


class PrivacyTest(h.QuireTestCase):
    SETTINGS = {"comment_flood_seconds": 0}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        run = uuid.uuid4().hex[:6]
        cls.emails = [f"Person{i}.Private{run}@Example.ORG" for i in range(COMMENTERS)]
        second = cls.server.cli("post", "add", "--title", "A second post", "-",
                                stdin="More to talk about.\n")
        second_path = h.path_of(second.lines()[0])
        cls.post_paths = [cls.sample_post_path, second_path]
        post_ids = [cls.sample_post_id, h.post_id_of(cls.server, second_path)]
        cls.held_locations = []
        cls.approved_ids = []
        client = cls.server.client()
        for i, email in enumerate(cls.emails):
            which = i % 2
            fields = {"comment": f"Comment number {i} from a private person.",
                      "author": f"Private Person {i}", "email": email, "url": "",
                      "comment_post_ID": str(post_ids[which]), "comment_parent": "0"}
            resp = client.post_form("/wp-comments-post.php", fields)
            if resp.status != 303:
                raise AssertionError(f"comment {i}: {resp.status} {resp.body[:500]!r}")
            location = resp.location_path()
            cid = h.comment_id_from_location(location)
            if i % 3 == 0:
                cls.server.cli("comment", "approve", str(cid))
                cls.approved_ids.append((post_ids[which], cid))
            else:
                cls.held_locations.append(location.split("#")[0])
        # A reply by an approved commenter, so that reply links and threads are rendered too.
        parent_post, parent_id = cls.approved_ids[0]
        reply = client.post_form("/wp-comments-post.php", {
            "comment": "A reply in the thread.", "author": "Private Person 0",
            "email": cls.emails[0], "url": "", "comment_post_ID": str(parent_post),
            "comment_parent": str(parent_id)})
        if reply.status != 303:
            raise AssertionError(f"reply: {reply.status} {reply.body[:500]!r}")
        cls.forbidden = {email: forbidden_strings(email) for email in cls.emails}

    def crawl(self, starts: list[str]) -> dict[str, h.Response]:
        client = self.client()
        seen: dict[str, h.Response] = {}
        todo = list(starts)
        while todo and len(seen) < MAX_URLS:
            path = todo.pop(0)
            if path in seen:
                continue
            resp = client.get(path, {"Accept-Encoding": "identity"})
            seen[path] = resp
            for link in self.links_of(resp):
                if link not in seen and link not in todo:
                    todo.append(link)
        return seen

    def links_of(self, resp: h.Response) -> list[str]:
        kind = (resp.header("Content-Type") or "").split(";")[0].strip()
        if resp.status != 200 or kind not in ("text/html", "application/rss+xml",
                                              "application/atom+xml", "application/xml",
                                              "text/xml", "text/css"):
            return []
        text = resp.body.decode("utf-8", errors="replace")
        candidates = re.findall(r"""(?:href|src)\s*=\s*["']([^"']+)["']""", text)
        candidates += re.findall(r"<link>([^<]+)</link>", text)
        candidates += re.findall(r"""url\(\s*["']?([^"')]+)["']?\s*\)""", text)
        base = f"http://{self.server.host}:{self.server.port}"
        out = []
        for raw in candidates:
            url = raw.replace("&amp;", "&").strip()
            if url.startswith(base):
                url = url[len(base):]
            if not url.startswith("/") or url.startswith("//"):
                continue
            url = url.split("#")[0]
            if url.startswith("/wp-comments-post.php") or not url:
                continue
            out.append(url)
        return out

    def assert_clean(self, pages: dict[str, h.Response]):
        leaks = []
        for path, resp in pages.items():
            header_text = "\n".join(f"{k}: {v}" for k, v in resp.headers)
            body = resp.body.decode("utf-8", errors="replace")
            haystacks = (header_text, body, body.lower())
            for email, needles in self.forbidden.items():
                for needle in needles:
                    if any(needle in hay for hay in haystacks):
                        leaks.append(f"{path}: {needle!r} (from {email})")
        self.assertEqual(leaks, [], "\n".join(leaks[:30]))

    def test_crawl_from_the_front_page(self):
        starts = ["/", *self.post_paths, "/feed/", "/comments/feed/",
                  *[p + "feed/" for p in self.post_paths], "/robots.txt", "/sitemap.xml"]
        pages = self.crawl(starts)
        ok = [p for p, r in pages.items() if r.status == 200]
        self.assertIn("/", ok)
        for post_path in self.post_paths:
            self.assertIn(post_path, ok)
        self.assert_clean(pages)
        text = pages[self.sample_post_path].text
        self.assertIn("Private Person 0", text, "approved comments must be on the page")

    def test_post_pages_with_tokens(self):
        pages = {}
        client = self.client()
        for location in self.held_locations:
            resp = client.get(location)
            self.assertEqual(resp.status, 200, location)
            self.assertIn("Your comment is awaiting moderation.", resp.text, location)
            pages[location] = resp
            pages[location + "&replytocom=1"] = client.get(location + "&replytocom=1")
        self.assert_clean(pages)

    def test_refusal_page_does_not_echo_other_emails(self):
        resp = self.client().post_form("/wp-comments-post.php", {
            "comment": "", "author": "Someone", "email": "someone@example.net",
            "comment_post_ID": str(self.sample_post_id), "comment_parent": "0"})
        self.assertEqual(resp.status, 400)
        self.assert_clean({"refusal": resp})

    def test_compressed_pages_are_clean_too(self):
        client = self.client()
        for path in ["/", *self.post_paths]:
            resp = client.get(path, {"Accept-Encoding": "gzip"})
            self.assertEqual(resp.status, 200)
            if resp.header("Content-Encoding") == "gzip":
                resp = h.Response(resp.status, resp.reason, resp.headers,
                                  gzip.decompress(resp.body))
            self.assert_clean({path: resp})


if __name__ == "__main__":
    unittest.main()
