"""Names of the collections of entries the pages show, from the lists and from a placement.

An entry is in a few collections: every public entry (``all``), its
language's (``entry-list:<language>``), each of its topics' and team
authors' in its language, its archive month and year, and its language
family (``family:<original id>``). Each list page names the one it shows
(``EntryList.collection``); a page that counts collections or says which
exist (the topic index, the archive, the API's index and topic and author
lists, a topic's other languages) names a *group* of them. The export
records these names among what a page read (``in:<collection>``,
``group:<name>``), and ``cms.export.placement`` finds the pages a moved
entry touches by the collections of its old and new placement
(``of_placement``), named by the same functions.
"""

from datetime import datetime, tzinfo

from django.utils import timezone

ALL = "all"


def language(code: str) -> str:
    return f"entry-list:{code}"


def topic(code: str, topic_pk: int) -> str:
    return f"topic:{code}:{topic_pk}"


def author(code: str, author_pk: int) -> str:
    return f"author:{code}:{author_pk}"


def month(code: str, year: int, number: int) -> str:
    return f"month:{code}:{year}-{number}"


def year(code: str, number: int) -> str:
    return f"year:{code}:{number}"


def family(original_pk: int) -> str:
    return f"family:{original_pk}"


def oldest(collection: str, count: int) -> str:
    """The ``count`` oldest entries of ``collection``, in order: what a numbered list page,
    counted from the oldest, shows (its entries, and whether the page after it is full).
    An entry that joins or leaves the collection after them leaves the page as it was."""
    return f"{oldest_prefix(collection)}{count}"


def oldest_prefix(collection: str) -> str:
    """What every ``oldest`` name of ``collection`` starts with, before its count."""
    return f"upto:{collection}:"


def lowest_ids(collection: str, count: int) -> str:
    """The ``count`` entries of ``collection`` with the lowest ids: what a sitemap page shows,
    listing entries by id. An entry published later has a higher id and leaves it as it was."""
    return f"{lowest_ids_prefix(collection)}{count}"


def lowest_ids_prefix(collection: str) -> str:
    """What every ``lowest_ids`` name of ``collection`` starts with, before its count."""
    return f"ids:{collection}:"


def topics_group(code: str) -> str:
    """Which topics a language's entries carry, and how many entries each."""
    return f"topics:{code}"


def topic_group(topic_pk: int) -> str:
    """Which languages have entries of a topic."""
    return f"topic:{topic_pk}"


def authors_group(code: str) -> str:
    """Which team authors a language's entries credit, and how many entries each."""
    return f"authors:{code}"


def months_group(code: str) -> str:
    """Which months have entries in a language, and how many."""
    return f"months:{code}"


def of_placement(pk: int, placement: list, zone: tzinfo | None = None) -> set[str]:
    """The collections an entry with this placement (``cms.export.journal.placement``) is in.

    Every team author the entry credits is named, whether or not the author
    has a page: a name no page read touches nothing. ``zone`` is the current
    time zone, which a caller that asks for every entry looks up once.
    """
    code, _slug, published, translation_of, topic_pks, author_pks = placement
    local = timezone.localtime(datetime.fromisoformat(published), zone)
    return {
        ALL,
        language(code),
        family(translation_of or pk),
        month(code, local.year, local.month),
        year(code, local.year),
        *(topic(code, t) for t in topic_pks),
        *(author(code, a) for a in author_pks),
    }


def groups_of(collection: str) -> set[str]:
    """The groups whose pages change when an entry joins or leaves ``collection``."""
    kind, _sep, rest = collection.partition(":")
    if kind == "topic":
        code, _sep, topic_pk = rest.partition(":")
        return {topics_group(code), topic_group(int(topic_pk))}
    if kind == "author":
        return {authors_group(rest.partition(":")[0])}
    if kind in {"month", "year"}:
        return {months_group(rest.partition(":")[0])}
    return set()
