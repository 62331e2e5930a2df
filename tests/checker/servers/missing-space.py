"""Fault: no space between the reply's last word and the count ("...adalah10"), with the
right count. Otherwise threaded_server.py as it is."""

from threaded_server import REPLY_PREFIX, serve


def reply_without_space(count):
    return f"{REPLY_PREFIX.rstrip()}{count}\n".encode()


serve(reply=reply_without_space)
