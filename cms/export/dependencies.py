"""The query book: what each page was rendered from, query by query, and what it returned.

A public page is a function of the code, the settings (``fingerprint.py``),
its path, the clock and the rows its queries return. ``capture_queries``
records every query a request runs; ``QueryBook`` gives each a key, a digest
of its result and, where ``row_key_statement`` applies, its rows' primary
keys, which the manifest keeps so that the next ``--incremental`` export can
run them again (``query_changes.py``). The frozen clock is recorded as
``NOW``, so those runs happen at their own instant. A request that writes or
runs something that cannot be recorded is marked unknown (``None``), and its
page is always rendered: when in doubt, render.
"""

import base64
import functools
import hashlib
import json
import re
import sys
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple
from uuid import UUID

from django.apps import apps
from django.db import connection, connections

NOW = {"now": 1}
READ_PREFIXES = ("SELECT", "WITH")
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
