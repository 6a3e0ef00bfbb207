"""Running the registry service: uvicorn serving :func:`create_app`.

TLS is the service's own when ``tls_cert``/``tls_key`` are given (the office's server
certificate and key, PEM; stations pin it with ``--office-ca``). Without them the service
speaks plain HTTP and only on a loopback address, for a reverse proxy on the same machine
that terminates TLS (docs/registry-service.md shows both). Requests are signed either way;
TLS is what keeps them confidential and the answers (grants, the office's time) authentic.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from screeningroom.office.errors import OfficeBadInput
from screeningroom.office.service import ServiceConfig, create_app
from screeningroom.office.store import OfficeStore
from screeningroom_resources.i18n import _


@dataclass(frozen=True)
class Listen:
    host: str = "127.0.0.1"
    port: int = 8443
    tls_cert: Path | None = None
    tls_key: Path | None = None

    @property
    def scheme(self) -> str:
        return "https" if self.tls_cert else "http"

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_listen(listen: Listen) -> None:
    if (listen.tls_cert is None) != (listen.tls_key is None):
        raise OfficeBadInput(_("Give both --tls-cert and --tls-key, or neither."))
    for path in (listen.tls_cert, listen.tls_key):
        if path is not None and not Path(path).is_file():
            raise OfficeBadInput(_("No such file: {path}").format(path=path))
    if listen.tls_cert is None and not is_loopback(listen.host):
        raise OfficeBadInput(_(
            "Without TLS the service listens on a loopback address only (for a reverse proxy "
            "on this machine): give --tls-cert and --tls-key to listen on {host}.").format(
                host=listen.host))


def uvicorn_config(app: object, listen: Listen) -> uvicorn.Config:
    return uvicorn.Config(
        app, host=listen.host, port=listen.port, log_level="warning", access_log=False,
        ssl_certfile=str(listen.tls_cert) if listen.tls_cert else None,
        ssl_keyfile=str(listen.tls_key) if listen.tls_key else None,
        timeout_keep_alive=30, server_header=False, lifespan="on",
    )


def serve(store: OfficeStore, config: ServiceConfig, listen: Listen, *,
          threads: int = 32) -> None:
    """Serve until interrupted (SIGINT/SIGTERM end it cleanly)."""
    check_listen(listen)
    logging.basicConfig(level=logging.INFO, format="%(asctime)sZ %(levelname)s %(message)s")
    logging.Formatter.converter = time.gmtime
    uvicorn.Server(uvicorn_config(create_app(store, config, threads=threads), listen)).run()


@contextlib.contextmanager
def running(store: OfficeStore, config: ServiceConfig, listen: Listen) -> Iterator[str]:
    """The service on a thread of this process (tests, the demo); yields its base URL."""
    check_listen(listen)
    server = uvicorn.Server(uvicorn_config(create_app(store, config), listen))
    thread = threading.Thread(target=server.run, name="office-service", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise OfficeBadInput(_("The registry service did not start on {url}.").format(
                url=listen.url))
        time.sleep(0.02)
    try:
        yield listen.url
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def wait_until_listening(host: str, port: int, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


class ServiceProcess:
    """``screeningroom office serve`` in a process of its own (the reliability tests and
    benchmark kill it with SIGKILL); its output goes to ``log``."""

    def __init__(self, database: str, anchor: Path, port: int, log: Path, *,
                 pool_size: int = 16) -> None:
        self.args = [sys.executable, "-m", "screeningroom.cli", "office", "serve",
                     "--database", database, "--anchor", str(anchor), "--port", str(port),
                     "--pool-size", str(pool_size)]
        self.port = port
        self.log = Path(log)
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> ServiceProcess:
        with self.log.open("ab") as fh:
            self.proc = subprocess.Popen(self.args, stdout=fh, stderr=fh)
        if not wait_until_listening("127.0.0.1", self.port, timeout):
            self.stop()
            raise OfficeBadInput(_("The registry service did not start on {url}.").format(
                url=self.url))
        return self

    def kill9(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
