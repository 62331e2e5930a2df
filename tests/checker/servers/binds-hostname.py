"""Correct, but bound where the assignment's common answer binds: socket.gethostname(). On
Debian and Ubuntu (and so on many lab PCs and in WSL2) the host name resolves to 127.0.1.1
through /etc/hosts, not to 127.0.0.1; this server binds 127.0.1.1 itself, so it behaves the
same on every machine the tests run on (where the host name may resolve elsewhere, or not at
all). The checker must find the address listening on the port and connect there. Otherwise
threaded_server.py."""

import os
import socket
import sys

import threaded_server

# Debian's /etc/hosts line "127.0.1.1 <hostname>": the address gethostname() resolves to there.
DEBIAN_HOSTNAME_ADDRESS = "127.0.1.1"


def listen_on_hostname_address():
    port = int(os.environ.get("PORT") or 12345)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((DEBIAN_HOSTNAME_ADDRESS, port))
    except OSError as error:
        sys.exit(f"binds-hostname: cannot listen on {DEBIAN_HOSTNAME_ADDRESS}:{port}: {error.strerror}")
    listener.listen(16)
    print(f"binds-hostname: listening on {DEBIAN_HOSTNAME_ADDRESS}:{port}", flush=True)
    return listener


threaded_server.listen = listen_on_hostname_address
threaded_server.serve()
