"""Search over HTTP with the real binary: /?s=TERMS and /page/N/?s=TERMS find published posts
and pages by title, body and excerpt (English stems, Cyrillic, Azerbaijani, Chinese), with
highlighted snippets, the terms echoed escaped, pagination that keeps s=, a 404 past the last
page, "Nothing Found", noindex; drafts never appear, private items only to an editor; the
cached results are renewed when a post changes; hostile terms never fail."""

from __future__ import annotations

import urllib.parse

import quire_harness
from quire_harness import eventually

EDITOR = ("eddie", "eddie@example.com", "another long passphrase", "editor")


def search_path(terms: str, page: int = 1) -> str:
    base = "/" if page == 1 else f"/page/{page}/"
    return base + "?s=" + urllib.parse.quote_plus(terms)


class SearchTest(quire_harness.QuireTestCase):
    SETTINGS = {"posts_per_page": 3}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        login, email, password, role = EDITOR
        cls.server.cli("user", "add", login, "--email", email, "--role", role,
                       stdin=password + "\n")

    def results(self, terms: str, page: int = 1, client=None):
        client = client or self.client()
        resp = client.get(search_path(terms, page))
        self.assertEqual(resp.status, 200, resp.text[:2000])
        return resp, [a.text() for a in resp.html().find_all("a", rel="bookmark")]

    def test_english_words_are_found_by_their_stems_and_highlighted(self):
        self.add_post("Marathon diary", "I have been running every single morning.")
        resp, titles = self.results("run")
        self.assertEqual(titles, ["Marathon diary"])
        self.assertIn("<mark>running</mark>", resp.text)
        _, titles = self.results("RUNS")
        self.assertEqual(titles, ["Marathon diary"])

    def test_other_scripts_are_found(self):
        self.add_post("Привет мир", "Большой красивый город.")
        self.add_post("Milli həmrəylik günü", "Azərbaycan xalqının bayramı.")
        self.add_post("中文标题", "我们喜欢学习中文和历史。")
        self.assertEqual(self.results("ГОРОД")[1], ["Привет мир"])
        self.assertEqual(self.results("həmrəylik")[1], ["Milli həmrəylik günü"])
        self.assertEqual(self.results("学习中文")[1], ["中文标题"])
        resp, titles = self.results("历史")
        self.assertEqual(titles, ["中文标题"])
        self.assertIn("<mark>历史</mark>", resp.text)

    def test_excerpts_and_pages_are_searched(self):
        self.add_post("Plain title", "Plain body.", "--excerpt", "all about narwhals")
        self.add_post("About the lighthouse", "Keeper's notes.", "--type", "page")
        self.assertEqual(self.results("narwhals")[1], ["Plain title"])
        resp, titles = self.results("lighthouse")
        self.assertEqual(titles, ["About the lighthouse"])
        link = resp.html().find("a", rel="bookmark")
        self.assertEqual(link.get("href"), "/about-the-lighthouse/")

    def test_the_page_echoes_the_terms_escaped_and_is_not_indexed(self):
        resp, titles = self.results('<script>alert("x")</script>')
        self.assertEqual(titles, [])
        self.assertNotIn("<script>alert", resp.text)
        self.assertIn("&lt;script&gt;alert", resp.text)
        page = resp.html()
        self.assertEqual(page.find("span", **{"class": "search-terms"}).text(),
                         '<script>alert("x")</script>')
        self.assertIn("Nothing Found", page.text())
        robots = page.find("meta", name="robots")
        self.assertIsNotNone(robots)
        self.assertIn("noindex", robots.get("content"))
        self.assertIn("Search Results for", page.find("title").text())

    def test_results_are_paginated_keeping_the_terms(self):
        for n in range(7):
            self.add_post(f"Quokka note {n}", "The quokka smiles.",
                          "--date", f"2021-01-{n + 1:02d}T10:00:00Z")
        resp, first = self.results("quokka")
        self.assertEqual(len(first), 3)
        older = resp.html().find("a", rel="next")
        self.assertIsNotNone(older)
        self.assertEqual(older.get("href"), "/page/2/?s=quokka")
        _, second = self.results("quokka", 2)
        resp, third = self.results("quokka", 3)
        self.assertEqual(len(second), 3)
        self.assertEqual(len(third), 1)
        self.assertEqual(len(set(first + second + third)), 7)
        self.assertEqual(resp.html().find("a", rel="prev").get("href"), "/page/2/?s=quokka")
        self.assertIsNone(resp.html().find("a", rel="next"))
        self.assertEqual(self.client().get(search_path("quokka", 4)).status, 404)
        self.assertEqual(self.client().get(search_path("quokka", 99999)).status, 404)

    def test_drafts_never_appear_and_private_items_only_to_an_editor(self):
        self.add_post("Draft axolotl", "axolotl", "--status", "draft")
        self.add_post("Pending axolotl", "axolotl", "--status", "pending")
        self.add_post("Private axolotl", "axolotl", "--status", "private")
        self.add_post("Public axolotl", "axolotl")
        resp, titles = self.results("axolotl")
        self.assertEqual(titles, ["Public axolotl"])
        editor = self.client(cookies=True)
        login = editor.post_form("/admin/login", quire_harness.login_fields(
            editor, {"log": EDITOR[0], "pwd": EDITOR[2], "redirect_to": "/admin/"}))
        self.assertEqual(login.status, 303, login.text[:2000])
        resp, titles = self.results("axolotl", client=editor)
        self.assertEqual(sorted(titles), ["Private: Private axolotl", "Public axolotl"])
        self.assertIn("no-store", resp.header("Cache-Control", ""))
        # The editor's view did not land in the shared cache.
        self.assertEqual(self.results("axolotl")[1], ["Public axolotl"])

    def test_cached_results_follow_new_posts(self):
        self.add_post("First pangolin", "pangolin")
        self.assertEqual(self.results("pangolin")[1], ["First pangolin"])
        self.assertEqual(self.results("pangolin")[1], ["First pangolin"])  # from the cache
        self.add_post("Second pangolin", "pangolin")
        eventually(lambda: self.assertEqual(sorted(self.results("pangolin")[1]),
                                            ["First pangolin", "Second pangolin"]))

    def test_hostile_terms_never_fail(self):
        for terms in ['"', '""', "title:x", "NEAR(a b", "a AND", "*", "^x", "(((", "c++",
                      "'; DROP TABLE posts; --", "中\"文", "x" * 5000, "\u00e9\u0301"]:
            resp = self.client().get(search_path(terms))
            self.assertEqual(resp.status, 200, f"{terms[:40]!r}: {resp.text[:500]}")
        resp, _ = self.results("y" * 1000)
        echoed = resp.html().find("span", **{"class": "search-terms"}).text()
        self.assertEqual(echoed, "y" * 200)
        self.assertEqual(self.client().get("/?s=%FF%FE").status, 200)

    def test_an_empty_search_is_the_front_page(self):
        resp = self.client().get("/?s=")
        self.assertEqual(resp.status, 200)
        self.assertIsNone(resp.html().find("span", **{"class": "search-terms"}))


if __name__ == "__main__":
    import unittest
    unittest.main()
