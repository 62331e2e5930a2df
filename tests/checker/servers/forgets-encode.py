"""Fault: forgets .encode(): sendall() gets the reply as a str and raises TypeError in the
client's thread. The thread dies with its traceback (the process goes on), and the `with`
block closes the connection with no reply. Otherwise threaded_server.py."""

from threaded_server import REPLY_PREFIX, read_message, serve, wait_for_close


def handle_client(conn):
    with conn:
        message = read_message(conn)
        reply = REPLY_PREFIX + str(len(message)) + "\n"
        conn.sendall(reply)
        wait_for_close(conn)


serve(handle=handle_client)
