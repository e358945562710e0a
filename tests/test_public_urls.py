"""Every public URL comes from ``cms.public_urls``, and its fast way agrees with ``reverse``."""

import ast
import re
import threading
from enum import IntEnum
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse, set_script_prefix
from django.utils import translation
from django.utils.safestring import SafeString

from cms.public_urls import (
    api_page_path,
    api_path,
    entry_path,
    list_page_path,
    pinned_url_state,
    public_path,
    topic_path,
)

ROUTES = [
    ("cms:entry-detail", {"slug": "alphafold-2"}),
    ("cms:entry-detail", {"slug": "gen_00017"}),
    ("cms:entry-list", {}),
    ("cms:entry-list-page", {"page": 3}),
    ("cms:topic-detail", {"slug": "ml"}),
    ("cms:topic-detail-page", {"slug": "ml", "page": 12}),
    ("cms:author-detail", {"username": "mara"}),
    ("cms:archive-month", {"year": 2026, "month": 7}),
    ("cms:archive-month", {"year": 2026, "month": 12}),
    ("cms:page-detail", {"slug": "about"}),
    ("api-entry-detail", {"language": "zh-hans", "slug": "alphafold-2"}),
    ("api-topic-detail-page", {"language": "en", "slug": "ml", "page": 2}),
    ("api-author-detail", {"language": "en", "username": "mara"}),
    ("sitemap-language-page", {"section": "en", "page": 4}),
    ("home", {}),
]


def reversed_path(name, language, kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("name", "kwargs"), ROUTES)
def test_public_path_is_what_reverse_gives(name, kwargs, language):
    assert public_path(name, language, **kwargs) == reversed_path(name, language, kwargs)
    # asked twice: the second answer comes from the route's cached template
    assert public_path(name, language, **kwargs) == reversed_path(name, language, kwargs)


@pytest.mark.parametrize("slug", ["蛋白质-折叠", "x.y", "a+b", "user@example"])
def test_values_reverse_would_quote_or_check_go_through_reverse(slug):
    """A username may hold ``.``, ``@`` and ``+``; a Chinese slug is quoted."""
    assert public_path("cms:author-detail", "en", username=slug) == reversed_path(
        "cms:author-detail", "en", {"username": slug}
    )


@pytest.mark.parametrize("slug", ["蛋白质", "a b", "x.y", ""])
def test_a_slug_reverse_refuses_is_refused_the_same_way(slug):
    with pytest.raises(NoReverseMatch):
        entry_path("en", slug)


def test_a_negative_page_number_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        list_page_path("entry-list", "en", {}, -1)


def test_paths_follow_the_script_prefix():
    before = get_script_prefix()
    set_script_prefix("/digest/")
    try:
        assert entry_path("en", "alphafold-2") == "/digest/en/entries/alphafold-2/"
        assert api_page_path("api-all-entries", {}, 2) == reverse(
            "api-all-entries-page", kwargs={"page": 2}
        )
    finally:
        set_script_prefix(before)
    assert entry_path("en", "alphafold-2") == "/en/entries/alphafold-2/"


def test_pinned_url_state_gives_the_same_paths_and_leaves_the_state_as_it_was():
    before = entry_path("en", "alphafold-2"), get_script_prefix(), get_urlconf()
    with pinned_url_state():
        assert entry_path("en", "alphafold-2") == before[0]
    assert (entry_path("en", "alphafold-2"), get_script_prefix(), get_urlconf()) == before


@override_settings(ROOT_URLCONF="tests.support.moved_urls")
def test_pinned_url_state_keeps_a_changed_urlconf_and_the_script_prefix():
    set_script_prefix("/digest/")
    try:
        with pinned_url_state():
            assert entry_path("en", "alphafold-2") == "/digest/en/site/entries/alphafold-2/"
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize(("name", "kwargs"), ROUTES)
def test_pinned_paths_are_what_reverse_gives(name, kwargs):
    with pinned_url_state():
        for language in ("en", "zh-hans"):
            for _ in range(2):
                assert public_path(name, language, **kwargs) == reversed_path(
                    name, language, kwargs
                )


def test_pinned_paths_see_a_urlconf_changed_inside_the_block():
    with pinned_url_state():
        assert entry_path("en", "alphafold-2") == "/en/entries/alphafold-2/"
        with override_settings(ROOT_URLCONF="tests.support.moved_urls"):
            assert entry_path("en", "alphafold-2") == "/en/site/entries/alphafold-2/"
        assert entry_path("en", "alphafold-2") == "/en/entries/alphafold-2/"


