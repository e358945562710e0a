"""Who renders the URLs the crawl hands out: this process, worker processes, or the last export.

``--jobs N`` forks N workers after closing every database connection, so
each worker opens its own; they inherit the export's settings overrides,
render with their own anonymous client and write each page into the build
themselves (``Staging.place_page``), ``BATCH_SIZE`` URLs to a task so the
pool's pipes and threads are not paid for every page. They send back what
they placed, not the bytes; the parent keeps the frontier, the records, the
journal and the known-files record, and writes the static and media files.
Each URL has its own file, so the output does not depend on which worker
finished first. ``ReusingExecutor`` serves pages
of the last export whose inputs' digest (``cms.export.loaded``) is the same
now, and hands the others to one of the above.
"""

import gc
import multiprocessing
import queue
from collections import deque
from datetime import datetime
from functools import partial
from pathlib import Path

from django.db import connections

from cms.exceptions import ExportError
from cms.export.fetch import Rendered, Renderer, describe_error
from cms.export.loaded import LoadedSite
from cms.export.manifest import Manifest, Record
from cms.export.paths import url_to_path
from cms.export.target import ExportTarget
from cms.export.writer import Staging

BATCH_SIZE = 32
_worker_renderer: Renderer | None = None
_loaded_for_workers: LoadedSite | None = None
_staging_for_workers: Staging | None = None


class SerialExecutor:
    """Renders in this process, one URL at a time."""

    def __init__(self, source) -> None:
        self.source = source
        self.waiting: deque[str] = deque()

    @property
    def pending(self) -> int:
        return len(self.waiting)

    def has_room(self) -> bool:
        return not self.waiting

    def submit(self, path: str) -> None:
        self.waiting.append(path)

    def next(self) -> Rendered:
        return self.source.render(self.waiting.popleft())

    def close(self) -> None:
        pass


class PoolExecutor:
    """Renders in ``jobs`` forked worker processes.

    What many pages share (cards, API summaries, input digests) is built
    first (``LoadedSite.warm``), so the workers inherit one copy instead of
    each building its own; not for an export that reuses the last one's
    pages, which renders few. What the parent holds is then frozen
    (``gc.freeze``), so the workers' collections leave it alone and the
    memory pages holding it stay shared instead of being copied into each
    worker (``docs/benchmarks.md``); ``close`` unfreezes it. Until the crawl
    has taken every answer, the build may hold files the parent has not
    noted (``Staging.blind``). A URL submitted
    joins the batch being filled, which is sent when full or when ``next``
    would otherwise wait with it unsent.
    """

    def __init__(
        self,
        jobs: int,
        target: ExportTarget,
        instant: datetime,
        loaded: LoadedSite,
        staging: Staging,
        *,
        warm: bool = True,
    ) -> None:
        if "fork" not in multiprocessing.get_all_start_methods():
            raise ExportError("--jobs needs a system that can fork processes; use --jobs 1.")
        for connection in connections.all():
            if connection.in_atomic_block:
                raise ExportError(
                    "--jobs cannot be used inside a database transaction: worker processes "
                    "would not see its data. Use --jobs 1."
                )
            if connection.vendor == "sqlite" and connection.is_in_memory_db():
                raise ExportError(
                    "--jobs needs a database that worker processes can open; an in-memory "
                    "SQLite database cannot be shared. Use --jobs 1."
                )
        if warm:
            loaded.warm()
        connections.close_all()
        global _loaded_for_workers, _staging_for_workers
        _loaded_for_workers = loaded  # inherited by the forked workers, not pickled
        _staging_for_workers = staging
        staging.blind = True
        gc.freeze()
        context = multiprocessing.get_context("fork")
        self.pool = context.Pool(jobs, initializer=_start_worker, initargs=(target, instant))
        self.results: queue.SimpleQueue[list[Rendered]] = queue.SimpleQueue()
        self.ready: deque[Rendered] = deque()
        self.batch: list[str] = []
        self.pending = 0
        self.in_flight = 0
        self.limit = jobs * 4

    def has_room(self) -> bool:
        return self.in_flight < self.limit

    def submit(self, path: str) -> None:
        self.pending += 1
        self.batch.append(path)
        if len(self.batch) >= BATCH_SIZE:
            self.send()

    def send(self) -> None:
        paths, self.batch = self.batch, []
        self.in_flight += 1
        self.pool.apply_async(
            _render_batch,
            (paths,),
            callback=self.results.put,
            error_callback=partial(_failed, self.results, paths),
        )

    def next(self) -> Rendered:
        if not self.ready:
            if self.batch:
                self.send()
            self.ready.extend(self.results.get())
            self.in_flight -= 1
        self.pending -= 1
        return self.ready.popleft()

    def close(self) -> None:
        self.pool.terminate()
        self.pool.join()
        gc.unfreeze()


