"""What every public read endpoint shares.

Anonymous always: these views authenticate nobody, so a token or session
never widens what they show; visibility is ``cms.publishing``'s public rule
and nothing else. Query parameters are checked against the view's
allow-list, the language in the path must be one of the site's, and every
200 carries an ETag (``cms.api.conditional``).
"""

from django.http import HttpResponsePermanentRedirect
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
    declares them to the schema) whose page 1 is route ``url_name`` and whose page n is
    ``url_name + "-page"``."""

    url_name: str
    allow_empty = True
    empty_message = ""

    def get(self, request, *args, **kwargs):
        url_kwargs = {key: value for key, value in kwargs.items() if key != "page"}
        if kwargs.get("page") == 1:
            query = request.META.get("QUERY_STRING")
            target = api_page_path(self.url_name, url_kwargs, 1)
            return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
        queryset = self.get_queryset()
        head = self.get_head()
        objects, page = paginate(
            request,
            queryset,
            url_name=self.url_name,
            url_kwargs=url_kwargs,
            number=kwargs.get("page", 1),
            size=self.params.get("page_size", conf.CMS_API_PAGE_SIZE),
        )
        if not page["count"] and not self.allow_empty:
            raise NotFound(self.empty_message)
        results = [entry_summary(entry) for entry in objects]
        return Response({**head, **page, "results": results})

    def get_head(self) -> dict:
        """Fields before the page fields, such as the topic of a topic's entries."""
        return {}
