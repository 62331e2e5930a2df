"""Correct at level assignment, written with selectors: one thread, non-blocking sockets.

A message ends at the client's FIN or once no byte has come for QUIET_SECONDS after the
first one; UTF-8 is decoded incrementally. The reply has no line ending: the server closes
first, right after it, and the close ends it. An invalid message gets no reply, only the close.

The TIME_WAIT case: no SO_REUSEADDR, and the server closes first. A client that then closes
normally leaves this server's side of the connection in TIME_WAIT, and starting the server
again on the same port fails to bind for a minute. The checker ends every connection with a
reset, so running it twice in a row must still pass.
"""

import codecs
import os
import selectors
import socket
import sys
import time

QUIET_SECONDS = 0.15
REPLY_PREFIX = "Jumlah karakter dalam kalimat tersebut adalah "


class Client:
    def __init__(self, connection):
        self.connection = connection
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.parts = []
        self.valid = True
        # When the message ends if nothing more comes; None until the first byte.
        self.deadline = None

    def take(self, chunk):
        self.deadline = time.monotonic() + QUIET_SECONDS
        self.decode(chunk)

    def decode(self, chunk, final=False):
        if not self.valid:
            return
        try:
            self.parts.append(self.decoder.decode(chunk, final))
        except UnicodeDecodeError:
            self.valid = False

    def reply(self):
        self.decode(b"", final=True)
        if not self.valid:
            return b""
        return f"{REPLY_PREFIX}{len(''.join(self.parts))}".encode()


class Server:
    def __init__(self, listener):
        self.listener = listener
        self.selector = selectors.DefaultSelector()
        self.selector.register(listener, selectors.EVENT_READ)
        self.clients = {}

    def run(self):
        while True:
            for key, _events in self.selector.select(self.seconds_to_next_deadline()):
                if key.fileobj is self.listener:
                    self.accept()
                else:
                    self.read(self.clients[key.fileobj])
            now = time.monotonic()
            for client in list(self.clients.values()):
                if client.deadline is not None and client.deadline <= now:
                    self.answer_and_close(client)

    def seconds_to_next_deadline(self):
        deadlines = [c.deadline for c in self.clients.values() if c.deadline is not None]
        return max(0.0, min(deadlines) - time.monotonic()) if deadlines else None

    def accept(self):
        try:
            connection, _address = self.listener.accept()
        except OSError:
            return  # the client reset before it was accepted
        connection.setblocking(False)
        self.clients[connection] = Client(connection)
        self.selector.register(connection, selectors.EVENT_READ)

    def read(self, client):
        try:
            chunk = client.connection.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            self.close(client)  # reset: the checker ends every connection so
            return
        if chunk:
            client.take(chunk)
        else:
            self.answer_and_close(client)

    def answer_and_close(self, client):
        try:
            # A reply this short always fits the empty send buffer of a non-blocking socket.
            client.connection.send(client.reply())
        except OSError:
            pass
        self.close(client)

    def close(self, client):
        self.selector.unregister(client.connection)
        del self.clients[client.connection]
        client.connection.close()


def main():
    port = int(os.environ.get("PORT") or 12345)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # no SO_REUSEADDR: see above
    try:
        listener.bind(("localhost", port))
    except OSError as error:
        sys.exit(f"correct-selectors: cannot listen on localhost:{port}: {error.strerror}")
    listener.listen(16)
    listener.setblocking(False)
    print(f"correct-selectors: listening on localhost:{port}", flush=True)
    try:
        Server(listener).run()
    except KeyboardInterrupt:
        pass


main()
