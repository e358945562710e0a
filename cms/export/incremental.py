"""What the previous export lets this one reuse, decided conservatively.

The export is a function of the code, the settings, the rows the loaded
pages show and the clock. When the code or the settings changed (or the
options that shape the bytes), nothing is reused: every page is rendered
again, and files whose bytes did not change are hard-linked from the
previous output, which keeps their inode and mtime for rsync-style deploys.
Otherwise a page is reused when the digest of its inputs is the one the
manifest recorded (``cms.export.loaded``). Static and media files are always
copied afresh.
"""

from dataclasses import dataclass

from cms.exceptions import ExportError
from cms.export.fingerprint import (
    code_fingerprint,
    read_tables,
    settings_fingerprint,
    table_digests,
)
from cms.export.journal import JournalPosition, changes_since
from cms.export.loaded import READS
from cms.export.manifest import Manifest


@dataclass(frozen=True)
class State:
    """Digests of everything the exported bytes can depend on, taken at one moment."""

    code: str
    settings: str
    tables: dict[str, str]
    rows: dict[str, dict[str, str]]

    @classmethod
    def take(cls, rows: bool = True) -> "State":
        """Everything, or (``rows=False``) the code and settings only, for a planned export."""
        digests, rows = read_tables(READS) if rows else ({}, {})
        return cls(
            code=code_fingerprint(),
            settings=settings_fingerprint(),
            tables=digests,
            rows=rows,
        )

    @property
    def fingerprint(self) -> dict[str, str]:
        return {"code": self.code, "settings": self.settings}


def can_reuse(previous: Manifest | None, options: dict, state: State) -> bool:
    """Whether any page of ``previous`` may be reused: same options, code and settings."""
    if previous is None or previous.options != options:
        return False
    return all(
        previous.fingerprint.get(part) == getattr(state, part) for part in ("code", "settings")
    )


def check_unchanged(before: State, position: JournalPosition | None = None) -> None:
    """Fail when a table the pages show changed while exporting.

    The pages are rendered from rows loaded after ``before`` was taken, and
    the next ``--incremental`` export trusts their digests: a row saved in
    between would leave a page whose bytes do not match its digest. A
    planned export (no rows digested) asks the journal instead.
    """
    if before.tables:
        after = table_digests(before.tables)
        changed = sorted(t for t, digest in after.items() if before.tables[t] != digest)
    else:
        changes = changes_since(position) if position is not None else None
        changed = ["the change journal"] if changes is None else sorted({t for t, _k in changes})
    if changed:
        raise ExportError(
            "The content changed while the export was running "
            f"({', '.join(changed)}), so the pages may not agree "
            "with each other. The previous output was left as it was; export again."
        )
