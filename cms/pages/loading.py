"""The public entries with everything their pages show, in a fixed number of queries.

Each row becomes one instance: a paper shared by a family of language
versions and an original entry that other loaded entries translate are
loaded once and shared, not copied into every entry that points to them.

``prefetch_related`` builds a topic instance for every link of every entry
and matches them back one by one, which at thousands of entries cost more
than loading the entries themselves. Here the topics are loaded once, in the
database's order of their slugs (the model's order, as a query of an entry's
topics gives them), the link table read as pairs of ids, and each entry's
``topics.all()`` answered from those shared instances. The byline is
prefetched as the live views prefetch it (``byline_prefetch``, by account id).
"""

from collections import defaultdict

from django.db.models import prefetch_related_objects

from cms.models import Entry, Paper, Topic
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
    attach_many(entries, "topics", Topic.objects.all())
    prefetch_related_objects(entries, byline_prefetch())
    return entries


def attach_one(entries: list[Entry], field: str, objects: dict) -> None:
    """Answer each entry's ``<field>`` from ``objects``, one instance per row however many
    entries point to it (a paper shared by a family, an original of several translations),
    where ``select_related`` would build one per entry."""
    relation = Entry._meta.get_field(field)
    for entry in entries:
        relation.set_cached_value(entry, objects.get(getattr(entry, relation.attname)))


def attach_many(entries: list[Entry], field: str, objects) -> None:
    """Answer each entry's ``<field>.all()`` from ``objects`` without a query per entry,
    in the order ``objects`` come in (the database's, as a query of the relation gives).

    Stored where ``prefetch_related`` stores its results, as a queryset of the
    entry's relation that is already evaluated, so ``.all()``, iteration and
    truth tests read it and anything that filters further still asks the
    database for the right rows.
    """
    relation = getattr(Entry, field).field
    pairs = relation.remote_field.through.objects.values_list(
        relation.m2m_field_name(), relation.m2m_reverse_field_name()
    )
    ranked = {obj.pk: (rank, obj) for rank, obj in enumerate(objects)}
    linked = defaultdict(list)
    for entry_id, other_id in pairs.iterator():
        if other_id in ranked:
            linked[entry_id].append(ranked[other_id])
    for entry in entries:
        related = getattr(entry, field).get_queryset()
        related._result_cache = [obj for _rank, obj in sorted(linked.get(entry.pk, ()))]
        related._prefetch_done = True
        if not hasattr(entry, "_prefetched_objects_cache"):
            entry._prefetched_objects_cache = {}
        entry._prefetched_objects_cache[field] = related
