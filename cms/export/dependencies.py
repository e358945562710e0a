"""What each page was rendered from, query by query, so an incremental export renders only that.

A public page is a function of the code, the settings, its path, the clock
and the rows its queries return; the code and settings have their own
fingerprints (``fingerprint.py``). ``capture_queries`` records every query a
request runs, and ``QueryBook`` gives each one a key and a digest of its
result. The manifest keeps, per URL, the keys of its queries, and for each
key the statement, its parameters and the digest.

The next ``--incremental`` export runs the recorded queries again
(``changed_queries``): a page whose queries all return what they returned
last time is reused as it was; any other page is rendered again. That
catches everything an edit can do to a page, without knowing which views
show what: an edited title changes the results of the entry page's query and
of every list, feed, sitemap and API document that shows it. The clock
enters only through ``cms.publishing``; the export freezes it, and the frozen
instant is recorded as ``NOW``, so the same queries run again at the new
instant notice an entry that became public with time.

A request that writes or runs something that cannot be recorded is marked
unknown (``None``), and its page is always rendered: when in doubt, render.
"""

import base64
import functools
import hashlib
import json
import re
import sys
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.db import connection, connections, transaction

NOW = {"now": 1}
READ_PREFIXES = ("SELECT", "WITH")
WINDOW = re.compile(r"^(?P<base>.*) LIMIT (?P<limit>\d+)(?: OFFSET (?P<offset>\d+))?$", re.DOTALL)
BATCH_SIZE = 200
TABLE_REFERENCE = re.compile(r'(?:FROM|JOIN)\s+["`]?(\w+)', re.IGNORECASE)


class Unrecordable(Exception):
    """A request did something a later run could not repeat; its page is always rendered."""


@contextmanager
def capture_queries() -> Iterator[list[tuple[str, tuple] | None]]:
    """Record the statements run inside the block; ``None`` stands for one that cannot be."""
    statements: list[tuple[str, tuple] | None] = []

    def record(execute, sql, params, many, context):
        if many or not sql.lstrip().upper().startswith(READ_PREFIXES):
            statements.append(None)
        else:
            statements.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(record))
        yield statements


def encode_param(value, now_values: tuple) -> object:
    """A JSON form of one query parameter; the frozen instant becomes ``NOW``."""
    if any(value == now and type(value) is type(now) for now in now_values):
        return NOW
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, UUID):
        return {"uuid": str(value)}
    if isinstance(value, bytes | memoryview):
        return {"bytes": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, list | tuple):
        return {"list": [encode_param(item, now_values) for item in value]}
    raise Unrecordable(f"cannot record a query parameter of type {type(value).__name__}")


def decode_param(value, now_value) -> object:
    if not isinstance(value, dict):
        return value
    if value == NOW:
        return now_value
    (kind, text), *_ = value.items()
    decoders = {
        "datetime": datetime.fromisoformat,
        "date": date.fromisoformat,
        "decimal": Decimal,
        "uuid": UUID,
        "bytes": base64.b64decode,
        "list": lambda items: [decode_param(item, now_value) for item in items],
    }
    return decoders[kind](text)


def now_forms(instant: datetime) -> tuple:
    """The frozen instant as the database driver receives it (SQLite gets a string)."""
    adapted = connection.ops.adapt_datetimefield_value(instant)
    return (instant, adapted) if adapted != instant else (instant,)


def result_digest(sql: str, params: Iterable) -> str:
    """A digest of every row a query returns, in the order it returns them."""
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return rows_digest(cursor.fetchall())


def rows_digest(rows: list[tuple]) -> str:
    return hashlib.sha256(rows_text(rows).encode()).hexdigest()[:32]


def rows_text(rows: list[tuple]) -> str:
    """The rows' values as text; one ``repr`` of the whole list, the costly part, in C.

    psycopg returns binary columns as ``memoryview``, whose ``repr`` is its
    address; those rows are written with their bytes instead.
    """
    text = repr(rows)
    if "<memory at 0x" in text:
        text = repr([tuple(_plain(value) for value in row) for row in rows])
    return text


def _plain(value: object) -> object:
    return bytes(value) if isinstance(value, memoryview) else value


class QueryBook:
    """Keys and result digests of the queries one export ran, each query run once more at most.

    Rendering does not change the database (the export checks that), so a
    query shared by many pages (the navigation, say) is digested once. The
    book keeps the ``capacity`` most recently used queries: the shared ones
    stay, and memory stays flat however many pages the export has.
    """

    def __init__(self, instant: datetime, capacity: int = 5000) -> None:
        self.instant = instant
        self.now_values = now_forms(instant)
        self.capacity = capacity
        self.entries: OrderedDict[str, list] = OrderedDict()

    def keys_for(self, statements: list[tuple[str, tuple] | None]) -> tuple[str, ...] | None:
        """The keys of a request's statements, or None when one of them cannot be repeated."""
        keys = []
        try:
            for statement in statements:
                if statement is None:
                    raise Unrecordable("the request wrote to the database")
                sql, params = statement
                encoded = [encode_param(value, self.now_values) for value in params]
                key = hashlib.sha256(json.dumps([sql, encoded]).encode()).hexdigest()[:24]
                if key in self.entries:
                    self.entries.move_to_end(key)
                else:
                    digest = result_digest(sql, params)
                    self.entries[sys.intern(key)] = [sys.intern(sql), encoded, digest]
                keys.append(key)
        except Unrecordable:
            return None
        return tuple(dict.fromkeys(keys))

    def forget_least_used(self) -> None:
        """Drop the least recently used queries beyond ``capacity``, once a page took its own."""
        while len(self.entries) > self.capacity:
            self.entries.popitem(last=False)

    def subset(self, keys: Iterable[str]) -> dict[str, list]:
        return {key: self.entries[key] for key in keys}


