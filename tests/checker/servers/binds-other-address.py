"""Fault: binds an address this machine does not have, as a student does who copied the
address of the machine a tutorial ran on, or the Wi-Fi address their laptop had yesterday
(`HOST = "192.168.1.10"`). The bind raises OSError "Cannot assign requested address" (errno
99 on Linux, 49 on macOS, WinError 10049 on Windows) before the server listens, with a
traceback and exit code 1. The address here is 192.0.2.10, from TEST-NET-1 (RFC 5737, kept
for documentation): no machine has it, and the server sends nothing to it. Otherwise
threaded_server.py."""

import os
import socket

import threaded_server

HOST = "192.0.2.10"


def listen_on_fixed_address():
    port = int(os.environ.get("PORT") or 12345)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((HOST, port))
    listener.listen(16)
    print(f"binds-other-address: listening on {HOST}:{port}", flush=True)
    return listener


threaded_server.listen = listen_on_fixed_address
threaded_server.serve()
