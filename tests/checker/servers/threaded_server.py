"""The threaded assignment server that the servers in this folder are made of.

correct-threads.py runs it as it is; each faulty server runs it with one piece swapped for a
faulty one (how it reads, counts, replies or accepts), so that piece is its only fault.

As it is, it is correct at level assignment: one thread per client; a message ends at the
client's FIN, or once no byte has come for QUIET_SECONDS after the first one (the checker
never pauses longer than 50 ms inside a message, and a client that sends and waits gets its
answer); UTF-8 is decoded incrementally, so a character split across reads counts once;
invalid bytes become U+FFFD and are counted (any reply passes); the reply ends with LF; then
it waits for the client to close, so the client closes first. SO_REUSEADDR is set.
"""

import codecs
import os
import socket
import sys
import threading

QUIET_SECONDS = 0.15
# After the reply: how long a client may keep its connection open before the server closes it.
LINGER_SECONDS = 10
REPLY_PREFIX = "Jumlah karakter dalam kalimat tersebut adalah "
NAME = os.path.splitext(os.path.basename(sys.argv[0]))[0]


def indonesian_reply(count):
    return f"{REPLY_PREFIX}{count}\n".encode()


def read_message(connection, quiet_seconds=QUIET_SECONDS, errors="replace"):
    """The message as text: up to the client's FIN, or to quiet_seconds without a byte after
    the first one (None: only the FIN ends it)."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors)
    parts = []
    connection.settimeout(None)  # the first byte may take as long as the client likes
    while True:
        try:
            chunk = connection.recv(65536)
        except TimeoutError:
            break
        if not chunk:
            break
        parts.append(decoder.decode(chunk))
        connection.settimeout(quiet_seconds)
    parts.append(decoder.decode(b"", final=True))
    return "".join(parts)


def wait_for_close(connection):
    """Drops whatever else the client sends until it closes, so the close never meets unread
    bytes (which would turn it into a reset)."""
    connection.settimeout(LINGER_SECONDS)
    while connection.recv(65536):
        pass


def handle_client(connection, read=read_message, count=len, reply=indonesian_reply):
    with connection:
        try:
            connection.sendall(reply(count(read(connection))))
            wait_for_close(connection)
        except OSError:
            pass  # reset or timed out: the checker ends every connection with a reset


def listen():
    port = int(os.environ.get("PORT") or 12345)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(("localhost", port))
    except OSError as error:
        sys.exit(f"{NAME}: cannot listen on localhost:{port}: {error.strerror}")
    listener.listen(16)
    print(f"{NAME}: listening on localhost:{port}", flush=True)
    return listener


def serve(handle=handle_client, **handle_options):
    """Accepts clients for as long as the process runs, each served by a thread of its own."""
    listener = listen()
    try:
        while True:
            connection, _address = listener.accept()
            thread = threading.Thread(
                target=handle, args=(connection,), kwargs=handle_options, daemon=True
            )
            thread.start()
    except KeyboardInterrupt:
        pass