def test_pinned_state_belongs_to_its_thread():
    """Another thread, which a pin in this one does not cover, reads its own state."""
    answers = []

    def other_thread():
        set_script_prefix("/elsewhere/")
        answers.append(entry_path("en", "alphafold-2"))

    with pinned_url_state():
        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
        assert entry_path("en", "alphafold-2") == "/en/entries/alphafold-2/"
    assert answers == ["/elsewhere/en/entries/alphafold-2/"]


def test_values_that_are_not_exactly_str_or_int_go_through_reverse():
    """A subclass may write itself differently from its value (``True`` is an ``int``)."""
    with pinned_url_state():
        assert entry_path("en", SafeString("alphafold-2")) == "/en/entries/alphafold-2/"
        assert public_path("cms:entry-list-page", "en", page=IntEnum("N", "ONE").ONE) == (
            reversed_path("cms:entry-list-page", "en", {"page": 1})
        )
        with pytest.raises(NoReverseMatch):
            public_path("cms:entry-list-page", "en", page=True)


@pytest.mark.parametrize(
    ("name", "kwargs"), [(name, kwargs) for name, kwargs in ROUTES if name.startswith("api-")]
)
def test_api_paths_are_the_same_in_every_active_language(name, kwargs):
    """``api_path`` reverses in the default language: the API's routes have no language prefix
    and are not translated."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            assert api_path(name, **kwargs) == reverse(name, kwargs=kwargs)


def test_without_a_language_the_active_one_is_used():
    with translation.override("zh-hans"):
        assert topic_path("ml") == "/zh-hans/topics/ml/"
    assert topic_path("ml", "en") == "/en/topics/ml/"


def test_a_list_front_and_its_numbered_page():
    assert list_page_path("topic-detail", "en", {"slug": "ml"}, None) == "/en/topics/ml/"
    assert list_page_path("topic-detail", "en", {"slug": "ml"}, 2) == "/en/topics/ml/p/2/"
    assert api_page_path("api-entry-list", {"language": "en"}, None) == "/api/v1/en/entries.json"
    assert api_page_path("api-entry-list", {"language": "en"}, 1) == "/api/v1/en/entries/p/1.json"


def test_a_changed_urlconf_is_never_answered_from_the_old_one():
    assert entry_path("en", "alphafold-2") == "/en/entries/alphafold-2/"
    with override_settings(ROOT_URLCONF="tests.support.moved_urls"):
        assert entry_path("en", "alphafold-2") == "/en/site/entries/alphafold-2/"
    assert entry_path("en", "alphafold-2") == "/en/entries/alphafold-2/"


# Routes that are not public pages: the admin, the editor's endpoints, signed
# previews and the API's write routes. Code may ``reverse`` these directly.
NOT_PUBLIC_ROUTES = {
    "editor-markdownify",
    "editor-upload",
    "entry-preview",
    "api-preview",
    "api-entry-create",
    "api-entry-manage",
    "api-entry-workflow",
    "api-entry-comments",
    "api-entry-translate",
}
# Modules that reverse a route named by a variable, and why that is not a public route.
REVERSES_BY_VARIABLE = {
    "cms/export/target.py": "the admin, editor and preview prefixes the crawl must not follow",
}
ROOT = Path(__file__).resolve().parent.parent


def reverse_calls(path: Path):
    """Each ``reverse(…)``/``reverse_lazy(…)`` call in the file: (line, route name or None)."""
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if called not in ("reverse", "reverse_lazy"):
            continue
        first = node.args[0] if node.args else None
        name = first.value if isinstance(first, ast.Constant) else None
        yield node.lineno, name


def is_not_public(name: str) -> bool:
    return name.startswith("admin:") or name in NOT_PUBLIC_ROUTES


def test_only_public_urls_reverses_a_public_route():
    """A public path asked of ``reverse`` elsewhere would escape the one place that builds them."""
    offenders = []
    for path in sorted([*(ROOT / "cms").rglob("*.py"), *(ROOT / "site_project").rglob("*.py")]):
        where = path.relative_to(ROOT).as_posix()
        if "migrations" in path.parts or where == "cms/public_urls.py":
            continue
        for line, name in reverse_calls(path):
            if name is None and where in REVERSES_BY_VARIABLE:
                continue
            if name is None or not is_not_public(name):
                offenders.append(f"{where}:{line} reverses {name or 'a name in a variable'}")
    assert offenders == []


def test_templates_link_public_pages_with_public_url():
    """``{% url %}`` stays for the admin's templates; public pages use ``{% public_url %}``."""
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for name in re.findall(r"{%\s*url\s+['\"]([^'\"]+)['\"]", path.read_text()):
            if not is_not_public(name):
                offenders.append(f"{path.relative_to(ROOT)} links {name} with {{% url %}}")
    assert offenders == []
