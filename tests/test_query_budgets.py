"""Query budgets: every public page and API document costs the same queries at 3 and 30 entries.

Each public route has one budget, the exact number of queries one request
makes. The same budget is asserted on a small site (3 entries per language)
and on a site ten times larger, with lists paged so that both the first and
the second page grow with it, and with as many more topics, authors and
archive months, so the indexes, feeds and sitemaps that list those grow too:
a view that runs a query per entry, topic, author, month or translation (an
N+1) fails here at once. A route added to the URL
configuration without a budget fails ``test_every_public_route_has_a_budget``.
"""

from datetime import datetime

from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from cms.models import TranslationMethod
from cms.preview import preview_path
from cms.publishing import Status
from tests.factories import make_entry, make_member, make_page, make_topic

YEAR, MONTH = 2025, 3

# Route name -> (path, queries). Names of the language-prefixed site carry the ``cms:`` namespace.
BUDGETS: dict[str, tuple[str, int]] = {
    "home": ("/", 7),
    "robots-txt": ("/robots.txt", 0),
    "not-found-page": ("/404.html", 2),
    "sitemap": ("/sitemap.xml", 2),
    "sitemap-language": ("/sitemap-en.xml", 6),
    "sitemap-language-page": ("/sitemap-en-page-2.xml", 3),
    "entry-preview": ("{preview}", 6),
    "cms:entry-list": ("/en/", 5),
    "cms:entry-list-page": ("/en/p/1/", 5),
    "cms:entry-list-legacy-page": ("/en/page/2/", 1),
    "cms:feed": ("/en/feed.xml", 3),
    "cms:entry-detail": ("/en/entries/fixed/", 5),
    "cms:archive": ("/en/archive/", 2),
    "cms:archive-year": (f"/en/archive/{YEAR}/", 6),
    "cms:archive-year-page": (f"/en/archive/{YEAR}/p/1/", 6),
    "cms:archive-year-legacy-page": (f"/en/archive/{YEAR}/page/2/", 2),
    "cms:archive-month": (f"/en/archive/{YEAR}/{MONTH}/", 6),
    "cms:archive-month-page": (f"/en/archive/{YEAR}/{MONTH}/p/1/", 6),
    "cms:archive-month-legacy-page": (f"/en/archive/{YEAR}/{MONTH}/page/2/", 2),
    "cms:topic-list": ("/en/topics/", 2),
    "cms:topic-detail": ("/en/topics/biology/", 8),
    "cms:topic-detail-page": ("/en/topics/biology/p/1/", 7),
    "cms:topic-detail-legacy-page": ("/en/topics/biology/page/2/", 3),
    "cms:topic-feed": ("/en/topics/biology/feed.xml", 4),
    "cms:author-detail": ("/en/authors/mara/", 6),
    "cms:author-detail-page": ("/en/authors/mara/p/1/", 6),
    "cms:author-detail-legacy-page": ("/en/authors/mara/page/2/", 2),
    "cms:page-detail": ("/en/pages/about/", 2),
    "cms:search": ("/en/search/?q=spectral", 6),
    "api-root": ("/api/v1/index.json", 4),
    "api-schema": ("/api/v1/schema.json", 0),
    "api-docs": ("/api/v1/docs/", 0),
    "api-docs-script": ("/api/v1/docs/init.js", 0),
    "api-all-entries": ("/api/v1/entries.json", 4),
    "api-all-entries-page": ("/api/v1/entries/p/1.json", 4),
    "api-all-entries-legacy-page": ("/api/v1/entries/page/2.json", 1),
    "api-preview": ("{api_preview}", 6),
    "api-entry-list": ("/api/v1/en/entries.json", 4),
    "api-entry-list-page": ("/api/v1/en/entries/p/1.json", 4),
    "api-entry-list-legacy-page": ("/api/v1/en/entries/page/2.json", 1),
    "api-entry-detail": ("/api/v1/en/entries/fixed.json", 4),
    "api-topic-list": ("/api/v1/en/topics.json", 1),
    "api-topic-detail": ("/api/v1/en/topics/biology.json", 5),
    "api-topic-detail-page": ("/api/v1/en/topics/biology/p/1.json", 5),
    "api-topic-detail-legacy-page": ("/api/v1/en/topics/biology/page/2.json", 2),
    "api-author-list": ("/api/v1/en/authors.json", 1),
    "api-author-detail": ("/api/v1/en/authors/mara.json", 5),
    "api-author-detail-page": ("/api/v1/en/authors/mara/p/1.json", 5),
    "api-author-detail-legacy-page": ("/api/v1/en/authors/mara/page/2.json", 2),
    "api-page-list": ("/api/v1/en/pages.json", 1),
    "api-page-detail": ("/api/v1/en/pages/about.json", 1),
}

# The 404 page static hosts serve answers 404, as it must; the old page addresses
# (``page/<n>/``) redirect to the new ones (``p/<n>/``); every other route answers 200.
STATUS = {
    "not-found-page": 404,
    **{name: 301 for name in BUDGETS if "legacy" in name},
}

# Routes that are not public pages or documents, and why they have no budget.
NOT_PUBLIC = {
    "api-entry-create": "a write, for token holders",
    "api-entry-manage": "a write, for token holders",
    "api-entry-translate": "a write (machine translation), for token holders",
    "api-entry-workflow": "a workflow action, for token holders",
    "api-entry-comments": "a review conversation, for token holders (tests/test_api_comments.py)",
    "api-not-found": "the JSON 404 for every other path",
    "editor-markdownify": "the editor's preview, staff only",
    "editor-upload": "the editor's image upload, staff only",
}


