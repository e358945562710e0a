"""The record of an export, written beside it as ``._site.export/manifest.json``.

For every URL: the file it was written to, its kind (page, redirect, static,
media), the status it answered, the SHA-256 and size of the bytes written,
its outgoing same-site links (positions in ``names``), the digest of what it
was rendered from (a digest of its inputs, see ``cms.export.loaded``; none for a
page rendered again every time), the rows that digest read (``reads``) and its
source (the redirect's target, the file a static or media URL was copied
from). For the whole export: the options that shape the bytes (base URL,
``--relative``), the fingerprints of code and settings, the broken links, and
where the change journal stood with what decides where each public entry
appears (``cms.export.journal.JournalState``).

It holds no timestamps and is written with sorted keys, so two exports of the
same database are identical down to this file. ``--incremental`` reads it to
decide what it may reuse; an unreadable or foreign manifest means a full
render, never a guess.
"""

import itertools
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import orjson

from cms.export.bookkeeping import manifest_path

FORMAT = 6


@dataclass
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


@dataclass
class Manifest:
    options: dict
    fingerprint: dict
    urls: dict[str, Record]
    broken: dict[str, str] = field(default_factory=dict)
    journal: dict | None = None

    def write(self, stream: BinaryIO) -> int:
        """Write the manifest as sorted JSON to ``stream``; returns the number of bytes.

        Each link and each row a digest read is written once, under
        ``names``, and records refer to it by its position there (half a
        million links at 10,000 entries are mostly the same few thousand
        URLs). The URLs are encoded a thousand at a time, so no second copy
        of a manifest of tens of thousands of URLs is ever held in memory.
        """
        used: set[str] = set()
        for record in self.urls.values():
            used.update(record.links)
            used.update(record.reads or ())
        names = sorted(used)
        position = {name: number for number, name in enumerate(names)}
        sections = {
            "broken": self.broken,
            "fingerprint": self.fingerprint,
            "format": FORMAT,
            "journal": self.journal,
            "names": names,
            "options": self.options,
            "urls": (
                (url, _record_row(record, position)) for url, record in sorted(self.urls.items())
            ),
        }
        size = stream.write(b"{")
        for number, (name, value) in enumerate(sections.items()):
            size += stream.write(b"," * bool(number) + _json(name) + b":")
            if value is None or isinstance(value, dict | int | list):
                size += stream.write(_json(value))
            else:
                size += _write_mapping(stream, value)
        return size + stream.write(b"}\n")

    @classmethod
    def load(cls, output: Path) -> "Manifest | None":
        """The manifest of the export in ``output``, or None when there is no usable one."""
        try:
            data = orjson.loads(manifest_path(output).read_bytes())
            if data.get("format") != FORMAT:
                return None
            names = shared(data["names"])
            return cls(
                options=dict(data["options"]),
                fingerprint=dict(data["fingerprint"]),
                urls={url: _record(row, names) for url, row in data["urls"].items()},
                broken=dict(data["broken"]),
                journal=data["journal"],
            )
        except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError):
            # orjson.JSONDecodeError is a ValueError
            return None


def shared(strings: Iterable[str]) -> list[str]:
    """One string object per distinct link, however many records name it.

    Every page links to the same navigation; at tens of thousands of pages,
    separate copies of those strings were most of the export's memory.
    """
    return [sys.intern(string) for string in strings]


def _record_row(record: Record, position: dict[str, int]) -> list:
    return [
        record.path,
        record.kind,
        record.status,
        record.sha256,
        record.size,
        list(map(position.__getitem__, record.links)),
        record.inputs,
        record.source,
        None if record.reads is None else list(map(position.__getitem__, record.reads)),
    ]


def _record(row: list, names: list[str]) -> Record:
    path, kind, status, sha256, size, links, inputs, source, reads = row
    if inputs is not None and not isinstance(inputs, str):
        raise ValueError("a record's inputs are not a digest")
    if reads is not None:
        reads = [names[n] for n in reads]
    links = [names[n] for n in links]
    return Record(path, kind, status, sha256, size, links, inputs, source, reads)


def _json(value) -> bytes:
    """Compact UTF-8 JSON with sorted keys, byte for byte what the standard library writes.

    orjson is used because it encodes and parses faster than the standard library.
    """
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _write_mapping(stream: BinaryIO, items: Iterable[tuple[str, object]]) -> int:
    """A JSON object from items in sorted key order, encoded a thousand items at a time."""
    size = stream.write(b"{")
    items = iter(items)
    first = True
    while chunk := dict(itertools.islice(items, 1000)):
        size += stream.write(b"," * (not first) + _json(chunk)[1:-1])
        first = False
    return size + stream.write(b"}")
