"""Public site URLs, mounted under each language prefix (``/en/``, ``/zh-hans/``).

Every URL is a path without a query string, so the static export has the same
URLs as the live site. Lists are numbered from their oldest entry, ``.../p/<n>/``
(``cms.views.pagination``); the old numbering from the newest, ``.../page/<n>/``,
redirects to the list's front. The one exception is
``search/?q=…``, which a static copy answers in the browser (``cms.views.search``).
"""

from django.urls import path, register_converter

from cms import feeds
from cms.converters import UsernameConverter
from cms.views import archive, authors, entries, pages, search, topics

register_converter(UsernameConverter, "username")

app_name = "cms"

urlpatterns = [
    path("", entries.EntryListView.as_view(), name="entry-list"),
    path("p/<int:page>/", entries.EntryListView.as_view(), name="entry-list-page"),
    path("page/<int:legacy>/", entries.EntryListView.as_view(), name="entry-list-legacy-page"),
    path("feed.xml", feeds.language_feed, name="feed"),
    path("entries/<slug:slug>/", entries.EntryDetailView.as_view(), name="entry-detail"),
    path("archive/", archive.ArchiveIndexView.as_view(), name="archive"),
    path("archive/<int:year>/", archive.YearArchiveView.as_view(), name="archive-year"),
    path(
        "archive/<int:year>/p/<int:page>/",
        archive.YearArchiveView.as_view(),
        name="archive-year-page",
    ),
    path(
        "archive/<int:year>/page/<int:legacy>/",
        archive.YearArchiveView.as_view(),
        name="archive-year-legacy-page",
    ),
    path(
        "archive/<int:year>/<int:month>/",
        archive.MonthArchiveView.as_view(),
        name="archive-month",
    ),
    path(
        "archive/<int:year>/<int:month>/p/<int:page>/",
        archive.MonthArchiveView.as_view(),
        name="archive-month-page",
    ),
    path(
        "archive/<int:year>/<int:month>/page/<int:legacy>/",
        archive.MonthArchiveView.as_view(),
        name="archive-month-legacy-page",
    ),
    path("topics/", topics.TopicListView.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", topics.TopicDetailView.as_view(), name="topic-detail"),
    path("topics/<slug:slug>/feed.xml", feeds.topic_feed, name="topic-feed"),
    path(
        "topics/<slug:slug>/p/<int:page>/",
        topics.TopicDetailView.as_view(),
        name="topic-detail-page",
    ),
    path(
        "topics/<slug:slug>/page/<int:legacy>/",
        topics.TopicDetailView.as_view(),
        name="topic-detail-legacy-page",
    ),
    path("authors/<username:username>/", authors.AuthorDetailView.as_view(), name="author-detail"),
    path(
        "authors/<username:username>/p/<int:page>/",
        authors.AuthorDetailView.as_view(),
        name="author-detail-page",
    ),
    path(
        "authors/<username:username>/page/<int:legacy>/",
        authors.AuthorDetailView.as_view(),
        name="author-detail-legacy-page",
    ),
    path("pages/<slug:slug>/", pages.PageDetailView.as_view(), name="page-detail"),
    path("search/", search.SearchView.as_view(), name="search"),
]
