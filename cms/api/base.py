"""What every public read endpoint shares.

Anonymous always: these views authenticate nobody, so a token or session
never widens what they show; visibility is ``cms.publishing``'s public rule
and nothing else. Query parameters are checked against the view's
allow-list, the language in the path must be one of the site's, and every
200 carries an ETag (``cms.api.conditional``).
"""

from django.http import HttpResponsePermanentRedirect
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from cms.api.conditional import ConditionalGetMixin
from cms.api.documents import entry_summary
from cms.api.pagination import paginate
from cms.api.params import parse_query
from cms.api.throttling import LiveOnlyAnonThrottle
from cms.conf import conf
from cms.languages import language_codes
from cms.public_urls import api_page_path
from cms.views.pagination import legacy_page_count

PAGE_ARGUMENTS = ("page", "legacy")


class PublicAPIView(ConditionalGetMixin, GenericAPIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [LiveOnlyAnonThrottle]
    query_class = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.language = kwargs.get("language")
        if self.language is not None and self.language not in language_codes():
            raise NotFound(f"No such language; this site has {', '.join(language_codes())}.")
        self.params = parse_query(request, self.query_class)

    def serializer_context(self, **extra) -> dict:
        return {"language": self.language, **extra}


class PathPaginatedView(PublicAPIView):
    """A list of entry summaries (``cms.api.documents.entry_summary``; ``serializer_class``
    declares them to the schema) whose front is route ``url_name``, whose numbered page n
    is ``url_name + "-page"`` and whose old page n is ``url_name + "-legacy-page"``
    (``cms.api.pagination``)."""

    url_name: str
    allow_empty = True
    empty_message = ""

    def get(self, request, *args, **kwargs):
        url_kwargs = {key: value for key, value in kwargs.items() if key not in PAGE_ARGUMENTS}
        queryset = self.get_queryset()
        size = self.params.get("page_size", conf.CMS_API_PAGE_SIZE)
        if "legacy" in kwargs:
            return self.legacy_redirect(request, queryset, url_kwargs, kwargs["legacy"], size)
        head = self.get_head()
        objects, page = paginate(
            request,
            queryset,
            url_name=self.url_name,
            url_kwargs=url_kwargs,
            number=kwargs.get("page"),
            size=size,
        )
        if not objects and not self.allow_empty:
            raise NotFound(self.empty_message)
        results = [entry_summary(entry) for entry in objects]
        return Response({**head, **page, "results": results})

    def legacy_redirect(self, request, queryset, url_kwargs: dict, number: int, size: int):
        """An old ``…/page/<n>.json``: the front while n was a page of the old numbering
        (``legacy_page_count``), else 404; the numbers meant "the n-th newest" and now point
        nowhere stable."""
        if not 1 <= number <= legacy_page_count(queryset.count(), size):
            raise NotFound(f"There is no page {number}.")
        query = request.META.get("QUERY_STRING")
        target = api_page_path(self.url_name, url_kwargs, None)
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)

    def get_head(self) -> dict:
        """Fields before the page fields, such as the topic of a topic's entries."""
        return {}


def legacy_pages_view(view_class: type[PathPaginatedView]):
    """The view of a list's old ``…/page/<n>.json`` route, left out of the schema: it only
    redirects, and clients follow ``next`` from the list's own address."""

    class LegacyPagesView(view_class):
        @extend_schema(exclude=True)
        def get(self, request, *args, **kwargs):
            return super().get(request, *args, **kwargs)

    return LegacyPagesView.as_view()
