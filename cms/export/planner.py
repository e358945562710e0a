"""The pages an incremental export renders again, planned from the change journal.

An edit, the most common change, touches a few dozen pages: the edited
entry's family, the lists, feeds and sitemap page that show it. Finding them
by loading every row and digesting every page costs as much at 10,000
entries as the edit is small. ``plan_from_journal`` finds them from the
rows written since the last export (``cms.export.journal``) and what each
page's digest read (``Record.reads``), and the export renders just those:
a few through the live views, which give the same bytes as the loaded page
kinds (``tests/test_pages.py``), without loading the site; more from the
loaded site, without digesting or crawling the pages that did not change.
A topic renamed (its slug kept) is on thousands of pages, but changes only
those that show a name it changed: each page's digest reads the languages it
shows topics' names in (``showing_names``), so a new English name re-renders
the English pages and the other pages that show English entries' cards. An
account's new name re-renders the pages that read its row or its public
entries' cards; a new password, nothing. A standalone page's new body
re-renders the pages that read its row: the page, its API document, the
lists and the sitemap page that list it.

It answers only when that is sure to be the whole change: the code, the
settings and the options are the same, no account's username or whether it
is active changed, the navigation shows the same pages (``JournalState.nav``),
at most ``MOST_CHANGES`` rows changed and at most half the pages are touched.
Otherwise it answers None and the export loads the site and compares every
page's digest. An entry published, withdrawn or moved (its placement,
``journal.placement``, changed), a scheduled entry come out by itself
(``came_out``), a topic added, deleted or given a new slug (its pages move,
and its entries' cards change) or a redirect changed is planned by
``cms.export.placement``: its pages are candidates, the site is loaded, and
pages appear and go as the loaded site says.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from cms.export.journal import JournalPosition, JournalState, changes_since, shown_names
from cms.export.manifest import Manifest
from cms.export.placement import deeper_reads, moved_entries, touched_keys
from cms.models import Entry, Topic

MOST_LIVE_PAGES = 100
MOST_CHANGES = 500
PLANNED_TABLES = {"auth_user", "cms_entry", "cms_topic", "cms_page", "cms_paper", "cms_redirect"}


@dataclass(frozen=True)
class Plan:
    """The URLs to render again; every other URL of the manifest is as it was.

    A few are rendered through the live views (``live``); more, and loading
    the site once costs less than asking the database for each page. When
    entries moved (``moved``), the site is loaded whatever the count: the
    URLs that appear or go are found there (``cms.export.placement.reconcile``).
    """

    urls: list[str]
    state: JournalState
    moved: bool = False

    @property
    def live(self) -> bool:
        return not self.moved and len(self.urls) <= MOST_LIVE_PAGES


def plan_from_journal(
    previous: Manifest, position: JournalPosition | None, now: datetime
) -> Plan | None:
    """The plan for exporting the changes since ``previous``, or None (see the module)."""
    state = JournalState.from_dict(previous.journal)
    if state is None or position is None or previous.broken:
        return None
    changes = changes_since(state.position)
    if changes is None or {table for table, _key in changes} - PLANNED_TABLES:
        return None
    changed = {table: set() for table in PLANNED_TABLES}
    for table, key in changes:
        changed[table].add(int(key))
    renamed, reslugged = renamed_topics(state, changed.pop("cms_topic"))
    if renamed is None:
        return None
    changed["cms_entry"] |= came_out(state, now)
    if sum(map(len, changed.values())) > MOST_CHANGES:
        return None
    changed["cms_entry"] |= _tagged(reslugged)
    moved = moved_entries(state, changed["cms_entry"], now)
    changed["auth_user"] = state.renamed_accounts(changed["auth_user"])
    if moved is None or changed["auth_user"] is None:
        return None
    if changed["cms_page"] and state.nav_moved():
        return None
    shown = _entries_showing(changed, state)
    keys = {f"card:{pk}" for pk in shown}
    keys |= {f"{table}:{pk}" for table, ids in changed.items() for pk in ids}
    keys |= touched_keys(moved) | deeper_reads(previous, state, moved)
    if changed["cms_redirect"]:
        keys.add("table:cms_redirect")
    urls = sorted({*previous.reading(keys), *showing_names(previous, state, renamed)})
    if len(urls) > previous.count() // 2:
        return None
    moves = bool(moved or changed["cms_redirect"] or reslugged)
    return Plan(urls, state.moved_to(position, now, moved), moves)


def came_out(state: JournalState, now: datetime) -> set[int]:
    """The entries that became public by themselves since the last export: scheduled then,
    public now, with no row written. Each is planned as a published entry."""
    since = state.next_publication and datetime.fromisoformat(state.next_publication)
    if not since or since > now:
        return set()
    public = Entry.objects.published(now).filter(publish_at__gte=since)
    return set(public.values_list("pk", flat=True))


class Unloaded:
    """Stands in for ``LoadedSite`` in a planned export: nothing is loaded, every page goes
    through the request cycle, and what its digest read is what it was (a planned
    change moves no page). Its digest is unknown, so a later export that compares
    digests renders it again."""

    pages: dict = {}

    def __init__(self, previous: Manifest) -> None:
        self.previous = previous

    def inputs(self, path: str) -> tuple[None, list[str] | None]:
        record = self.previous.record(path)
        return None, None if record is None else record.reads


def renamed_topics(
    state: JournalState, topic_ids: set[int]
) -> tuple[dict[int, set[str]] | None, set[int]]:
    """The languages each of these topics shows another name or link in now, and those whose
    pages move: added, deleted or given a new slug; None when the manifest's topics are not
    ones this code wrote.

    A moved topic shows in every language: its pages appear, go or change URL, every link to
    them changes, and so does its place among topics, which are ordered by slug (so its
    entries' placements list their topics in another order).
    """
    languages = {code for code, _name in settings.LANGUAGES}
    current = {topic.pk: topic for topic in Topic.objects.filter(pk__in=topic_ids)}
    renamed, moved = {}, set()
    for pk in topic_ids:
        found, topic = state.topics.get(str(pk)), current.get(pk)
        if found is not None and not isinstance(found, list):
            return None, set()
        if topic is None or found is None or found[0] != topic.slug:
            moved.add(pk)
            renamed[pk] = languages
        else:
            now = shown_names(topic)
            renamed[pk] = {code for code, name in now.items() if found[1].get(code) != name}
    return renamed, moved


def _tagged(topic_ids: set[int]) -> set[int]:
    if not topic_ids:
        return set()
    links = Entry.topics.through.objects.filter(topic_id__in=topic_ids)
    return set(links.values_list("entry_id", flat=True))


def showing_names(previous: Manifest, state: JournalState, renamed: dict) -> set[str]:
    """The pages that show a name a renamed topic changed, by what their digests read
    (``loaded_kinds.with_names``): a card of an entry of the topic, in that entry's language
    or the page's own (``lang:<code>``), or the topic's row, in the page's own language (in
    every language when the page has none)."""
    if not renamed:
        return set()
    cards = defaultdict(set)
    links = Entry.topics.through.objects.filter(topic_id__in=renamed)
    for topic_pk, entry_pk in links.values_list("topic_id", "entry_id"):
        if str(entry_pk) in state.placements:
            cards[topic_pk].add(f"card:{entry_pk}")
    keys = {f"cms_topic:{pk}" for pk in renamed}.union(*cards.values())
    found = set()
    for url, reads in previous.reads_named(keys, "lang:").items():
        own = {name[5:] for name in reads if name.startswith("lang:")}
        for pk, languages in renamed.items():
            direct = f"cms_topic:{pk}" in reads
            shown = {state.placements[card[5:]][0] for card in reads & cards[pk]}
            if shown or direct:
                shown |= own
            if shown & languages or (direct and not own):
                found.add(url)
    return found


def _entries_showing(changed: dict[str, set[int]], state: JournalState) -> set[int]:
    """The public entries whose cards show a changed row: the entry, its paper or an author."""
    authors = changed["auth_user"]
    placements = state.placements.items() if authors else ()
    shown = {int(pk) for pk, found in placements if authors.intersection(found[5])}
    shown |= changed["cms_entry"]
    if changed["cms_paper"]:
        papers = Entry.objects.filter(paper_id__in=changed["cms_paper"])
        shown |= set(papers.values_list("pk", flat=True))
    return {pk for pk in shown if str(pk) in state.placements} | set(changed["cms_entry"])
