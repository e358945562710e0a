"""The change journal: one row for every write to a table the public pages show.

Database triggers fill it (migration ``0016_content_change_journal``), so no
write escapes it: saves and deletes, ``QuerySet.update``, bulk inserts, raw
SQL, relation changes and writes from another program alike. The export
reads it to find what changed since its last run (``cms.export.journal``),
and prunes what no recent export needs (``cms.export.journal_prune``).
A change to an entry's topics or byline is journaled as a change of the
entry. Logging in (``auth_user.last_login``) and password changes are not
journaled: no public page shows them.
"""

from django.db import models


class ContentChange(models.Model):
    """One written row: its table and primary key.

    ``mark`` is random, so a journal restored from an older backup, whose
    numbering goes on from where the backup was taken, is not mistaken for
    the one an export read. ``transaction_id`` is PostgreSQL's id of the writing
    transaction: a reader's snapshot tells which of them it could not see yet.
    """

    table_name = models.CharField(max_length=64)
    row_key = models.CharField(max_length=64)
    mark = models.CharField(max_length=32)
    transaction_id = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name = "content change"

    def __str__(self) -> str:
        return f"{self.table_name} {self.row_key}"


class JournalCheckpoint(models.Model):
    """Where the journal stood at ``taken_at``: its newest change and, on PostgreSQL, the
    oldest transaction still running (every older one had finished).

    Rows written before a checkpoint as old as the retention may be pruned;
    ``pruned`` marks the checkpoint they were pruned below, and a position
    from before it is refused (``cms.export.journal_prune``).
    """

    taken_at = models.DateTimeField()
    last = models.BigIntegerField()
    oldest_running = models.CharField(max_length=32, blank=True)
    pruned = models.BooleanField(default=False)

    class Meta:
        verbose_name = "journal checkpoint"

    def __str__(self) -> str:
        return f"journal at {self.last} ({self.taken_at:%Y-%m-%d %H:%M})"
