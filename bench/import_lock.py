#!/usr/bin/env python3
"""How long `quire import wxr` keeps SQLite's write lock from everyone else (issue 10, item 5).

    bench/import_lock.py BIN DATA_DIR FILE.xml     (DATA_DIR must not exist yet)

Creates a site in DATA_DIR with BIN, runs `BIN import wxr --data DATA_DIR FILE.xml`, and while it
runs tries `BEGIN IMMEDIATE` (no waiting) on the same database from another connection every
20 ms, as a server's writer would. Prints the import's time and the longest stretch during which
the lock could not be taken: a server's comment waits that long (and failed with 503 past the
busy timeout, 5 s before the staged import). Compare binaries by alternating runs on a shared
machine; bench/gen_wxr.py writes large files. Standard library only.
"""

import os
import sqlite3
import subprocess
import sys
import time

PROBE_EVERY_S = 0.02


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    binary, data, wxr = sys.argv[1:4]
    subprocess.run([binary, "init", "--data", data], check=True, capture_output=True)
    db = sqlite3.connect(os.path.join(data, "quire.db"), timeout=0, isolation_level=None)
    start = time.monotonic()
    proc = subprocess.Popen([binary, "import", "wxr", "--data", data, wxr],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    busy_since = None
    longest = 0.0
    while proc.poll() is None:
        now = time.monotonic()
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute("ROLLBACK")
            if busy_since is not None:
                longest = max(longest, now - busy_since)
                busy_since = None
        except sqlite3.OperationalError:  # "database is locked"
            if busy_since is None:
                busy_since = now
        time.sleep(PROBE_EVERY_S)
    if busy_since is not None:
        longest = max(longest, time.monotonic() - busy_since)
    print(f"{binary} {os.path.basename(wxr)}: exit {proc.returncode}, import "
          f"{time.monotonic() - start:.1f} s, longest write-lock hold {longest:.2f} s")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
