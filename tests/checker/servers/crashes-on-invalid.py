"""Fault: decodes strictly, and the UnicodeDecodeError of an invalid message ends the whole
process with its traceback and exit code 1 (as the classic server's decode() does). Split
characters are still fine: the decoding is incremental. Otherwise threaded_server.py."""

import functools
import os
import sys
import threading

from threaded_server import read_message, serve


def exit_with_traceback(hook_args):
    sys.__excepthook__(hook_args.exc_type, hook_args.exc_value, hook_args.exc_traceback)
    sys.stderr.flush()
    os._exit(1)


# An exception in a client's thread would otherwise end only that thread.
threading.excepthook = exit_with_traceback
serve(read=functools.partial(read_message, errors="strict"))
