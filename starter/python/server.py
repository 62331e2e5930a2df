# Server penghitung karakter: client mengirim sebuah kalimat lewat TCP, dan server menjawab
# "Jumlah karakter dalam kalimat tersebut adalah N", dengan N jumlah karakternya.
#
# Semua orang mulai dari sini, dan kode ini masih memiliki kesalahan. Jalankan charcount-check
# padanya (lihat README.md di samping file ini): pemeriksa menunjukkan, tahap demi tahap, apa
# yang harus diperbaiki.
#
# Character-count server: a client sends a sentence over TCP, and the server answers
# "Jumlah karakter dalam kalimat tersebut adalah N", where N is the number of characters.
#
# This is where everyone starts, and it has mistakes. Run charcount-check on it (see
# README.en.md next to this file): it shows, one stage at a time, what to fix.
import os
import socket

port = int(os.environ.get("PORT") or 12345)

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(("localhost", port))
server.listen(1)
print("Waiting...", flush=True)

conn, addr = server.accept()
data = conn.recv(1024)
count = len(data.decode())
print("Request from client:", data.decode(), flush=True)
print("Client address:", addr, flush=True)
conn.sendall(("Jumlah karakter dalam kalimat tersebut adalah " + str(count)).encode())
conn.close()
server.close()
