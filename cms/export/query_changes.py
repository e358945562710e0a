"""Which recorded queries return something else now: what an incremental export renders again.

The next ``--incremental`` export runs the queries the query book recorded
(``dependencies.py``) again: a page whose queries all return what they
returned last time is reused as it was; any other page is rendered again.
That catches everything an edit can do to a page, without knowing which
views show what: an edited title changes the results of the entry page's
query and of every list, feed, sitemap and API document that shows it. The
clock enters only through ``cms.publishing``; the export freezes it, and the
recorded ``NOW`` is replaced by the new frozen instant, so the same queries
notice an entry that became public with time. Kept apart from the recording
because it runs in another export, over the manifest, not over requests.
"""

import base64
import functools
import re
from collections.abc import Callable
from contextlib import nullcontext
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.db import connection, transaction

from cms.export.dependencies import (
    NOW,
    keys_of_rows,
    now_forms,
    query_rows,
    row_key_statement,
    rows_digest,
)

WINDOW = re.compile(r"^(?P<base>.*) LIMIT (?P<limit>\d+)(?: OFFSET (?P<offset>\d+))?$", re.DOTALL)


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


def reduced_keys(rows: list[tuple]) -> list:
    """``keys_of_rows`` for the rows of a reduced statement, which hold nothing but the keys."""
    return keys_of_rows(rows, range(len(rows[0]))) if rows else []


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
