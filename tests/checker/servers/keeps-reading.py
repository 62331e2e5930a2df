"""Correct, written the way many real student servers are: after its reply it keeps reading
with a plain recv loop until the client closes (`while True: data = recv(1024); if not data:
break`), with no try/except, and an exception in a client's thread ends the whole process (as
in a server that serves clients in its main thread). A reset from the client raises
ConnectionResetError and kills it; a polite client (its FIN, then its close) never does, so it
passes every stage. Otherwise threaded_server.py."""

import os
import sys
import threading
import traceback

from threaded_server import indonesian_reply, read_message, serve


def die(args):
    traceback.print_exception(args.exc_type, args.exc_value, args.exc_traceback)
    sys.stderr.flush()
    os._exit(1)


threading.excepthook = die


def handle_client(connection):
    with connection:
        connection.sendall(indonesian_reply(len(read_message(connection))))
        connection.settimeout(None)  # a plain blocking recv, as in the student code it models
        while True:
            data = connection.recv(1024)
            if not data:
                break


serve(handle_client)