def _start_worker(target: ExportTarget, instant: datetime) -> None:
    """The live manifest is an SQLite connection of the parent, which a forked process must not
    use: a worker writes a page whose bytes the build lacks instead of linking the live file."""
    global _worker_renderer
    _staging_for_workers.live = None
    _worker_renderer = Renderer(target, instant, _loaded_for_workers)


def _render_batch(paths: list[str]) -> list[Rendered]:
    return [placed(_staging_for_workers, _worker_renderer.render(path)) for path in paths]


def placed(staging: Staging, result: Rendered) -> Rendered:
    """``result`` with its bytes written into the build (unless broken), and without them."""
    if result.error or result.problem:
        return result
    try:
        relative = url_to_path(result.path)
        result.placed = staging.place_page(result.path, relative, result.body, result.sha256)
    except OSError as error:
        result.error = describe_error(error)
    result.body = b""
    return result


def _failed(results: queue.SimpleQueue, paths: list[str], error: BaseException) -> None:
    results.put([Rendered(path, 500, error=f"{type(error).__name__}: {error}") for path in paths])


class PreviousOutput:
    """Pages of the last export whose inputs did not change, served as they were.

    A page is reused when the manifest recorded a digest of its inputs and
    ``loaded`` gives the same digest now (a page without one, such as a URL
    of ``CMS_EXPORT_EXTRA_URLS``, is rendered every time). Their files are
    not read: where the build (started from the standby) already holds their
    bytes, they stay; otherwise the known-files record vouches for the
    previous output's file, or it is hashed, and the crawl hard-links it into
    the build.
    """

    def __init__(self, manifest: Manifest, root: Path, staging: Staging, loaded: LoadedSite):
        self.manifest = manifest
        self.root = root
        self.staging = staging
        self.loaded = loaded

    def lookup(self, path: str) -> Rendered | None:
        """The page as last exported, or None when it must be rendered again."""
        record = self.manifest.urls.get(path)
        if record is None or record.kind not in {"page", "redirect"} or record.inputs is None:
            return None
        inputs, reads = self.loaded.inputs(path)
        if inputs != record.inputs or not self.holds(record):
            return None
        return Rendered(
            path,
            record.status,
            links=tuple(record.links),
            inputs=record.inputs,
            reads=reads,
            redirect_to=record.source[5:] if record.source.startswith("view:") else "",
            from_previous=True,
            sha256=record.sha256,
            size=record.size,
        )

    def holds(self, record: Record) -> bool:
        """Whether the build or the previous output still has this record's bytes."""
        if self.staging.keeps(record.path, record.sha256):
            return True
        return self.staging.known.find(self.root, record.path, record.sha256) is not None


class ReusingExecutor:
    """Takes unchanged pages from the last export and renders the rest with ``inner``."""

    def __init__(self, previous: PreviousOutput, inner) -> None:
        self.previous = previous
        self.inner = inner
        self.ready: deque[Rendered] = deque()

    @property
    def pending(self) -> int:
        return len(self.ready) + self.inner.pending

    def has_room(self) -> bool:
        return self.inner.has_room()

    def submit(self, path: str) -> None:
        found = self.previous.lookup(path)
        if found is None:
            self.inner.submit(path)
        else:
            self.ready.append(found)

    def next(self) -> Rendered:
        return self.ready.popleft() if self.ready else self.inner.next()

    def close(self) -> None:
        self.inner.close()
