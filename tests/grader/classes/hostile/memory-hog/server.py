"""Hostile: takes memory 16 MiB at a time (each page written, so it is really used) until
the kernel kills it, before it ever listens. Contained, it is graded 0: it never listened."""

chunks = []
print("memory hog: allocating until something stops me", flush=True)
while True:
    chunks.append(b"\x01" * (16 * 1024 * 1024))
