"""Correct at level assignment: threaded_server.py as it is (one thread per client, a message
ends at FIN or after 150 ms of quiet, incremental UTF-8 decoding, invalid bytes counted as
U+FFFD, reply ended by LF, SO_REUSEADDR set)."""

from threaded_server import serve

serve()
