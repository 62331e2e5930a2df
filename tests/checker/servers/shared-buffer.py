"""Fault: a thread per client, but every client's bytes go into one global buffer, which the
thread whose client's message ends first counts and empties. One client at a time (or one
after another) it is right; when several clients' messages arrive together, the first answer
counts them all and the others count what is left (0). Otherwise threaded_server.py."""

import threading

from threaded_server import QUIET_SECONDS, serve

received = bytearray()
received_lock = threading.Lock()


def read_into_shared_buffer(conn):
    conn.settimeout(None)
    try:
        while chunk := conn.recv(65536):
            with received_lock:
                received.extend(chunk)
            conn.settimeout(QUIET_SECONDS)
    except TimeoutError:
        pass
    with received_lock:
        text = received.decode("utf-8", errors="replace")
        received.clear()
    return text


serve(read=read_into_shared_buffer)
