"""Every public URL of the site, in every language: the one place that builds them.

Models' ``get_absolute_url``, the templates (``{% public_url %}`` and the
``author_url`` tag), the page kinds of ``cms.pages``, the paginators, the
API's links, feeds, sitemaps and the export ask here, so a route renamed in
``cms/urls.py`` or ``cms/api/urls.py`` changes in one place and every caller
agrees on it.

``public_path`` is ``reverse`` for public routes, made cheap for the export,
which asks for hundreds of thousands of paths: a route is reversed once per
language with marks in place of its arguments, and later paths are that
template with the values put in. Only values that ``reverse`` passes through
unchanged take that way (a ``str`` of plain letters, digits, ``-`` and ``_``,
or a non-negative ``int``, which every converter of the public routes accepts
and writes as it is); anything else is reversed, so both ways always agree.
Inside ``pinned_url_state`` (the export) a template is found without reading
the thread's script prefix and URLconf at all.
Absolute URLs come from ``CMS_SITE_URL`` (``cms.absolute``), never from the
request. The export's base path and ``--relative`` are applied to the
rendered bytes afterwards (``cms.export.links``), not here.
"""

import functools
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.urls import (
    NoReverseMatch,
    get_resolver,
    get_script_prefix,
    get_urlconf,
    reverse,
    set_script_prefix,
    set_urlconf,
)
from django.utils import translation

from cms.absolute import absolute_url
from cms.languages import default_language
from cms.publishing import has_author_page

PLAIN_VALUE = re.compile(r"[A-Za-z0-9_-]+\Z")
_MARK = "zq{}mark"
_NUMBER_MARK = 7_770_000_000


def public_path(name: str, language: str | None = None, /, **kwargs) -> str:
    """The path of route ``name`` in ``language`` (default: the active language)."""
    language = language or translation.get_language()
    for value in kwargs.values():
        if not _passes_through(value):
            return _reversed(name, language, kwargs)
    pinned = _pin.state
    if pinned is None:
        template = _template(
            name, language, tuple(sorted(kwargs)), get_script_prefix(), get_resolver(get_urlconf())
        )
    else:
        template = pinned.template(name, language, kwargs)
    if template is None:
        return _reversed(name, language, kwargs)
    return template.format_map(kwargs)


@contextmanager
def pinned_url_state() -> Iterator[None]:
    """Set the thread's URLconf and script prefix to what they already mean, for a while.

    Outside a request neither is set, and Django reads each through a
    ``asgiref.local.Local`` that raises and catches ``AttributeError`` before
    falling back to the default: several microseconds for every path, of which
    a page asks about ten. A request sets both, so pages rendered outside one
    (the export) pin them the same way; paths do not change. While pinned,
    ``public_path`` does not read them at all (``PinnedState``): a script
    prefix set inside the block is not seen, a changed URLconf is.
    """
    prefix, urlconf = get_script_prefix(), get_urlconf()
    outer = _pin.state
    set_script_prefix(prefix)
    set_urlconf(urlconf or settings.ROOT_URLCONF)
    _pin.state = PinnedState(prefix, urlconf or settings.ROOT_URLCONF)
    try:
        yield
    finally:
        _pin.state = outer
        set_urlconf(urlconf)
        set_script_prefix(prefix)


class PinnedState:
    """A pinned script prefix and URLconf, with each route's template for them at hand.

    Reading the prefix, the URLconf and the route's cache key costs more than
    the path itself when a page asks for hundreds: here a template is one
    dictionary look-up by route, language and argument names. The resolver
    is asked for again on every call, which is cheap, so a URLconf changed
    inside the block (``override_settings(ROOT_URLCONF=…)``; each
    ``clear_url_caches`` makes a new resolver) is never answered from the old
    one: the thread's URLconf is read again then.
    """

    def __init__(self, prefix: str, urlconf: str) -> None:
        self.prefix = prefix
        self.urlconf = urlconf
        self.resolver = get_resolver(urlconf)
        self.templates: dict[tuple, str | None] = {}

    def template(self, name: str, language: str, kwargs: dict) -> str | None:
        resolver = get_resolver(self.urlconf)
        if resolver is not self.resolver:
            self.urlconf = get_urlconf() or settings.ROOT_URLCONF
            self.resolver, self.templates = get_resolver(self.urlconf), {}
            resolver = self.resolver
        key = (name, language, *kwargs)
        try:
            return self.templates[key]
        except KeyError:
            found = self.templates[key] = _template(
                name, language, tuple(sorted(kwargs)), self.prefix, resolver
            )
            return found


