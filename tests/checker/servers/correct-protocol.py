"""Correct at level protocol (lab-notes/protocol.md), and so at level assignment too, written
with asyncio's Protocol API: the second implementation of the kit's protocol, in Python.

A message ends at LF (a CR right before it is dropped), at the client's FIN, or once no byte
has come for QUIET_SECONDS while unterminated bytes are pending. Every message gets one reply
line ended by LF, in order; invalid UTF-8 gets "ERROR invalid UTF-8 at byte N: ..." with N
Python's UnicodeDecodeError.start, and the connection goes on. A client that does not read
its replies is not read from until it does. On SIGTERM or SIGINT the server stops accepting,
answers what each client has sent until its input is quiet, closes, and exits 0 (a second
signal exits at once).
"""

import asyncio
import os
import signal

QUIET_SECONDS = 0.15
SHUTDOWN_GRACE_SECONDS = 5
REPLY_PREFIX = "Jumlah karakter dalam kalimat tersebut adalah "


def reply_to(message):
    try:
        text = bytes(message).decode("utf-8")
    except UnicodeDecodeError as error:
        return f"ERROR invalid UTF-8 at byte {error.start}: {error.reason}; the message was not counted\n"
    return f"{REPLY_PREFIX}{len(text)}\n"


class LineProtocol(asyncio.Protocol):
    def __init__(self, connections):
        self.connections = connections
        self.pending = bytearray()
        self.searched = 0  # how much of pending is known to hold no LF
        self.timer = None
        self.draining = False

    def connection_made(self, transport):
        self.transport = transport
        self.connections.add(self)

    def connection_lost(self, exc):
        self.connections.discard(self)
        self.cancel_timer()

    def data_received(self, data):
        self.pending += data
        while (end := self.pending.find(b"\n", self.searched)) >= 0:
            message = self.pending[:end]
            del self.pending[: end + 1]
            self.searched = 0
            self.answer(message[:-1] if message.endswith(b"\r") else message)
        self.searched = len(self.pending)
        self.restart_timer()

    def eof_received(self):
        self.answer_pending()
        return False  # the transport closes once the replies are written

    def pause_writing(self):
        self.transport.pause_reading()

    def resume_writing(self):
        self.transport.resume_reading()

    def drain(self):
        """Shutdown: close once the client's input is quiet, after answering what it sent."""
        self.draining = True
        self.restart_timer()

    def restart_timer(self):
        self.cancel_timer()
        if self.pending or self.draining:
            self.timer = asyncio.get_running_loop().call_later(QUIET_SECONDS, self.on_quiet)

    def cancel_timer(self):
        if self.timer:
            self.timer.cancel()
            self.timer = None

    def on_quiet(self):
        self.timer = None
        self.answer_pending()
        if self.draining:
            self.transport.close()

    def answer_pending(self):
        if self.pending:
            message = bytes(self.pending)
            self.pending.clear()
            self.searched = 0
            self.answer(message)

    def answer(self, message):
        self.transport.write(reply_to(message).encode())


async def main():
    port = int(os.environ.get("PORT") or 12345)
    loop = asyncio.get_running_loop()
    connections = set()
    signalled = asyncio.Event()

    def on_signal():
        if signalled.is_set():
            os._exit(1)  # a second signal: no more waiting
        signalled.set()

    for signal_number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signal_number, on_signal)
    server = await loop.create_server(lambda: LineProtocol(connections), "localhost", port)
    print(f"correct-protocol: listening on localhost:{port}", flush=True)
    await signalled.wait()
    server.close()
    print(f"correct-protocol: stopping, finishing {len(connections)} open connections", flush=True)
    for connection in list(connections):
        connection.drain()
    deadline = loop.time() + SHUTDOWN_GRACE_SECONDS
    while connections and loop.time() < deadline:
        await asyncio.sleep(0.05)
    for connection in list(connections):
        connection.transport.close()
    print("correct-protocol: stopped", flush=True)


asyncio.run(main())
