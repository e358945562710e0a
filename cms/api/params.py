"""Query parameters of the live API: an explicit allow-list per endpoint, validated.

An unknown or repeated parameter is a 400 with a message naming it (never
silently ignored, never passed to the ORM), ``page_size`` is capped,
``ordering`` is one of a few fixed values, and search text is short. The
static export never uses a query string; these are live-only extras.
"""

from django.db.models import Q, QuerySet
from rest_framework import serializers
from rest_framework.request import Request

from cms.conf import conf
from cms.converters import UsernameConverter
from cms.languages import language_choices

LIVE_ONLY = "Live API only: the static export has no query strings."

ORDERINGS = {
    "-publish_at": ("-publish_at", "-id"),
    "publish_at": ("publish_at", "id"),
    "-updated_at": ("-updated_at", "-id"),
    "updated_at": ("updated_at", "id"),
    "title": ("title", "id"),
    "-title": ("-title", "-id"),
}
DEFAULT_ORDERING = "-publish_at"


class PageSizeQuery(serializers.Serializer):
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=conf.CMS_API_MAX_PAGE_SIZE,
        help_text=f"Entries per page. {LIVE_ONLY}",
    )

    def validate_page_size(self, value: int) -> int:
        limit = conf.CMS_API_MAX_PAGE_SIZE
        if value > limit:
            raise serializers.ValidationError(f"Ask for at most {limit} entries per page.")
        return value


class EntryListQuery(PageSizeQuery):
    topic = serializers.RegexField(
        r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z",
        max_length=80,
        required=False,
        trim_whitespace=False,
        help_text=f"Only entries with this topic slug. {LIVE_ONLY}",
    )
    author = serializers.RegexField(
        rf"^{UsernameConverter.regex}\Z",
        max_length=150,
        required=False,
        trim_whitespace=False,
        help_text=f"Only entries by this team author (username). {LIVE_ONLY}",
    )
    updated_since = serializers.DateTimeField(
        required=False, help_text=f"Only entries changed at or after this time. {LIVE_ONLY}"
    )
    # The pattern puts in the schema what the field refuses anyway (NUL characters).
    search = serializers.RegexField(
        r"^[^\x00]+\Z",
        required=False,
        min_length=1,
        max_length=100,
        trim_whitespace=False,
        help_text=f"Only entries whose title or summary contains this text. {LIVE_ONLY}",
    )
    ordering = serializers.ChoiceField(
        choices=list(ORDERINGS),
        required=False,
        help_text=f"Sort order; the default is newest first (-publish_at). {LIVE_ONLY}",
    )


class AllEntriesQuery(EntryListQuery):
    language = serializers.ChoiceField(
        choices=[], required=False, help_text=f"Only entries in this language. {LIVE_ONLY}"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()


def parse_query(request: Request, query_class: type[serializers.Serializer] | None) -> dict:
    """The validated query parameters; a ``ValidationError`` (400) names each bad one."""
    allowed = set(query_class().fields) if query_class else set()
    errors = {}
    for name in request.query_params:
        if name not in allowed:
            accepted = ", ".join(sorted(allowed)) or "none"
            errors[name] = [f"Unknown query parameter. This endpoint accepts: {accepted}."]
        elif len(request.query_params.getlist(name)) > 1:
            errors[name] = ["Give this parameter once."]
    if errors:
        raise serializers.ValidationError(errors)
    if query_class is None:
        return {}
    query = query_class(data=request.query_params.dict())
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


def filter_entries(entries: QuerySet, params: dict) -> QuerySet:
    """Apply validated list parameters; each maps to one fixed lookup."""
    if "language" in params:
        entries = entries.filter(language=params["language"])
    if "topic" in params:
        entries = entries.filter(topics__slug=params["topic"])
    if "author" in params:
        entries = entries.filter(authors__username=params["author"])
    if "updated_since" in params:
        entries = entries.filter(updated_at__gte=params["updated_since"])
    if "search" in params:
        text = params["search"]
        entries = entries.filter(Q(title__icontains=text) | Q(summary__icontains=text))
    return entries.order_by(*ORDERINGS[params.get("ordering", DEFAULT_ORDERING)])
