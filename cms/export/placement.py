"""Planning a change that moves entries: published, withdrawn, renamed, re-dated, re-tagged.

An entry's placement (``journal.placement``) decides which collections of
entries it is in (``cms.pages.collections``): every entry, its language's,
its topics' and team authors', its archive month and year, its family. Every
page of a loaded kind records, among the rows its digest read, the
collections whose members, order or size it shows (``in:<name>``) and the
groups of collections it counts or lists (``group:<name>``): a list's front
its list, the home page its languages, a feed its list, the sitemap index
its languages, a sitemap page its entries' families, an index its group. A numbered list
page, counted from the oldest, reads only how many of its list's oldest
entries it depends on (``collections.oldest``), a sitemap page how many of
its language's entries with the lowest ids (``collections.lowest_ids``), and
each is a candidate only when an entry left or took a place among them
(``deeper_reads``). So the pages a moved
entry can change are those that read its card, or a collection its old
placement (from the manifest's ``JournalState``) or its new one (from the
database) names, or a group of such a collection; with the same publication
time it keeps its place in the collections it stays in, and only those it
leaves or joins count.

Those pages are candidates, not a verdict: the export loads the site and
renders them all, and a page whose bytes did not change keeps its file (a
list numbered from the oldest renders its front and its last numbered pages,
not the pages before the entry's place). Which URLs appear and which go is
not inferred: ``reconcile`` compares the URLs the loaded site has now with
the manifest's, renders the new ones and drops the others from the output
and the manifest.
"""

from datetime import datetime

from django.utils import timezone

from cms.export.journal import JournalState, placements_of
from cms.export.manifest import Manifest
from cms.pages import collections


def moved_entries(
    state: JournalState, entry_ids: set[int], now: datetime
) -> dict[int, tuple[list | None, list | None]] | None:
    """Each of these entries whose placement changed: ``(old, new)``, None where not public.

    None when the manifest's placements are not ones this code wrote.
    """
    if not all(isinstance(found, list) for found in state.placements.values()):
        return None
    now_public = placements_of(entry_ids, now)
    moved = {}
    for pk in entry_ids:
        old, new = state.placements.get(str(pk)), now_public.get(str(pk))
        if old != new:
            moved[pk] = (old, new)
    return moved


def touched_keys(moved: dict[int, tuple[list | None, list | None]]) -> set[str]:
    """What the pages that may change read: the moved entries' cards, the collections they
    left or joined (all of theirs when one appeared, went or was re-dated) and the groups
    of those collections."""
    keys = set()
    for pk, (old, new) in moved.items():
        names = set().union(*touched_collections(pk, old, new))
        keys.add(f"card:{pk}")
        keys.update(f"in:{name}" for name in names)
        keys.update(f"group:{group}" for name in names for group in collections.groups_of(name))
    return keys


def touched_collections(pk: int, old: list | None, new: list | None) -> tuple[set, set]:
    """The collections the entry left or moved in, and those it joined or moved in."""
    before = collections.of_placement(pk, old) if old else set()
    after = collections.of_placement(pk, new) if new else set()
    if old is not None and new is not None and old[2] == new[2]:
        return before - after, after - before
    return before, after


def deeper_reads(previous: Manifest, state: JournalState, moved: dict) -> set[str]:
    """The reads of numbered list pages (``collections.oldest``) and sitemap pages
    (``collections.lowest_ids``) that show an entry at or after the place where an entry was
    inserted or removed, in their order: only those pages can change."""
    found = set()
    for collection, depths in undisturbed_depths(state, moved).items():
        prefixes = (collections.oldest_prefix, collections.lowest_ids_prefix)
        for prefix_of, depth in zip(prefixes, depths, strict=True):
            prefix = prefix_of(collection)
            names = previous.names_starting(prefix)
            found.update(name for name in names if int(name[len(prefix) :]) > depth)
    return found


def undisturbed_depths(state: JournalState, moved: dict) -> dict[str, list[int]]:
    """For each collection a moved entry left, joined or moved in, how many of its entries
    (in the last export) sort before every place an entry left or took in it: oldest first,
    as numbered list pages count, and by id, as sitemap pages list."""
    earliest = {}
    for pk, (old, new) in moved.items():
        for placement, names in zip((old, new), touched_collections(pk, old, new), strict=True):
            if placement is None:
                continue
            key = (datetime.fromisoformat(placement[2]), pk)
            for name in names:
                first = earliest.get(name, (key, pk))
                earliest[name] = (min(first[0], key), min(first[1], pk))
    depths = {name: [0, 0] for name in earliest}
    if not depths:
        return depths
    zone = timezone.get_current_timezone()
    for text_pk, placement in state.placements.items():
        pk = int(text_pk)
        if pk in moved:
            continue
        key = (datetime.fromisoformat(placement[2]), pk)
        for name in collections.of_placement(pk, placement, zone) & earliest.keys():
            depths[name][0] += key < earliest[name][0]
            depths[name][1] += pk < earliest[name][1]
    return depths


def reconcile(previous: Manifest, loaded, candidates: list[str]) -> tuple[list[str], set[str]]:
    """The URLs to render and the URLs that go.

    The seeds are the candidates the site still has (and any whose manifest
    record could not say what it read, which are rendered every time) and
    every URL of a loaded kind that is new or another kind now (an entry's
    page where a renamed entry's old URL redirected, which read nothing of
    the new entry). The URLs that go are those of a loaded kind the site no
    longer has, which are in neither the crawl nor the output.
    """
    now = loaded.pages.keys() | loaded.fetched.keys()
    query = "SELECT url, kind, reads IS NULL FROM records WHERE kind IN ('page', 'redirect')"
    known = {url: (kind, unread) for url, kind, unread in previous.db.execute(query)}
    seeds = [url for url in candidates if url in now or known[url][1]]
    seeds += [url for url, page in loaded.pages.items() if _other_kind(known.get(url), page)]
    gone = {url for url, (_kind, unread) in known.items() if not unread and url not in now}
    return seeds, gone


def _other_kind(known: tuple[str, bool] | None, page) -> bool:
    return known is None or (known[0] == "redirect") != bool(page.redirect_to)
