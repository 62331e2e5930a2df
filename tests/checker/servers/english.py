"""Fault: replies in English ("The number of characters in that sentence is N"), with the
right count. Otherwise threaded_server.py as it is."""

from threaded_server import serve


def english_reply(count):
    return f"The number of characters in that sentence is {count}\n".encode()


serve(reply=english_reply)
