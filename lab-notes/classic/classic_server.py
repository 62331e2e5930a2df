"""A re-creation of the classic answer to the assignment, kept only to demonstrate it.

It makes the same socket calls in the same order as the single-shot Python server the
assignment is usually answered with, so the lab can show what that design does with real
input: it serves one client and exits, reads one recv(1024), and decodes strictly. Do not
fix it here; the fixes are what charcount-server is. The port is the assignment's 12345
unless given as the first argument or in PORT.
"""
import os
import socket
import sys

port = int(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("PORT") or 12345)

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("localhost", port))
listener.listen(1)
print("Waiting...", flush=True)

connection, address = listener.accept()
# One read of at most 1024 bytes: whatever TCP has delivered by now, cut anywhere.
data = connection.recv(1024)
# Strict decoding: a message cut inside a character, or any invalid byte, raises here.
count = len(data.decode())
print("Request from client:", data.decode(), flush=True)
print("Client address:", address, flush=True)
connection.sendall(("Jumlah karakter dalam kalimat tersebut adalah " + str(count)).encode())
connection.close()
listener.close()
