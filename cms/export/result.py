"""What an export did, for the command's summary line and for callers that check it."""

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class BrokenLink:
    """An internal URL that did not answer as it should, and the pages that link to it."""

    url: str
    reason: str
    referrers: tuple[str, ...] = ()

    def describe(self, limit: int = 5) -> str:
        if not self.referrers:
            source = "a start URL"
        else:
            shown = ", ".join(self.referrers[:limit])
            more = len(self.referrers) - limit
            source = shown + (f" and {more} more" if more > 0 else "")
        return f"{self.url} {self.reason} (linked from {source})"


@dataclass
class ExportResult:
    output_dir: Path
    pages: int = 0
    redirects: int = 0  # of ``pages``, how many are redirect pages (old URLs), not content
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    rendered: int = 0
    reused: int = 0
    unchanged: int = 0
    planned: bool = False  # the pages to render came from the change journal (``planner``)
    broken: list[BrokenLink] = field(default_factory=list)
    published: bool = False

    @property
    def ok(self) -> bool:
        return not self.broken

    def summary(self) -> str:
        size = _size(self.bytes)
        text = (
            f"Exported {self.pages} pages and {self.files} files ({size}) in "
            f"{self.seconds:.1f} s: {self.rendered} rendered, {self.reused} reused"
        )
        if self.unchanged:
            text += f", {self.unchanged} unchanged"
        if self.planned:
            text += " (planned from the change journal)"
        if self.published:
            text += f"; written to {self.output_dir}."
        else:
            text += f"; {self.output_dir} was left as it was."
        if self.broken:
            text += f" {len(self.broken)} broken internal links."
        return text


def _size(count: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024
    return f"{count} bytes"
