"""The change journal: one row for every write to a table the public pages show.

Database triggers fill it (migration ``0016_content_change_journal``), so no
write escapes it: saves and deletes, ``QuerySet.update``, bulk inserts, raw
SQL, relation changes and writes from another program alike. The export
reads it to find what changed since its last run (``cms.export.journal``).
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
