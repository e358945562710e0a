"""Root URLs: the language-prefixed site, the admin, the editor endpoints, site files."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from cms import editor
from cms.conf import conf
from cms.media import serve_media
from cms.views import preview, site

handler400 = "cms.bad_requests.bad_request"

urlpatterns = [
    path("", site.HomeView.as_view(), name="home"),
    path("robots.txt", site.robots_txt, name="robots-txt"),
    path("404.html", site.not_found_page, name="not-found-page"),
    path("sitemap.xml", site.sitemap_index, name="sitemap"),
    path(
        "sitemap-<str:section>-page-<int:page>.xml",
        site.language_sitemap,
        name="sitemap-language-page",
    ),
    path("sitemap-<str:section>.xml", site.language_sitemap, name="sitemap-language"),
    path("preview/<str:token>/", preview.entry_preview, name="entry-preview"),
    path("admin/", admin.site.urls),
    path("editor/markdownify/", editor.markdownify, name="editor-markdownify"),
    path("editor/upload/", editor.upload_image, name="editor-upload"),
    path("api/v1/", include("cms.api.urls")),
]


if conf.CMS_SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.*)$", serve_media)]

urlpatterns += i18n_patterns(path("", include("cms.urls")), prefix_default_language=True)
