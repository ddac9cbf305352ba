#!/usr/bin/env python3
"""Fetches every page a Quire site's sitemaps name, PASSES times over, and prints the server's
memory (VmRSS, VmHWM; RssAnon and RssFile: the heap and mapped files such as the database,
from /proc/PID/status) after each pass. Used by bench/run-crawl.

    bench/crawl.py BASE_URL PID [--passes 5] [--clients 4] [--encoding "gzip, br"]

A simple client: CLIENTS keep-alive connections share the URL list; every response must be 200.
Standard library only.
"""

import argparse
import http.client
import re
import sys
import threading
import time
import urllib.parse

LOC = re.compile(r"<loc>([^<]*)</loc>")


def fetch(conn, path, headers):
    conn.request("GET", path, headers=headers)
    resp = conn.getresponse()
    body = resp.read()
    return resp.status, body


def sitemap_paths(host, port):
    """Every page path the sitemap index and its parts name, plus the front page's /page/N/."""
    conn = http.client.HTTPConnection(host, port, timeout=60)
    status, index = fetch(conn, "/sitemap.xml", {})
    if status != 200:
        sys.exit(f"crawl: /sitemap.xml answered {status}")
    paths = ["/"]
    for part in LOC.findall(index.decode()):
        status, body = fetch(conn, urllib.parse.urlsplit(part).path, {})
        if status != 200:
            sys.exit(f"crawl: {part} answered {status}")
        paths += [urllib.parse.urlsplit(url).path for url in LOC.findall(body.decode())]
    conn.close()
    return list(dict.fromkeys(paths))


def memory(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                fields[key] = int(value.split()[0]) // 1024
    return fields


def crawl(host, port, paths, clients, headers):
    next_index = [0]
    lock = threading.Lock()
    failures, sizes = [], [0]

    def worker():
        conn = http.client.HTTPConnection(host, port, timeout=120)
        while True:
            with lock:
                if next_index[0] >= len(paths):
                    break
                path = paths[next_index[0]]
                next_index[0] += 1
            status, body = fetch(conn, path, headers)
            with lock:
                sizes[0] += len(body)
                if status != 200:
                    failures.append(f"{path}: {status}")
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures, sizes[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("pid", type=int)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--encoding", default="gzip, br")
    args = parser.parse_args()
    url = urllib.parse.urlsplit(args.base)
    paths = sitemap_paths(url.hostname, url.port)
    print(f"crawl: {len(paths)} pages, {args.clients} clients, Accept-Encoding: {args.encoding}")
    headers = {"Accept-Encoding": args.encoding} if args.encoding else {}
    mem = memory(args.pid)
    print(f"before      VmRSS {mem['VmRSS']:6d} MiB  VmHWM {mem['VmHWM']:6d} MiB  "
          f"(anonymous {mem['RssAnon']}, files {mem['RssFile']})", flush=True)
    for n in range(1, args.passes + 1):
        started = time.monotonic()
        failures, received = crawl(url.hostname, url.port, paths, args.clients, headers)
        seconds = time.monotonic() - started
        mem = memory(args.pid)
        print(f"pass {n}      VmRSS {mem['VmRSS']:6d} MiB  VmHWM {mem['VmHWM']:6d} MiB  "
              f"(anonymous {mem['RssAnon']}, files {mem['RssFile']})  {seconds:6.1f} s  "
              f"{received / 1048576:.1f} MiB received", flush=True)
        if failures:
            sys.exit(f"crawl: {len(failures)} pages did not answer 200, e.g. {failures[:5]}")


if __name__ == "__main__":
    main()
