"""The static copy's search index: Pagefind over one small document per exported entry.

The exported pages are not indexed as they are: their chrome (navigation, the
translation line, the paper box) would fill the excerpts, and Pagefind's own
word analysis finds other entries than the live search (see
``cms.search.static_terms``). Instead, for every public entry whose page the export
wrote, a document in a temporary folder holds what the live index searches: the
body text as content, the title, summary, date, topics, source and URL as
metadata (search.js cuts its snippets from the summary and body, as the live
search does), the language as a filter, and the live index's tokens as words
of their own (``cms.search.static_terms``). Nothing else is a filter: Pagefind
writes a filter's values in a different order on every run, so each would
change the bundle, and a publish would upload it again with no content change.
Pagefind (``pagefind[extended]`` from PyPI ships the binary) indexes that folder
into ``<site>/pagefind/``, one index per language, which ``static/cms/search.js``
loads on the exported search pages.
"""

import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.html import escape

from cms.exceptions import ExportError
from cms.search.documents import source_text, topic_names
from cms.search.static_terms import token_words
from cms.search.text import html_to_text

BUNDLE_DIR = "pagefind"


@dataclass(frozen=True)
class StaticIndexResult:
    site_dir: Path
    pages: int
    languages: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def bundle_dir(self) -> Path | None:
        """``<site>/pagefind/``, or ``None`` when there was nothing to index."""
        return self.site_dir / BUNDLE_DIR if self.pages else None

    def summary(self) -> str:
        if not self.pages:
            return "Search index: no public entries, nothing to index."
        languages = ", ".join(f"{code} {count}" for code, count in sorted(self.languages.items()))
        return (
            f"Search index: {self.pages} pages ({languages}) in {self.seconds:.1f}s, "
            f"written to {BUNDLE_DIR}/."
        )


def pagefind_executable() -> Path | None:
    """The binary the ``pagefind`` package finds (``PAGEFIND_BINARY_PATH`` overrides it)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    return get_executable()


def exported_entries(site: Path) -> Iterator:
    """The public entries (``cms.publishing``'s rule) whose page is in the exported ``site``."""
    from cms.models import Entry

    for entry in (
        Entry.objects.published()
        .select_related("paper")
        .prefetch_related("topics")
        .order_by("id")
        .iterator(chunk_size=500)
    ):
        if (site / entry.get_absolute_url().strip("/") / "index.html").is_file():
            yield entry


def _meta(name: str, value: str, kind: str = "meta") -> str:
    return f'<meta data-pagefind-{kind}="{escape(name)}[content]" content="{escape(value)}">'


def search_document(entry) -> str:
    """The HTML Pagefind indexes for ``entry``: the live index's fields, no page chrome."""
    topics = list(entry.topics.all())
    body_text = html_to_text(entry.body_html)
    source = source_text(entry)
    names = topic_names(topics)
    head = [
        _meta("url", entry.get_absolute_url()),
        _meta("title", entry.title),
        _meta("summary", entry.summary),
        _meta("date", date_label(entry)),
        _meta("topics", " ".join(names)),
        _meta("source", source),
        _meta("tags", "\n".join(topic.name_in(entry.language) for topic in topics)),
        _meta("language", entry.language, "filter"),
    ]
    texts = [entry.title, entry.summary, " ".join(names), source, body_text]
    words = " ".join(token_words(texts))
    content = body_text or entry.summary or entry.title
    return (
        f'<!doctype html><html lang="{escape(entry.language)}"><head><title>'
        f"{escape(entry.title)}</title>{''.join(head)}</head><body><main data-pagefind-body>"
        f"<p>{escape(content)}</p><p>{words}</p></main></body></html>"
    )


def date_label(entry) -> str:
    from django.utils import formats, translation

    with translation.override(entry.language):
        return formats.date_format(entry.publish_at, "DATE_FORMAT")


def build_static_index(
    site_dir: str | Path, *, progress: Callable[[str], None] | None = None
) -> StaticIndexResult:
    """Index the exported site in ``site_dir`` with Pagefind, replacing ``<site>/pagefind/``.

    ``progress`` receives Pagefind's output line by line. Raises
    ``ExportError`` when the folder is missing, the binary is not installed
    or Pagefind fails.
    """
    started = time.monotonic()
    site = Path(site_dir)
    if not site.is_dir():
        raise ExportError(f"{site} is not a folder; export the site before indexing it.")
    bundle = site / BUNDLE_DIR
    if bundle.exists():
        shutil.rmtree(bundle)
    with tempfile.TemporaryDirectory(prefix="search-documents-") as folder:
        documents = Path(folder)
        count = 0
        for entry in exported_entries(site):
            path = documents / entry.language / f"{entry.pk}.html"
            path.parent.mkdir(exist_ok=True)
            path.write_text(search_document(entry), encoding="utf-8")
            count += 1
        if not count:
            return StaticIndexResult(site, 0, seconds=time.monotonic() - started)
        executable = pagefind_executable()
        if executable is None:
            raise ExportError(
                "The pagefind binary was not found: pip install 'pagefind[extended]', "
                "or set PAGEFIND_BINARY_PATH, or export with --no-search."
            )
        command = [str(executable), "--site", folder, "--output-path", str(bundle.resolve())]
        output = run(command, progress)
    entry_file = bundle / "pagefind-entry.json"
    if not entry_file.is_file():
        raise ExportError("Pagefind wrote no index:\n" + "\n".join(output[-15:]))
    # Pagefind lists the languages in a different order on every run; sorted, the
    # same entries give the same bundle.
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    entry_file.write_text(
        json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
        encoding="utf-8",
    )
    languages = {code: info.get("page_count", 0) for code, info in entry["languages"].items()}
    return StaticIndexResult(
        site, sum(languages.values()), languages, seconds=time.monotonic() - started
    )


def run(command: list[str], progress: Callable[[str], None] | None) -> list[str]:
    """Run Pagefind, passing each output line on; its whole output, if it fails, in the error."""
    lines = []
    try:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
    except OSError as error:
        raise ExportError(f"Could not run Pagefind ({command[0]}): {error}") from error
    with process:
        for line in process.stdout:
            line = line.rstrip()
            lines.append(line)
            if progress and line:
                progress(line)
    if process.returncode != 0:
        raise ExportError(
            f"Pagefind failed with exit status {process.returncode}:\n" + "\n".join(lines[-15:])
        )
    return lines
