"""Hostile: sleeps an hour before it listens. Contained by the start time limit, it is
graded 0 with the reason that nothing listened in time."""

import time

from threaded_server import serve

print("sleeping before listening", flush=True)
time.sleep(3600)
serve()