@functools.lru_cache(maxsize=4096)
def tables_of(sql: str) -> frozenset[str]:
    """The tables a statement reads (Django names every one after FROM or JOIN).

    Cached: thousands of recorded queries share a few hundred statements.
    """
    return frozenset(TABLE_REFERENCE.findall(sql))


def changed_queries(recorded: dict[str, list], instant: datetime) -> set[str]:
    """The keys whose query now returns something else (or fails), run at ``instant``.

    The pages of one list run the same ordered query with another ``LIMIT``
    and ``OFFSET`` each; re-running each page's query would sort the whole
    list once per page. Such a group runs once without the window, and each
    page's digest is taken over its slice of the rows. A slice that differs
    from what the database's window would give can only mark a page changed.

    The other queries are mostly one statement run with many parameters (an
    entry by its slug, say), and each round trip costs more than the lookup.
    They run ``BATCH_SIZE`` at a time as one ``UNION ALL``, each result
    tagged with its member; a member whose rows differ is run again on its
    own before it counts as changed, so the batch can only save time.
    """
    changed = set()
    now_value = now_forms(instant)[-1]
    lone: dict[str, list] = {}
    for sql, encoded, members in _windowed_groups(recorded):
        if len(members) == 1 and members[0][1] is None:
            key, _window, digest = members[0]
            lone.setdefault(sql, []).append((key, encoded, digest))
            continue
        try:
            with _guard():
                changed |= _changed_in_window_group(sql, encoded, members, now_value)
        except Exception:  # noqa: BLE001 - a query that no longer runs means "render again"
            changed.update(key for key, _window, _digest in members)
    for sql, queries in lone.items():
        for start in range(0, len(queries), BATCH_SIZE):
            batch = queries[start : start + BATCH_SIZE]
            changed |= _changed_in_batch(sql, batch, now_value)
    return changed


def _guard():
    """A savepoint when inside a transaction, so that one failing statement spares the rest.

    On PostgreSQL a failed query aborts the whole transaction (a caller's
    atomic block, a test) unless a savepoint contains it.
    """
    return transaction.atomic() if connection.in_atomic_block else nullcontext()


def _changed_in_window_group(sql: str, encoded: list, members: list, now_value) -> set[str]:
    """The pages of one list whose slice of the rows differs from their recorded digest."""
    params = [decode_param(value, now_value) for value in encoded]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {
        key
        for key, (limit, offset), digest in members
        if rows_digest(rows[offset : offset + limit]) != digest
    }


def _changed_in_batch(sql: str, batch: list, now_value) -> set[str]:
    """The queries of ``batch`` (one statement, several parameter lists) whose rows differ."""
    params = [[decode_param(value, now_value) for value in encoded] for _k, encoded, _d in batch]
    suspects = list(range(len(batch)))
    if len(batch) > 1:
        try:
            with _guard():
                digests = batch_digests(sql, params)
            suspects = [i for i, (_key, _e, digest) in enumerate(batch) if digests[i] != digest]
        except Exception:  # noqa: BLE001 - the batch could not run; each query runs alone
            pass
    changed = set()
    for i in suspects:
        key, _encoded, digest = batch[i]
        try:
            with _guard():
                if result_digest(sql, params[i]) != digest:
                    changed.add(key)
        except Exception:  # noqa: BLE001 - a query that no longer runs means "render again"
            changed.add(key)
    return changed


def batch_digests(sql: str, params: list[list]) -> list[str]:
    """The result digest of ``sql`` run with each parameter list, in one statement."""
    members = " UNION ALL ".join(
        f"SELECT {tag} AS batch_tag, member.* FROM ({sql}) AS member" for tag in range(len(params))
    )
    rows: list[list[tuple]] = [[] for _ in params]
    with connection.cursor() as cursor:
        cursor.execute(members, [value for values in params for value in values])
        for row in cursor.fetchall():
            rows[row[0]].append(row[1:])
    return [rows_digest(member_rows) for member_rows in rows]


def _windowed_groups(recorded: dict[str, list]) -> list[tuple[str, list, list]]:
    """Queries grouped by statement-without-window and parameters; lone ones keep their SQL."""
    by_base: dict[tuple, list] = {}
    parameters: dict[str, list] = {}
    for key, (sql, encoded, digest) in recorded.items():
        match = WINDOW.match(sql)
        base = match["base"] if match else sql
        window = (int(match["limit"]), int(match["offset"] or 0)) if match else None
        frozen = json.dumps(encoded)
        parameters.setdefault(frozen, encoded)
        by_base.setdefault((base, frozen), []).append((key, sql, window, digest))
    groups: dict[tuple, list] = {}
    for (base, frozen), members in by_base.items():
        if len(members) == 1 or any(window is None for _k, _s, window, _d in members):
            for key, sql, _window, digest in members:
                groups[(sql, frozen)] = [(key, None, digest)]
        else:
            groups[(base, frozen)] = [(key, window, digest) for key, _s, window, digest in members]
    return [(sql, parameters[frozen], members) for (sql, frozen), members in groups.items()]
