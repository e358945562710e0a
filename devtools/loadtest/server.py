"""A scratch copy of the demo site served by gunicorn, for the load test and multi-worker tests.

Never touches the project's database: a folder gets its own SQLite file,
static and media folders, production settings (debug off, a fresh secret
key) and the demo content (``quickstart --no-serve``); gunicorn serves it on
a free port of 127.0.0.1 until the ``serving`` block ends.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

#: Where manage.py is: the scratch site runs the checkout's own code.
CHECKOUT = Path(__file__).resolve().parents[2]


class ScratchSiteError(Exception):
    """The scratch site could not be prepared or did not start; the message says why."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class ScratchSite:
    folder: Path
    port: int
    password: str  # of every demo account (admin, author, translator, editor)
    environment: dict[str, str]

    @classmethod
    def create(cls, folder: Path, **settings: str) -> ScratchSite:
        """A site in ``folder`` on a free port; ``settings`` add or replace environment values."""
        port = free_port()
        password = secrets.token_urlsafe(16)
        environment = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "DJANGO_STATIC_ROOT": str(folder / "static"),
            "DJANGO_MEDIA_ROOT": str(folder / "media"),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "CMS_SITE_URL": f"http://127.0.0.1:{port}/",
            "DJANGO_SUPERUSER_PASSWORD": password,
            **settings,
        }
        return cls(folder, port, password, environment)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.folder / "gunicorn.log"

    def manage(self, *arguments: str) -> str:
        """Run ``manage.py`` with the site's settings; its output, or ``ScratchSiteError``."""
        command = [sys.executable, "manage.py", *arguments]
        done = subprocess.run(
            command, cwd=CHECKOUT, env=self.environment, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise ScratchSiteError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def prepare(self) -> None:
        """Migrate, load the demo content and create the demo accounts."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.manage("quickstart", "--no-serve")

    @contextmanager
    def serving(self, *, workers: int = 2, wsgi: str = "site_project.wsgi") -> Iterator[None]:
        """gunicorn with ``workers`` on the site's port, stopped (SIGTERM) when the block ends."""
        command = [
            sys.executable, "-m", "gunicorn", wsgi, "--workers", str(workers),
            "--bind", f"127.0.0.1:{self.port}", "--access-logfile", "-", "--error-logfile", "-",
        ]  # fmt: skip
        with self.log.open("w") as output:
            server = subprocess.Popen(
                command, cwd=CHECKOUT, env=self.environment, stdout=output, stderr=subprocess.STDOUT
            )
            try:
                self._wait_until_up(server)
                yield
            finally:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()

    def _wait_until_up(self, server: subprocess.Popen) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise ScratchSiteError(f"gunicorn stopped at start:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/en/", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise ScratchSiteError(f"gunicorn did not answer within 60 s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def server_errors(self) -> list[str]:
        """Tracebacks, 5xx answers and error lines gunicorn logged."""
        return [
            line
            for line in self.log.read_text(errors="replace").splitlines()
            if "Traceback" in line or '" 5' in line or "[ERROR]" in line
        ]
