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

from cms.export.manifest import FILE_KINDS, PAGE_KINDS, Manifest, Record, dumps, row_of


class Update:
    """The records a planned export changes, written into the previous manifest in place.

    ``retire`` writes them, with the manifest marked unusable, before the
    swap; ``install`` marks it usable after the swap. A kill before the first
    leaves the old manifest (the transaction is rolled back by the next
    reader), between the two an unusable one, so the next export renders
    everything, as it does when a full export's new manifest is not yet in
    place (``manifest.Replacement``).
    """

    def __init__(self, previous: Manifest, records: dict[str, Record], again: set[str]) -> None:
        self.previous = previous
        self.records = records
        replaced = again | records.keys() | set(previous_files(previous))
        self.old = {url: r for url in replaced if (r := previous.record(url)) is not None}
        self.refs, self.removed = self._refs()
        self.journal = None
        self.broken: dict[str, str] = {}

    def _refs(self) -> tuple[dict[str, int], set[str]]:
        """Each file's count of records linking to it, and the URLs no longer exported."""
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
        return refs, removed

    def listing(self) -> dict[str, tuple[str, int, str, str]]:
        """``url: (path, size, kind, sha256)`` of every record after the update (for the
        checks of the build, which compare whole trees)."""
        listed = dict(self.previous.listing())
        for url in self.removed:
            listed.pop(url, None)
        for url, r in self.records.items():
            listed[url] = (r.path, r.size, r.kind, r.sha256)
        return listed

    def referrers(self, link: str) -> list[str]:
        """The pages that link to ``link``, carried ones too (read only when a link is broken)."""
        everything = self.previous.urls.items()
        carried = (u for u, r in everything if u not in self.old and link in r.links)
        new = (u for u, r in self.records.items() if link in r.links)
        return sorted({*carried, *new})

    def reused(self) -> int:
        """The pages carried over as they were."""
        query = "SELECT COUNT(*) FROM records WHERE kind IN ('page', 'redirect')"
        pages = self.previous.db.execute(query).fetchone()[0]
        return pages - sum(record.kind in PAGE_KINDS for record in self.old.values())

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
        for url, record in self.old.items():
            number = db.execute("SELECT id FROM records WHERE url = ?", [url]).fetchone()[0]
            db.executemany(
                "DELETE FROM reads WHERE name = ? AND record = ?",
                ((position[name], number) for name in record.reads or ()),
            )
            if url not in self.records:
                db.execute("DELETE FROM records WHERE id = ?", [number])
        for url, record in sorted(self.records.items()):
            row = (*row_of(record, position), self.refs[url] if record.kind in FILE_KINDS else 0)
            db.execute(
                "INSERT INTO records (url, path, kind, status, sha256, size, links, inputs, "
                "source, reads, refs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) "
                "DO UPDATE SET (path, kind, status, sha256, size, links, inputs, source, reads, "
                "refs) = (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                [url, *row],
            )
            number = db.execute("SELECT id FROM records WHERE url = ?", [url]).fetchone()[0]
            db.executemany(
                "INSERT INTO reads VALUES (?, ?)",
                ((position[name], number) for name in record.reads or ()),
            )
        meta = {"broken": self.broken, "journal": self.journal, "usable": False}
        db.executemany(
            "UPDATE meta SET value = ? WHERE key = ?", ((dumps(v), k) for k, v in meta.items())
        )

    def install(self) -> None:
        self.previous.db.execute("UPDATE meta SET value = 'true' WHERE key = 'usable'")


def previous_files(previous: Manifest) -> list[str]:
    query = "SELECT url FROM records WHERE kind IN ('static', 'media') ORDER BY url"
    return [url for (url,) in previous.db.execute(query)]


def unsure_pages(previous: Manifest, paths: set[str] | None) -> list[tuple[str, Record]]:
    """The carried pages whose bytes the build may not hold: those at ``paths``, or all."""
    if paths is None:
        return [(u, r) for u, r in previous.urls.items() if r.kind in PAGE_KINDS]
    query = "SELECT url FROM records WHERE path IN (SELECT value FROM json_each(?))"
    urls = [url for (url,) in previous.db.execute(query, [dumps(sorted(paths))])]
    return [(url, r) for url in urls if (r := previous.record(url)).kind in PAGE_KINDS]
