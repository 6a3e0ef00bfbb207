"""A throwaway PostgreSQL cluster on this machine: ``initdb`` into a folder, ``pg_ctl`` on a
loopback port and a private socket folder, torn down after.

The tests, the registry benchmark and the demo start one; production offices run their
own PostgreSQL and give the service a ``postgresql://`` URL. The server binaries are found
on ``$PATH`` or under ``/usr/lib/postgresql/*/bin`` (Debian's ``postgresql`` package).

``initdb`` refuses to run as root, so when this process is root the cluster runs as the
``postgres`` system user (or ``nobody`` when there is none), through ``runuser``; as an
ordinary user it runs as that user.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from screeningroom.office.errors import LocalPostgresFailed
from screeningroom_resources.i18n import _

_TOOLS = ("initdb", "pg_ctl", "postgres")


def find_bin_dir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl`` (the newest Debian version first)."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit()
                        else 0, reverse=True)
    for folder in candidates:
        if all((Path(folder) / tool).is_file() for tool in _TOOLS):
            return Path(folder)
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_user() -> str | None:
    """The system user to run the server as when we are root (None: run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise LocalPostgresFailed(_("PostgreSQL cannot run as root and this machine has neither "
                                "a 'postgres' nor a 'nobody' user."))


@dataclass
class LocalPostgres:
    """One cluster. ``start()`` creates and starts it; ``destroy()`` stops it and removes its
    folder. ``durable=False`` turns off fsync (for fast tests; never for figures of loss)."""

    durable: bool = True
    port: int = 0
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="srpg-")))
    bin_dir: Path | None = None
    user: str | None = None
    superuser: str = "postgres"

    def __post_init__(self) -> None:
        self.bin_dir = self.bin_dir or find_bin_dir()
        if self.bin_dir is None:
            raise LocalPostgresFailed(_(
                "PostgreSQL's server programs (initdb, pg_ctl) were not found: install "
                "Debian's postgresql package (bash installer/bootstrap.sh does)."))
        self.user = self.user if self.user is not None else _run_user()
        self.port = self.port or free_port()

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    @property
    def log_file(self) -> Path:
        return self.folder / "server.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.superuser}@127.0.0.1:{self.port}/{database}"

    # --- running the tools ----------------------------------------------------------

    def _command(self, tool: str, *args: str) -> list[str]:
        command = [str(self.bin_dir / tool), *args]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        return command

    def _run(self, tool: str, *args: str, timeout: float = 120.0) -> None:
        try:
            done = subprocess.run(self._command(tool, *args), capture_output=True, text=True,
                                  timeout=timeout, cwd=self.folder, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise LocalPostgresFailed(f"{tool}: {exc}") from exc
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
            log = self.log_file.read_text(errors="replace").splitlines()[-5:] \
                if self.log_file.exists() else []
            raise LocalPostgresFailed(f"{tool}: " + " | ".join(tail + log))

    def _own(self, path: Path) -> None:
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    # --- life cycle -----------------------------------------------------------------

    def start(self) -> LocalPostgres:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._own(self.folder)
        if not (self.data_dir / "PG_VERSION").exists():
            self._run("initdb", "-D", str(self.data_dir), "-U", self.superuser,
                      "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync")
            self._configure()
        self._run("pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_file), "-w",
                  "-t", "60", "start")
        self._wait_ready()
        return self

    def _configure(self) -> None:
        lines = [
            "listen_addresses = '127.0.0.1'",
            f"port = {self.port}",
            f"unix_socket_directories = '{self.folder}'",
            "max_connections = 200",
            "shared_buffers = 64MB",
        ]
        if not self.durable:
            lines += ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]
        conf = self.data_dir / "postgresql.conf"
        with conf.open("a", encoding="utf-8") as fh:
            fh.write("\n# screeningroom local cluster\n" + "\n".join(lines) + "\n")

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1.0):
                    return
            except OSError:
                time.sleep(0.05)
        raise LocalPostgresFailed(_("PostgreSQL did not accept connections on port {port}.")
                                  .format(port=self.port))

    def stop(self, mode: str = "fast") -> None:
        """``fast`` (clean) or ``immediate`` (like a crash: recovery replays the WAL)."""
        if (self.data_dir / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", mode, "-w", "-t", "60", "stop")

    def restart(self, mode: str = "immediate") -> None:
        self.stop(mode)
        self.start()

    def create_database(self, name: str) -> str:
        """A new empty database; its URL."""
        import psycopg

        if not re.fullmatch(r"[a-z][a-z0-9_]{0,62}", name):
            raise LocalPostgresFailed(f"not a database name: {name!r}")
        with psycopg.connect(self.url(), autocommit=True) as conn:
            try:  # a plain file copy of the small template (PostgreSQL 15 logs it otherwise)
                conn.execute(f'CREATE DATABASE "{name}" STRATEGY = FILE_COPY')
            except psycopg.errors.SyntaxError:
                conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        if not re.fullmatch(r"[a-z][a-z0-9_]{0,62}", name):
            raise LocalPostgresFailed(f"not a database name: {name!r}")
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def destroy(self) -> None:
        try:
            self.stop("immediate")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> LocalPostgres:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.destroy()
