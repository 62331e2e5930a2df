"""Fault: replies to every recv() on its own, with the count of that piece: a message that
arrives in several reads gets several replies, one number each. Replies have no line ending
(as the assignment's client reads them); the connection ends when the client closes.
Otherwise threaded_server.py (a thread per client; invalid bytes become U+FFFD)."""

from threaded_server import REPLY_PREFIX, serve


def handle_client(conn):
    with conn:
        try:
            while data := conn.recv(1024):
                text = data.decode("utf-8", errors="replace")
                conn.sendall(f"{REPLY_PREFIX}{len(text)}".encode())
        except OSError:
            pass  # the checker ends every connection with a reset


serve(handle=handle_client)
