#!/usr/bin/env python3
"""net::HttpServer end to end, against tests/net/http_test_server.cpp on 127.0.0.1:

- 1,100 connections opened and left idle: another client is still answered within a second,
  each of them is answered when it asks, and all are closed after the idle timeout;
- a slow client (a header byte a second) does not hold up others and is cut at the timeout;
- SIGTERM during a request: the request completes, the server exits 0.

    test_http_server.py PATH/TO/jwtool_http_test_server
Loopback only, bounded in time (about 10 s; 60 s at most).
"""
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time

IDLE_TIMEOUT = 4  # seconds, given to the server (room for a sanitizer build on a loaded machine)
IDLE_CONNECTIONS = 1100

failures = []
passed = 0


def check(name, condition, detail=""):
    global passed
    if condition:
        passed += 1
    else:
        failures.append(name)
        print(f"FAIL: {name} {detail}", file=sys.stderr)


class Server:
    def __init__(self, binary):
        self.process = subprocess.Popen([binary, "0", str(IDLE_TIMEOUT)], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("port "):
            raise SystemExit(f"http_test_server did not start: {line!r} {self.process.stderr.read()}")
        self.port = int(line.split()[1])
        self.log = []
        self.reader = threading.Thread(target=self._read_log, daemon=True)
        self.reader.start()

    def _read_log(self):
        for line in self.process.stderr:
            self.log.append(line.rstrip("\n"))

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=20)
        self.reader.join(timeout=5)
        return code


def connect(port):
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def read_response(sock):
    """Status and body of one response (with Content-Length), or (0, b"") if the connection ends."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            return 0, b""
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = sock.recv(4096)
        if not chunk:
            return 0, b""
        rest += chunk
    return status, rest[:length]


def get(port, path="/"):
    """A fresh connection, one GET: status, body, seconds taken."""
    started = time.monotonic()
    with connect(port) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: t\r\n\r\n".encode())
        status, body = read_response(sock)
    return status, body, time.monotonic() - started


def closed_by_server(sock, within):
    """True when the server closes (EOF or reset) within `within` seconds."""
    sock.settimeout(within)
    try:
        return sock.recv(1) == b""
    except socket.timeout:
        return False
    except ConnectionResetError:
        return True


def idle_connections(server):
    idle = [connect(server.port) for _ in range(IDLE_CONNECTIONS)]
    slowest = 0.0
    statuses = set()
    for _ in range(10):
        status, _, seconds = get(server.port)
        statuses.add(status)
        slowest = max(slowest, seconds)
    check("idle: another client is answered", statuses == {200}, statuses)
    check("idle: within a second", slowest < 1.0, f"slowest {slowest:.3f} s")
    # Every idle connection was accepted: each is answered when it asks (on the same socket).
    for sock in idle:
        sock.sendall(b"GET /idle HTTP/1.1\r\nHost: t\r\n\r\n")
    answered = sum(1 for sock in idle if read_response(sock)[0] == 200)
    check(f"idle: all {IDLE_CONNECTIONS} connections answered", answered == IDLE_CONNECTIONS, answered)
    # Then idle again (keep-alive): closed by the server after the idle timeout, not before.
    asked = time.monotonic()
    check("idle: still open before the timeout", not closed_by_server(idle[0], IDLE_TIMEOUT - 1.5))
    deadline = asked + IDLE_TIMEOUT + 2
    closed = sum(1 for sock in idle if closed_by_server(sock, max(0.01, deadline - time.monotonic())))
    check("idle: all closed after the idle timeout", closed == IDLE_CONNECTIONS, closed)
    check("idle: not long after it", time.monotonic() - asked < IDLE_TIMEOUT + 2)
    for sock in idle:
        sock.close()


def slow_client(server):
    sock = connect(server.port)
    request = b"GET /slowly HTTP/1.1\r\nHost: t\r\nX-Slow: " + b"s" * 100
    started = time.monotonic()
    result = {}

    def drip():
        try:
            for byte in request:
                sock.sendall(bytes([byte]))
                if closed_by_server(sock, 1.0):
                    result["closed"] = time.monotonic() - started
                    return
        except OSError:
            result["closed"] = time.monotonic() - started

    dripper = threading.Thread(target=drip)
    dripper.start()
    slowest = 0.0
    while dripper.is_alive() and time.monotonic() - started < IDLE_TIMEOUT + 3:
        status, _, seconds = get(server.port)
        check("slow: others answered meanwhile", status == 200, status)
        slowest = max(slowest, seconds)
        time.sleep(0.2)
    dripper.join(timeout=10)
    sock.close()
    closed = result.get("closed")
    check("slow: others answered within a second", slowest < 1.0, f"slowest {slowest:.3f} s")
    check("slow: the slow client is closed", closed is not None)
    if closed is not None:
        check("slow: at the idle timeout", IDLE_TIMEOUT - 0.5 <= closed <= IDLE_TIMEOUT + 1.5, f"{closed:.2f} s")
    check("slow: never reached the handler", not any('"path":"/slowly"' in line for line in server.log))


def sigterm_in_flight(server):
    sock = connect(server.port)
    sock.sendall(b"GET /slow?1500 HTTP/1.1\r\nHost: t\r\n\r\n")
    time.sleep(0.4)
    signalled = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    status, body = read_response(sock)
    check("sigterm: the request in flight completes", (status, body) == (200, b"slow done\n"), (status, body))
    check("sigterm: not cut short", time.monotonic() - signalled >= 0.8)
    sock.close()
    code = server.stop()
    check("sigterm: exit 0", code == 0, code)
    check("sigterm: logged", any('"path":"/slow","status":200' in line for line in server.log), server.log[-3:])
    check("sigterm: stopped", server.log[-1:] == ["http_test_server: stopped"], server.log[-2:])
    check("sigterm: nothing listens", connect_refused(server.port))


def connect_refused(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return False
    except ConnectionRefusedError:
        return True


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = IDLE_CONNECTIONS + 200
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))
    server = Server(sys.argv[1])
    try:
        idle_connections(server)
        slow_client(server)
        sigterm_in_flight(server)
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()
    lines = [line for line in server.log if line.startswith("{")]
    check("log: one line per answered request", len(lines) >= IDLE_CONNECTIONS + 10, len(lines))
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
