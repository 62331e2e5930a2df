"""threaded_server.py as it is, started by the Dockerfile with SIGTERM ignored."""

from threaded_server import serve

serve()
