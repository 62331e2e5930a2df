"""Fault: the reply is sent after the `with conn:` block, which has already closed the
connection: the client gets a FIN and no reply, and sendall() raises "OSError: [Errno 9] Bad
file descriptor" in the client's thread (which dies with its traceback; the process goes
on). Otherwise threaded_server.py."""

from threaded_server import indonesian_reply, read_message, serve


def handle_client(conn):
    with conn:
        message = read_message(conn)
    conn.sendall(indonesian_reply(len(message)))


serve(handle=handle_client)
