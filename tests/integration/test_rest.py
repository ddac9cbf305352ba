"""The REST API (wp/v2) over HTTP: discovery, the index, errors, paging, _fields, _embed, the
headers WordPress sends, and the page cache renewing the JSON a new comment shows."""

from __future__ import annotations

import hashlib
import json
import re
import unittest
import urllib.parse

import quire_harness
from quire_harness import eventually, path_of


def body_json(resp):
    return json.loads(resp.body.decode("utf-8"))


class RestApiTest(quire_harness.QuireTestCase):
    SETTINGS = {"comment_previously_approved": 0, "comment_flood_seconds": 0}

    def get_json(self, path, status=200, headers=None):
        resp = self.client().get(path, headers)
        self.assertEqual(resp.status, status, f"GET {path}: {resp.status} {resp.body[:500]!r}")
        self.assertTrue(resp.header("Content-Type", "").startswith("application/json"))
        return resp, body_json(resp)

    # --- discovery and index ---

    def test_html_pages_name_the_api(self):
        resp = self.get_ok("/")
        self.assertEqual(resp.header("Link"), f'<{self.server.url}wp-json/>; rel="https://api.w.org/"')
        self.assertIn(f'<link rel="https://api.w.org/" href="{self.server.url}wp-json/">',
                      resp.text)
        article = self.get_ok(self.sample_post_path).text
        self.assertIn(f'<link rel="alternate" type="application/json" title="JSON" '
                      f'href="{self.server.url}wp-json/wp/v2/posts/{self.sample_post_id}">',
                      article)
        head = self.client().head(self.sample_post_path)
        self.assertEqual(head.header("Link"), f'<{self.server.url}wp-json/>; rel="https://api.w.org/"')

    def test_index_describes_the_site_and_only_what_is_served(self):
        _, index = self.get_json("/wp-json/")
        for key in ("name", "description", "url", "home", "gmt_offset", "timezone_string",
                    "namespaces", "authentication", "routes", "site_icon_url"):
            self.assertIn(key, index)
        self.assertEqual(index["url"], self.server.url.rstrip("/"))
        self.assertIn("wp/v2", index["namespaces"])
        self.assertIn("/wp/v2/posts", index["routes"])
        per_page = index["routes"]["/wp/v2/posts"]["endpoints"][0]["args"]["per_page"]
        self.assertEqual((per_page["type"], per_page["default"], per_page["minimum"],
                          per_page["maximum"]), ("integer", 10, 1, 100))
        for pattern, route in index["routes"].items():
            self.assertEqual(route["methods"], ["GET"], pattern)
            if "(?P<" in pattern:
                continue
            # Every route without a placeholder is served (no 404 rest_no_route).
            resp = self.client().get("/wp-json" + pattern)
            if resp.status != 200:
                self.assertNotEqual(body_json(resp)["code"], "rest_no_route", pattern)
            self.assertEqual(route["_links"]["self"][0]["href"],
                             self.server.url + "wp-json" + pattern)

    def test_rest_route_query_form_is_the_same_api(self):
        _, pretty = self.get_json("/wp-json/wp/v2/posts?per_page=1")
        _, plain = self.get_json("/?rest_route=/wp/v2/posts&per_page=1")
        self.assertEqual(pretty, plain)
        _, index = self.get_json("/?rest_route=/")
        self.assertIn("routes", index)

    # --- errors ---

    def test_unknown_route_and_method(self):
        resp, error = self.get_json("/wp-json/wp/v2/nothing-here", status=404)
        self.assertEqual(error, {"code": "rest_no_route",
                                 "message": "No route was found matching the URL and request method.",
                                 "data": {"status": 404}})
        resp = self.client().request("DELETE", "/wp-json/wp/v2/posts")
        self.assertEqual(resp.status, 404)
        self.assertEqual(body_json(resp)["code"], "rest_no_route")

    def test_invalid_params_name_each_argument(self):
        _, error = self.get_json("/wp-json/wp/v2/posts?per_page=0&order=sideways", status=400)
        self.assertEqual(error["code"], "rest_invalid_param")
        self.assertEqual(error["message"], "Invalid parameter(s): order, per_page")
        self.assertEqual(error["data"]["status"], 400)
        self.assertEqual(error["data"]["params"]["per_page"],
                         "per_page must be between 1 (inclusive) and 100 (inclusive)")
        self.assertEqual(error["data"]["params"]["order"], "order is not one of asc and desc.")
        self.assertEqual(error["data"]["details"]["per_page"]["code"], "rest_out_of_bounds")
        _, error = self.get_json("/wp-json/wp/v2/posts?include=1,x", status=400)
        self.assertEqual(error["data"]["params"]["include"], "include[1] is not of type integer.")

    def test_edit_context_is_refused_to_anonymous_callers(self):
        _, error = self.get_json("/wp-json/wp/v2/posts?context=edit", status=401)
        self.assertEqual(error["code"], "rest_forbidden_context")
        _, error = self.get_json("/wp-json/wp/v2/comments?status=hold", status=401)
        self.assertEqual(error["code"], "rest_forbidden_param")
        self.assertEqual(error["message"], "Query parameter not permitted: status")
        _, error = self.get_json("/wp-json/wp/v2/users/me", status=401)
        self.assertEqual(error["code"], "rest_not_logged_in")

    def test_envelope_and_jsonp(self):
        _, envelope = self.get_json("/wp-json/wp/v2/posts/999999?_envelope")
        self.assertEqual(envelope["status"], 404)
        self.assertEqual(envelope["body"]["code"], "rest_post_invalid_id")
        _, envelope = self.get_json("/wp-json/wp/v2/posts?per_page=1&_envelope")
        self.assertEqual(envelope["status"], 200)
        self.assertIn("X-WP-Total", envelope["headers"])
        resp = self.client().get("/wp-json/wp/v2/posts?per_page=1&_jsonp=my.callback_1")
        self.assertEqual(resp.status, 200)
        self.assertTrue(resp.header("Content-Type").startswith("application/javascript"))
        self.assertRegex(resp.text, r"^/\*\*/my\.callback_1\(\[.*\]\)$")
        _, error = self.get_json("/wp-json/wp/v2/posts?_jsonp=alert(1)", status=400)
        self.assertEqual(error["code"], "rest_callback_invalid")

    # --- collections ---

    def test_paging_headers_and_links(self):
        for n in range(3):
            self.add_post(f"Paging post {n}")
        resp, first = self.get_json("/wp-json/wp/v2/posts?per_page=2&search=Paging")
        self.assertEqual((resp.header("X-WP-Total"), resp.header("X-WP-TotalPages")), ("3", "2"))
        root = self.server.url + "wp-json/wp/v2/posts"
        self.assertEqual(resp.header("Link"),
                         f'<{root}?per_page=2&search=Paging&page=2>; rel="next"')
        resp, second = self.get_json("/wp-json/wp/v2/posts?per_page=2&search=Paging&page=2")
        self.assertEqual(resp.header("Link"),
                         f'<{root}?per_page=2&search=Paging&page=1>; rel="prev"')
        self.assertEqual(len(first) + len(second), 3)
        self.assertEqual(len({p["id"] for p in first + second}), 3)
        _, error = self.get_json("/wp-json/wp/v2/posts?per_page=2&search=Paging&page=3",
                                 status=400)
        self.assertEqual(error["code"], "rest_post_invalid_page_number")

    def test_array_arguments_in_csv_and_bracket_forms(self):
        a = self.post_id(self.add_post("Array form A"))
        b = self.post_id(self.add_post("Array form B"))
        _, csv = self.get_json(f"/wp-json/wp/v2/posts?include={a},{b}&orderby=include&order=asc")
        _, brackets = self.get_json(
            f"/wp-json/wp/v2/posts?include[]={a}&include[]={b}&orderby=include&order=asc")
        self.assertEqual([p["id"] for p in csv], [a, b])
        self.assertEqual(csv, brackets)
        _, excluded = self.get_json(f"/wp-json/wp/v2/posts?include={a},{b}&exclude[]={a}")
        self.assertEqual([p["id"] for p in excluded], [b])

    def test_date_filters(self):
        _, all_posts = self.get_json("/wp-json/wp/v2/posts?per_page=100")
        _, after = self.get_json("/wp-json/wp/v2/posts?per_page=100&after=2000-01-01T00:00:00")
        self.assertEqual(after, all_posts)
        _, none = self.get_json("/wp-json/wp/v2/posts?before=2000-01-01T00:00:00Z")
        self.assertEqual(none, [])
        _, error = self.get_json("/wp-json/wp/v2/comments?after=yesterday", status=400)
        self.assertEqual(error["data"]["params"]["after"], "Invalid date.")

    def test_fields_keeps_only_what_is_named(self):
        _, posts = self.get_json("/wp-json/wp/v2/posts?_fields=id,title.rendered,link")
        self.assertTrue(posts)
        for post in posts:
            self.assertEqual(list(post), ["id", "link", "title"])
            self.assertEqual(list(post["title"]), ["rendered"])

    def test_drafts_are_not_shown(self):
        path = self.add_post("A draft for nobody", "Secret draft text.", "--status", "draft")
        _, posts = self.get_json("/wp-json/wp/v2/posts?search=Secret%20draft")
        self.assertEqual(posts, [])

    def test_api_headers_and_cors(self):
        resp, _ = self.get_json("/wp-json/wp/v2/posts", headers={"Origin": "https://app.example"})
        self.assertEqual(resp.header("X-Robots-Tag"), "noindex")
        self.assertEqual(resp.header("X-Content-Type-Options"), "nosniff")
        self.assertEqual(resp.header("Access-Control-Expose-Headers"),
                         "X-WP-Total, X-WP-TotalPages, Link")
        self.assertEqual(resp.header("Access-Control-Allow-Origin"), "https://app.example")
        self.assertEqual(resp.header("Access-Control-Allow-Credentials"), "true")
        self.assertIn("Origin", resp.header("Vary"))
        preflight = self.client().request("OPTIONS", "/wp-json/wp/v2/posts",
                                          headers={"Origin": "https://app.example"})
        self.assertEqual(preflight.status, 200)
        self.assertEqual(preflight.header("Allow"), "GET")
        self.assertEqual(body_json(preflight)["namespace"], "wp/v2")

    # --- comments, privacy, the cache ---

    def test_new_comment_renews_the_json_that_shows_it(self):
        post_id = self.post_id(self.add_post("Commented over REST"))
        path = f"/wp-json/wp/v2/comments?post={post_id}"
        first, listed = self.get_json(path)
        self.assertEqual(listed, [])
        again, _ = self.get_json(path)
        self.assertEqual(first.header("ETag"), again.header("ETag"))  # served from the cache
        email = "reader.rest@example.org"
        self.submit_comment(post_id, "Hello from a REST reader.", "Rest Reader", email)
        held = [line.split("\t") for line in self.cli("comment", "list").lines()]
        comment_id = int(next(row[0] for row in held if row[2] == str(post_id)))
        self.approve(comment_id)

        def listed_now():
            _, comments = self.get_json(path)
            return comments if comments else None
        comments = eventually(listed_now)
        self.assertEqual([c["id"] for c in comments], [comment_id])
        comment = comments[0]
        self.assertEqual(comment["author_name"], "Rest Reader")
        self.assertEqual(comment["status"], "approved")
        self.assertTrue(comment["link"].endswith(f"#comment-{comment_id}"))
        # No email, nor any usual hash of it, anywhere; _embed included.
        _, embedded = self.get_json(f"/wp-json/wp/v2/posts/{post_id}?_embed")
        self.assertEqual(embedded["_embedded"]["replies"][0][0]["id"], comment_id)
        lowered = email.lower().encode()
        secrets = [email, hashlib.md5(lowered).hexdigest(), hashlib.sha1(lowered).hexdigest(),
                   hashlib.sha256(lowered).hexdigest()]
        for text in (json.dumps(comments), json.dumps(embedded)):
            for secret in secrets:
                self.assertNotIn(secret, text)
        avatar = comment["author_avatar_urls"]["48"]
        self.assertEqual(self.client().get(path_of(avatar)).status, 200)

    def test_embed_inlines_author_terms_and_replies(self):
        _, posts = self.get_json(f"/wp-json/wp/v2/posts?include={self.sample_post_id}&_embed")
        post = posts[0]
        self.assertIn("_embedded", post)
        self.assertIn("wp:term", post["_embedded"])
        self.assertEqual(len(post["_embedded"]["wp:term"]), 2)  # categories, tags
        for link in post["_links"]["wp:term"]:
            self.assertTrue(link["embeddable"])
        _, only_terms = self.get_json(
            f"/wp-json/wp/v2/posts?include={self.sample_post_id}&_embed=wp:term")
        self.assertEqual(list(only_terms[0]["_embedded"]), ["wp:term"])

    def test_search(self):
        post_id = self.post_id(self.add_post("Searchable zebra crossing"))
        _, hits = self.get_json("/wp-json/wp/v2/search?search=zebra")
        self.assertEqual([(h["id"], h["type"], h["subtype"]) for h in hits],
                         [(post_id, "post", "post")])
        self.assertEqual(hits[0]["_links"]["self"][0]["href"],
                         f"{self.server.url}wp-json/wp/v2/posts/{post_id}")
        resp, everything = self.get_json("/wp-json/wp/v2/search?per_page=100")
        self.assertIn(post_id, [h["id"] for h in everything])
        self.assertEqual(int(resp.header("X-WP-Total")), len(everything))
        _, error = self.get_json("/wp-json/wp/v2/posts?orderby=relevance", status=400)
        self.assertEqual(error["code"], "rest_no_search_term_defined")
        _, ranked = self.get_json("/wp-json/wp/v2/posts?search=zebra&orderby=relevance")
        self.assertEqual([p["id"] for p in ranked], [post_id])
        _, error = self.get_json("/wp-json/wp/v2/search?type=nope", status=400)
        self.assertEqual(error["code"], "rest_invalid_param")

    def test_items_and_their_errors(self):
        _, post = self.get_json(f"/wp-json/wp/v2/posts/{self.sample_post_id}")
        self.assertEqual(post["id"], self.sample_post_id)
        self.assertEqual(path_of(post["link"]), self.sample_post_path)
        _, error = self.get_json("/wp-json/wp/v2/posts/999999", status=404)
        self.assertEqual(error["code"], "rest_post_invalid_id")
        _, error = self.get_json(f"/wp-json/wp/v2/pages/{self.sample_post_id}", status=404)
        self.assertEqual(error["code"], "rest_post_invalid_id")
        _, error = self.get_json("/wp-json/wp/v2/comments/999999", status=404)
        self.assertEqual(error["code"], "rest_comment_invalid_id")
        _, types = self.get_json("/wp-json/wp/v2/types")
        self.assertEqual(sorted(types), ["page", "post"])
        _, statuses = self.get_json("/wp-json/wp/v2/statuses")
        self.assertEqual(list(statuses), ["publish"])


