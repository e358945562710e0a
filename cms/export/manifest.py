"""The record of an export, kept beside it as ``._site.export/manifest.sqlite3``.

For every URL: the file it was written to, its kind (page, redirect, static,
media), the status it answered, the SHA-256 and size of the bytes written,
its outgoing same-site links, the digest of what it was rendered from (a
digest of its inputs, see ``cms.export.loaded``; none for a page rendered
again every time), the rows that digest read (``reads``), its source (the
redirect's target, the file a static or media URL was copied from) and, for
a static or media file, how many records link to it (``refs``). For the whole
export: the options that shape the bytes (base URL, ``--relative``), the
fingerprints of code and settings, the broken links, and where the change
journal stood (``cms.export.journal.JournalState``).

It is a SQLite file so that an export planned from the change journal reads
and writes only the records it changes (``cms.export.carry``): which pages
read a changed row is an indexed table (``reads``), not a walk over every
record. A full export writes a new file, every record in URL order, and it
replaces the old one after the swap (``Replacement``); a planned export
updates the file in place, marked unusable before the swap and usable after
it (``cms.export.carry.Update``). So the manifest describes the output or is
not used, whatever step an export is killed at. It holds no timestamps: two
exports of the same database hold the same records. An unreadable, foreign
or older manifest (``FORMAT``; ``manifest.json`` before 7) means a full
render, never a guess.
"""

import os
import sqlite3
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import orjson

from cms.export.bookkeeping import manifest_path

FORMAT = 7
PAGE_KINDS = ("page", "redirect")
FILE_KINDS = ("static", "media")
COLUMNS = "url, path, kind, status, sha256, size, links, inputs, source, reads"
SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE records (
    id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, path TEXT NOT NULL, kind TEXT NOT NULL,
    status INTEGER NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL, links BLOB NOT NULL,
    inputs TEXT, source TEXT NOT NULL, reads BLOB, refs INTEGER NOT NULL
);
CREATE INDEX records_by_path ON records (path);
CREATE INDEX records_unread ON records (kind) WHERE reads IS NULL;
CREATE TABLE reads (name INTEGER NOT NULL, record INTEGER NOT NULL,
    PRIMARY KEY (name, record)) WITHOUT ROWID;