class _Pin(threading.local):
    state: PinnedState | None = None


_pin = _Pin()


def _passes_through(value) -> bool:
    """Exactly a ``str`` of plain characters or a non-negative ``int``; anything else,
    a subclass included (``bool``), is left to ``reverse``."""
    kind = type(value)
    if kind is str:
        return PLAIN_VALUE.match(value) is not None
    return kind is int and value >= 0


def _reversed(name: str, language: str | None, kwargs: dict) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@functools.lru_cache(maxsize=512)
def _template(name, language, keys, script_prefix, resolver) -> str | None:
    """The route's path as a ``str.format`` template with a field for each argument.

    Cached per resolver, so a changed URLconf (``clear_url_caches`` makes a
    new resolver) is never served stale. None when marks do not reverse.
    """
    for marks in (
        {key: _MARK.format(index) for index, key in enumerate(keys)},
        {key: _NUMBER_MARK + index for index, key in enumerate(keys)},
    ):
        try:
            with translation.override(language):
                path = reverse(name, kwargs=marks, urlconf=resolver.urlconf_name)
        except NoReverseMatch:
            continue
        return _split(path, {str(mark): key for key, mark in marks.items()})
    return None


def _split(path: str, keys_by_mark: dict[str, str]) -> str | None:
    """``path`` with each mark replaced by its argument's field, and braces doubled."""
    if not keys_by_mark:
        return _literal(path)
    pattern = re.compile("|".join(map(re.escape, keys_by_mark)))
    parts: list[str] = []
    position = 0
    for found in pattern.finditer(path):
        parts += [_literal(path[position : found.start()]), f"{{{keys_by_mark[found.group()]}}}"]
        position = found.end()
    parts.append(_literal(path[position:]))
    if len(parts) != 2 * len(keys_by_mark) + 1:
        return None
    return "".join(parts)


def _literal(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def entry_path(language: str, slug: str) -> str:
    """The page of the entry with ``slug`` in ``language``."""
    return public_path("cms:entry-detail", language, slug=slug)


def page_path(language: str, slug: str) -> str:
    return public_path("cms:page-detail", language, slug=slug)


def topic_path(slug: str, language: str | None = None) -> str:
    return public_path("cms:topic-detail", language, slug=slug)


def list_page_path(url_name: str, language: str | None, kwargs: dict, number: int | None) -> str:
    """Page ``number`` of an HTML list (``None``: its front, which holds the newest)."""
    if number is None:
        return public_path(f"cms:{url_name}", language, **kwargs)
    return public_path(f"cms:{url_name}-page", language, **kwargs, page=number)


def language_home(language: str) -> str:
    return public_path("cms:entry-list", language)


def author_path(user, language: str, *, credited_on=None, known_public: bool = False):
    """The team author's page in ``language``, or None when there is none to link to.

    The rule is ``cms.publishing.has_author_page``: ``credited_on`` is an
    entry whose byline names the user (it answers without a query);
    ``known_public`` says the user came from ``public_authors(language)``.
    """
    if not (known_public or has_author_page(user, language, credited_on=credited_on)):
        return None
    try:
        return public_path("cms:author-detail", language, username=user.get_username())
    except NoReverseMatch:
        return None


def api_path(name: str, /, **kwargs) -> str:
    """An API route's path; its language, when it has one, is an argument, not a prefix.

    The API's routes are not under ``i18n_patterns`` and none is translated, so
    their paths are the same in every language: they are reversed in the
    default one, which spares reading the active language for each path.
    """
    return public_path(name, default_language(), **kwargs)


def api_page_path(url_name: str, url_kwargs: dict, number: int | None) -> str:
    """Numbered page ``number`` of an API list (``None``: its front, which holds the newest)."""
    if number is None:
        return api_path(url_name, **url_kwargs)
    return api_path(f"{url_name}-page", **url_kwargs, page=number)


def api_url(name: str, /, **kwargs) -> str:
    return absolute_url(api_path(name, **kwargs))


def entry_api_url(entry) -> str:
    return api_url("api-entry-detail", language=entry.language, slug=entry.slug)


def topic_api_url(topic, language: str) -> str:
    return api_url("api-topic-detail", language=language, slug=topic.slug)


def page_api_url(page) -> str:
    return api_url("api-page-detail", language=page.language, slug=page.slug)


def author_api_url(user, language: str, **rule) -> str | None:
    if author_path(user, language, **rule) is None:
        return None
    return api_url("api-author-detail", language=language, username=user.get_username())


def html_url(path: str | None) -> str | None:
    return absolute_url(path) if path else None
