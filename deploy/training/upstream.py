#!/usr/bin/env python3
"""A loopback upstream for training the image's AOT cache (deploy/local-image.sh): answers httpbin's GET /uuid and
TinyURL's legacy GET /api-create.php at once, a distinct link per call. Usage: upstream.py PORT. Not for measuring."""
import http.server
import itertools
import sys
import uuid

counter = itertools.count(1)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the service's pool keeps its connections, as against a real upstream

    def do_GET(self):
        if self.path == "/uuid":
            self.answer(200, "application/json", '{"uuid": "%s"}' % uuid.uuid4())
        elif self.path.startswith("/api-create.php"):
            self.answer(200, "text/plain", "https://tinyurl.com/train%d" % next(counter))
        else:
            self.answer(404, "text/plain", "not found")

    def answer(self, status, content_type, body):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
server.daemon_threads = True
server.request_queue_size = 1024
server.serve_forever()
