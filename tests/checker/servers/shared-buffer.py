"""Fault: a thread per client, but every client's bytes go into one global buffer, which the
thread whose client's message ends first counts and empties. One client at a time (or one
after another) it is right; when several clients' messages arrive together, the first answer
counts them all and the others count what is left (0). Otherwise threaded_server.py."""

import threading

from threaded_server import QUIET_SECONDS, serve

shared = bytearray()
lock = threading.Lock()


def read_into_shared_buffer(connection):
    connection.settimeout(None)
    while True:
        try:
            chunk = connection.recv(65536)
        except TimeoutError:
            break
        if not chunk:
            break
        with lock:
            shared.extend(chunk)
        connection.settimeout(QUIET_SECONDS)
    with lock:
        text = shared.decode("utf-8", errors="replace")
        shared.clear()
    return text


serve(read=read_into_shared_buffer)
