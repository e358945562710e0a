"""Where the change journal stood at an export, and what changed since.

The journal (``cms.models.content_changes``) is filled by database triggers
on SQLite and PostgreSQL. An export notes where it stood before reading any
row (``JournalPosition``), together with what decides where each public
entry appears on the site (``placements``), the topics' slugs, what pages
show of accounts and what the navigation shows, in its manifest
(``JournalState``). The next ``--incremental`` export asks
``changes_since`` for the rows written after that, and ``cms.export.planner``
turns them into the pages to render again. On another database, or when the
journal is not the one the manifest names (a restored backup, a flushed
database) or no longer holds all that the position needs (pruned,
``cms.export.journal_prune``), there is no answer and the export takes the
slower road.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Min

from cms.context_processors import nav_pages
from cms.models import Entry, Topic
from cms.publishing import scheduled_entry_filter
from cms.templatetags.cms_tags import display_name

SUPPORTED_VENDORS = {"sqlite", "postgresql"}


@dataclass(frozen=True)
class JournalPosition:
    """The newest change an export could see, and on PostgreSQL its snapshot.

    ``mark`` is that change's random mark: the same id with another mark is
    another journal. PostgreSQL hands out ids before commit, so a change
    with a lower id may still be in flight; the snapshot says which were,
    but for the export's own transaction (``own``), whose writes it saw.
    """

    last: int
    mark: str
    snapshot: str = ""
    own: str = ""


def current_position() -> JournalPosition | None:
    """Where the journal stands now; None when there is none to rely on."""
    if connection.vendor not in SUPPORTED_VENDORS:
        return None
    with connection.cursor() as cursor:
        snapshot = own = ""
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_current_snapshot()::text, "
                "COALESCE(pg_current_xact_id_if_assigned()::text, '')"
            )
            snapshot, own = cursor.fetchone()
        cursor.execute("SELECT id, mark FROM cms_contentchange ORDER BY id DESC LIMIT 1")
        newest = cursor.fetchone()
    if newest is None:
        return None
    return JournalPosition(newest[0], newest[1], snapshot, own)


def changes_since(position: JournalPosition) -> set[tuple[str, str]] | None:
    """``(table, primary key)`` of every row written after ``position``.

    None when the journal no longer holds ``position`` as it was, or was pruned past it.
    """
    if connection.vendor not in SUPPORTED_VENDORS:
        return None
    with connection.cursor() as cursor:
        if not _holds(cursor, position):
            return None
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT table_name, row_key FROM cms_contentchange WHERE id > %s OR ("
                "NOT pg_visible_in_snapshot(transaction_id::xid8, %s::pg_snapshot) "
                "AND transaction_id <> %s)",
                [position.last, position.snapshot, position.own],
            )
        else:
            cursor.execute(
                "SELECT table_name, row_key FROM cms_contentchange WHERE id > %s",
                [position.last],
            )
        changes = set(cursor.fetchall())
        if not _holds(cursor, position):
            return None
    return changes


def _holds(cursor, position: JournalPosition) -> bool:
    """Whether the journal holds every row ``position`` may need: its own row, with its
    mark, and none pruned (``cms.export.journal_prune``).

    Asked again after reading the changes: a pruning that committed before
    they were read is seen by the question that follows.
    """
    cursor.execute("SELECT mark FROM cms_contentchange WHERE id = %s", [position.last])
    found = cursor.fetchone()
    if found is None or found[0] != position.mark:
        return False
    oldest_running = int(position.snapshot.split(":")[0]) if position.snapshot else 0
    cursor.execute("SELECT last, oldest_running FROM cms_journalcheckpoint WHERE pruned")
    return all(
        position.last >= last and (not pruned_below or oldest_running >= int(pruned_below))
        for last, pruned_below in cursor.fetchall()
    )


def placement(entry: Entry, topic_ids: Iterable[int], author_ids: Iterable[int]) -> list:
    """What decides which URLs an entry has, which lists it is on and where, and its family.

    ``[language, slug, publish_at, translation_of, topic ids, author ids]``, as JSON keeps
    it: while no public entry's placement changes, no page appears, goes or moves, and an
    edit touches only the pages that show the edited rows. When one changes, the old and
    the new placement name the collections it left and joined (``cms.export.placement``).
    Its paper is what its cards show (the planner follows a paper's changes to the
    entries that have it), not where it appears.
    """
    return [
        entry.language,
        entry.slug,
        entry.publish_at.isoformat() if entry.publish_at else "",
        entry.translation_of_id,
        list(topic_ids),
        list(author_ids),
    ]


def placements_of(entry_ids: Iterable[int], now: datetime) -> dict[str, list]:
    """``placement`` of each of these entries that is public at ``now``, by id as text."""
    public = Entry.objects.published(now).filter(pk__in=list(entry_ids))
    entries = list(public.only("language", "slug", "publish_at", "translation_of_id"))
    topics, authors = defaultdict(list), defaultdict(list)
    links = Entry.topics.through.objects.filter(entry__in=entries)
    for entry_id, topic_id in links.order_by("topic__slug").values_list("entry_id", "topic_id"):
        topics[entry_id].append(topic_id)
    bylines = Entry.authors.through.objects.filter(entry__in=entries)
    for entry_id, user_id in bylines.order_by("user_id").values_list("entry_id", "user_id"):
        authors[entry_id].append(user_id)
    return {
        str(entry.pk): placement(entry, topics[entry.pk], authors[entry.pk]) for entry in entries
    }


def next_publication(now: datetime) -> str | None:
    """When the next scheduled entry becomes public by itself, with no row written."""
    instant = Entry.objects.filter(scheduled_entry_filter(now)).aggregate(Min("publish_at"))
    found = instant["publish_at__min"]
    return found.isoformat() if found else None


@dataclass(frozen=True)
class JournalState:
    """What the manifest keeps for the next export to plan from the journal."""

    position: JournalPosition
    next_publication: str | None
    placements: dict[str, list]
    topics: dict[str, list]
    accounts: dict[str, list]
    nav: list

    @classmethod
    def of_loaded(cls, position: JournalPosition, entries, now: datetime) -> "JournalState":
        """From an export's loaded entries (``cms.pages.entry.EntryPages``)."""
        placements = {
            str(entry.pk): placement(
                entry,
                (topic.pk for topic in entries.topics(entry)),
                (author.pk for author in entries.authors(entry)),
            )
            for entry in entries.entries
        }
        return cls(position, next_publication(now), placements, *shown_rows())

    def moved_to(
        self, position: JournalPosition, now: datetime, moved: dict | None = None
    ) -> "JournalState":
        """The state at a later position: the placements of the ``moved`` entries
        (``cms.export.placement.moved_entries``) as they are now, every other one as it was,
        and the topics, accounts and navigation as they are now (the planner accepted only
        changes of them that move no page)."""
        placements = dict(self.placements)
        for pk, (_old, new) in (moved or {}).items():
            if new is None:
                placements.pop(str(pk), None)
            else:
                placements[str(pk)] = new
        return JournalState(position, next_publication(now), placements, *shown_rows())

    def renamed_accounts(self, user_ids: set[int]) -> set[int] | None:
        """Those of these accounts whose name shown changed (``shown_accounts``); None when
        one's username or whether it is active changed, or it was deleted: its author pages
        move. An account created since shows on no page yet; a login or a new password
        changes nothing shown."""
        now = shown_accounts() if user_ids else {}
        renamed = set()
        for pk in user_ids:
            old, new = self.accounts.get(str(pk)), now.get(str(pk))
            if old is None and new is not None:
                continue
            if not isinstance(old, list) or new is None or old[::2] != new[::2]:
                return None
            if old != new:
                renamed.add(pk)
        return renamed

    def nav_moved(self) -> bool:
        return self.nav != navigation()

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> "JournalState | None":
        if not data:
            return None
        try:
            return cls(
                JournalPosition(**data["position"]),
                data["next_publication"],
                dict(data["placements"]),
                dict(data["topics"]),
                dict(data["accounts"]),
                list(data["nav"]),
            )
        except (KeyError, TypeError):
            return None


def shown_rows() -> tuple[dict, dict, list]:
    """What pages show of topics, accounts and standalone pages besides their own rows."""
    return topic_names(), shown_accounts(), navigation()


def shown_accounts() -> dict[str, list]:
    """Each account's ``[username, name shown, active]``: its username names its author pages,
    its name is on bylines, author pages and the API's author documents, and only an active
    account has an author page (``cms.publishing.has_author_page``)."""
    users = get_user_model().objects.only("username", "first_name", "last_name", "is_active")
    return {
        str(user.pk): [user.get_username(), display_name(user), user.is_active] for user in users
    }


def navigation() -> list[list]:
    """What every page's navigation shows: the public standalone pages, in its order, with
    the language, slug and title each link shows."""
    return [list(page) for page in nav_pages().values_list("pk", "language", "slug", "title")]


def topic_names() -> dict[str, list]:
    """Each topic's ``[slug, {language: the name shown in it}]``: its slug decides its URLs,
    its names which pages a rename touches (``cms.export.planner``)."""
    return {str(topic.pk): [topic.slug, shown_names(topic)] for topic in Topic.objects.all()}


def shown_names(topic: Topic) -> dict[str, str]:
    return {code: topic.name_in(code) for code, _name in settings.LANGUAGES}
