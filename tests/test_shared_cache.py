"""Two gunicorn workers share one Redis page cache and one media bucket, as two machines would.

A scratch site (SQLite file, demo content, debug off) is served by gunicorn
with 2 workers, ``REDIS_URL`` pointing at the Redis on 127.0.0.1:6379 and
media in a bucket of moto's S3 server. Each answer names the worker that
gave it (tests/support/worker_wsgi.py), and every check repeats until both
workers have answered.
"""

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings

from cms.loadtest import form_fields, log_in
from tests.test_media_storage import png

REDIS = ("127.0.0.1", 6379)


def redis_is_running() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1) as probe:
            probe.sendall(b"PING\r\n")
            return probe.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def server(s3_bucket, tmp_path):
    if not redis_is_running():
        if os.environ.get("CI"):
            pytest.fail("Redis is not answering on 127.0.0.1:6379; .ci/run needs it.")
        pytest.skip("Redis is not running on 127.0.0.1:6379.")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    password = secrets.token_urlsafe(12)
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "CMS_SITE_URL": f"http://127.0.0.1:{port}/",
        "CMS_PAGE_CACHE_SECONDS": "300",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DJANGO_MEDIA_STORAGE": "s3",
        "DJANGO_MEDIA_BUCKET": s3_bucket,
        "DJANGO_SUPERUSER_PASSWORD": password,
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [*manage, "quickstart", "--no-serve"],
        cwd=settings.BASE_DIR, env=environment, check=True, capture_output=True,
    )  # fmt: skip
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tests.support.worker_wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--error-logfile", "-"],
        cwd=settings.BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(port, process)
        yield Site(base, port, password, environment, tmp_path)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()
    errors = [
        line
        for line in (tmp_path / "gunicorn.log").read_text().splitlines()
        if "Traceback" in line or "[ERROR]" in line
    ]
    assert not errors, errors


class Site:
    def __init__(self, base, port, password, environment, folder):
        self.base, self.port, self.password = base, port, password
        self.environment, self.folder = environment, folder

    def get(self, path: str) -> tuple[int, str, bytes]:
        """One request on a new connection, so either worker may take it."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers={"Connection": "close"})
            response = connection.getresponse()
            return response.status, response.getheader("X-Worker"), response.read()
        finally:
            connection.close()

    def from_every_worker(self, path: str, tries: int = 200) -> dict[str, bytes]:
        """The answer of each of the two workers to ``path`` (every answer must be a 200)."""
        answers: dict[str, list[bytes]] = {}
        for _ in range(tries):
            status, worker, body = self.get(path)
            assert status == 200, (path, status)
            answers.setdefault(worker, []).append(body)
            if len(answers) == 2 and min(map(len, answers.values())) >= 3:
                break
        assert len(answers) == 2, f"only worker {list(answers)} answered {tries} requests"
        return answers

    def manage(self, code: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=settings.BASE_DIR, env=self.environment, check=True, capture_output=True,
            text=True,
        )  # fmt: skip
        return done.stdout.strip()


def wait_until_up(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn stopped at start"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail("gunicorn did not start within 60 s")


def first_entry(site: Site) -> dict:
    _status, _worker, body = site.get("/api/v1/en/entries.json")
    return json.loads(body)["results"][0]


def test_an_edit_invalidates_the_cached_page_on_every_worker(server):
    entry = first_entry(server)
    path = "/" + entry["url"].split("/", 3)[3]
    status, _worker, body = server.get(path)
    assert status == 200 and entry["title"] in unescape(body.decode())
    marker = f"Quietly renamed {uuid.uuid4().hex[:8]}"
    # QuerySet.update sends no signal: a worker that renders now would show the marker.
    rename = f"Entry.objects.filter(pk={entry['id']}).update(title={marker!r})"
    server.manage(f"from cms.models import Entry; {rename}")
    for answers in server.from_every_worker(path).values():
        for answer in answers:
            text = unescape(answer.decode())
            assert entry["title"] in text and marker not in text

    editor = log_in(server.base, "editor", server.password)
    change = f"/admin/cms/entry/{entry['id']}/change/"
    _status, _location, page = editor.request("GET", change)
    new_title = f"Edited in the admin {uuid.uuid4().hex[:8]}"
    fields = [(k, new_title if k == "title" else v) for k, v in form_fields(page, "entry_form")]
    status, _location, page = editor.request("POST", change, fields + [("_save", "1")])
    assert status == 302, page[:2000]
    for answers in server.from_every_worker(path).values():
        for answer in answers:
            assert new_title in unescape(answer.decode())


def test_an_upload_is_served_by_every_worker_from_the_bucket(server):
    editor = log_in(server.base, "editor", server.password)
    image = png()
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="image"; '
            f'filename="figure.png"\r\nContent-Type: image/png\r\n\r\n'
        ).encode()
        + image
        + f"\r\n--{boundary}--\r\n".encode()
    )
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request(
        "POST",
        "/editor/upload/",
        body=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in editor.cookies.items()),
            "X-CSRFToken": editor.cookies["csrftoken"],
            "X-Requested-With": "XMLHttpRequest",
        },
    )
    response = connection.getresponse()
    answer = response.read()
    connection.close()
    assert response.status == 200, answer
    url = json.loads(answer)["image_code"].split("(", 1)[1].rstrip(")")
    assert url.startswith("/media/uploads/")
    assert not (Path(server.folder) / "media").exists()
    for answers in server.from_every_worker(url).values():
        assert all(served == answers[0] for served in answers)
        stored = answers[0]
        assert stored[:8] == b"\x89PNG\r\n\x1a\n"
