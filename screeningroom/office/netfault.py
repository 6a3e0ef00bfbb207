"""A loopback TCP relay that can cut the network: how the tests and the reliability
benchmark put a real network failure between a station and the service.

``Relay(upstream_port)`` listens on 127.0.0.1 and forwards each connection to the upstream
port. :meth:`Relay.cut` with ``"refuse"`` closes every open connection and stops listening
(connections are refused); with ``"blackhole"`` it keeps accepting but forwards nothing
(requests time out). :meth:`Relay.restore` heals it. Loopback only.
"""

from __future__ import annotations

import contextlib
import socket
import threading

from screeningroom.office.localpg import free_port


class Relay:
    def __init__(self, upstream_port: int, *, port: int = 0) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.port = port or free_port()
        self.mode = "open"
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._closed = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Relay:
        self._listen()
        return self

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _addr = listener.accept()
            except OSError:
                return
            if self.mode == "blackhole":
                self._track(client)
                continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            self._track(client)
            self._track(upstream)
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data or self.mode != "open":
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def _drop_all(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def cut(self, mode: str = "refuse") -> None:
        if mode not in ("refuse", "blackhole"):
            raise ValueError(mode)
        self.mode = mode
        self._drop_all()
        if mode == "refuse" and self._listener is not None:
            self._listener.close()
            self._listener = None

    def restore(self) -> None:
        self._drop_all()
        self.mode = "open"
        if self._listener is None:
            self._listen()

    def close(self) -> None:
        self.cut("refuse")

    def __enter__(self) -> Relay:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
