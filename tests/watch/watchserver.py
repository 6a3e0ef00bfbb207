"""A local HTTP server for the watch tests (loopback only), started and stopped by the tests.

Each path is served by a :class:`Route` (or a callable returning one for the request):
status, headers, a body or a file, and the misbehaviours a real server shows — a wait
before answering, a body cut short, Range requests, ETag/Last-Modified validators, a
redirect, an endless body, a sequence of answers (a 429 then a 200). Every request is
recorded (path and headers) so a test can say what was asked.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import httpx

#: the name test sites go by (RFC 2606 reserves .example); connections go to loopback
SITE_HOST = "films.example"


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    file: Path | None = None
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0             # seconds before the answer
    truncate_at: int | None = None  # close after this many body bytes (full length announced)
    ranges: bool = True            # honour Range requests
    etag: str | None = None        # answer 304 to a matching If-None-Match
    last_modified: float | None = None  # epoch seconds; 304 to If-Modified-Since
    location: str | None = None    # a redirect target
    endless: int | None = None     # stream this many zero bytes, chunked, no length
    announce: int | None = None    # the Content-Length to announce (a lie, for huge files)
    sequence: list[Route] | None = None  # answers in turn; the last one repeats
    served: int = 0

    def data(self) -> bytes:
        return self.file.read_bytes() if self.file is not None else self.body


@dataclass(frozen=True)
class Hit:
    path: str
    headers: dict[str, str]


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route | Callable[[str], Route]] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server._serve(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                        daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def site(self, path: str) -> str:
        """``path`` on a site with a real-looking name, served here (see
        :class:`LoopbackTransport`)."""
        return f"http://{SITE_HOST}:{self.port}{path}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def hits_of(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.path == path or h.path.startswith(path + "?")]

    # --- serving ----------------------------------------------------------------------------

    def _route(self, full_path: str) -> Route | None:
        path = urlsplit(full_path).path
        route = self.routes.get(full_path) or self.routes.get(path)
        if callable(route) and not isinstance(route, Route):
            route = route(full_path)
        if route is not None and route.sequence:
            with self._lock:
                step = route.sequence[min(route.served, len(route.sequence) - 1)]
                route.served += 1
            return step
        return route

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        headers = {k.lower(): v for k, v in h.headers.items()}
        with self._lock:
            self.hits.append(Hit(h.path, headers))
        route = self._route(h.path)
        if route is None:
            self._plain(h, 404, b"not found")
            return
        if route.delay:
            time.sleep(route.delay)
        if route.location is not None:
            h.send_response(route.status if route.status in (301, 302, 303, 307, 308) else 302)
            h.send_header("Location", route.location)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        if route.etag is not None and headers.get("if-none-match") == route.etag:
            self._not_modified(h, route)
            return
        if route.last_modified is not None and headers.get("if-modified-since") == formatdate(
                route.last_modified, usegmt=True):
            self._not_modified(h, route)
            return
        if route.endless is not None:
            self._endless(h, route)
            return
        data = route.data()
        start = 0
        status = route.status
        wanted = headers.get("range", "")
        if route.ranges and status == 200 and wanted.startswith("bytes="):
            first = wanted[6:].split("-")[0]
            if_range = headers.get("if-range")
            if first.isdigit() and (if_range is None or if_range == route.etag):
                start = int(first)
                if start >= len(data):
                    h.send_response(416)
                    h.send_header("Content-Range", f"bytes */{len(data)}")
                    h.send_header("Content-Length", "0")
                    h.end_headers()
                    return
                status = 206
        body = data[start:]
        h.send_response(status)
        h.send_header("Content-Type", route.content_type)
        h.send_header("Content-Length", str(route.announce or len(body)))
        if status == 206:
            h.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        if route.ranges:
            h.send_header("Accept-Ranges", "bytes")
        if route.etag is not None:
            h.send_header("ETag", route.etag)
        if route.last_modified is not None:
            h.send_header("Last-Modified", formatdate(route.last_modified, usegmt=True))
        for name, value in route.headers.items():
            h.send_header(name, value)
        h.end_headers()
        if route.truncate_at is not None and start < route.truncate_at:
            h.wfile.write(body[: route.truncate_at - start])
            h.wfile.flush()
            h.close_connection = True
            return
        try:
            h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            h.close_connection = True

    @staticmethod
    def _plain(h: BaseHTTPRequestHandler, status: int, body: bytes) -> None:
        h.send_response(status)
        h.send_header("Content-Type", "text/plain")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    @staticmethod
    def _not_modified(h: BaseHTTPRequestHandler, route: Route) -> None:
        h.send_response(304)
        if route.etag is not None:
            h.send_header("ETag", route.etag)
        h.send_header("Content-Length", "0")
        h.end_headers()

    @staticmethod
    def _endless(h: BaseHTTPRequestHandler, route: Route) -> None:
        h.send_response(route.status)
        h.send_header("Content-Type", route.content_type)
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        chunk = b"\x00\x00\x00\x18ftypisom" + bytes(65536 - 12)
        sent = 0
        try:
            while sent < (route.endless or 0):
                h.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                sent += len(chunk)
            h.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        h.close_connection = True


class LoopbackTransport(httpx.BaseTransport):
    """Sends every request to 127.0.0.1 (the Host header keeps the name asked for), so a
    test site can have a name like ``films.example`` and still never leave the machine."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(host="127.0.0.1")
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()
