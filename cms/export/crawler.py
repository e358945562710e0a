"""The crawl: start from the seeds, follow every same-site link, write what answers.

The frontier lives in this process; rendering happens in an executor (this
process, or worker processes with ``--jobs``). Static and media files are
copied here as soon as a page references them. Every URL that answers other
than 200 (and the 404 page other than 404), every same-site link with a
query string, every link into the admin and every URL that cannot be a file
is collected as broken, with the pages that link to it.
"""

import hashlib
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path

from cms.exceptions import ExportError
from cms.export.carry import previous_files, unsure_pages
from cms.export.fetch import REDIRECT_CODES, Rendered
from cms.export.links import process
from cms.export.manifest import Manifest, Record, shared
from cms.export.paths import UnsafePathError, collision_key, url_to_path
from cms.export.static import MissingFile, SourceFile, file_digest, find_source
from cms.export.target import ExportTarget
from cms.export.writer import Staging

Progress = Callable[[int, int, str], None]


class Crawl:
    def __init__(
        self, target: ExportTarget, staging: Staging, *, progress: Progress | None = None
    ) -> None:
        self.target = target
        self.staging = staging
        self.progress = progress
        self.records: dict[str, Record] = {}
        self.broken: dict[str, str] = {}
        self.seen: set[str] = set()
        self.queue: deque[str] = deque()
        self.files: dict[str, str] = {}
        self.claimed: dict[str, str] = {}
        self.rendered = 0
        self.reused = 0
        self.unchanged = 0
        self.carried: Manifest | None = None
        self.again: set[str] = set()

    def run(self, seeds: list[str], executor) -> None:
        for seed in seeds:
            self.discover(seed)
        while self.queue or executor.pending:
            while self.queue and executor.has_room():
                executor.submit(self.queue.popleft())
            self.accept(executor.next())
        self.staging.blind = False

    def carry(self, previous: Manifest, render_again: list[str], gone: Iterable[str] = ()) -> None:
        """Keep the previous export's pages as they were, but those in ``render_again``
        and those ``gone`` from the site, which are dropped (``cms.export.placement``).

        Their records stay in the manifest (``cms.export.carry``) and are not
        read, but for those whose bytes the build may lack (the standby's
        pending paths, or every page when the standby was not trusted): those
        are linked from the previous output, or rendered again when their
        bytes are in neither. Every static and media file of the last export
        is copied afresh, as in any export.
        """
        self.carried = previous
        self.again = set(render_again)
        gone = set(gone)
        pending = self.staging.unknown if self.staging.trusted else None
        for url, record in unsure_pages(previous, pending):
            if url in self.again or url in gone:
                continue
            placed = self.staging.reuse(url, record.path, record.sha256)
            if placed is None:
                self.again.add(url)
            else:
                self.staging.note(record.path, record.sha256, placed)
        for url in [*sorted(self.again), *previous_files(previous)]:
            self.discover(url)
        self.again |= gone

    def discover(self, link: str) -> None:
        if link in self.seen:
            return
        self.seen.add(link)
        if self.carried is not None and link not in self.again and self.carried.is_page(link):
            return
        path, _mark, query = link.partition("?")
        if query:
            self.broken[link] = "has a query string, which a static file cannot answer"
        elif self.target.is_excluded(path):
            self.broken[link] = "is not part of the public site (admin or editor)"
        elif (kind := self.target.file_root(path)) is not None:
            self.copy_file(path, kind)
        else:
            try:
                self.files[path] = url_to_path(path)
            except UnsafePathError as error:
                self.broken[link] = f"cannot be written as a file: {error}"
                return
            self.queue.append(path)

    def accept(self, result: Rendered) -> None:
        if result.error:
            raise ExportError(
                f"Rendering {result.path} raised {result.error.splitlines()[0]} The previous "
                f"output was left as it was; fix the view and export again.\n\n{result.error}"
            )
        if problem := result.problem:
            self.broken[result.path] = problem
            return
        kind = "redirect" if result.status in REDIRECT_CODES else "page"
        if result.from_previous:
            self.reused += 1
        else:
            self.rendered += 1
        relative = self.claim(result.path)
        placed = result.placed
        if placed is None and result.from_previous:
            placed = self.staging.reuse(result.path, relative, result.sha256)
            if placed is None:
                raise ExportError(
                    f"The file of {result.path} in {self.staging.output} changed while the export "
                    "was running; the previous output was left as it was. Export again."
                )
        elif placed is None:
            placed = self.staging.place_page(result.path, relative, result.body, result.sha256)
        self.staging.note(relative, result.sha256, placed)
        self.unchanged += not result.from_previous and placed.unchanged
        share = list if result.from_previous else shared  # a reused record's strings are shared
        self.records[result.path] = Record(
            relative,
            kind,
            result.status,
            result.sha256,
            result.size,
            share(result.links),
            result.inputs,
            source=f"view:{result.redirect_to}" if result.redirect_to else "view",
            reads=None if result.reads is None else shared(result.reads),
        )
        self.finish(result.path, result.links)

    def copy_file(self, path: str, kind: str) -> None:
        try:
            source = find_source(path, kind, self.target)
        except (MissingFile, UnsafePathError) as error:
            self.broken[path] = str(error)
            return
        relative = self.claim(path)
        links: tuple[str, ...] = ()
        if source.is_css:
            original = source.source.read_bytes()
            processed = process(original, "text/css; charset=utf-8", path, self.target)
            links = processed.links
            sha256, size = hashlib.sha256(processed.body).hexdigest(), len(processed.body)
            if self.staging.keeps(relative, sha256):
                pass
            elif processed.body == original:
                self.staging.link(relative, source.source, sha256)
            else:
                self.staging.write(relative, processed.body, sha256)
        else:
            sha256, size = self.place(relative, source)
        prefix = self.target.static_prefix if kind == "static" else self.target.media_prefix
        inner = path[len(prefix) :]
        self.records[path] = Record(
            relative, kind, 200, sha256, size, list(links), source=f"{kind}:{inner}"
        )
        self.finish(path, links)

    def place(self, relative: str, source: SourceFile) -> tuple[str, int]:
        sha256, size = file_digest(source.source)
        if not self.staging.keeps(relative, sha256):
            if source.kind == "static":
                self.staging.link(relative, source.source)
            else:
                self.staging.copy(relative, source.source)
            placed = Path(self.staging.tree.path(relative))
            sha256, size = file_digest(placed)
            self.staging.known.remember(placed, sha256)
        return sha256, size

    def finish(self, path: str, links: tuple[str, ...]) -> None:
        seen = self.seen
        for link in links:
            if link not in seen:
                self.discover(link)
        if self.progress is not None:
            self.progress(len(self.records) + len(self.broken), len(self.seen), path)

    def claim(self, path: str) -> str:
        """The file for ``path``, failing at once if another URL already owns its name."""
        relative = self.files.pop(path, None) or url_to_path(path)
        key = collision_key(relative)
        owner = self.claimed.setdefault(key, path)
        if owner != path:
            raise ExportError(
                f"{owner} and {path} would both be written to {relative} on a case-insensitive "
                "or Unicode-normalising file system; rename one of them and export again."
            )
        return relative

    def listing(self) -> dict[str, tuple[str, int]]:
        return {url: (record.path, record.size) for url, record in self.records.items()}

    def referrers(self, link: str) -> list[str]:
        return sorted(url for url, record in self.records.items() if link in record.links)
