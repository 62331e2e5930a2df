"""Fault: NFC-normalises the message before counting, so a decomposed e + U+0301 counts 1
instead of 2 ("cafe\u0301" gets 4, not 5). Otherwise threaded_server.py as it is."""

import unicodedata

from threaded_server import serve


def nfc_code_points(text):
    return len(unicodedata.normalize("NFC", text))


serve(count=nfc_code_points)
