"""Absolute addresses of API resources and of the HTML pages they describe.

Built from ``CMS_SITE_URL`` (``cms.absolute``), never from the request, so a
response says the same thing whoever asks, and the export crawler can follow
``url``, ``api_url`` and ``next`` to the same files.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from cms.absolute import absolute_url
from cms.models import Entry, Page, Topic
from cms.publishing import has_author_page


def api_url(name: str, **kwargs) -> str:
    return absolute_url(reverse(name, kwargs=kwargs))


def entry_api_url(entry: Entry) -> str:
    return api_url("api-entry-detail", language=entry.language, slug=entry.slug)


def topic_api_url(topic: Topic, language: str) -> str:
    return api_url("api-topic-detail", language=language, slug=topic.slug)


def page_api_url(page: Page) -> str:
    return api_url("api-page-detail", language=page.language, slug=page.slug)


def author_path(
    user: AbstractBaseUser, language: str, *, credited_on=None, known_public: bool = False
) -> str | None:
    """The team author's page in ``language``, or ``None`` when there is none.

    The rule is ``cms.publishing.has_author_page``: ``credited_on`` is an
    entry whose byline names the user; ``known_public`` says the user came
    from ``public_authors(language)`` already.
    """
    if not (known_public or has_author_page(user, language, credited_on=credited_on)):
        return None
    try:
        with translation.override(language):
            return reverse("cms:author-detail", kwargs={"username": user.get_username()})
    except NoReverseMatch:
        return None


def author_api_url(user: AbstractBaseUser, language: str, **rule) -> str | None:
    if author_path(user, language, **rule) is None:
        return None
    return api_url("api-author-detail", language=language, username=user.get_username())


def html_url(path: str | None) -> str | None:
    return absolute_url(path) if path else None
