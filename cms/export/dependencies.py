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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, nullcontext
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple
from uuid import UUID

from django.apps import apps
from django.db import connection, connections, transaction

NOW = {"now": 1}
READ_PREFIXES = ("SELECT", "WITH")
WINDOW = re.compile(r"^(?P<base>.*) LIMIT (?P<limit>\d+)(?: OFFSET (?P<offset>\d+))?$", re.DOTALL)
TABLE_REFERENCE = re.compile(r'(?:FROM|JOIN)\s+["`]?(\w+)', re.IGNORECASE)
SELECT_FROM = re.compile(r"^SELECT (?P<columns>.+?) FROM (?P<rest>.*)$", re.DOTALL)
PLAIN_COLUMN = re.compile(r'^(?P<source>"\w+"|\w+)\."(?P<column>\w+)"(?: AS "\w+")?$')
TABLE_SOURCE = re.compile(r'(?:^|\bJOIN )"(?P<table>\w+)"(?: (?P<alias>[A-Z]\d+)\b)?')
SET_OPERATIONS = (" UNION ", " INTERSECT ", " EXCEPT ")
ORDER_BY_POSITION = re.compile(r"(?:ORDER BY |, )\d+ (?:ASC|DESC)")


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


def decode_params(encoded: list, now_value) -> list:
    return [decode_param(value, now_value) for value in encoded]


def now_forms(instant: datetime) -> tuple:
    """The frozen instant as the database driver receives it (SQLite gets a string)."""
    adapted = connection.ops.adapt_datetimefield_value(instant)
    return (instant, adapted) if adapted != instant else (instant,)


def result_summary(sql: str, params: Iterable) -> tuple[str, list | None]:
    """The result's digest, and the keys of its rows where ``row_key_statement`` applies."""
    rows = query_rows(sql, params)
    keyed = row_key_statement(sql)
    return rows_digest(rows), keys_of_rows(rows, keyed.positions) if keyed else None


def query_rows(sql: str, params: Iterable) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def keys_of_rows(rows: list[tuple], positions: Sequence[int]) -> list:
    """The primary keys at ``positions`` in each row, as JSON can hold them.

    One key per row is written as it is, several as a list.
    """
    if len(positions) == 1:
        (position,) = positions
        return [_json_key(row[position]) for row in rows]
    return [[_json_key(row[position]) for position in positions] for row in rows]


def reduced_keys(rows: list[tuple]) -> list:
    """``keys_of_rows`` for the rows of a reduced statement, which hold nothing but the keys."""
    return keys_of_rows(rows, range(len(rows[0]))) if rows else []


def _json_key(value: object) -> object:
    return value if value is None or isinstance(value, int | str) else str(value)


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
                    digest, row_keys = result_summary(sql, params)
                    self.entries[sys.intern(key)] = [sys.intern(sql), encoded, digest, row_keys]
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


class RowKeyed(NamedTuple):
    """Whose rows a statement returns, where their keys are, and a statement reading just those."""

    tables: tuple[str, ...]
    positions: tuple[int, ...]
    reduced: str


@functools.lru_cache(maxsize=4096)
def row_key_statement(sql: str) -> RowKeyed | None:
    """The tables whose rows ``sql`` returns, and ``sql`` reading only their primary keys.

    That holds when the statement selects plain columns only, in groups that
    each come from one table (or one alias of a table, as ``select_related``
    joins) and begin with its primary key: each row it returns is then made
    of the stored rows whose keys it holds, whatever it joins or filters on.
    Its result can only differ when one of the rows it returned changed, or
    when the keys it returns differ (a row came in, left or moved). The
    reduced statement keeps the joins, conditions, order and window, so it
    returns the keys in the order the query would; an order by column
    position would not survive the reduction, and a set operation adds rows
    the select list does not describe.
    """
    match = SELECT_FROM.match(sql)
    if match is None or any(word in sql.upper() for word in SET_OPERATIONS):
        return None
    if ORDER_BY_POSITION.search(match["rest"]):
        return None
    sources = {
        f'"{found["table"]}"' if found["alias"] is None else found["alias"]: found["table"]
        for found in TABLE_SOURCE.finditer(match["rest"])
    }
    keys = primary_key_columns()
    groups: list[tuple[str, int, str]] = []
    for position, text in enumerate(match["columns"].split(", ")):
        column = PLAIN_COLUMN.match(text)
        if column is None or column["source"] not in sources:
            return None
        source = column["source"]
        if groups and groups[-1][0] == source:
            continue
        if any(seen == source for seen, _p, _k in groups):
            return None
        if keys.get(sources[source]) != column["column"]:
            return None
        groups.append((source, position, f'{source}."{column["column"]}"'))
    reduced = f"SELECT {', '.join(key for _s, _p, key in groups)} FROM {match['rest']}"
    return RowKeyed(
        tuple(sources[source] for source, _p, _k in groups),
        tuple(position for _s, position, _k in groups),
        reduced,
    )


@functools.lru_cache(maxsize=1)
def primary_key_columns() -> dict[str, str]:
    """``{table: primary key column}`` for the tables of installed models."""
    return {
        model._meta.db_table: model._meta.pk.column
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.pk is not None
    }


