"""Its own sentence: `Jumlah karakter: 10` (right count). Otherwise threaded_server.py."""

from threaded_server import read_message, serve, wait_for_close


def handle_client(connection):
    with connection:
        try:
            text = read_message(connection)
            connection.sendall((f'Jumlah karakter: {len(text)}' + "\n").encode())
            wait_for_close(connection)
        except OSError:
            pass


serve(handle_client)
