"""The count first, then the message echoed: `29 : Tugas 1 socket programming #1`
(right count; the message may hold digits of its own). Otherwise threaded_server.py."""

from threaded_server import read_message, serve, wait_for_close


def handle_client(connection):
    with connection:
        try:
            text = read_message(connection)
            connection.sendall((f'{len(text)} : {text}' + "\n").encode())
            wait_for_close(connection)
        except OSError:
            pass


serve(handle_client)
