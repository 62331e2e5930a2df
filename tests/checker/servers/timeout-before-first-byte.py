"""Fault: the short quiet timeout is set before the first recv, so it also runs while a
connected client has not sent yet: a client that waits longer than QUIET_SECONDS before its
message gets "... adalah 0" at once (its message is then read and dropped). Clients that
send as soon as they connect are served right. Otherwise threaded_server.py."""

import socket

from threaded_server import QUIET_SECONDS, serve


def read_until_quiet(conn):
    conn.settimeout(QUIET_SECONDS)
    data = b""
    try:
        while chunk := conn.recv(1024):
            data += chunk
    except socket.timeout:
        pass
    return data.decode("utf-8", errors="replace")


serve(read=read_until_quiet)
