"""API document kinds besides entries: the index, each language's topic, author and page lists,
and each standalone page's document.

Each ``…_document`` function is the one description of its document: the live
views (``cms.api.site``, ``cms.api.taxonomy``, ``cms.api.pages``) answer it
from their queries, and ``ApiSiteDocuments`` from the rows the export loaded
(``EntryPages``, ``StandalonePages``, ``Taxonomy``), with DRF's JSON renderer
in both, so the file and the live response are the same bytes.
"""

from collections.abc import Iterator

from django.conf import settings
from rest_framework.renderers import JSONRenderer

from cms.absolute import absolute_url
from cms.api.envelopes import IndexSerializer
from cms.api.serializers import (
    AuthorListItemSerializer,
    PageDetailSerializer,
    PageSerializer,
    TopicListItemSerializer,
)
from cms.languages import language_name
from cms.models import Page
from cms.pages.indexes import Taxonomy
from cms.public_urls import api_path, api_url, language_home
from cms.publishing import has_author_page

LIST_NAMES = {"topics": "api-topic-list", "authors": "api-author-list", "pages": "api-page-list"}


def index_document(per_language: dict[str, int], counts: dict[str, int]) -> dict:
    """``per_language``: public entries by language code; ``counts``: public topics, team
    authors and standalone pages, in any language (``entries`` is added here)."""
    languages = []
    for code, _name in settings.LANGUAGES:
        languages.append(
            {
                "code": code,
                "name": language_name(code),
                "url": absolute_url(language_home(code)),
                "api_url": api_url("api-entry-list", language=code),
                "topics_api_url": api_url("api-topic-list", language=code),
                "authors_api_url": api_url("api-author-list", language=code),
                "pages_api_url": api_url("api-page-list", language=code),
                "entry_count": per_language.get(code, 0),
            }
        )
    data = {
        "name": settings.CMS_SITE_NAME,
        "url": absolute_url("/"),
        "api_url": api_url("api-root"),
        "entries_api_url": api_url("api-all-entries"),
        "schema_url": api_url("api-schema"),
        "docs_url": api_url("api-docs"),
        "counts": {"entries": sum(per_language.values()), **counts},
        "languages": languages,
    }
    return IndexSerializer(data).data


def topic_list_document(language: str, topics: list) -> dict:
    """``topics``: those with public entries in ``language``, by slug, with ``entry_count``."""
    context = {"language": language}
    return _listed(language, TopicListItemSerializer(topics, many=True, context=context).data)


def author_list_document(language: str, authors: list) -> dict:
    """``authors``: ``public_authors(language)`` by username, with ``entry_count``."""
    context = {"language": language, "public_authors": True}
    return _listed(language, AuthorListItemSerializer(authors, many=True, context=context).data)


def page_list_document(language: str, pages: list[Page]) -> dict:
    """``pages``: the language's public standalone pages in navigation order."""
    return _listed(language, PageSerializer(pages, many=True).data)


def page_document(page: Page) -> dict:
    return PageDetailSerializer(page).data


def _listed(language: str, results: list) -> dict:
    return {"language": language, "count": len(results), "results": results}


class ApiSiteDocuments:
    """The index, the topic, author and page lists of every language, and each page's document,
    from loaded rows."""

    def __init__(self, taxonomy: Taxonomy, pages: list[Page]) -> None:
        self.taxonomy = taxonomy
        self.pages = pages

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """What the index counts: entries by language; topics, authors and pages anywhere."""
        per_language: dict[str, int] = {}
        topics, authors = set(), set()
        for entry in self.taxonomy.entries.entries:
            per_language[entry.language] = per_language.get(entry.language, 0) + 1
            topics.update(topic.pk for topic in self.taxonomy.entries.topics(entry))
            authors.update(
                author.pk
                for author in self.taxonomy.entries.authors(entry)
                if has_author_page(author, entry.language, credited_on=entry)
            )
        others = {"topics": len(topics), "authors": len(authors), "pages": len(self.pages)}
        return per_language, others

    def in_language(self, kind: str, language: str) -> list:
        """The rows the ``kind`` list (``LIST_NAMES``) of ``language`` shows, in its order."""
        if kind == "topics":
            return self.taxonomy.topics(language)
        if kind == "authors":
            return self.taxonomy.authors(language)
        return [page for page in self.pages if page.language == language]

    def urls(self) -> Iterator[tuple[str, tuple]]:
        yield api_path("api-root"), ("index",)
        for language, _name in settings.LANGUAGES:
            for kind, name in LIST_NAMES.items():
                yield api_path(name, language=language), (kind, language)
        for page in self.pages:
            path = api_path("api-page-detail", language=page.language, slug=page.slug)
            yield path, ("page", page)

    def document(self, key: tuple) -> dict:
        kind = key[0]
        if kind == "index":
            return index_document(*self.counts())
        if kind == "page":
            return page_document(key[1])
        language = key[1]
        rows = self.in_language(kind, language)
        if kind == "topics":
            return topic_list_document(language, rows)
        if kind == "authors":
            return author_list_document(language, rows)
        return page_list_document(language, rows)

    def render(self, key: tuple) -> bytes:
        return JSONRenderer().render(self.document(key))
