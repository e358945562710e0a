"""``manage.py loadtest``: gunicorn with 2 workers on 127.0.0.1, readers and editors, nothing lost.

Never touches the project's database: a scratch folder gets a fresh SQLite
database with the demo content (``quickstart --no-serve``), production
settings (debug off) and a gunicorn of its own on a free port. The load
(``cms.loadtest``) runs for a fixed time or number of requests, whichever
comes first. The command fails when any request failed, any successful save
is missing afterwards, or the server logged an error.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.loadtest import report, run_load


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Command(BaseCommand):
    help = (
        "Start gunicorn (2 workers) on a scratch copy of the demo site and mix page, feed and "
        "API reads with admin saves; report errors, lost saves and latency percentiles."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=20, help="Run time (default 20).")
        parser.add_argument(
            "--requests", type=int, default=5000, help="Stop after this many requests."
        )
        parser.add_argument("--readers", type=int, default=4, help="Reader threads (default 4).")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2).")
        parser.add_argument("--workdir", help="Scratch folder (default: a new temporary folder).")
        parser.add_argument("--keep", action="store_true", help="Keep the scratch folder.")

    def handle(self, *args, **options):
        workdir = Path(options["workdir"] or tempfile.mkdtemp(prefix="digest-loadtest-"))
        workdir.mkdir(parents=True, exist_ok=True)
        port = free_port()
        password = secrets.token_urlsafe(16)
        environment = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
            "DJANGO_STATIC_ROOT": str(workdir / "static"),
            "DJANGO_MEDIA_ROOT": str(workdir / "media"),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "CMS_SITE_URL": f"http://127.0.0.1:{port}/",
            "CMS_API_ANON_RATE": "1000000/minute",
            "DJANGO_SUPERUSER_PASSWORD": password,
        }
        server = None
        log = workdir / "gunicorn.log"
        try:
            self.step("Preparing a scratch site with the demo content", options)
            self.run([sys.executable, "manage.py", "quickstart", "--no-serve"], environment)
            self.step(f"Starting gunicorn with {options['workers']} workers on {port}", options)
            with log.open("w") as output:
                server = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "site_project.wsgi",
                        "--workers",
                        str(options["workers"]),
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--access-logfile",
                        "-",
                        "--error-logfile",
                        "-",
                    ],  # fmt: skip
                    cwd=settings.BASE_DIR,
                    env=environment,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            base_url = f"http://127.0.0.1:{port}"
            self.wait_until_up(base_url, server, log)
            self.step(
                f"Load for {options['seconds']:g} s or {options['requests']} requests", options
            )
            stats = run_load(
                base_url,
                editors=[("editor", password), ("admin", password)],
                seconds=options["seconds"],
                max_requests=options["requests"],
                readers=options["readers"],
            )
        finally:
            if server is not None:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
        server_errors = [
            line
            for line in log.read_text(errors="replace").splitlines()
            if "Traceback" in line or '" 5' in line or "[ERROR]" in line
        ]
        for line in report(stats):
            self.stdout.write(line)
        for line in server_errors[:20]:
            self.stdout.write(f"server: {line}")
        if not options["keep"] and not options["workdir"]:
            shutil.rmtree(workdir, ignore_errors=True)
        if stats.errors or stats.lost or stats.stale or server_errors or not stats.saved:
            raise CommandError("The load test failed: see the errors above.")

    def step(self, message: str, options) -> None:
        if options["verbosity"] >= 1:
            self.stdout.write(f"{message}…")

    def run(self, command: list[str], environment: dict[str, str]) -> None:
        done = subprocess.run(
            command, cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise CommandError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")

    def wait_until_up(self, base_url: str, server: subprocess.Popen, log: Path) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(f"gunicorn stopped at start:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base_url}/en/", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise CommandError(f"gunicorn did not answer within 60 s:\n{log.read_text()[-3000:]}")