def changed_queries(
    recorded: dict[str, list], instant: datetime, changed_rows: dict[str, set[str]] | None = None
) -> set[str]:
    """The keys whose query now returns something else (or fails), run at ``instant``.

    ``changed_rows`` (``{table: keys of rows added, removed or changed}``,
    for the tables whose rows both exports digested) lets a query of
    ``row_key_statement``'s kind that returned none of those rows be checked
    by the keys it returns now, which costs a fraction of reading and
    digesting whole rows. Every other query is checked by the digest of its
    rows.
    """
    now_value = now_forms(instant)[-1]
    changed_rows = changed_rows or {}
    by_keys = {}
    for key, (sql, encoded, _digest, keys) in recorded.items():
        keyed = row_key_statement(sql) if keys is not None else None
        if keyed is not None and not _returned_changed_row(keys, keyed.tables, changed_rows):
            by_keys[key] = [keyed.reduced, encoded, keys]
    by_digest = {
        key: [sql, encoded, digest]
        for key, (sql, encoded, digest, _keys) in recorded.items()
        if key not in by_keys
    }
    return _changed(by_digest, now_value, rows_digest) | _changed(by_keys, now_value, reduced_keys)


def _returned_changed_row(keys: list, tables: tuple[str, ...], changed_rows: dict) -> bool:
    """Whether ``keys`` name a changed row or a row of a table not digested (or make no sense)."""
    if not all(table in changed_rows for table in tables):
        return True
    if len(tables) == 1:
        return not changed_rows[tables[0]].isdisjoint(str(key) for key in keys)
    if not all(isinstance(row, list) and len(row) == len(tables) for row in keys):
        return True
    return any(
        key is not None and str(key) in changed_rows[table]
        for row in keys
        for key, table in zip(row, tables, strict=True)
    )


def _changed(recorded: dict[str, list], now_value, summary: Callable[[list[tuple]], object]):
    """The keys of ``recorded`` (``[sql, params, expected]``) whose rows' summary is not expected.

    The pages of one list run the same ordered query with another ``LIMIT``
    and ``OFFSET`` each; re-running each page's query would sort the whole
    list once per page. Such a group runs once without the window, and each
    page's summary is taken over its slice of the rows. A slice that differs
    from what the database's window would give can only mark a page changed.

    The other queries run one by one through one cursor. Running a
    statement's lookups 200 at a time as one ``UNION ALL`` was the slower
    way on both databases: 200 entry lookups took 25.5 ms as one statement
    and 8.8 ms one by one on SQLite (10,000 entries), 102 ms and about 33 ms
    on PostgreSQL over localhost (3,000 entries), the planning of the long
    statement costing more than the round trips it saves.
    """
    changed = set()
    lone: dict[str, list] = {}
    for sql, encoded, members in _windowed_groups(recorded):
        if len(members) == 1 and members[0][1] is None:
            key, _window, expected = members[0]
            lone.setdefault(sql, []).append((key, encoded, expected))
            continue
        try:
            with _guard():
                rows = query_rows(sql, decode_params(encoded, now_value))
        except Exception:  # noqa: BLE001 - a query that no longer runs means "render again"
            changed.update(key for key, _window, _expected in members)
            continue
        changed.update(
            key
            for key, (limit, offset), expected in members
            if summary(rows[offset : offset + limit]) != expected
        )
    for sql, queries in lone.items():
        changed |= _changed_one_by_one(sql, queries, now_value, summary)
    return changed


def _guard():
    """A savepoint when inside a transaction, so that one failing statement spares the rest.

    On PostgreSQL a failed query aborts the whole transaction (a caller's
    atomic block, a test) unless a savepoint contains it.
    """
    return transaction.atomic() if connection.in_atomic_block else nullcontext()


def _changed_one_by_one(sql: str, queries: list, now_value, summary: Callable) -> set[str]:
    """The queries (one statement, several parameter lists) whose rows differ, each run alone."""
    changed = set()
    guard = _guard if connection.in_atomic_block else nullcontext
    with connection.cursor() as cursor:
        for key, encoded, expected in queries:
            try:
                with guard():
                    cursor.execute(sql, decode_params(encoded, now_value))
                    if summary(cursor.fetchall()) != expected:
                        changed.add(key)
            except Exception:  # noqa: BLE001 - a query that no longer runs means "render again"
                changed.add(key)
    return changed


def _windowed_groups(recorded: dict[str, list]) -> list[tuple[str, list, list]]:
    """Queries grouped by statement-without-window and parameters; lone ones keep their SQL.

    Only queries with a window are grouped: one without is alone whatever
    its parameters.
    """
    groups: list[tuple[str, list, list]] = []
    by_base: dict[tuple[str, str], list] = {}
    parameters: dict[str, list] = {}
    for key, (sql, encoded, expected) in recorded.items():
        split = split_window(sql)
        if split is None:
            groups.append((sql, encoded, [(key, None, expected)]))
            continue
        base, window = split
        frozen = repr(encoded)
        parameters.setdefault(frozen, encoded)
        by_base.setdefault((base, frozen), []).append((key, sql, window, expected))
    for (base, frozen), members in by_base.items():
        if len(members) == 1:
            ((key, sql, _window, expected),) = members
            groups.append((sql, parameters[frozen], [(key, None, expected)]))
        else:
            windowed = [(key, window, expected) for key, _sql, window, expected in members]
            groups.append((base, parameters[frozen], windowed))
    return groups


@functools.lru_cache(maxsize=4096)
def split_window(sql: str) -> tuple[str, tuple[int, int]] | None:
    """``sql`` without its ``LIMIT``/``OFFSET``, and ``(limit, offset)``; None without a window."""
    match = WINDOW.match(sql)
    if match is None:
        return None
    return match["base"], (int(match["limit"]), int(match["offset"] or 0))
