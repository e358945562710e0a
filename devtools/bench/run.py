"""What ``manage.py bench`` measures, as plain functions the command and the tests call.

The benchmark answers the questions a team asks before it trusts the
export on every publish: how many pages per second a full export writes,
how much memory it needs, how long an incremental export takes after the
edits editors actually make (one entry changed, one added, a topic renamed),
and how fast the live site answers. Every figure comes from the real code
path (``export_site``, Django's request handler); nothing is simulated.
"""

import os
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from resource import RUSAGE_CHILDREN, RUSAGE_SELF, getrusage

from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from cms.export import export_site
from cms.models import Entry, Topic
from cms.search.static_index import build_static_index
from devtools.bench.report import BenchReport, ExportFigure, LatencyFigure

CACHED_SECONDS = 300
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def process_mb(pid: int) -> float:
    """Memory of one process in MiB, 0 when it is gone (Linux ``/proc``).

    The proportional set size where the kernel gives it: export workers are
    forked, and the pages they still share with the parent (the interpreter,
    Django, the code) are counted once across the tree rather than once per
    process, as summing resident sizes would. Resident size otherwise.
    """
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        fields = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return 0.0
    return int(fields[1]) * PAGE_SIZE / 2**20


def child_pids(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


@contextmanager
def peak_memory(interval: float = 0.05) -> Iterator[Callable[[], float | None]]:
    """Sample this process plus its worker processes; yields a function giving the peak in MiB.

    Returns None where ``/proc`` is missing (not Linux), rather than a made-up figure.
    """
    if not Path(f"/proc/{os.getpid()}/statm").exists():
        yield lambda: None
        return
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while True:
            me = os.getpid()
            total = process_mb(me) + sum(process_mb(child) for child in child_pids(me))
            peak = max(peak, total)
            if done.wait(interval):
                return

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield lambda: peak
    finally:
        done.set()
        sampler.join()


def timed_export(label: str, output: Path, **options) -> ExportFigure:
    """Run ``export_site`` once; fail loudly on broken links, which would make the figure a lie."""
    cpu = cpu_seconds()
    with peak_memory() as peak:
        result = export_site(output, **options)
    if not result.ok:
        raise RuntimeError(f"{label}: {len(result.broken)} broken links, the figure is void")
    pages = result.pages - result.redirects
    return ExportFigure(
        label,
        pages,
        result.rendered,
        result.reused,
        result.seconds,
        peak(),
        result.redirects,
        cpu_seconds() - cpu,
    )


def cpu_seconds() -> float:
    """User and system time of this process and of the children it has waited for."""
    own, children = (getrusage(who) for who in (RUSAGE_SELF, RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_search_index(output: Path) -> ExportFigure:
    """Build the Pagefind index over an existing export, as ``export`` does before its swap."""
    started = time.monotonic()
    with peak_memory() as peak:
        index = build_static_index(output)
    seconds = time.monotonic() - started
    return ExportFigure("search index (Pagefind)", index.pages, index.pages, 0, seconds, peak())


@contextmanager
def counted_queries() -> Iterator[list[str]]:
    """The statements run inside the block, whatever ``DEBUG`` says (Django's own query log
    is emptied at the start of every request, so it cannot count one)."""
    statements: list[str] = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield statements


def page_latency(label: str, path: str, requests: int = 200, cached: bool = False) -> LatencyFigure:
    """p50 and p95 of ``requests`` anonymous GETs after one warm-up, and the queries of one.

    Without ``cached`` the server-side page cache is off, so every request
    renders the page; with it, the warm-up fills the cache and the figures
    are those of a page served from it.
    """
    client = Client()
    with override_settings(CMS_PAGE_CACHE_SECONDS=CACHED_SECONDS if cached else 0):
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}, not 200")
        with counted_queries() as queries:
            client.get(path)
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(times, n=20)
    return LatencyFigure(label, path, requests, statistics.median(times), cuts[18], len(queries))


def edit_one_entry() -> None:
    entry = Entry.objects.published().filter(language="en").order_by("pk")[1]
    entry.title = f"{entry.title} (edited)"
    entry.save()


def add_one_entry() -> None:
    """A new English entry published after every other one, as an editor publishes."""
    source = Entry.objects.published().filter(language="en").order_by("-publish_at").first()
    newest = Entry.objects.published().order_by("-publish_at").first().publish_at
    added = Entry.objects.create(
        language="en",
        slug="bench-added",
        title="Added by the benchmark",
        summary=source.summary,
        body=source.body,
        status=source.status,
        publish_at=min(newest + timedelta(minutes=1), timezone.now()),
    )
    added.topics.set(source.topics.all())
    added.authors.set(source.authors.all())


def rename_one_topic() -> None:
    topic = Topic.objects.order_by("slug").first()
    topic.name = f"{topic.name} (renamed)"
    topic.save()


EDITS = (
    ("incremental, one entry edited", edit_one_entry),
    ("incremental, one entry added", add_one_entry),
    ("incremental, one topic renamed", rename_one_topic),
)


def run_benchmark(
    entries: int,
    jobs: int,
    scratch: Path,
    requests: int = 200,
    progress: Callable[[str], None] = print,
    hugo: str | None = None,
    fresh: bool = False,
) -> BenchReport:
    """Generate ``entries`` entries in the current (scratch) database and measure everything.

    With ``hugo`` (the path of its binary), the same public entries are also
    written as a Hugo site and Hugo is timed building it (``devtools.bench.hugo``).
    With ``fresh`` the edited, added and renamed cases each run the export
    command in a new process (``devtools.bench.process``) instead of in this one.
    """
    from devtools.sample import generate_content

    started = time.monotonic()
    generate_content(entries)
    report = BenchReport(entries, time.monotonic() - started)

    def record(figure) -> None:
        progress(f"{figure.label}: done")
        (report.exports if isinstance(figure, ExportFigure) else report.latency).append(figure)

    entry = Entry.objects.published().filter(language="en").order_by("pk")[1]
    record(page_latency("entry page", entry.get_absolute_url(), requests))
    record(page_latency("entry page, page cache", entry.get_absolute_url(), requests, cached=True))
    record(page_latency("list page (language home)", "/en/", requests))
    record(page_latency("API entry list", "/api/v1/en/entries.json", requests))

    output = scratch / "site"
    record(timed_export("full, --jobs 1", output))
    record(timed_export("incremental, nothing changed", output, incremental=True))
    for label, edit in EDITS:
        edit()
        if fresh:
            from devtools.bench.process import timed_fresh_export

            record(timed_fresh_export(f"{label}, fresh process", output))
        else:
            record(timed_export(label, output, incremental=True))
    record(timed_export(f"full, --jobs {jobs}", scratch / "parallel", jobs=jobs))
    record(timed_search_index(output))
    if hugo:
        from devtools.bench.hugo import timed_hugo

        report.hugo = timed_hugo(hugo, scratch / "hugo")
        progress(f"{report.hugo.label}: done")
    return report
