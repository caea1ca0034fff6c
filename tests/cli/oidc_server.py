#!/usr/bin/env python3
"""A small HTTPS server on a loopback port for tests/cli/test_oidc.sh (standard library only).

Usage: oidc_server.py DOCROOT CERT KEY PORT_FILE LOG

Serves DOCROOT/PATH for GET PATH. Beside a file, PATH.status holds another status code and
PATH.headers extra header lines ("Name: value"); when those give an ETag and the request's
If-None-Match equals it, the answer is 304 without a body. Special paths: /hang never answers
(the connection stays open), /big sends 1,100,000 bytes with Content-Length, /big-chunked the same
without it (the body ends when the connection closes). Each request is appended to LOG as
"PATH IF-NONE-MATCH" ("-" when absent), so the test counts requests per path. The port it bound
is written to PORT_FILE once it listens.
"""
import http.server
import os
import ssl
import sys
import threading
import time

DOCROOT, CERT, KEY, PORT_FILE, LOG = sys.argv[1:6]
LOCK = threading.Lock()


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        inm = self.headers.get("If-None-Match")
        with LOCK, open(LOG, "a") as log:
            log.write("%s %s\n" % (path, inm or "-"))
        if path == "/hang":
            time.sleep(45)
            return
        if path in ("/big", "/big-chunked"):
            body = b"x" * 1_100_000
            if path == "/big":
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
            else:
                self.protocol_version = "HTTP/1.0"
                self.send_response(200)
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
            try:
                self.wfile.write(body)
            except OSError:
                pass
            return
        file = os.path.normpath(os.path.join(DOCROOT, path.lstrip("/")))
        body = read(file) if file.startswith(DOCROOT) and os.path.isfile(file) else None
        status = read(file + ".status")
        headers = (read(file + ".headers") or b"").decode().splitlines()
        code = int(status) if status else (200 if body is not None else 404)
        etag = next((h.split(":", 1)[1].strip() for h in headers if h.lower().startswith("etag:")), None)
        if code == 200 and etag is not None and inm == etag:
            code, body = 304, b""
        body = body or b""
        self.send_response(code)
        for header in headers:
            name, value = header.split(":", 1)
            self.send_header(name.strip(), value.strip())
        if code != 304:
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if code != 304:
            self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(CERT, KEY)
server.socket = context.wrap_socket(server.socket, server_side=True)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
