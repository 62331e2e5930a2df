"""Hostile: a fork bomb next to a correct server. One child forks copies of itself until the
container's process limit refuses (then each copy retries every second, forever); the main
process serves as correct_selectors.py does (one thread: it needs no new process or thread,
which the bomb leaves none of). Contained, it earns what its server earns: every stage.
(Copies that retried every 50 ms took enough of the container's one CPU and 256 MiB that the
server itself sometimes missed long-message's 10 s: a bomb that starves its own server is the
student's fault, and this fixture is about the process limit holding, not about that.)"""

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
            time.sleep(1)

sys.argv[0] = "correct_selectors.py"
runpy.run_path("correct_selectors.py", run_name="__main__")
