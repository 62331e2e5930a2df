"""Fault: a typo in the call that starts the server: NameError before it listens, with a
traceback and exit code 1."""

from threaded_server import serve  # noqa: F401 (the typo below is the point)

srve()  # noqa: F821
