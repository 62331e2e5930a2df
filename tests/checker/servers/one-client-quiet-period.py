# Serves one client, then exits: the lab's read loop (a quiet period after the first byte) with
# no accept() loop. Its listening socket stays open while it reads, so the next client lands in
# its backlog and is reset when the program closes that socket and exits.
import os
import socket

port = int(os.environ.get("PORT") or 12345)

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("localhost", port))
server.listen(16)
print("Waiting...", flush=True)
conn, addr = server.accept()
with conn:
    chunks = [conn.recv(4096)]
    conn.settimeout(0.15)
    while chunks[-1]:
        try:
            chunks.append(conn.recv(4096))
        except socket.timeout:
            break
    text = b"".join(chunks).decode("utf-8", errors="replace")
    conn.sendall(("Jumlah karakter dalam kalimat tersebut adalah " + str(len(text))).encode())
server.close()
