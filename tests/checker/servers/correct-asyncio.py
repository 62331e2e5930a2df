"""Correct at level assignment, written with asyncio streams: one coroutine per client.

A message ends at the client's FIN or once no byte has come for QUIET_SECONDS after the
first one; UTF-8 is decoded incrementally. The reply has no line ending and the server keeps
the connection open until the client closes, so the checker must take a reply that simply
stops (its quiet time). An invalid message is answered "ERROR invalid UTF-8, not counted".
asyncio.start_server sets SO_REUSEADDR on its own.
"""

import asyncio
import codecs
import os
import sys

QUIET_SECONDS = 0.15
REPLY_PREFIX = "Jumlah karakter dalam kalimat tersebut adalah "


async def read_message(reader):
    """The message as text, or None when it is not valid UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    parts = []
    valid = True
    timeout = None  # the first byte may take as long as the client likes
    while True:
        try:
            chunk = await asyncio.wait_for(reader.read(65536), timeout)
        except TimeoutError:
            break
        if not chunk:
            break
        timeout = QUIET_SECONDS
        if valid:
            try:
                parts.append(decoder.decode(chunk))
            except UnicodeDecodeError:
                valid = False
    if valid:
        try:
            parts.append(decoder.decode(b"", final=True))
        except UnicodeDecodeError:
            valid = False
    return "".join(parts) if valid else None


async def serve_client(reader, writer):
    try:
        text = await read_message(reader)
        reply = "ERROR invalid UTF-8, not counted" if text is None else f"{REPLY_PREFIX}{len(text)}"
        writer.write(reply.encode())
        await writer.drain()
        while await reader.read(65536):
            pass  # the client decides when the connection ends
        writer.close()
        await writer.wait_closed()
    except OSError:
        writer.close()  # reset: the checker ends every connection so


async def main():
    port = int(os.environ.get("PORT") or 12345)
    try:
        server = await asyncio.start_server(serve_client, "localhost", port)
    except OSError as error:
        sys.exit(f"correct-asyncio: cannot listen on localhost:{port}: {error.strerror}")
    print(f"correct-asyncio: listening on localhost:{port}", flush=True)
    async with server:
        await server.serve_forever()


try:
    asyncio.run(main())
except KeyboardInterrupt:
    pass
