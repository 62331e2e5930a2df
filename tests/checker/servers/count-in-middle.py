"""Its own sentence, with the count in the middle and the message echoed:
`Pesan "café" memiliki 4 karakter` (right count). Otherwise threaded_server.py."""

from threaded_server import read_message, serve, wait_for_close


def handle_client(connection):
    with connection:
        try:
            text = read_message(connection)
            connection.sendall((f'Pesan "{text}" memiliki {len(text)} karakter' + "\n").encode())
            wait_for_close(connection)
        except OSError:
            pass


serve(handle_client)
