"""A journal position taken while an earlier write is still uncommitted (PostgreSQL).

PostgreSQL numbers a journal row when it is written, not when it commits, so a
position can be numbered past a change it has not seen yet. The planned-export
and pruning tests both need that moment.
"""

import threading

from django.db import connection, transaction

from cms.export.journal import JournalPosition, current_position
from cms.models import Topic


def position_before_a_late_commit() -> tuple[Topic, JournalPosition]:
    """A topic renamed in a transaction that commits only after the returned position
    was taken (another row was committed in between)."""
    topic = Topic.objects.create(slug="early", name="Early")
    written, committing = threading.Event(), threading.Event()

    def slow_writer():
        with transaction.atomic():
            Topic.objects.filter(pk=topic.pk).update(name="Committed late")
            written.set()
            committing.wait(10)
        connection.close()

    writer = threading.Thread(target=slow_writer)
    writer.start()
    written.wait(10)
    Topic.objects.create(slug="later", name="Later")
    position = current_position()
    committing.set()
    writer.join()
    return topic, position
