"""A correct assignment-level submission bound to 'localhost', as the assignment's code is:
inside a container it can be reached only from that container's own network namespace.

Written with socketserver.ThreadingTCPServer (a thread per client). A message ends at the
client's FIN or once no byte has come for QUIET_SECONDS after the first one; UTF-8 is decoded
incrementally and invalid bytes are dropped (errors="ignore"). The reply ends with CRLF, and
then socketserver closes the connection. No SIGTERM handler: as a container's PID 1 it
ignores SIGTERM, like most submissions, and has to be killed.
"""

import codecs
import os
import socketserver

QUIET_SECONDS = 0.15


class CountHandler(socketserver.BaseRequestHandler):
    def handle(self):
        decoder = codecs.getincrementaldecoder("utf-8")("ignore")
        text = ""
        try:
            while True:
                try:
                    data = self.request.recv(4096)
                except TimeoutError:
                    break
                if not data:
                    break
                text += decoder.decode(data)
                self.request.settimeout(QUIET_SECONDS)
            text += decoder.decode(b"", final=True)
            reply = "Jumlah karakter dalam kalimat tersebut adalah " + str(len(text)) + "\r\n"
            self.request.sendall(reply.encode())
        except OSError:
            pass  # the client reset the connection


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


port = int(os.environ.get("PORT") or 12345)
with Server(("localhost", port), CountHandler) as server:
    print("server.py: listening on localhost:" + str(port), flush=True)
    server.serve_forever()