"""


@dataclass(slots=True)
class Record:
    path: str
    kind: str
    status: int
    sha256: str
    size: int
    links: list[str] = field(default_factory=list)
    inputs: str | None = None
    source: str = ""
    reads: list[str] | None = None


class Manifest:
    """An export's records: built by the export, or read from the file beside an output.

    A manifest read from its file loads ``urls`` only when asked; a planned
    export asks it for single records and indexed lookups instead.
    """

    def __init__(self, options, fingerprint, urls=None, broken=None, journal=None, db=None):
        self.options = options
        self.fingerprint = fingerprint
        self._urls = urls
        self.broken = broken or {}
        self.journal = journal
        self.db = db

    @property
    def urls(self) -> dict[str, Record]:
        if self._urls is None:
            names = self.names()
            rows = self.db.execute(f"SELECT {COLUMNS} FROM records ORDER BY url")
            self._urls = {row[0]: _record(row, names) for row in rows}
        return self._urls

    @classmethod
    def load(cls, output: Path) -> "Manifest | None":
        """The manifest of the export in ``output``, or None when there is no usable one."""
        try:
            db = connect(manifest_path(output))
            meta = {key: orjson.loads(value) for key, value in db.execute("SELECT * FROM meta")}
            if meta.get("format") != FORMAT or meta.get("usable") is not True:
                db.close()
                return None
            return cls(meta["options"], meta["fingerprint"], None, meta["broken"],
                       meta["journal"], db)  # fmt: skip
        except (sqlite3.Error, ValueError, KeyError):
            return None

    def write(self, path: Path) -> None:
        """Write every record into a new SQLite file at ``path``, in URL order."""
        db = connect(path, create=True)
        db.execute("PRAGMA journal_mode = OFF")
        db.executescript(SCHEMA)
        db.execute("BEGIN")
        names = sorted({n for r in self.urls.values() for n in (*r.links, *(r.reads or ()))})
        db.executemany("INSERT INTO names VALUES (?, ?)", enumerate(names))
        position = {name: number for number, name in enumerate(names)}
        refs = Counter(link for record in self.urls.values() for link in set(record.links))
        records = sorted(self.urls.items())
        rows = (
            (number, url, *row_of(record, position), refs[url] if record.kind in FILE_KINDS else 0)
            for number, (url, record) in enumerate(records)
        )
        db.executemany(f"INSERT INTO records VALUES ({', '.join('?' * 12)})", rows)
        db.executemany("INSERT INTO reads VALUES (?, ?)", reads_in_order(records, position))
        meta = {
            "broken": self.broken,
            "fingerprint": self.fingerprint,
            "format": FORMAT,
            "journal": self.journal,
            "options": self.options,
            "usable": True,
        }
        db.executemany("INSERT INTO meta VALUES (?, ?)", ((k, dumps(v)) for k, v in meta.items()))
        db.execute("COMMIT")
        db.close()

    def digests(self) -> dict[str, str]:
        """``path: sha256`` of every record."""
        return dict(self.db.execute("SELECT path, sha256 FROM records"))

    def digest_at(self, path: str) -> str | None:
        """The SHA-256 of the record written to ``path``, without reading the others."""
        row = self.db.execute("SELECT sha256 FROM records WHERE path = ?", [path]).fetchone()
        return row and row[0]

    def names(self) -> dict[int, str]:
        """Every link and read row by number, one string object each (``shared``)."""
        return {n: sys.intern(name) for n, name in self.db.execute("SELECT id, name FROM names")}

    def record(self, url: str) -> Record | None:
        """One record, without loading the others."""
        if self._urls is not None:
            return self._urls.get(url)
        return self.records([url]).get(url)

    def records(self, urls: list[str]) -> dict[str, Record]:
        """The records of ``urls`` that exist, in one query, without loading the others."""
        query = f"SELECT {COLUMNS} FROM records WHERE url IN (SELECT value FROM json_each(?))"
        rows = list(self.db.execute(query, [dumps(urls)]))
        names = self.names_of({n for row in rows for n in (*_unpack(row[6]), *_unpack(row[9]))})
        return {row[0]: _record(row, names) for row in rows}

    def names_of(self, ids: Iterable[int]) -> dict[int, str]:
        query = "SELECT id, name FROM names WHERE id IN (SELECT value FROM json_each(?))"
        return dict(self.db.execute(query, [dumps(list(ids))]))

    def is_page(self, url: str) -> bool:
        query = "SELECT 1 FROM records WHERE url = ? AND kind IN ('page', 'redirect')"
        return self.db.execute(query, [url]).fetchone() is not None

    def reading(self, keys: Iterable[str]) -> list[str]:
        """The pages whose digests read any of ``keys``, and those rendered every time."""
        query = """
            SELECT url FROM records WHERE kind IN ('page', 'redirect') AND (reads IS NULL OR id IN (
                SELECT record FROM reads JOIN names ON names.id = reads.name
                WHERE names.name IN (SELECT value FROM json_each(?))))
            ORDER BY url"""
        return [url for (url,) in self.db.execute(query, [dumps(sorted(keys))])]

    def names_starting(self, prefix: str) -> list[str]:
        """The names some page read that start with ``prefix`` (which must not end in ``~``)."""
        query = "SELECT name FROM names WHERE name >= ? AND name < ?"
        return [name for (name,) in self.db.execute(query, [prefix, prefix + "~"])]

    def reads_named(self, keys: Iterable[str], prefix: str) -> dict[str, set[str]]:
        """Which of ``keys``, and of the names starting with ``prefix``, each page read."""
        query = """
            SELECT records.url, names.name FROM names JOIN reads ON reads.name = names.id
            JOIN records ON records.id = reads.record
            WHERE names.name IN (SELECT value FROM json_each(?)) OR names.name LIKE ? || '%'"""
        found = defaultdict(set)
        for url, name in self.db.execute(query, [dumps(sorted(keys)), prefix]):
            found[url].add(name)
        return found

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM records").fetchone()[0]

    def close(self) -> None:
        if self.db is not None:
            self.db.close()


class Replacement:
    """A manifest written to a new file, moved into place after the swap (a full export)."""

    def __init__(self, path: Path, output: Path) -> None:
        self.path = path
        self.output = output

    def retire(self) -> None:
        """Before the swap: the old manifest no longer describes what is about to be live.

        The rollback journal of a planned export killed while it updated the
        old file goes too: left beside the new file, it would be played back into it.
        """
        old = manifest_path(self.output)
        for path in (old, old.with_name(old.name + "-journal"), old.with_name("manifest.json")):
            path.unlink(missing_ok=True)

    def install(self) -> None:
        os.replace(self.path, manifest_path(self.output))


def connect(path: Path, *, create: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit); not creating the file
    unless ``create``. Nothing is synced to disk: as with the files of the output, a kill
    loses nothing the kernel was given, and a lost transaction is rolled back."""
    mode = "rwc" if create else "rw"
    db = sqlite3.connect(f"file:{quote(str(path))}?mode={mode}", uri=True, isolation_level=None)
    db.execute("PRAGMA synchronous = OFF")
    return db


def shared(strings: Iterable[str]) -> list[str]:
    """One string object per distinct link, however many records name it.

    Every page links to the same navigation; at tens of thousands of pages,
    separate copies of those strings were most of the export's memory.
    """
    return [sys.intern(string) for string in strings]


def pack(ids: Iterable[int]) -> bytes:
    return array("I", ids).tobytes()


def _unpack(blob: bytes | None) -> array:
    numbers = array("I")
    if blob:
        numbers.frombytes(blob)
    return numbers


def reads_in_order(records: list[tuple[str, Record]], position: dict[str, int]) -> Iterator:
    """``(name, record)`` pairs in key order, bucketed by name: a sorted list of them (238,000
    tuples at 10,000 entries) was the peak of an export's memory."""
    readers = defaultdict(lambda: array("I"))
    for number, (_url, record) in enumerate(records):
        for name in record.reads or ():
            readers[position[name]].append(number)
    for name_id in sorted(readers):
        yield from ((name_id, number) for number in readers.pop(name_id))


def row_of(record: Record, position: dict[str, int]) -> tuple:
    return (
        record.path,
        record.kind,
        record.status,
        record.sha256,
        record.size,
        pack(map(position.__getitem__, record.links)),
        record.inputs,
        record.source,
        None if record.reads is None else pack(map(position.__getitem__, record.reads)),
    )


def _record(row: tuple, names: dict[int, str]) -> Record:
    _url, path, kind, status, sha256, size, links, inputs, source, reads = row
    links = [names[n] for n in _unpack(links)]
    if reads is not None:
        reads = [names[n] for n in _unpack(reads)]
    return Record(path, kind, status, sha256, size, links, inputs, source, reads)


def dumps(value) -> str:
    """Compact JSON with sorted keys; orjson because it is fast on the journal's placements."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