class RestPrivacyCrawlTest(quire_harness.QuireTestCase):
    """After 30 commenters, no answer under /wp-json (with _embed, in every context an anonymous
    caller may use) holds an email address or the MD5, SHA-1 or SHA-256 of one."""

    SETTINGS = {"comment_previously_approved": 0, "comment_flood_seconds": 0}
    MAX_URLS = 400

    def test_crawl_finds_no_email_nor_hash_of_one(self):
        post_id = self.post_id(self.add_post("Thirty commenters"))
        emails = [f"Commenter.{n}@Example.org" for n in range(30)]
        for n, email in enumerate(emails):
            resp = self.submit_comment(post_id if n % 2 else self.sample_post_id,
                                       f"Comment number {n}.", f"Commenter {n}", email)
            self.assertEqual(resp.status, 303)
        for line in self.cli("comment", "list").lines():
            comment_id, status = line.split("\t")[:2]
            if status != "approved" and status != "1":
                self.cli("comment", "approve", comment_id, check=False)
        secrets = []
        for email in emails:
            for form in (email, email.lower()):
                data = form.encode()
                secrets += [form, hashlib.md5(data).hexdigest(), hashlib.sha1(data).hexdigest(),
                            hashlib.sha256(data).hexdigest()]
        root = self.server.url + "wp-json"
        index = json.loads(self.get_ok("/wp-json/").body)
        queue = ["/wp-json" + pattern for pattern in index["routes"] if "(?P<" not in pattern]
        seen, comments_seen = set(), 0
        while queue and len(seen) < self.MAX_URLS:
            path = queue.pop(0)
            for variant in (path, self.with_args(path, "_embed=1&per_page=100"),
                            self.with_args(path, "context=embed&_embed=1")):
                if variant in seen:
                    continue
                seen.add(variant)
                resp = self.client().get(variant)
                text = resp.body.decode("utf-8")
                for secret in secrets:
                    self.assertNotIn(secret, text, variant)
                if resp.status != 200:
                    continue
                comments_seen += text.count("Comment number")
                for href in re.findall(r'"href":\s*"([^"]+)"', text):
                    if href.startswith(root) and "{" not in href:
                        queue.append(href[len(self.server.url) - 1:])
        self.assertGreater(comments_seen, 30, "the crawl must reach the comments")
        self.assertGreater(len(seen), 50)

    @staticmethod
    def with_args(path, args):
        return path + ("&" if "?" in path else "?") + args


