"""Hostile: prints without end, from a thread of its own, while threaded_server.py serves
correctly. Contained (the output kept is capped, and none of it reaches the daemon's disk),
it earns what its server earns: every stage."""

import sys
import threading

from threaded_server import serve


def spam():
    line = "endless output: " + "spam " * 12 + "\n"
    while True:
        sys.stdout.write(line)


threading.Thread(target=spam, daemon=True).start()
serve()
