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
import socket
import uuid
from html import unescape

import pytest

from devtools.loadtest.client import form_fields, log_in
from devtools.loadtest.server import ScratchSite
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
    site = ScratchSite.create(
        tmp_path,
        CMS_PAGE_CACHE_SECONDS="300",
        REDIS_URL="redis://127.0.0.1:6379/0",
        DJANGO_MEDIA_STORAGE="s3",
        DJANGO_MEDIA_BUCKET=s3_bucket,
    )
    site.prepare()
    with site.serving(workers=2, wsgi="tests.support.worker_wsgi"):
        yield Site(site)
    assert not site.server_errors(), site.server_errors()


class Site:
    def __init__(self, scratch: ScratchSite):
        self.scratch = scratch
        self.base, self.port, self.password = scratch.base_url, scratch.port, scratch.password

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
        return self.scratch.manage("shell", "-c", code).strip()


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
    assert not (server.scratch.folder / "media").exists()
    for answers in server.from_every_worker(url).values():
        assert all(served == answers[0] for served in answers)
        stored = answers[0]
        assert stored[:8] == b"\x89PNG\r\n\x1a\n"
