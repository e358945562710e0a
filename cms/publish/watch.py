"""The publish worker: the static copy follows the site without a person.

``watch`` polls two things that say the public site may have changed: the
content token every save of public content replaces (``cms.page_cache``,
kept in the database, so saves on any machine count) and the clock passing
the ``publish_at`` of a scheduled entry. When either moved since the last
publish it waits until no further change came for ``debounce`` seconds (an
editor saving five times publishes once), but never longer than
``longest`` after the first change, and publishes. Polling the database
was chosen over a task per save: a queue would need one task per save and
a way to drop all but the last, and would still need a timer for
``publish_at``, which no save announces.

``Watcher`` makes the decisions from values it is given, so tests drive it
with their own clock; ``watch`` is the loop around it.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.management.base import CommandError
from django.db import close_old_connections, connection

from cms.exceptions import PublishError
from cms.page_cache import current_token, scheduled_instants
from cms.publishing import public_now

logger = logging.getLogger(__name__)


@dataclass
class Watcher:
    debounce: float = 30.0
    longest: float = 300.0
    published_token: str | None = None
    published_at: datetime | None = None
    seen_token: str | None = None
    first_change: float | None = None
    last_change: float | None = None
    next_instant: datetime | None = None

    def changed(self, token: str | None, now: datetime) -> bool:
        """Whether the public site may differ from what was last published."""
        if self.published_at is None:
            return True
        went_public = self.next_instant is not None and self.next_instant <= now
        return token != self.published_token or went_public

    def due(self, token: str | None, now: datetime, clock: float) -> bool:
        """Whether to publish now; ``clock`` is a monotonic reading in seconds."""
        if not self.changed(token, now):
            self.first_change = self.last_change = None
            return False
        if self.published_at is None:
            return True
        if self.first_change is None:
            self.first_change = clock
        if token != self.seen_token or self.last_change is None:
            self.seen_token, self.last_change = token, clock
        quiet_for = clock - self.last_change
        waiting = clock - self.first_change
        return quiet_for >= self.debounce or waiting >= self.longest

    def published(self, token: str | None, at: datetime, next_instant: datetime | None) -> None:
        """Record a publish that started at ``at`` with the content at ``token``."""
        self.published_token, self.published_at = token, at
        self.next_instant = next_instant
        self.seen_token = token
        self.first_change = self.last_change = None

    def sleep_for(self, poll: float, now: datetime) -> float:
        """Until the next check: ``poll`` seconds, or less when an entry goes public sooner."""
        if self.next_instant is None:
            return poll
        return max(0.0, min(poll, (self.next_instant - now).total_seconds()))


def next_publication(after: datetime) -> datetime | None:
    instants = scheduled_instants(after)
    return instants[0] if instants else None


def watch(
    publish: Callable[[], str],
    *,
    debounce: float = 30.0,
    poll: float = 5.0,
    longest: float | None = None,
    report: Callable[[str], None] = print,
    keep_going: Callable[[], bool] = lambda: True,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Watcher:
    """Publish at start, then whenever ``Watcher.due`` says so, until ``keep_going`` is false.

    ``publish`` returns the summary line to report.

    A failed publish is reported and tried again after the next quiet
    period; the worker itself keeps running (systemd restarts it if it dies).
    """
    watcher = Watcher(debounce=debounce, longest=longest if longest is not None else 10 * debounce)
    while keep_going():
        if not connection.in_atomic_block:  # a caller's transaction (a test's) keeps its connection
            close_old_connections()
        now = public_now()
        token = current_token()
        if watcher.due(token, now, clock()):
            try:
                result = publish()
            except (PublishError, CommandError) as error:
                report(f"Publishing failed, trying again later: {error}")
                watcher.first_change = watcher.last_change = clock()
            else:
                watcher.published(token, now, next_publication(now))
                report(result)
        sleep(watcher.sleep_for(poll, public_now()))
    return watcher
