"""Fault: counts the message's UTF-8 bytes, not its code points (the len(data) mistake);
"caf\u00e9" gets 5 instead of 4. Otherwise threaded_server.py as it is."""

from threaded_server import serve


def utf8_bytes(text):
    return len(text.encode("utf-8"))


serve(count=utf8_bytes)
