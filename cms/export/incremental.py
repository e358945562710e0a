"""What the previous export lets this one reuse, decided conservatively.

The export is a function of the code, the settings, the rows the views
read and the clock. When the code or the settings changed (or the options
that shape the bytes), nothing is reused: every page is rendered again, and
files whose bytes did not change are hard-linked from the previous output,
which keeps their inode and mtime for rsync-style deploys. Otherwise a page
is reused when every query it ran returns what it returned last time
(``query_changes.changed_queries``). Queries are only run again where that
could differ: they mention a table whose digest changed, or they depend on
the clock and the set of public entries moved. Static and media files are
always copied afresh.
"""

from dataclasses import dataclass
from datetime import datetime

from cms.exceptions import ExportError
from cms.export.dependencies import NOW, tables_of
from cms.export.fingerprint import (
    all_tables,
    code_fingerprint,
    public_digest,
    read_tables,
    settings_fingerprint,
    table_digests,
)
from cms.export.manifest import Manifest
from cms.export.query_changes import changed_queries


@dataclass(frozen=True)
class State:
    """Digests of everything the exported bytes can depend on, taken at one moment."""

    code: str
    settings: str
    public: str
    tables: dict[str, str]
    rows: dict[str, dict[str, str]]

    @classmethod
    def take(cls, tables: list[str] | None = None) -> "State":
        digests, rows = read_tables(all_tables() if tables is None else tables)
        return cls(
            code=code_fingerprint(),
            settings=settings_fingerprint(),
            public=public_digest(),
            tables=digests,
            rows=rows,
        )

    @property
    def fingerprint(self) -> dict[str, str]:
        return {"code": self.code, "settings": self.settings, "public": self.public}


def can_reuse(previous: Manifest | None, options: dict, state: State) -> bool:
    """Whether any page of ``previous`` may be reused: same options, code and settings."""
    if previous is None or previous.options != options:
        return False
    return all(
        previous.fingerprint.get(part) == getattr(state, part) for part in ("code", "settings")
    )


def changed_since(previous: Manifest, state: State, instant: datetime) -> set[str]:
    """Keys of the previous export's queries whose results differ now.

    A query is run again when it reads a table whose digest changed or that
    has no digest (nothing vouches for it), or when it depends on the clock
    and the set of public entries moved; the others cannot have changed.
    Where the rows of a changed table were digested both times, the queries
    are told which rows changed (``changed_queries``).
    """
    changed = {table for table, old in previous.tables.items() if state.tables.get(table) != old}
    vouched = set(state.tables) - changed
    clock_moved = previous.fingerprint.get("public") != state.public
    suspects = {
        key: query
        for key, query in previous.queries.items()
        if (clock_moved and uses_clock(query[1])) or not tables_of(query[0]) <= vouched
    }
    return changed_queries(suspects, instant, changed_rows(previous.rows, state.rows, changed))


def changed_rows(
    before: dict[str, dict[str, str]], after: dict[str, dict[str, str]], changed: set[str]
) -> dict[str, set[str]]:
    """``{table: keys of the rows added, removed or changed}`` for the tables both runs digested.

    A table outside ``changed`` (its digest is the same) has no changed row.
    """
    return {
        table: {
            key
            for key in before[table].keys() | after[table].keys()
            if before[table].get(key) != after[table].get(key)
        }
        if table in changed
        else set()
        for table in before.keys() & after.keys()
    }


def uses_clock(params: list) -> bool:
    return any(
        value == NOW or (isinstance(value, dict) and uses_clock(value.get("list", [])))
        for value in params
    )


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
