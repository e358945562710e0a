"""Site-wide files: the front door, robots.txt and the static-host 404 page."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from cms.languages import default_language
from cms.models import Entry
from cms.pages.home import home_context
from cms.pages.site import NOT_FOUND_TEMPLATE, not_found_context, robots_text
from cms.pages.sitemaps import CONTENT_TYPE as XML
from cms.pages.sitemaps import render_index, render_sitemap
from cms.sitemaps import live_content, live_page_count


class HomeView(TemplateView):
    """``/``: the newest entries of every language, in the default language's interface.

    It never varies by Accept-Language, so the live page and the exported one
    are the same bytes.
    """

    template_name = "cms/home.html"

    def get(self, request, *args, **kwargs):
        with translation.override(default_language()):
            response = super().get(request, *args, **kwargs)
            response.render()
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(home_context(newest_entries))
        return context


def newest_entries(language: str, count: int) -> list[Entry]:
    return list(Entry.objects.published().filter(language=language).for_listing()[:count])


@require_safe
def robots_txt(request):
    return HttpResponse(robots_text(), content_type="text/plain; charset=utf-8")


@require_safe
def sitemap_index(request):
    """The sitemap index: every page of each language's sitemap, with absolute locations."""
    pages = {code: live_page_count(code) for code, _name in settings.LANGUAGES}
    return HttpResponse(render_index(pages), content_type=XML)


@require_safe
def language_sitemap(request, section: str, page: int = 1):
    """One page of a language's sitemap (``cms.sitemaps``); a language or page that is not, 404.

    Like Django's own sitemap view, it asks search engines not to list the
    sitemap itself.
    """
    if section not in dict(settings.LANGUAGES) or not 1 <= page <= live_page_count(section):
        raise Http404("No such sitemap.")
    response = HttpResponse(render_sitemap(live_content(section, page)), content_type=XML)
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


@require_safe
def not_found_page(request):
    """The page static hosts serve for a missing file; the same template as the live 404."""
    return render(request, NOT_FOUND_TEMPLATE, not_found_context(), status=404)
