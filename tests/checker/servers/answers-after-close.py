"""Fault: a message ends only at the client's FIN (read until EOF), so a client that sends
and waits without closing, like the assignment's client, is never answered. Otherwise
threaded_server.py as it is."""

import functools

from threaded_server import read_message, serve

serve(read=functools.partial(read_message, quiet_seconds=None))
