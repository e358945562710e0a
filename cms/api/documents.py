"""The API's read documents as plain dicts: an entry's summary and detail, its topics and byline.

The live views (``cms.api.entries``, ``cms.api.taxonomy``, ``cms.api.preview``)
and the export (``cms.pages.api_entry``, ``cms.pages.api_lists``) build their
documents here, from attributes already loaded: building a DRF serializer
per entry (and one per nested topic, author and provenance block) cost more
than everything else an API document needs. The serializers in
``cms.api.serializers`` remain the schema's declaration of these documents,
and ``tests/test_api_documents.py`` holds the two to the same bytes, so each
function writes its keys in the serializer's field order and each value the
way that serializer's field would.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import override

from cms import public_urls
from cms.absolute import absolute_url
from cms.models import Entry, Topic
from cms.provenance import provenance_line


def text(value) -> str | None:
    """A ``CharField``'s representation: ``str`` of the value, ``None`` stays ``None``."""
    return None if value is None else str(value)


def moment(value: datetime.datetime | None, zone=None) -> str | None:
    """A ``DateTimeField``'s representation: ISO 8601 in the current time zone, ``Z`` for UTC.

    ``zone`` is the current time zone when the caller has read it already: a summary
    writes three moments, and each read of it goes through an ``asgiref`` local.
    """
    if not value:
        return None
    if settings.USE_TZ:
        zone = zone or timezone.get_current_timezone()
        if timezone.is_aware(value):
            value = value.astimezone(zone)
        else:
            value = timezone.make_aware(value, zone)
    elif timezone.is_aware(value):
        value = timezone.make_naive(value, datetime.UTC)
    iso = value.isoformat()
    return iso[:-6] + "Z" if iso.endswith("+00:00") else iso


def topic_document(topic: Topic, language: str) -> dict:
    """``TopicSerializer``: a topic as shown in ``language``."""
    return {
        "slug": text(topic.slug),
        "name": topic.name_in(language),
        "url": absolute_url(topic.get_absolute_url(language)),
        "api_url": public_urls.topic_api_url(topic, language),
    }


def author_document(user, language: str, *, credited_on=None, known_public=False) -> dict:
    """``AuthorSerializer``: a team author; ``url`` and ``api_url`` are ``None`` when the
    author has no page in ``language`` (``public_urls.author_path`` says which, and how)."""
    rule = {"credited_on": credited_on, "known_public": known_public}
    path = public_urls.author_path(user, language, **rule)
    username = user.get_username()
    api_url = None
    if path is not None:
        api_url = public_urls.api_url("api-author-detail", language=language, username=username)
    return {
        "username": text(username),
        "name": user.get_full_name() or username,
        "url": public_urls.html_url(path),
        "api_url": api_url,
    }


def entry_ref(entry: Entry) -> dict:
    """``EntryRefSerializer``: another language version of an entry."""
    return {
        "id": entry.pk,
        "language": text(entry.language),
        "title": text(entry.title),
        "url": absolute_url(entry.get_absolute_url()),
        "api_url": public_urls.entry_api_url(entry),
    }


def translated_line(entry: Entry) -> str:
    """The summary's ``line``: the provenance line in the entry's own language, as its page
    and its cards show it."""
    from cms.templatetags.cms_tags import cjk_spaced

    with override(entry.language):
        return str(cjk_spaced(provenance_line(entry, entry.language)))


def translation_summary(entry: Entry, line: str | None = None, zone=None) -> dict:
    """``TranslationSummarySerializer``: where the entry's text came from; ``line`` is its
    ``translated_line`` and ``zone`` the current time zone when the caller has them already."""
    return {
        "method": text(entry.translation_method),
        "translator": text(entry.translator),
        "engine": text(entry.mt_engine),
        "post_editor": text(entry.post_editor),
        "translated_at": moment(entry.translated_at, zone),
        "line": translated_line(entry) if line is None else line,
    }


def translation_detail(entry: Entry, versions: list[Entry], summary: dict | None = None) -> dict:
    """``TranslationSerializer``: the summary and the public original, if this is a translation;
    ``summary`` is the entry's ``translation_summary`` when the caller has built it already."""
    original = next((v for v in versions if v.pk == entry.translation_of_id), None)
    return {
        **(translation_summary(entry) if summary is None else summary),
        "original": entry_ref(original) if original else None,
    }


class SummaryParts:
    """The blocks of an entry's summary that other entries' summaries repeat, built anew.

    A live view builds the summaries of one page from the rows its request
    read, so it builds every block each time and never shows another
    request's data. The export, which builds every entry's summary from rows
    loaded once, passes ``cms.pages.api_lists.SharedParts`` to build each
    block once.
    """

    def topic(self, topic: Topic, language: str) -> dict:
        return topic_document(topic, language)

    def author(self, user, entry: Entry) -> dict:
        return author_document(user, entry.language, credited_on=entry)

    def line(self, entry: Entry) -> str:
        return translated_line(entry)


FRESH_PARTS = SummaryParts()


def entry_summary(
    entry: Entry, topics=None, authors=None, *, translation=None, parts=FRESH_PARTS
) -> dict:
    """``EntrySummarySerializer``: an entry as lists show it.

    ``topics`` and ``authors`` default to the entry's (prefetched) relations;
    the export passes the lists it read once per entry, and ``parts`` that
    build the blocks summaries share once.
    """
    language = entry.language
    topics = entry.topics.all() if topics is None else topics
    authors = entry.authors.all() if authors is None else authors
    zone = timezone.get_current_timezone()
    return {
        "id": entry.pk,
        "language": text(language),
        "slug": text(entry.slug),
        "title": text(entry.title),
        "summary": text(entry.summary),
        "publish_at": moment(entry.publish_at, zone),
        "updated_at": moment(entry.updated_at, zone),
        "topics": [parts.topic(topic, language) for topic in topics],
        "authors": [parts.author(user, entry) for user in authors],
        "translation": (
            translation_summary(entry, parts.line(entry), zone)
            if translation is None
            else translation
        ),
        "url": absolute_url(entry.get_absolute_url()),
        "api_url": public_urls.entry_api_url(entry),
    }


def entry_document(
    entry: Entry, versions: list[Entry], topics=None, authors=None, *, summary=None
) -> dict:
    """``EntryDetailSerializer``: the entry with everything its page shows and its source;
    ``versions`` are its other public language versions, by language. ``summary``, the
    entry's ``entry_summary`` when the caller has built it already (the export has, for the
    API lists), stands in for building its topics and byline again."""
    if summary is None:
        translation = translation_detail(entry, versions)
        head = entry_summary(entry, topics, authors, translation=translation)
    else:
        translation = translation_detail(entry, versions, summary["translation"])
        head = {**summary, "translation": translation}
    return {
        **head,
        "body_html": text(entry.body_html),
        "body": text(entry.body),
        "paper_authors": entry.paper_author_list,
        "source_url": text(entry.source_url),
        "arxiv_id": text(entry.arxiv_id),
        "doi": text(entry.doi),
        "code_url": text(entry.code_url),
        "journal_ref": text(entry.journal_ref),
        "paper_comment": text(entry.paper_comment),
        "paper_published": moment(entry.paper_published),
        "paper_updated": moment(entry.paper_updated),
        "classification": entry.classification_list,
        "versions": [entry_ref(version) for version in versions],
    }


def preview_document(entry: Entry, versions: list[Entry]) -> dict:
    """``PreviewEntrySerializer``: an entry in any status, for a holder of its preview token."""
    return {
        **entry_document(entry, versions),
        "status": text(entry.status),
        "version": entry.version,
        "preview": True,
    }
