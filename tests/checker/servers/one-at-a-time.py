"""Fault: serves clients one after another in the main thread, so while one client is
connected and silent, the next is not read. Each client is served correctly: this is
threaded_server.py's client handling without its threads."""

from threaded_server import handle_client, listen

listener = listen()
while True:
    connection, _address = listener.accept()
    handle_client(connection)
