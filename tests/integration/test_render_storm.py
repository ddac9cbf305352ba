"""No render storms (issue 11): refused comments on a post with 2,000 comments do not hold up
readers of cached pages, a refusal is a light page (the form, the typed text and the message,
no article), and a busy post pages its comments by default.

The site is imported from a small generated WordPress export: one post with 2,000 approved
comments. No timing assertions: the readers' requests must all succeed; how long they took is
the benchmark's business.
"""

import os
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import quire_harness as h  # noqa: E402

COMMENTS = 2000
POSTERS = 16
POSTS_EACH = 25  # refused submissions per poster
SLUG = "busy-post"
PATH = "/2024/03/05/busy-post/"


def cdata(text: str) -> str:
    return "<![CDATA[" + text + "]]>"


def write_export(path: str) -> None:
    """One published post (March 5th 2024) with COMMENTS approved comments, a third replies."""
    with open(path, "w", encoding="utf-8") as out:
        w = out.write
        w('<?xml version="1.0" encoding="UTF-8" ?>\n'
          '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
          'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
          'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
          "<title>Storm</title>\n<link>https://storm.example</link>\n"
          "<wp:wxr_version>1.2</wp:wxr_version>\n"
          "<wp:base_site_url>https://storm.example</wp:base_site_url>\n"
          "<wp:base_blog_url>https://storm.example</wp:base_blog_url>\n"
          "<wp:author><wp:author_id>1</wp:author_id>"
          f"<wp:author_login>{cdata('writer')}</wp:author_login>"
          f"<wp:author_email>{cdata('writer@storm.example')}</wp:author_email>"
          f"<wp:author_display_name>{cdata('Writer')}</wp:author_display_name>"
          "</wp:author>\n<item>\n"
          f"<title>{cdata('A busy post')}</title>\n"
          f"<link>https://storm.example{PATH}</link>\n"
          "<pubDate>Tue, 05 Mar 2024 10:00:00 +0000</pubDate>\n"
          f"<dc:creator>{cdata('writer')}</dc:creator>\n"
          '<guid isPermaLink="false">https://storm.example/?p=1</guid>\n'
          f"<content:encoded>{cdata('<p>Everyone has something to say.</p>')}</content:encoded>\n"
          "<wp:post_id>1</wp:post_id>\n"
          f"<wp:post_date>{cdata('2024-03-05 10:00:00')}</wp:post_date>\n"
          f"<wp:post_date_gmt>{cdata('2024-03-05 10:00:00')}</wp:post_date_gmt>\n"
          f"<wp:comment_status>{cdata('open')}</wp:comment_status>\n"
          f"<wp:post_name>{cdata(SLUG)}</wp:post_name>\n"
          f"<wp:status>{cdata('publish')}</wp:status>\n"
          "<wp:post_parent>0</wp:post_parent>\n"
          f"<wp:post_type>{cdata('post')}</wp:post_type>\n"
          f"<wp:post_password>{cdata('')}</wp:post_password>\n")
        for i in range(1, COMMENTS + 1):
            parent = i - 1 if i % 3 == 0 else 0
            minute, second = divmod(i, 60)
            hour, minute = divmod(minute, 60)
            when = f"2024-03-06 {hour:02d}:{minute:02d}:{second:02d}"
            w("<wp:comment>"
              f"<wp:comment_id>{i}</wp:comment_id>"
              f"<wp:comment_author>{cdata(f'Reader {i}')}</wp:comment_author>"
              f"<wp:comment_author_email>{cdata(f'reader{i}@mail.example')}"
              "</wp:comment_author_email>"
              f"<wp:comment_date>{cdata(when)}</wp:comment_date>"
              f"<wp:comment_date_gmt>{cdata(when)}</wp:comment_date_gmt>"
              f"<wp:comment_content>{cdata(f'Comment number {i}, with a few words.')}"
              "</wp:comment_content>"
              f"<wp:comment_approved>{cdata('1')}</wp:comment_approved>"
              f"<wp:comment_type>{cdata('comment')}</wp:comment_type>"
              f"<wp:comment_parent>{parent}</wp:comment_parent>"
              "<wp:comment_user_id>0</wp:comment_user_id>"
              "</wp:comment>\n")
        w("</item>\n</channel>\n</rss>\n")


class RenderStormTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="quire-storm-")
        export = os.path.join(cls.tmp, "storm.xml")
        write_export(export)
        cls.server = h.QuireServer(threads=2)
        h.run_cli("import", "wxr", export, data=cls.server.data_dir)
        h.show_comments_at_once(cls.server)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        h.stop_and_remove(cls.server, cls.tmp)

    def run(self, result=None):
        before = len(result.failures) + len(result.errors) if result else 0
        outcome = super().run(result)
        if result is not None and len(result.failures) + len(result.errors) > before:
            sys.stderr.write(f"\n--- quire log ---\n{self.server.log()}\n--- end ---\n")
        return outcome

    def refused_fields(self, n: int) -> dict:
        return {"comment": "", "author": f"Poster {n}", "email": f"poster{n}@mail.example",
                "url": "", "comment_post_ID": "1", "comment_parent": "0",
                "submit": "Post Comment"}

    def test_a_busy_post_pages_its_comments(self):
        page = self.server.client().get(PATH)
        self.assertEqual(page.status, 200, page.body[:500])
        shown = [i for i in page.html().ids() if i.startswith("comment-") and i[8:].isdigit()]
        # Paged although page_comments is off: the newest page, not 2,000 comments.
        self.assertGreater(len(shown), 0)
        self.assertLess(len(shown), 200)
        self.assertIn(f"Comment number {COMMENTS},", page.text)
        self.assertNotIn("Comment number 1,", page.text)
        first = self.server.client().get(PATH + "comment-page-1/")
        self.assertEqual(first.status, 200)
        self.assertIn("Comment number 1,", first.text)

    def test_a_refusal_is_the_form_not_the_article(self):
        fields = self.refused_fields(0)
        fields["comment_parent"] = "3"  # a reply to an approved comment
        resp = self.server.client().post_form("/wp-comments-post.php", fields)
        self.assertEqual(resp.status, 400, resp.body[:500])
        page = resp.html()
        self.assertEqual(h.normalize_quotes(page.by_id("comment-error").text()),
                         "Error: Please type your comment text.")
        form = page.comment_form()
        self.assertIsNotNone(form)
        self.assertEqual(page.value("author", form), "Poster 0")
        self.assertEqual(page.value("comment_parent", form), "3")
        self.assertIn(PATH, [href for href, _ in page.links()])  # the way back
        self.assertNotIn("Comment number", resp.text)  # none of the 2,000 comments
        self.assertIsNone(page.find("ol", **{"class": "comment-list"}))

    def test_every_reader_after_a_comment_sees_it(self):
        """The comment invalidates the busy post; the readers who come next share one fresh
        render (none is sent the page from before the comment)."""
        self.assertEqual(self.server.client().get(PATH).status, 200)  # cached
        fields = self.refused_fields(99)
        fields["comment"] = "Fresh words that every later reader sees"
        posted = self.server.client().post_form("/wp-comments-post.php", fields)
        self.assertEqual(posted.status, 303, posted.body[:500])
        pages: list[tuple[int, str]] = []
        lock = threading.Lock()

        def read() -> None:
            resp = self.server.client().get(PATH)
            with lock:
                pages.append((resp.status, resp.text))

        readers = [threading.Thread(target=read) for _ in range(8)]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join()
        self.assertEqual([status for status, _ in pages], [200] * 8)
        for _, text in pages:
            self.assertIn("Fresh words that every later reader sees", text)

    def test_readers_of_cached_pages_are_served_through_a_storm_of_refusals(self):
        reader = self.server.client()
        self.assertEqual(reader.get("/").status, 200)  # cached from here on
        done = threading.Event()
        statuses: list[int] = []
        reader_statuses: list[int] = []
        errors: list[str] = []
        lock = threading.Lock()
        started = threading.Barrier(POSTERS + 1)

        def poster(n: int) -> None:
            client = self.server.client()
            started.wait()
            try:
                for i in range(POSTS_EACH):
                    fields = self.refused_fields(n)
                    if n % 2 == 1:
                        # text this time: the first is accepted, then the duplicate check
                        # (409) refuses the rest
                        fields["comment"] = f"Storm comment from poster {n}"
                    resp = client.post_form("/wp-comments-post.php", fields)
                    with lock:
                        statuses.append(resp.status)
            except Exception as e:  # reported below, not swallowed
                with lock:
                    errors.append(f"poster {n}: {e!r}")

        def read() -> None:
            started.wait()
            try:
                while not done.is_set() or not reader_statuses:
                    resp = reader.get("/")
                    reader_statuses.append(resp.status)
            except Exception as e:
                errors.append(f"reader: {e!r}")

        threads = [threading.Thread(target=poster, args=(n,)) for n in range(POSTERS)]
        reader_thread = threading.Thread(target=read)
        for thread in threads + [reader_thread]:
            thread.start()
        for thread in threads:
            thread.join()
        done.set()
        reader_thread.join()

        self.assertEqual(errors, [])
        self.assertEqual(len(statuses), POSTERS * POSTS_EACH)
        self.assertLessEqual(set(statuses), {303, 400, 409, 429}, statuses)
        self.assertEqual(statuses.count(400), POSTERS // 2 * POSTS_EACH)
        self.assertGreater(len(reader_statuses), 0)
        self.assertEqual(set(reader_statuses), {200},
                         f"{len(reader_statuses)} reads: {reader_statuses}")
        # The server is still whole: the busy post is served, with what was accepted.
        self.assertEqual(self.server.client().get(PATH).status, 200)


if __name__ == "__main__":
    unittest.main()
