"""Fetching from the arXiv API: by id and by query, paced, retried, against a local stand-in."""

import io
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cms.exceptions import ImportFailed
from cms.importers.arxiv import import_arxiv_ids, import_arxiv_query
from cms.importers.arxiv_client import ArxivClient
from cms.models import Entry

pytestmark = pytest.mark.django_db


def atom(*entries: str, total: int | None = None) -> bytes:
    count = len(entries) if total is None else total
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom">'
        f"<opensearch:totalResults>{count}</opensearch:totalResults>" + "".join(entries) + "</feed>"
    ).encode()


def paper(number: str, published: str = "2026-12-02T00:00:00Z") -> str:
    return (
        f"<entry><id>http://arxiv.org/abs/{number}v1</id><published>{published}</published>"
        f"<updated>{published}</updated><title>Paper {number}</title>"
        "<summary>An abstract.</summary><author><name>A. Author</name></author>"
        '<arxiv:primary_category term="cs.CL"/><category term="cs.CL"/></entry>'
    )


class StandIn:
    """A local arXiv API: answers queued responses in order and records each request."""

    def __init__(self) -> None:
        self.responses: list[tuple[int, bytes, dict]] = []
        self.requests: list[dict[str, list[str]]] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                stand_in.requests.append(parse_qs(urlsplit(self.path).query))
                status, body, headers = stand_in.responses.pop(0)
                self.send_response(status)
                for name, value in {"Content-Type": "application/atom+xml", **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/query"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, body: bytes, status: int = 200, **headers) -> None:
        self.responses.append((status, body, headers))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class FakeClock:
    """Time that passes only when the client sleeps, so pacing is tested without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []
        self.calls_at: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


@pytest.fixture
def arxiv(settings):
    stand_in = StandIn()
    settings.CMS_ARXIV_API_URL = stand_in.url
    settings.CMS_ARXIV_DELAY_SECONDS = 0
    yield stand_in
    stand_in.close()


@pytest.fixture
def clock():
    return FakeClock()


def client(arxiv, clock, **options) -> ArxivClient:
    return ArxivClient(arxiv.url, clock=clock.clock, sleep=clock.sleep, **options)


def test_ids_are_fetched_and_imported(arxiv, clock):
    arxiv.answer(atom(paper("2612.00001"), paper("2612.00002")))
    result = import_arxiv_ids(["2612.00001", "2612.00002"], client=client(arxiv, clock))
    assert result.created == 2
    assert arxiv.requests == [{"id_list": ["2612.00001,2612.00002"], "max_results": ["2"]}]
    assert Entry.objects.get(paper__arxiv_id="2612.00001").title == "Paper 2612.00001"


def test_id_arxiv_does_not_have_is_reported(arxiv, clock):
    arxiv.answer(atom(paper("2612.00001")))
    result = import_arxiv_ids(["2612.00001", "2612.99999"], client=client(arxiv, clock))
    assert [(i.label, i.detail) for i in result.skipped] == [
        ("arXiv 2612.99999", "the arXiv API has no paper with this id")
    ]


def test_calls_are_paced_one_every_three_seconds(arxiv, clock):
    for _ in range(3):
        arxiv.answer(atom(paper("2612.00001")))
    paced = client(arxiv, clock, delay=3.0)
    for _ in range(3):
        paced.get({"id_list": "2612.00001"})
    assert clock.sleeps == [3.0, 3.0]


def test_time_already_passed_counts_towards_the_pace(arxiv, clock):
    arxiv.answer(atom())
    arxiv.answer(atom())
    paced = client(arxiv, clock, delay=3.0)
    paced.get({"id_list": "1"})
    clock.now += 2.0  # the caller spent two seconds on the answer
    paced.get({"id_list": "2"})
    assert clock.sleeps == [1.0]


def test_busy_answer_is_retried_after_the_wait_the_server_asks(arxiv, clock):
    arxiv.answer(b"busy", status=503, **{"Retry-After": "10"})
    arxiv.answer(b"busy", status=503)
    arxiv.answer(atom(paper("2612.00001")))
    result = import_arxiv_ids(["2612.00001"], client=client(arxiv, clock, delay=3.0))
    assert result.created == 1
    assert len(arxiv.requests) == 3
    assert clock.sleeps == [10.0, 12.0]  # Retry-After, then twice the doubled pace


def test_still_busy_after_the_last_retry_is_a_clear_error_and_saves_nothing(arxiv, clock):
    for _ in range(3):
        arxiv.answer(b"busy", status=503)
    with pytest.raises(ImportFailed) as caught:
        import_arxiv_ids(["2612.00001"], client=client(arxiv, clock, retries=2))
    assert str(caught.value).endswith(
        "the arXiv API answered 503 Service Unavailable after 3 tries."
    )
    assert Entry.objects.count() == 0


def test_query_pages_through_results_newest_first_down_to_since(arxiv, clock):
    page = [paper(f"2612.0000{n}", f"2026-12-0{9 - n}T00:00:00Z") for n in range(1, 3)]
    arxiv.answer(atom(*page, total=5))
    arxiv.answer(
        atom(
            paper("2612.00003", "2026-12-05T00:00:00Z"),
            paper("2611.00004", "2026-11-30T00:00:00Z"),
            total=5,
        )
    )
    since = datetime(2026, 12, 1, tzinfo=UTC)
    result = import_arxiv_query(
        "cat:cs.CL", since=since, client=client(arxiv, clock, page_size=2), limit=4
    )
    assert result.created == 3
    assert [r["start"] for r in arxiv.requests] == [["0"], ["2"]]
    assert arxiv.requests[0]["search_query"] == ["cat:cs.CL"]
    assert arxiv.requests[0]["sortBy"] == ["submittedDate"]
    assert not Entry.objects.filter(paper__arxiv_id="2611.00004").exists()


def test_command_imports_ids_from_the_configured_address(arxiv):
    arxiv.answer(b"busy", status=503)
    arxiv.answer(atom(paper("1706.03762")))
    out = io.StringIO()
    call_command("import_arxiv", "--id", "1706.03762", "--id", "arXiv:1706.03762v5", stdout=out)
    assert out.getvalue().endswith(
        "arXiv ids 1706.03762, 1706.03762v5: imported 1 created, 0 updated, 0 unchanged, "
        "0 skipped; 1 new topic.\n"
    )
    assert arxiv.requests[-1]["id_list"] == ["1706.03762,1706.03762v5"]


def test_command_refuses_an_id_that_is_not_one(arxiv):
    with pytest.raises(CommandError, match="--id '1706' is not an arXiv id"):
        call_command("import_arxiv", "--id", "1706")
    assert arxiv.requests == []


def test_command_wants_exactly_one_source(arxiv):
    with pytest.raises(CommandError, match="Give one of: a FILE, --id ID"):
        call_command("import_arxiv")


def test_redirect_to_another_host_is_refused(arxiv, clock):
    arxiv.answer(b"", status=302, Location="http://localhost:9/private")
    with pytest.raises(ImportFailed, match="redirected to http://localhost:9/private; refused"):
        import_arxiv_ids(["2612.00001"], client=client(arxiv, clock))


def test_address_that_is_not_http_is_refused(clock):
    with pytest.raises(ImportFailed, match="'file:///etc/passwd' is not an http"):
        ArxivClient("file:///etc/passwd", clock=clock.clock, sleep=clock.sleep).get({})


def test_query_cut_by_the_limit_says_so_in_the_report(arxiv, clock):
    arxiv.answer(atom(paper("2612.00001"), paper("2612.00002"), total=9))
    result = import_arxiv_query("cat:cs.CL", client=client(arxiv, clock, page_size=2), limit=2)
    assert [i.detail for i in result.skipped] == [
        "stopped after 2 papers; more match the query (raise --max)"
    ]
