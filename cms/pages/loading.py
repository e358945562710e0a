"""The public entries with everything their pages show, in a fixed number of queries.

Each row becomes one instance: a paper shared by a family of language
versions and an original entry that other loaded entries translate are
loaded once and shared, not copied into every entry that points to them.

Topics and the byline are prefetched as the live views prefetch them
(``Entry.objects.for_listing``): topics in the database's order of their
slugs, the byline by account id (``byline_prefetch``), so a page lists them
in the same order live and exported on every database. Each entry then keeps
them as plain lists, of one instance per topic or author (``keep_as_lists``).
"""

from django.db.models import prefetch_related_objects

from cms.models import Entry, Paper
from cms.models.bylines import byline_prefetch


def load_public_entries() -> list[Entry]:
    """Every public entry with its body, paper, original and relations, by language and id."""
    public = Entry.objects.published()
    entries = list(public.order_by("language", "pk"))
    papers = Paper.objects.filter(pk__in=public.values("paper_id"))
    attach_one(entries, "paper", {paper.pk: paper for paper in papers})
    originals = {entry.pk: entry for entry in entries}
    hidden = Entry.objects.filter(pk__in=public.values("translation_of_id")).exclude(
        pk__in=public.values("pk")
    )
    originals.update((entry.pk, entry) for entry in hidden)
    attach_one(entries, "translation_of", originals)
    prefetch_related_objects(entries, "topics", byline_prefetch())
    keep_as_lists(entries)
    return entries


def keep_as_lists(entries: list[Entry]) -> None:
    """Keep each entry's prefetched relations as lists of one instance per row.

    Django's prefetch leaves each entry a QuerySet per relation, with its
    own clone of the query and its filter (two kilobytes or so), and its own
    instance of every topic and author it names: tens of thousands of copies
    of a dozen topics and a few accounts, for rows that are only read (the
    largest part of what loading cost, ``docs/benchmarks.md``).
    ``entry.topics.all()`` now answers the list itself; chaining a query on
    it (``.filter``, ``.count()``) fails instead of asking the database once
    per entry.
    """
    instances = {}
    for entry in entries:
        cache = entry._prefetched_objects_cache
        for name, rows in cache.items():
            cache[name] = [instances.setdefault((type(row), row.pk), row) for row in rows]


def attach_one(entries: list[Entry], field: str, objects: dict) -> None:
    """Answer each entry's ``<field>`` from ``objects``, one instance per row however many
    entries point to it (a paper shared by a family, an original of several translations),
    where ``select_related`` would build one per entry."""
    relation = Entry._meta.get_field(field)
    for entry in entries:
        relation.set_cached_value(entry, objects.get(getattr(entry, relation.attname)))
