"""List pages numbered from the oldest entry: publishing an entry changes few pages.

Every paginated list (language home, topic, author, year and month archive)
has a front at its own URL with the newest entries and numbered full pages
at ``p/<n>/`` counted from the oldest; the old ``page/<n>/`` URLs redirect.
"""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.export import export_site
from cms.models import Entry
from cms.views.lists import legacy_page_paths
from cms.views.pagination import FRONT, ListPage, list_page, numbered_page
from tests.factories import make_entry, make_topic, make_user

pytestmark = pytest.mark.django_db

MARCH = timezone.make_aware(datetime(2026, 3, 2, 9, 0))
LISTS = [
    "/en/",
    "/en/topics/physics/",
    "/en/authors/mara/",
    "/en/archive/2026/",
    "/en/archive/2026/3/",
]


@pytest.fixture
def listing(settings):
    """Ten English entries, two to a page, on one topic and author, all in March 2026."""
    settings.CMS_ENTRIES_PER_PAGE = 2
    topic, author = make_topic("physics", "Physics"), make_user("mara")
    for number in range(10):
        add_entry(number, topic, author)
    return topic, author


def add_entry(number, topic, author):
    return make_entry(
        f"Entry {number}",
        slug=f"e{number}",
        publish_at=MARCH + timedelta(hours=number),
        topics=[topic],
        authors=[author],
    )


def every_list_page(client) -> dict[str, bytes]:
    """The bytes of every page of every list, found by following "older" links from the front."""
    pages = {}
    for front in LISTS:
        url = front
        while url:
            response = client.get(url)
            assert response.status_code == 200, url
            pages[url] = response.content
            url = response.context["next_page_url"]
        numbered = sorted(url for url in pages if url.startswith(front + "p/"))
        for url in numbered:  # the newest numbered page is reached only by its "newer" links
            newer = client.get(url).context["previous_page_url"]
            if newer != front and newer not in pages:
                pages[newer] = client.get(newer).content
    return pages


@pytest.mark.parametrize(
    "count, number, expected",
    [
        (0, None, ListPage(FRONT, 0, 0, None, None)),
        (2, None, ListPage(FRONT, 0, 2, None, None)),
        (3, None, ListPage(FRONT, 0, 2, 1, None)),
        (10, None, ListPage(FRONT, 0, 2, 4, None)),
        (11, None, ListPage(FRONT, 0, 2, 5, None)),
        (10, 1, ListPage(1, 8, 10, None, 2)),
        (10, 5, ListPage(5, 0, 2, 4, FRONT)),
        (11, 5, ListPage(5, 1, 3, 4, FRONT)),
        (3, 1, ListPage(1, 1, 3, None, FRONT)),
    ],
)
def test_pages_are_counted_from_the_oldest_entry(count, number, expected):
    assert list_page(count, 2, number) == expected


@pytest.mark.parametrize("count, number", [(10, 0), (10, 6), (11, 6), (2, 1), (0, 1)])
def test_a_page_that_is_not_full_has_no_number(count, number):
    with pytest.raises(LookupError, match=f"no page {number}"):
        list_page(count, 2, number)


def test_numbered_pages_from_the_database_agree_with_the_arithmetic(listing):
    """The views ask for positions, not the count: they must give the pages `list_page` plans."""
    add_entry(10, *listing)
    add_entry(11, *listing)
    oldest = list(Entry.objects.order_by("publish_at", "id"))
    for count in range(len(oldest) + 1):
        entries = Entry.objects.filter(pk__in=[entry.pk for entry in oldest[:count]])
        for number in range(8):
            try:
                expected = list_page(count, 2, number)
            except LookupError:
                with pytest.raises(LookupError):
                    numbered_page(entries, 2, number)
                continue
            page, shown = numbered_page(entries, 2, number)
            assert (page.number, page.older, page.newer) == (number, expected.older, expected.newer)
            assert shown == oldest[:count][::-1][expected.start : expected.stop], (count, number)


def test_publishing_an_entry_changes_only_the_front_and_the_newest_page(client, listing):
    before = every_list_page(client)
    assert len(before) == len(LISTS) * 6  # a front and five numbered pages each
    add_entry(10, *listing)
    after = every_list_page(client)
    changed = {url for url in before if before[url] != after.get(url)}
    assert changed == set(LISTS)
    assert after.keys() == before.keys()
    add_entry(11, *listing)  # fills a sixth page
    again = every_list_page(client)
    changed = {url for url in after if after[url] != again.get(url)}
    assert changed == {url for front in LISTS for url in (front, f"{front}p/5/")}
    assert again.keys() - after.keys() == {f"{front}p/6/" for front in LISTS}


