"""Hostile: a fork bomb next to a correct server. One child forks copies of itself until the
container's process limit refuses (then each copy retries every 50 ms, forever); the main
process serves as correct_selectors.py does (one thread: it needs no new process or thread,
which the bomb leaves none of). Contained, it earns what its server earns: every stage."""

import os
import runpy
import sys
import time

if os.fork() == 0:
    leader = True
    while True:
        try:
            if os.fork() == 0:
                leader = False
        except OSError as error:
            if leader:
                print(f"fork bomb: fork failed ({error.strerror}); the process limit holds", flush=True)
                leader = False
            time.sleep(0.05)

sys.argv[0] = "correct_selectors.py"
runpy.run_path("correct_selectors.py", run_name="__main__")
