"""Never runs: the build of this submission is stopped first."""

from threaded_server import serve

serve()
