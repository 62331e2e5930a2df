"""Fault: accepts and reads every client but never writes, and keeps each connection open
even after the client's FIN. Otherwise threaded_server.py (a thread per client)."""

from threaded_server import serve

# Held so that no connection is ever closed, not even by the garbage collector.
open_connections = []


def read_and_stay_silent(connection):
    open_connections.append(connection)
    try:
        while connection.recv(65536):
            pass
    except OSError:
        pass


serve(handle=read_and_stay_silent)
