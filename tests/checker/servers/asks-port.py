"""Fault: asks for its port at the keyboard before it listens, as many student servers do
(`input("Port: ")`). The checker types nothing (its stdin is at end of file), so input() raises
EOFError at once and the program exits 1 before it listens. Otherwise threaded_server.py."""

import os

from threaded_server import serve

os.environ["PORT"] = input("Port: ") or os.environ.get("PORT", "12345")
serve()
