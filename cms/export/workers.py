"""Who renders the URLs the crawl hands out: this process, worker processes, or the last export.

``--jobs N`` forks N workers after closing every database connection, so
each worker opens its own; they inherit the export's settings overrides,
render with their own anonymous client and send back the finished bytes.
The parent keeps the frontier and does all writing, so the output does not
depend on which worker finished first. ``PreviousOutput`` serves pages from
the last export when nothing they could depend on has changed.
"""

import hashlib
import multiprocessing
import queue
from collections import deque
from functools import partial
from pathlib import Path

from django.db import connections

from cms.exceptions import ExportError
from cms.export.fetch import Rendered, Renderer
from cms.export.manifest import Manifest
from cms.export.paths import contained
from cms.export.target import ExportTarget

_worker_renderer: Renderer | None = None


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
    """Renders in ``jobs`` forked worker processes."""

    def __init__(self, jobs: int, target: ExportTarget, known_tables: set[str]) -> None:
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
        connections.close_all()
        context = multiprocessing.get_context("fork")
        self.pool = context.Pool(jobs, initializer=_start_worker, initargs=(target, known_tables))
        self.results: queue.SimpleQueue[Rendered] = queue.SimpleQueue()
        self.pending = 0
        self.limit = jobs * 4

    def has_room(self) -> bool:
        return self.pending < self.limit

    def submit(self, path: str) -> None:
        self.pending += 1
        self.pool.apply_async(
            _render_in_worker,
            (path,),
            callback=self.results.put,
            error_callback=partial(_failed, self.results, path),
        )

    def next(self) -> Rendered:
        result = self.results.get()
        self.pending -= 1
        return result

    def close(self) -> None:
        self.pool.terminate()
        self.pool.join()


def _start_worker(target: ExportTarget, known_tables: set[str]) -> None:
    global _worker_renderer
    _worker_renderer = Renderer(target, known_tables)


def _render_in_worker(path: str) -> Rendered:
    return _worker_renderer.render(path)


def _failed(results: queue.SimpleQueue, path: str, error: BaseException) -> None:
    results.put(Rendered(path, 500, error=f"{type(error).__name__}: {error}"))


class PreviousOutput:
    """Pages of the last export, served as they were; anything unknown is rendered."""

    def __init__(self, manifest: Manifest, root: Path, fallback: Renderer) -> None:
        self.manifest = manifest
        self.root = root
        self.fallback = fallback

    def render(self, path: str) -> Rendered:
        record = self.manifest.urls.get(path)
        if record is None or record.kind not in {"page", "redirect"}:
            return self.fallback.render(path)
        try:
            body = contained(self.root, record.path).read_bytes()
        except OSError:
            return self.fallback.render(path)
        if hashlib.sha256(body).hexdigest() != record.sha256:
            return self.fallback.render(path)
        return Rendered(
            path,
            record.status,
            body=body,
            links=tuple(record.links),
            reads=tuple(record.reads),
            redirect_to=record.source[5:] if record.source.startswith("view:") else "",
            from_previous=True,
        )
