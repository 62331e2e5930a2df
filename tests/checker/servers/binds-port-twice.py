"""Fault: binds its port twice. A socket made and bound at the top of the file, as a
tutorial's first lines do, and a second one made and bound again inside the function that
starts the server: the second bind() raises OSError "Address already in use" (errno 98 on
Linux, 48 on macOS, WinError 10048 on Windows) before the server listens, with a traceback
and exit code 1. It is what a student sees when their server's port is held by a program
still running, an earlier run of the same server: the port's holder is the program itself
here, so the fault is the same on every machine and in a container. Neither socket sets
SO_REUSEADDR (it would not help: it lets a bind share a port with connections in TIME_WAIT,
never with another socket bound to it). Otherwise threaded_server.py."""

import os
import socket

import threaded_server

PORT = int(os.environ.get("PORT") or 12345)

first = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
first.bind(("localhost", PORT))


def listen_again():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("localhost", PORT))
    listener.listen(16)
    print(f"binds-port-twice: listening on localhost:{PORT}", flush=True)
    return listener


threaded_server.listen = listen_again
threaded_server.serve()