def test_numbered_page_shows_its_entries_newest_first_with_links_both_ways(client, listing):
    response = client.get("/en/topics/physics/p/2/")
    assert [entry.slug for entry in response.context["entries"]] == ["e3", "e2"]
    body = response.content.decode()
    assert '<link rel="prev" href="/en/topics/physics/p/3/">' in body
    assert '<link rel="next" href="/en/topics/physics/p/1/">' in body
    assert 'rel="canonical" href="https://digest.example.org/en/topics/physics/p/2/"' in body
    assert "Page 2</span>" in body
    assert "of 5" not in body  # a total would change every page when one is added


def test_front_shows_the_newest_entries_and_links_to_the_page_before_them(client, listing):
    add_entry(10, *listing)
    response = client.get("/en/")
    assert [entry.slug for entry in response.context["entries"]] == ["e10", "e9"]
    assert '<link rel="next" href="/en/p/5/">' in response.content.decode()
    newest = client.get("/en/p/5/")
    assert [entry.slug for entry in newest.context["entries"]] == ["e9", "e8"]
    assert '<link rel="prev" href="/en/">' in newest.content.decode()


def test_page_one_is_the_oldest_entries(client, listing):
    response = client.get("/en/authors/mara/p/1/")
    assert [entry.slug for entry in response.context["entries"]] == ["e1", "e0"]
    assert 'rel="next"' not in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/en/p/0/", "/en/p/6/", "/en/topics/physics/p/99/", "/en/archive/2026/3/p/6/"]
)
def test_page_past_either_end_is_404(client, listing, url):
    assert client.get(url).status_code == 404


def test_a_list_that_fits_on_its_front_has_no_numbered_page(client, settings):
    settings.CMS_ENTRIES_PER_PAGE = 2
    make_entry("One")
    make_entry("Two")
    assert client.get("/en/p/1/").status_code == 404
    assert "pagination" not in client.get("/en/").content.decode()


@pytest.mark.parametrize(
    "old, front",
    [
        ("/en/page/1/", "/en/"),
        ("/en/page/2/", "/en/"),
        ("/en/page/5/", "/en/"),
        ("/en/topics/physics/page/3/", "/en/topics/physics/"),
        ("/en/authors/mara/page/4/", "/en/authors/mara/"),
        ("/en/archive/2026/page/2/", "/en/archive/2026/"),
        ("/en/archive/2026/3/page/5/", "/en/archive/2026/3/"),
    ],
)
def test_old_page_urls_redirect_permanently_to_the_front(client, listing, old, front):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == front


@pytest.mark.parametrize("old", ["/en/page/6/", "/en/page/0/", "/en/topics/physics/page/6/"])
def test_old_page_urls_past_the_old_end_are_404(client, listing, old):
    assert client.get(old).status_code == 404


def test_old_page_urls_are_listed_for_the_export(listing):
    paths = legacy_page_paths()
    for front in LISTS:
        assert [path for path in paths if path.startswith(front + "page/")] == [
            f"{front}page/{number}/" for number in range(2, 6)
        ]


@pytest.mark.usefixtures("hashed_static")
def test_export_writes_numbered_pages_and_old_urls_as_redirects(listing, tmp_path):
    result = export_site(tmp_path / "site")
    assert not result.broken
    site = tmp_path / "site"
    for number in range(1, 6):
        assert (site / f"en/topics/physics/p/{number}/index.html").is_file()
    redirect = (site / "en/archive/2026/3/page/5/index.html").read_text()
    assert 'content="0; url=/en/archive/2026/3/"' in redirect
    assert not (site / "en/p/6").exists()


@pytest.mark.parametrize("url", ["/en/p/{}/", "/en/topics/physics/p/{}/", "/en/page/{}/", "/en/"])
def test_query_count_of_list_pages_does_not_grow_with_content(listing, url):
    client = Client()
    with CaptureQueriesContext(connection) as small:
        assert client.get(url.format(2)).status_code in (200, 301)
    for number in range(10, 40):
        add_entry(number, *listing)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url.format(12)).status_code in (200, 301)
    assert len(large) == len(small), [query["sql"] for query in large.captured_queries]