class RestResourcesTest(quire_harness.QuireTestCase):
    """Pages, terms and users as anonymous callers see them: only what the site shows."""

    USERS = (("writer", "writer.secret@example.org", "a long enough password 1", "author"),
             ("idle", "idle.secret@example.org", "a long enough password 2", "author"))

    def get_json(self, path, status=200):
        resp = self.client().get(path)
        self.assertEqual(resp.status, status, f"GET {path}: {resp.status} {resp.body[:300]!r}")
        return resp, body_json(resp)

    def test_terms_pages_and_users(self):
        post = self.post_id(self.add_post("Filed post", "Text.", "--author", "writer",
                                          "--category", "Parent/Child", "--tag", "blue"))
        parent = self.post_id(self.add_post("About", "Page.", "--type", "page"))
        child = self.post_id(self.add_post("Team", "Page.", "--type", "page",
                                           "--parent", str(parent)))
        # Categories and tags, with the post's own terms through ?post=.
        _, categories = self.get_json("/wp-json/wp/v2/categories?per_page=100")
        by_name = {c["name"]: c for c in categories}
        self.assertEqual(by_name["Child"]["parent"], by_name["Parent"]["id"])
        self.assertEqual(by_name["Child"]["count"], 1)
        _, of_post = self.get_json(f"/wp-json/wp/v2/categories?post={post}")
        self.assertEqual([c["name"] for c in of_post], ["Child"])
        _, tags = self.get_json(f"/wp-json/wp/v2/tags?post={post}")
        self.assertEqual([t["slug"] for t in tags], ["blue"])
        _, tag = self.get_json(f"/wp-json/wp/v2/tags/{tags[0]['id']}")
        self.assertEqual(tag["taxonomy"], "post_tag")
        self.assertEqual(path_of(tag["link"]), "/tag/blue/")
        _, error = self.get_json(f"/wp-json/wp/v2/categories/{tags[0]['id']}", status=404)
        self.assertEqual(error["code"], "rest_term_invalid")
        _, posts = self.get_json(f"/wp-json/wp/v2/posts?categories={by_name['Child']['id']}")
        self.assertEqual([p["id"] for p in posts], [post])
        self.assertEqual(posts[0]["tags"], [tags[0]["id"]])
        # A new term renews the cached list ("terms").
        self.add_post("Another", "Text.", "--category", "Fresh")
        def has_fresh():
            _, again = self.get_json("/wp-json/wp/v2/categories?per_page=100")
            return any(c["name"] == "Fresh" for c in again) or None
        eventually(has_fresh)
        # Pages: parent filter and links.
        _, children = self.get_json(f"/wp-json/wp/v2/pages?parent={parent}")
        self.assertEqual([p["id"] for p in children], [child])
        self.assertEqual(children[0]["parent"], parent)
        self.assertEqual(path_of(children[0]["link"]), "/about/team/")
        # Users: only authors with published items; no email, nor hash of one.
        resp, users = self.get_json("/wp-json/wp/v2/users")
        self.assertIn("writer", [u["slug"] for u in users])
        self.assertNotIn("idle", [u["slug"] for u in users])
        writer = next(u for u in users if u["slug"] == "writer")
        self.assertEqual(path_of(writer["link"]), "/author/writer/")
        rows = [line.split("\t") for line in self.cli("user", "list").lines()]
        idle_id = int(next(row[0] for row in rows if row[1] == "idle"))
        _, error = self.get_json(f"/wp-json/wp/v2/users/{idle_id}", status=401)
        self.assertEqual(error["code"], "rest_user_cannot_view")
        for email in ("writer.secret@example.org", "idle.secret@example.org"):
            digest = hashlib.md5(email.encode()).hexdigest()
            self.assertNotIn(email, resp.text)
            self.assertNotIn(digest, resp.text)
        _, error = self.get_json("/wp-json/wp/v2/users?who=authors", status=401)
        self.assertEqual(error["code"], "rest_forbidden_who")
        _, error = self.get_json("/wp-json/wp/v2/users?roles=author", status=401)
        self.assertEqual(error["code"], "rest_user_cannot_view")
        _, embedded = self.get_json(f"/wp-json/wp/v2/posts/{post}?_embed=author")
        self.assertEqual(embedded["_embedded"]["author"][0]["slug"], "writer")
        self.assertNotIn("writer.secret", json.dumps(embedded))


