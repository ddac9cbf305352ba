#!/usr/bin/env python3
"""Readers during a storm of refused comments (issue 11): imports a site with one post of
COMMENTS comments, then POSTERS clients send comments that are refused (empty text: 400) to it
for SECONDS while one reader fetches the cached front page over and over; prints the reader's
latencies (p50, p99, max), its request count and failures, and the refusals per second.

    bench/storm.py QUIRE_BIN [--comments 2000] [--posters 16] [--seconds 10] [--threads 2]

Standard library only; the site is built in a temporary folder and removed afterwards.
"""

import argparse
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "integration"))
import test_render_storm as storm  # noqa: E402  (its export writer)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("quire")
    parser.add_argument("--comments", type=int, default=2000)
    parser.add_argument("--posters", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    storm.COMMENTS = args.comments
    tmp = tempfile.mkdtemp(prefix="quire-storm-")
    server = None
    try:
        export, data = os.path.join(tmp, "storm.xml"), os.path.join(tmp, "data")
        storm.write_export(export)
        subprocess.run([args.quire, "import", "wxr", "--data", data, export], check=True,
                       stdout=subprocess.DEVNULL)
        # stdout to a file, not a pipe: the access log follows the first line, and a pipe
        # nobody reads would stop the server once full.
        out_path = os.path.join(tmp, "quire.out")
        with open(out_path, "w") as out:
            server = subprocess.Popen([args.quire, "serve", "--data", data, "--listen",
                                       "127.0.0.1:0", "--threads", str(args.threads)],
                                      stdout=out, stderr=subprocess.DEVNULL)
        first = ""
        while not first.endswith("\n"):
            if server.poll() is not None:
                sys.exit("storm: quire exited at start")
            time.sleep(0.05)
            with open(out_path) as out:
                first = out.readline()
        url = urllib.parse.urlsplit(first.strip())
        host, port = url.hostname, url.port
        reader = http.client.HTTPConnection(host, port, timeout=120)
        reader.request("GET", "/")
        assert reader.getresponse().read() and True
        stop = threading.Event()
        refused = [0]
        lock = threading.Lock()
        body = urllib.parse.urlencode({"comment": "", "author": "Storm", "email": "s@mail.example",
                                       "comment_post_ID": "1", "comment_parent": "0"})

        def poster():
            conn = http.client.HTTPConnection(host, port, timeout=120)
            while not stop.is_set():
                conn.request("POST", "/wp-comments-post.php", body,
                             {"Content-Type": "application/x-www-form-urlencoded"})
                resp = conn.getresponse()
                resp.read()
                with lock:
                    refused[0] += resp.status == 400

        posters = [threading.Thread(target=poster) for _ in range(args.posters)]
        for thread in posters:
            thread.start()
        latencies, failures = [], 0
        started = time.monotonic()
        while time.monotonic() - started < args.seconds:
            t0 = time.monotonic()
            reader.request("GET", "/")
            resp = reader.getresponse()
            resp.read()
            latencies.append((time.monotonic() - t0) * 1000)
            failures += resp.status != 200
        elapsed = time.monotonic() - started
        stop.set()
        for thread in posters:
            thread.join()
        print(f"storm: {args.posters} posters, post with {args.comments} comments, "
              f"{args.seconds:.0f} s, quire --threads {args.threads}")
        print(f"reader: {len(latencies)} requests, {failures} not 200; latency ms "
              f"p50 {percentile(latencies, 0.5):.2f} p99 {percentile(latencies, 0.99):.2f} "
              f"max {max(latencies):.2f}")
        print(f"refusals (400): {refused[0] / elapsed:.0f}/s")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
