"""Pruning the change journal: the rows no export within the retention can still need.

An export that published leaves a ``JournalCheckpoint`` (at most one every
``keep / CHECKPOINTS_PER_KEEP``, so rows are kept between ``keep`` and 25/24
of it): the journal's newest id and, on PostgreSQL, the oldest transaction
still running. Once a checkpoint is ``keep`` old (``CMS_JOURNAL_KEEP_DAYS``),
the rows numbered below it whose transaction is older than it are deleted,
and it is marked ``pruned``.

A position (``journal.JournalPosition``) needs the rows numbered after it
and, on PostgreSQL, those of the transactions its snapshot saw running, whose
ids are all at least the snapshot's xmin. So a position whose id and xmin are
both at least a pruned checkpoint's needs no deleted row, and
``journal.changes_since`` refuses any other: that export takes the digest
road. For a position it accepts it answers what it would have answered
before the pruning: the argument compares stored numbers alone, whatever
ran at the same time.

The retention is a time, not the oldest position an export recorded: the
database does not know where the outputs are or how many there are (the
site, a staging copy, a mirror). An output not exported within ``keep``
takes the digest road once.
"""

import logging
from datetime import datetime, timedelta

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cms.conf import conf
from cms.export.journal import SUPPORTED_VENDORS
from cms.models import JournalCheckpoint

logger = logging.getLogger(__name__)

CHECKPOINTS_PER_KEEP = 24


def prune_journal(now: datetime | None = None, keep: timedelta | None = None) -> int:
    """Delete the rows no export of the last ``keep`` can need; how many were deleted."""
    if connection.vendor not in SUPPORTED_VENDORS:
        return 0
    now = now or timezone.now()
    if keep is None:
        keep = timedelta(days=conf.CMS_JOURNAL_KEEP_DAYS)
    with transaction.atomic():
        checkpoints = JournalCheckpoint.objects.order_by("-taken_at", "-pk")
        newest = checkpoints.first()
        if newest is None or newest.taken_at <= now - keep / CHECKPOINTS_PER_KEEP:
            take_checkpoint(now)
        floor = checkpoints.filter(taken_at__lte=now - keep).first()
        if floor is None or floor.pruned:
            return 0
        deleted = _delete_below(floor)
        floor.pruned = True
        floor.save(update_fields=["pruned"])
        passed = [other.pk for other in checkpoints.exclude(pk=floor.pk) if _under(other, floor)]
        JournalCheckpoint.objects.filter(pk__in=passed).delete()
    return deleted


def prune_after_export() -> int:
    """``prune_journal`` once an export published; failing to prune (the database busy
    with a write, a role that may not delete) is logged, and the export stands."""
    try:
        return prune_journal()
    except DatabaseError as error:
        logger.warning("The change journal was not pruned: %s", error)
        return 0


def take_checkpoint(now: datetime) -> JournalCheckpoint:
    with connection.cursor() as cursor:
        running = "''"
        if connection.vendor == "postgresql":
            running = "pg_snapshot_xmin(pg_current_snapshot())::text"
        cursor.execute(f"SELECT {running}, COALESCE(MAX(id), 0) FROM cms_contentchange")
        oldest_running, last = cursor.fetchone()
    return JournalCheckpoint.objects.create(taken_at=now, last=last, oldest_running=oldest_running)


def _delete_below(floor: JournalCheckpoint) -> int:
    """The row at ``floor.last`` stays: a position there still finds its mark."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("DELETE FROM cms_contentchange WHERE id < %s", [floor.last])
        elif floor.oldest_running:
            cursor.execute(
                "DELETE FROM cms_contentchange WHERE id < %s AND transaction_id::xid8 < %s::xid8",
                [floor.last, floor.oldest_running],
            )
        else:
            return 0
        return cursor.rowcount


def _under(checkpoint: JournalCheckpoint, floor: JournalCheckpoint) -> bool:
    """Whether every position ``floor`` lets through passes ``checkpoint`` too."""
    running, floor_running = _number(checkpoint.oldest_running), _number(floor.oldest_running)
    return checkpoint.last <= floor.last and running <= floor_running


def _number(text: str) -> int:
    return int(text) if text else 0