class RestPagedCommentsTest(quire_harness.QuireTestCase):
    """A comment's link names the comment page that shows it while comments are paged."""

    SETTINGS = {"comment_previously_approved": 0, "comment_flood_seconds": 0,
                "page_comments": 1, "comments_per_page": 1}

    def test_links_name_the_comment_page(self):
        path = self.add_post("Paged comments")
        post_id = self.post_id(path)
        for n in range(2):
            self.assertEqual(self.submit_comment(post_id, f"Thread {n}.", f"Reader {n}",
                                                 f"reader{n}@example.org").status, 303)
        for line in self.cli("comment", "list").lines():
            self.cli("comment", "approve", line.split("\t")[0], check=False)

        def both():
            comments = json.loads(self.client().get(
                f"/wp-json/wp/v2/comments?post={post_id}&order=asc").body)
            return comments if len(comments) == 2 else None
        first, second = eventually(both)
        self.assertTrue(first["link"].endswith(f"{path}comment-page-1/#comment-{first['id']}"))
        self.assertTrue(second["link"].endswith(f"{path}comment-page-2/#comment-{second['id']}"))
        # The page named shows the comment.
        page = self.get_ok(path_of(first["link"]))
        self.assertIn(f'id="comment-{first["id"]}"', page.text)


if __name__ == "__main__":
    unittest.main()
