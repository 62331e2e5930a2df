"""Fault: counts UTF-16 code units (what JavaScript's .length counts), so every character
outside the Basic Multilingual Plane (every emoji) counts 2. Otherwise threaded_server.py."""

from threaded_server import serve


def utf16_units(text):
    return len(text.encode("utf-16-le")) // 2


serve(count=utf16_units)
