"""Hostile: prints without end (about 10,000 lines a second, from a thread of its own) while
threaded_server.py serves correctly. Contained (the output kept is capped, and none of it
reaches the daemon's disk), it earns what its server earns: every stage.

Not as fast as Python can print: at full speed, parsing the output line by line in the
checker makes this submission's own probes late (measured: 6 or 7 of 8 stages, varying),
and a grade that varies from run to run cannot show that a folder and its zip grade the same."""

import sys
import threading
import time

from threaded_server import serve


def spam():
    line = "endless output: " + "spam " * 12 + "\n"
    while True:
        sys.stdout.write(line * 10)
        time.sleep(0.001)


threading.Thread(target=spam, daemon=True).start()
serve()
