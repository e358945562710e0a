"""What a planned export keeps of the previous one, and the manifest update that records it.

A planned export (``cms.export.planner``) renders the few pages whose digests
read a changed row. Every other page is carried over as it was: its record
stays in the manifest file, untouched and unread, and its bytes stay where
the build (started from the standby) holds them. The crawl sees only what
changes: the pages rendered again, the pages whose bytes the build may lack
(the standby's pending paths), and every static and media file, which is
copied afresh as in any export. ``Update`` then writes just those records
into the manifest, and removes the files no record links to any more (a
file's ``refs``), as a full export would not have found them.
"""

from collections import Counter
from collections.abc import Collection
from functools import partial

from cms.export.manifest import FILE_KINDS, PAGE_KINDS, Manifest, Record, dumps, row_of

UPSERT = """INSERT INTO records (url, path, kind, status, sha256, size, links, inputs, source,
    reads, refs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET (path,
    kind, status, sha256, size, links, inputs, source, reads, refs) = (?2, ?3, ?4, ?5, ?6, ?7, ?8,
    ?9, ?10, ?11)"""


class Update:
    """The records a planned export changes, written into the previous manifest in place.

    ``retire`` writes them, with the manifest marked unusable, before the
    swap; ``install`` marks it usable after the swap. A kill before the first
    leaves the old manifest (the transaction is rolled back by the next
    reader), between the two an unusable one, so the next export renders
    everything, as it does when a full export's new manifest is not yet in
    place (``manifest.Replacement``). What the output holds after it is
    answered per path (``in``, ``tops``), without reading every record.
    """

    def __init__(self, previous: Manifest, records: dict[str, Record], again: set[str]) -> None:
        self.previous = previous
        self.records = records
        self.old = previous.records(sorted(again | records.keys() | set(previous_files(previous))))
        self.refs = self._refs()
        self.sizes = {record.path: record.size for record in records.values()}
        query = "SELECT kind, COUNT(*), SUM(size) FROM records GROUP BY kind"
        rows = previous.db.execute(query).fetchall()
        self.before = Counter({kind: n for kind, n, _size in rows}, bytes=sum(r[2] for r in rows))
        self.journal = None
        self.broken: dict[str, str] = {}

    def _refs(self) -> dict[str, int]:
        """Each file's count of records linking to it; a file no record links to is dropped."""
        db = self.previous.db
        both = (*self.old.items(), *self.records.items())
        files = {url for url, record in both if record.kind in FILE_KINDS}
        query = "SELECT url, refs FROM records WHERE url IN (SELECT value FROM json_each(?))"
        refs = Counter(dict(db.execute(query, [dumps(sorted(files))])))
        for record in self.old.values():
            refs.subtract(set(record.links) & files)
        for record in self.records.values():
            refs.update(set(record.links) & files)
        removed = set(self.old) - set(self.records)
        unused = [url for url in files if refs[url] <= 0]
        while unused:
            url = unused.pop()
            if url in removed:
                continue
            removed.add(url)
            record = self.records.pop(url)
            for link in set(record.links) & files:
                refs[link] -= 1
                if refs[link] == 0:
                    unused.append(link)
        return refs

    def __contains__(self, path: str) -> bool:
        """Whether the output after the update has a file at ``path`` (an indexed lookup)."""
        if path in self.sizes:
            return True
        rows = self.previous.db.execute("SELECT url FROM records WHERE path = ?", [path])
        return any(url not in self.old for (url,) in rows)

    def __iter__(self):
        return (path for path, _size in self.listing().values())

    def tops(self) -> set[str]:
        """The top-level names of the output's files after the update, a query for each name
        (``path + NUL`` follows the file ``path``, ``top + '0'`` every path under ``top/``)."""
        tops, after = {path.split("/", 1)[0] for path in self.sizes}, ""
        query = "SELECT path, url FROM records WHERE path >= ? ORDER BY path"
        rows = partial(self.previous.db.execute, query)
        while path := next((p for p, url in rows([after]) if url not in self.old), None):
            top, slash, _rest = path.partition("/")
            tops.add(top)
            after = top + "0" if slash else path + "\0"
        return tops

    def listing(self) -> dict[str, tuple[str, int]]:
        """``url: (path, size)`` of every record after the update, for checks of every file."""
        rows = self.previous.db.execute("SELECT url, path, size FROM records")
        listed = {url: (path, size) for url, path, size in rows if url not in self.old}
        listed.update((url, (r.path, r.size)) for url, r in self.records.items())
        return listed

    def totals(self) -> Counter:
        """Records by kind after the update, and ``bytes``, the sum of their sizes."""
        return self.before + totals_of(self.records.values()) - totals_of(self.old.values())

    def referrers(self, link: str) -> list[str]:
        """The pages that link to ``link``, carried ones too (read only when a link is broken)."""
        everything = self.previous.urls.items()
        carried = (u for u, r in everything if u not in self.old and link in r.links)
        new = (u for u, r in self.records.items() if link in r.links)
        return sorted({*carried, *new})

    def retire(self) -> None:
        self.previous.db.execute("BEGIN")
        self.write()
        self.previous.db.execute("COMMIT")

    def write(self) -> None:
        db = self.previous.db
        names = {n for r in self.records.values() for n in (*r.links, *(r.reads or ()))}
        db.executemany("INSERT OR IGNORE INTO names (name) VALUES (?)", ((n,) for n in names))
        query = "SELECT name, id FROM names WHERE name IN (SELECT value FROM json_each(?))"
        old_names = {n for r in self.old.values() for n in r.reads or ()}
        position = dict(db.execute(query, [dumps(sorted(names | old_names))]))
        gone = sorted(self.old.keys() - self.records.keys())
        for url in [*gone, *sorted(self.records)]:
            record, old = self.records.get(url), self.old.get(url)
            if record is not None:
                refs = self.refs[url] if record.kind in FILE_KINDS else 0
                db.execute(UPSERT, [url, *row_of(record, position), refs])
            number = db.execute("SELECT id FROM records WHERE url = ?", [url]).fetchone()[0]
            before = {position[n] for n in (old.reads or () if old else ())}
            after = {position[n] for n in (record.reads or () if record else ())}
            delete = "DELETE FROM reads WHERE name = ? AND record = ?"
            db.executemany(delete, ((name, number) for name in before - after))
            db.executemany("INSERT INTO reads VALUES (?, ?)", ((n, number) for n in after - before))
            if record is None:
                db.execute("DELETE FROM records WHERE id = ?", [number])
        meta = {"broken": self.broken, "journal": self.journal, "usable": False}
        db.executemany(
            "UPDATE meta SET value = ? WHERE key = ?", ((dumps(v), k) for k, v in meta.items())
        )

    def install(self) -> None:
        self.previous.db.execute("UPDATE meta SET value = 'true' WHERE key = 'usable'")


def previous_files(previous: Manifest) -> list[str]:
    """The static and media files, which read no rows: the index ``records_unread`` has them."""
    query = "SELECT url FROM records WHERE kind IN ('static', 'media') AND reads IS NULL"
    return sorted(url for (url,) in previous.db.execute(query))


def totals_of(records: Collection[Record]) -> Counter:
    """How many of ``records`` there are of each kind, and ``bytes``, the sum of their sizes."""
    return Counter((record.kind for record in records), bytes=sum(r.size for r in records))


def unsure_pages(previous: Manifest, paths: set[str] | None) -> list[tuple[str, Record]]:
    """The carried pages whose bytes the build may not hold: those at ``paths``, or all."""
    if paths is None:
        return [(u, r) for u, r in previous.urls.items() if r.kind in PAGE_KINDS]
    query = "SELECT url FROM records WHERE path IN (SELECT value FROM json_each(?))"
    urls = [url for (url,) in previous.db.execute(query, [dumps(sorted(paths))])]
    return [(url, r) for url in urls if (r := previous.record(url)).kind in PAGE_KINDS]
