"""The static copy's search index: Pagefind run over an exported site folder.

Pagefind (``pagefind[extended]`` from PyPI ships the binary; the extended
build segments Chinese) reads the exported HTML, indexes only what is inside
``data-pagefind-body`` (the ``<main>`` of public entry pages, see
``templates/base.html``), takes the language from ``<html lang>`` (one index
per language) and the ``language`` and ``topic`` filters from the
``<meta data-pagefind-filter>`` tags of ``templates/cms/_search_meta.html``.
It writes ``<site>/pagefind/``, which ``static/cms/search.js`` loads on the
exported search pages (``<site>/<lang>/search/index.html``).
"""

import json
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cms.exceptions import ExportError

BUNDLE_DIR = "pagefind"
BODY_MARKER = b"data-pagefind-body"


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


def has_indexable_pages(site: Path) -> bool:
    """Pagefind would index every whole page if no page marked its body; we never want that."""
    return any(BODY_MARKER in path.read_bytes() for path in site.rglob("*.html"))


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
    if not has_indexable_pages(site):
        return StaticIndexResult(site, 0, seconds=time.monotonic() - started)
    executable = pagefind_executable()
    if executable is None:
        raise ExportError(
            "The pagefind binary was not found: pip install 'pagefind[extended]', "
            "or set PAGEFIND_BINARY_PATH, or export with --no-search."
        )
    command = [str(executable), "--site", str(site), "--output-subdir", BUNDLE_DIR]
    output = run(command, progress)
    entry_file = bundle / "pagefind-entry.json"
    if not entry_file.is_file():
        raise ExportError("Pagefind wrote no index:\n" + "\n".join(output[-15:]))
    languages = {
        code: info.get("page_count", 0)
        for code, info in json.loads(entry_file.read_text(encoding="utf-8"))["languages"].items()
    }
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
