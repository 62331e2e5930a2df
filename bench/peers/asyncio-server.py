#!/usr/bin/env python3
"""The charcount line protocol on Python's asyncio, written the way asyncio is meant to be used.

An asyncio.Protocol (not streams: it saves a task and a buffer copy per read), TCP_NODELAY
(asyncio sets it), replies of one read joined into one write, reading paused while the
client does not read its replies. A whole line in one read is decoded in one call
(bytes.decode runs in C); a line cut across reads goes through an incremental decoder, so
memory stays flat however long the line is. Counts are len(str): Unicode code points.
Invalid UTF-8 gets an ERROR line with the offset of UnicodeDecodeError.start in the message.
Unterminated bytes are answered after the quiet period; half-close ends the last message.

    python3 asyncio-server.py [--port N] [--quiet-period-ms MS]
"""

import argparse
import asyncio
import codecs
import signal

REPLY = b"Jumlah karakter dalam kalimat tersebut adalah %d\n"
ERROR = "ERROR invalid UTF-8 at byte %d: %s; the message was not counted\n"
Utf8Decoder = codecs.getincrementaldecoder("utf-8")


def error_reply(offset, reason):
    return (ERROR % (offset, reason)).encode()


class CharCount(asyncio.Protocol):
    def __init__(self, quiet_seconds):
        self.quiet_seconds = quiet_seconds
        self.transport = None
        self.timer = None
        self.reset()

    def reset(self):
        self.decoder = None  # created when a message spans more than one read
        self.pending = 0  # bytes of the unfinished message
        self.chars = 0
        self.error = None  # (offset, reason) of the first invalid byte
        self.last_cr = False

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        replies = []
        start = 0
        end = len(data)
        while start < end:
            newline = data.find(b"\n", start)
            if newline < 0:
                self.feed(data[start:])
                break
            if self.pending == 0:
                line = data[start:newline]
                if line.endswith(b"\r"):
                    line = line[:-1]
                try:
                    replies.append(REPLY % len(line.decode("utf-8")))
                except UnicodeDecodeError as error:
                    replies.append(error_reply(error.start, error.reason))
            else:
                self.feed(data[start:newline])
                replies.append(self.finish(newline=True))
            start = newline + 1
        if replies:
            self.transport.write(b"".join(replies))
        self.update_quiet_timer()

    def feed(self, part):
        """Part of a message whose end has not arrived yet."""
        if not part:
            return
        if self.decoder is None:
            self.decoder = Utf8Decoder()
        if self.error is None:
            held = len(self.decoder.getstate()[0])
            try:
                self.chars += len(self.decoder.decode(part))
            except UnicodeDecodeError as error:
                self.error = (self.pending - held + error.start, error.reason)
        self.pending += len(part)
        self.last_cr = part.endswith(b"\r")

    def finish(self, newline):
        if newline and self.last_cr:
            self.pending -= 1
            if self.error is None:
                self.chars -= 1
        if self.error is None:
            held = self.decoder.getstate()[0] if self.decoder is not None else b""
            if held:  # the message ends inside a multi-byte sequence
                try:
                    self.decoder.decode(b"", final=True)
                except UnicodeDecodeError as error:
                    self.error = (self.pending - len(held) + error.start, error.reason)
        reply = REPLY % self.chars if self.error is None else error_reply(*self.error)
        self.reset()
        return reply

    def update_quiet_timer(self):
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if self.pending and self.quiet_seconds > 0:
            self.timer = asyncio.get_running_loop().call_later(self.quiet_seconds, self.quiet_period_elapsed)

    def quiet_period_elapsed(self):
        self.timer = None
        if self.pending:
            self.transport.write(self.finish(newline=False))

    def eof_received(self):
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if self.pending:
            self.transport.write(self.finish(newline=False))
        return False  # close our side once the replies are written

    def pause_writing(self):
        self.transport.pause_reading()

    def resume_writing(self):
        self.transport.resume_reading()

    def connection_lost(self, exc):
        if self.timer is not None:
            self.timer.cancel()


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=12345)
    parser.add_argument("--quiet-period-ms", type=int, default=150)
    args = parser.parse_args()
    loop = asyncio.get_running_loop()
    quiet_seconds = args.quiet_period_ms / 1000
    server = await loop.create_server(lambda: CharCount(quiet_seconds), "127.0.0.1", args.port, backlog=4096)
    print("asyncio-server listening on port %d" % server.sockets[0].getsockname()[1], flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()


if __name__ == "__main__":
    asyncio.run(main())
