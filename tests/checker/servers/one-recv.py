"""Fault: one recv(1024) per client, decoded on its own (the classic read): a message longer
than 1024 bytes, or one whose bytes arrive in two reads, is counted from its first read only;
a character cut by that read counts as U+FFFD. Otherwise threaded_server.py (clients in
threads, and the rest of the message is read and dropped after the reply)."""

from threaded_server import serve


def first_read(connection):
    return connection.recv(1024).decode("utf-8", errors="replace")


serve(read=first_read)
