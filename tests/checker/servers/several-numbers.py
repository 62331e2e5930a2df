"""Lists two numbers: `10 karakter, 10 byte` (characters, then UTF-8 bytes): no single count. Otherwise threaded_server.py."""

from threaded_server import read_message, serve, wait_for_close


def handle_client(connection):
    with connection:
        try:
            text = read_message(connection)
            connection.sendall((f'{len(text)} karakter, {len(text.encode())} byte' + "\n").encode())
            wait_for_close(connection)
        except OSError:
            pass


serve(handle_client)
