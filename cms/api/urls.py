"""``/api/v1/``: read endpoints are paths ending in ``.json``, paginated by path.

Route names are global (no namespace) and start with ``api-``; the export
seeds its crawl with ``api-root``. Writes and previews are live only. Any
other path under the prefix is a JSON 404.
"""

from django.urls import path, re_path, register_converter

from cms.api import (
    comments,
    entries,
    machine,
    pages,
    preview,
    site,
    taxonomy,
    workflow,
    writes,
)
from cms.api.base import legacy_pages_view
from cms.converters import UsernameConverter

register_converter(UsernameConverter, "team_username")

urlpatterns = [
    path("index.json", site.IndexView.as_view(), name="api-root"),
    path("schema.json", site.SchemaView.as_view(), name="api-schema"),
    path("docs/", site.DocsView.as_view(), name="api-docs"),
    path("docs/init.js", site.DocsScriptView.as_view(), name="api-docs-script"),
    path("entries.json", entries.AllEntryListView.as_view(), name="api-all-entries"),
    path(
        "entries/p/<int:page>.json",
        entries.AllEntryListPageView.as_view(),
        name="api-all-entries-page",
    ),
    path(
        "entries/page/<int:legacy>.json",
        legacy_pages_view(entries.AllEntryListView),
        name="api-all-entries-legacy-page",
    ),
    path("entries/", writes.EntryCreateView.as_view(), name="api-entry-create"),
    path("entries/<int:pk>/", writes.EntryManageView.as_view(), name="api-entry-manage"),
    path(
        "entries/<int:pk>/workflow/",
        workflow.EntryWorkflowView.as_view(),
        name="api-entry-workflow",
    ),
    path(
        "entries/<int:pk>/comments/",
        comments.EntryCommentsView.as_view(),
        name="api-entry-comments",
    ),
    path(
        "entries/<int:pk>/translate/",
        machine.TranslateView.as_view(),
        name="api-entry-translate",
    ),
    path("preview/<str:token>.json", preview.PreviewView.as_view(), name="api-preview"),
    path("<str:language>/entries.json", entries.EntryListView.as_view(), name="api-entry-list"),
    path(
        "<str:language>/entries/p/<int:page>.json",
        entries.EntryListPageView.as_view(),
        name="api-entry-list-page",
    ),
    path(
        "<str:language>/entries/page/<int:legacy>.json",
        legacy_pages_view(entries.EntryListView),
        name="api-entry-list-legacy-page",
    ),
    path(
        "<str:language>/entries/<slug:slug>.json",
        entries.EntryDetailView.as_view(),
        name="api-entry-detail",
    ),
    path("<str:language>/topics.json", taxonomy.TopicListView.as_view(), name="api-topic-list"),
    path(
        "<str:language>/topics/<slug:slug>.json",
        taxonomy.TopicEntriesView.as_view(),
        name="api-topic-detail",
    ),
    path(
        "<str:language>/topics/<slug:slug>/p/<int:page>.json",
        taxonomy.TopicEntriesPageView.as_view(),
        name="api-topic-detail-page",
    ),
    path(
        "<str:language>/topics/<slug:slug>/page/<int:legacy>.json",
        legacy_pages_view(taxonomy.TopicEntriesView),
        name="api-topic-detail-legacy-page",
    ),
    path("<str:language>/authors.json", taxonomy.AuthorListView.as_view(), name="api-author-list"),
    path(
        "<str:language>/authors/<team_username:username>.json",
        taxonomy.AuthorEntriesView.as_view(),
        name="api-author-detail",
    ),
    path(
        "<str:language>/authors/<team_username:username>/p/<int:page>.json",
        taxonomy.AuthorEntriesPageView.as_view(),
        name="api-author-detail-page",
    ),
    path(
        "<str:language>/authors/<team_username:username>/page/<int:legacy>.json",
        legacy_pages_view(taxonomy.AuthorEntriesView),
        name="api-author-detail-legacy-page",
    ),
    path("<str:language>/pages.json", pages.PageListView.as_view(), name="api-page-list"),
    path(
        "<str:language>/pages/<slug:slug>.json",
        pages.PageDetailView.as_view(),
        name="api-page-detail",
    ),
    re_path(r"^[\s\S]*\Z", site.not_found, name="api-not-found"),
]
