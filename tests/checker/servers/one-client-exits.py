"""Fault: serves one client, correctly, then exits 0 (the classic accept-once). The listening
socket is closed as soon as that client is accepted, so later clients are refused rather
than left waiting in a backlog no one accepts from. Otherwise threaded_server.py."""

from threaded_server import handle_client, listen

listener = listen()
connection, _address = listener.accept()
listener.close()
handle_client(connection)
