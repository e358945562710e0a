"""The standalone page kind (About, Contact): ``/<language>/pages/<slug>/``.

``page_context`` is shared by the live view (``cms.views.pages.PageDetailView``)
and ``StandalonePages`` (rows loaded once, for the export).
"""

from collections.abc import Iterator

from cms.models import Page
from cms.pages.render import SiteContext

TEMPLATE = "cms/page_detail.html"
NAV_ORDER = ("nav_order", "title", "id")


def page_context(page: Page) -> dict:
    return {"page": page, "object": page, "canonical_path": page.get_absolute_url()}


class StandalonePages:
    """Every public standalone page, from one query, in navigation order (the API's lists)."""

    def __init__(self, site: SiteContext) -> None:
        self.site = site
        self.pages = list(Page.objects.public().order_by(*NAV_ORDER))

    def urls(self) -> Iterator[tuple[str, Page]]:
        for page in self.pages:
            yield page.get_absolute_url(), page

    def render(self, page: Page) -> bytes:
        return self.site.render(TEMPLATE, page_context(page), page.language)
