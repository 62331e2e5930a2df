"""A correct assignment-level submission with its own Dockerfile, run as a non-root user.

Written with asyncio's low-level Protocol API (callbacks and a timer, no streams). It listens
on every interface, as a server in a container usually must. A message ends at the client's
FIN or once no byte has come for QUIET_SECONDS after the first one; UTF-8 is decoded
incrementally, invalid bytes become U+FFFD and are counted; the reply ends with LF, and the
connection stays open until the client closes. SIGTERM stops it with exit code 0 (as PID 1
in a container it would otherwise be ignored).
"""

import asyncio
import codecs
import os
import signal

QUIET_SECONDS = 0.15
REPLY_PREFIX = "Jumlah karakter dalam kalimat tersebut adalah "


class CountProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.parts = []
        self.timer = None
        self.answered = False

    def data_received(self, data):
        if self.answered:
            return  # one message per connection: what comes after the reply is dropped
        self.parts.append(self.decoder.decode(data))
        if self.timer:
            self.timer.cancel()
        self.timer = asyncio.get_running_loop().call_later(QUIET_SECONDS, self.answer)

    def eof_received(self):
        self.answer()
        return False  # close once the reply is written

    def connection_lost(self, exc):
        if self.timer:
            self.timer.cancel()

    def answer(self):
        if self.answered:
            return
        self.answered = True
        self.parts.append(self.decoder.decode(b"", final=True))
        self.transport.write(f"{REPLY_PREFIX}{len(''.join(self.parts))}\n".encode())


async def main():
    port = int(os.environ.get("PORT") or 12345)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    server = await loop.create_server(CountProtocol, None, port)
    print(f"server.py: listening on port {port} (every interface)", flush=True)
    async with server:
        await stop.wait()


asyncio.run(main())
