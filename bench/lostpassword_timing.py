#!/usr/bin/env python3
"""Account enumeration by timing: the median time of POST /admin/lostpassword for a known and an
unknown account, on loopback (issue 10). Both should be alike.
Run: QUIRE_BIN=build/release/src/quire python3 bench/lostpassword_timing.py"""
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "integration"))
import quire_harness as h

server = h.QuireServer()
server.start()
try:
    server.cli("user", "add", "known", "--email", "known@example.com", "--role", "author",
               stdin="a long enough password\n")
    times = {"known": [], "unknown": []}
    for i in range(300):
        for name in ("known", "unknown"):
            client = server.client()
            start = time.perf_counter()
            resp = client.post_form("/admin/lostpassword", {"user_login": name})
            times[name].append((time.perf_counter() - start) * 1000)
            assert resp.status == 303, resp.status
    for name, values in times.items():
        print(f"{name}: median {statistics.median(values):.2f} ms, "
              f"p90 {sorted(values)[int(len(values) * 0.9)]:.2f} ms (n={len(values)})")
finally:
    server.stop()
    server.cleanup()
