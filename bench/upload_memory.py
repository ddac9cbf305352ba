#!/usr/bin/env python3
"""Peak anonymous memory (RssAnon, sampled every 5 ms from /proc) of `quire serve` while an
administrator uploads one large file to /admin/media/: what a large body costs the process.
Usage: bench/upload_memory.py BIN [BIN ...] [--mb N] [--rounds R]; the binaries alternate
(A B A B ...), and the median of each is printed."""

import argparse
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "integration"))
import quire_harness as h  # noqa: E402

ADMIN = ("benchadmin", "benchadmin@example.com", "a long bench password", "administrator")


def rss_anon_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("RssAnon:"):
                return int(line.split()[1])
    return 0


def one_run(binary: str, megabytes: int) -> int:
    os.environ["QUIRE_BIN"] = binary
    server = h.QuireServer(threads=2)
    server.cli("init")
    server.cli("user", "add", ADMIN[0], "--email", ADMIN[1], "--role", ADMIN[3],
               stdin=ADMIN[2] + "\n")
    server.start()
    try:
        client = server.client(cookies=True)
        page = client.get("/admin/login")
        fields = {"log": ADMIN[0], "pwd": ADMIN[2], "redirect_to": "/admin/"}
        token = page.html().value("login_token")
        if token:  # a binary with the login token (issue 10)
            client.cookies["quire_login_token"] = token
            fields["login_token"] = token
        assert client.post_form("/admin/login", fields).status == 303
        nonce = client.get("/admin/media/").html().value("_wpnonce")
        content = (b"A line of plain text for the upload benchmark.\n" * (megabytes * 22000))
        boundary = "benchboundary"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"_wpnonce\"\r\n\r\n"
                f"{nonce}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
                f"filename=\"big.txt\"\r\nContent-Type: text/plain\r\n\r\n").encode() + content \
            + f"\r\n--{boundary}--\r\n".encode()
        peak = [rss_anon_kb(server.proc.pid)]
        done = threading.Event()

        def sample():
            while not done.is_set():
                peak[0] = max(peak[0], rss_anon_kb(server.proc.pid))
                time.sleep(0.005)

        sampler = threading.Thread(target=sample)
        sampler.start()
        resp = client.request("POST", "/admin/media/?_wpnonce=" + nonce, body=body,
                              headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        done.set()
        sampler.join()
        assert resp.status in (303, 200), (resp.status, resp.text[:500])
        return peak[0]
    finally:
        server.stop()
        server.cleanup()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--mb", type=int, default=48)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results = {b: [] for b in args.binaries}
    for _ in range(args.rounds):
        for binary in args.binaries:
            results[binary].append(one_run(binary, args.mb))
    for binary, peaks in results.items():
        print(f"{binary}: peak RssAnon median {statistics.median(peaks) / 1024:.1f} MiB "
              f"(runs: {', '.join(f'{p / 1024:.1f}' for p in peaks)})")


if __name__ == "__main__":
    main()
