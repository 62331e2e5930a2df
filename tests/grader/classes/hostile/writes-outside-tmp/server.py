"""Hostile: tries to write outside /tmp (over its own code, into /etc, /usr and the root),
says what each attempt got, then opens a log file in its working folder without catching the
error, as a student's server often does. The root is read-only: it exits before it listens,
and is graded 0 with that reason."""

import errno
import os

for path in ["/submission/server.py", "/etc/passwd", "/usr/local/bin/evil", "/evil", "/tmp/allowed.txt"]:
    try:
        with open(path, "a") as f:
            f.write("x")
        print(f"write {path}: ok", flush=True)
    except OSError as error:
        print(f"write {path}: {errno.errorcode.get(error.errno, error.errno)}", flush=True)

log = open(os.path.join(os.getcwd(), "server.log"), "a")
