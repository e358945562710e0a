"""When the previous export may be reused, decided conservatively.

The export is a function of the code, the settings, the rows the views
read and which entries are public now. If all of those have the same
digests as in the previous manifest (and it had no broken links, and the
options match), every page of the previous output is what a full render
would produce, so its files are reused after checking their hashes.
Otherwise every page is rendered again; files whose bytes did not change are
hard-linked from the previous output, which keeps their inode and mtime for
rsync-style deploys. Static and media files are always copied afresh.

Per-page reuse (render only what an edit touched) is left for later: every
page here reads the entries table, so it would save little until the
manifest records rows rather than tables.
"""

from dataclasses import dataclass

from cms.exceptions import ExportError
from cms.export.fingerprint import (
    all_tables,
    code_fingerprint,
    public_digest,
    settings_fingerprint,
    table_digests,
)
from cms.export.manifest import Manifest


@dataclass(frozen=True)
class State:
    """Digests of everything the exported bytes can depend on, taken at one moment."""

    code: str
    settings: str
    public: str
    tables: dict[str, str]

    @classmethod
    def take(cls, tables: list[str] | None = None) -> "State":
        return cls(
            code=code_fingerprint(),
            settings=settings_fingerprint(),
            public=public_digest(),
            tables=table_digests(all_tables() if tables is None else tables),
        )

    @property
    def fingerprint(self) -> dict[str, str]:
        return {"code": self.code, "settings": self.settings, "public": self.public}


def can_reuse(previous: Manifest | None, options: dict, state: State) -> bool:
    if previous is None or previous.options != options:
        return False
    if previous.fingerprint != state.fingerprint:
        return False
    if any(state.tables.get(table) != digest for table, digest in previous.tables.items()):
        return False
    return not previous.broken


def check_unchanged(before: State, reads: set[str]) -> dict[str, str]:
    """The digests of the tables read, after making sure nothing changed while exporting."""
    after = table_digests(reads)
    changed = sorted(t for t, digest in after.items() if before.tables.get(t, digest) != digest)
    if changed or public_digest() != before.public:
        raise ExportError(
            "The content changed while the export was running "
            f"({', '.join(changed) or 'an entry became public'}), so the pages may not agree "
            "with each other. The previous output was left as it was; export again."
        )
    return after