def route_names(patterns=None, namespace: str = "") -> set[str]:
    """Every named route of the URL configuration, with its namespace, admin left out."""
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def test_every_public_route_has_a_budget():
    missing = route_names() - set(BUDGETS) - set(NOT_PUBLIC)
    assert not missing, f"routes without a query budget in {__name__}: {sorted(missing)}"
    assert not set(BUDGETS) & set(NOT_PUBLIC)
    assert not (set(BUDGETS) | set(NOT_PUBLIC)) - route_names(), "budgets for routes that are gone"


def build_site(size: int) -> dict[str, str]:
    """``size`` public entries per language, each with three topics and authors and a translation.

    Two of the topics and authors are shared; the third is the entry's own,
    which also credits an older entry in a month of its own, so the site has
    ``size`` more topics, authors and archive months. Around them: a fixed
    entry and the About page that detail routes open, a draft with a preview
    link, and hidden entries that must not change a count.
    """
    topics = [make_topic("biology", "Biology", **{"zh-hans": "生物学"}), make_topic("physics")]
    authors = [make_member("author", "mara"), make_member("editor", "edith")]
    make_page("About", slug="about", body="We read papers.")

    def pair(title: str, day: int, own_topics=(), own_authors=(), **fields):
        published = datetime(YEAR, MONTH, day, 12).astimezone()
        topics_here, authors_here = [*topics, *own_topics], [*authors, *own_authors]
        original = make_entry(
            title, topics=topics_here, authors=authors_here, publish_at=published, **fields
        )
        make_entry(
            f"{title} (zh)",
            language="zh-hans",
            slug=original.slug,
            translation_of=original,
            translation_method=TranslationMethod.MACHINE,
            translator="Google Translate",
            topics=topics_here,
            authors=authors_here,
            publish_at=published,
        )
        return original

    pair("Fixed spectral entry", 1, slug="fixed", summary="A summary.", arxiv_id="2101.00001")
    for number in range(size):
        topic = make_topic(f"field-{number}", **{"zh-hans": f"领域 {number}"})
        author = make_member("author", f"writer{number}")
        pair(f"Spectral method {number}", 2 + number % 25, [topic], [author])
        older = datetime(YEAR - 1 - number // 12, 1 + number % 12, 15, 12).astimezone()
        make_entry(f"Older {number}", topics=[topic], authors=[author], publish_at=older)
    draft = make_entry("Draft spectral", status=Status.DRAFT, topics=topics, authors=authors)
    make_entry("Review spectral", status=Status.REVIEW, topics=topics, authors=authors)
    token = preview_path(draft).strip("/").split("/")[-1]
    return {"preview": preview_path(draft), "api_preview": f"/api/v1/preview/{token}.json"}


class SmallSiteBudgets(TestCase):
    """Three entries per language; lists paged by two, so every list has a second page."""

    SIZE = 3
    PER_PAGE = 2

    @classmethod
    def setUpTestData(cls):
        cls.paths = build_site(cls.SIZE)

    def setUp(self):
        cache.clear()  # no throttle history from other tests: previews are throttled

    def assert_budget(self, name: str) -> None:
        path, budget = BUDGETS[name]
        settings = {
            "CMS_ENTRIES_PER_PAGE": self.PER_PAGE,
            "CMS_API_PAGE_SIZE": self.PER_PAGE,
            "CMS_SITEMAP_PAGE_SIZE": self.PER_PAGE,
        }
        with override_settings(**settings), self.assertNumQueries(budget):
            response = self.client.get(path.format(**self.paths))
        self.assertEqual(response.status_code, STATUS.get(name, 200), f"{name}: {path}")

    def test_lists_grow_with_the_site(self):
        """The budgets are measured on full pages: a list holds a page of entries, not a few."""
        with override_settings(CMS_ENTRIES_PER_PAGE=self.PER_PAGE, CMS_API_PAGE_SIZE=self.PER_PAGE):
            api = self.client.get("/api/v1/en/entries/p/1.json").json()
            html = self.client.get("/en/").content.decode()
        self.assertEqual(len(api["results"]), self.PER_PAGE)
        self.assertGreaterEqual(html.count("Spectral method"), self.PER_PAGE - 1)

    def test_indexes_grow_with_the_site(self):
        """The topic, author and archive indexes list one more row per entry of the site."""
        topics = self.client.get("/en/topics/").content.decode()
        archive = self.client.get("/en/archive/").content.decode()
        api_topics = self.client.get("/api/v1/en/topics.json").json()
        api_authors = self.client.get("/api/v1/en/authors.json").json()
        self.assertEqual(topics.count("/en/topics/field-"), self.SIZE)
        self.assertGreaterEqual(archive.count("/en/archive/"), self.SIZE)
        self.assertEqual(api_topics["count"], self.SIZE + 2)
        self.assertEqual(api_authors["count"], self.SIZE + 2)


class LargeSiteBudgets(SmallSiteBudgets):
    """Thirty entries per language, paged by twenty: the same budgets hold."""

    SIZE = 30
    PER_PAGE = 20


def _budget_test(name: str):
    def test(self):
        self.assert_budget(name)

    test.__name__ = f"test_{name.replace(':', '_').replace('-', '_')}_stays_in_budget"
    test.__doc__ = f"{name} makes {BUDGETS[name][1]} queries at any size."
    return test


for _name in BUDGETS:
    _test = _budget_test(_name)
    setattr(SmallSiteBudgets, _test.__name__, _test)
