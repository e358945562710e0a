"""The public entries with everything their pages show, in a fixed number of queries.

Each row becomes one instance: a paper shared by a family of language
versions and an original entry that other loaded entries translate are
loaded once and shared, not copied into every entry that points to them.

Topics and the byline are in the order the live views prefetch them
(``Entry.objects.for_listing``): topics in the database's order of their
slugs, the byline by account id (``byline_prefetch``), so a page lists them
in the same order live and exported on every database. They are read from
the two link tables as pairs of ids and each entry keeps them as plain lists
of one instance per topic or author (``attach_relations``).
"""

from collections import defaultdict

from django.contrib.auth import get_user_model

from cms.models import Entry, Paper, Topic


def load_public_entries(topics: dict[int, Topic]) -> list[Entry]:
    """Every public entry with its body, paper, original and relations, by language and id.

    ``topics`` is every topic by id in the database's order of their slugs
    (``Topic.objects.all()``), which the caller reads once for its own use too.
    """
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
    attach_relations(entries, public, topics)
    return entries


def attach_relations(entries: list[Entry], public, topics: dict[int, Topic]) -> None:
    """Give each entry its topics and byline as plain lists, where a prefetch would put them.

    ``prefetch_related_objects`` builds a model instance per link row and a
    QuerySet per entry and relation, with its own clone of the query (two
    kilobytes or so): tens of thousands of copies of a dozen topics and a few
    accounts, for rows that are only read, and most of what loading cost. The
    link tables are read as id pairs instead, and each topic and author is one
    instance, in the order the prefetch gives (topics by slug as the database
    sorts them, the byline by account id). ``entry.topics.all()`` answers the
    list itself; chaining a query on it (``.filter``, ``.count()``) fails
    instead of asking the database once per entry.
    """
    topic_ids = linked_ids("topics", public)
    author_ids = linked_ids("authors", public)
    credited = {pk for ids in author_ids.values() for pk in ids}
    users = get_user_model().objects.filter(pk__in=credited).order_by("pk")
    authors = {user.pk: user for user in users}
    rank = {pk: place for place, pk in enumerate(topics)}
    for entry in entries:
        named = topic_ids.get(entry.pk, ())
        entry._prefetched_objects_cache = {
            "topics": [topics[pk] for pk in sorted(named, key=rank.__getitem__)],
            "authors": [authors[pk] for pk in sorted(author_ids.get(entry.pk, ()))],
        }


def linked_ids(relation: str, public) -> dict[int, list[int]]:
    """``entry id: [ids]`` from the link table of the many-to-many ``relation``, for the
    entries of ``public``."""
    field = Entry._meta.get_field(relation)
    entry, other = field.m2m_field_name(), field.m2m_reverse_field_name()
    rows = field.remote_field.through.objects.filter(**{f"{entry}__in": public.values("pk")})
    found = defaultdict(list)
    for entry_id, linked in rows.values_list(entry, other):
        found[entry_id].append(linked)
    return found


def attach_one(entries: list[Entry], field: str, objects: dict) -> None:
    """Answer each entry's ``<field>`` from ``objects``, one instance per row however many
    entries point to it (a paper shared by a family, an original of several translations),
    where ``select_related`` would build one per entry."""
    relation = Entry._meta.get_field(field)
    for entry in entries:
        relation.set_cached_value(entry, objects.get(getattr(entry, relation.attname)))
