"""Archives by year and month, per language, in the site's time zone."""

from datetime import MAXYEAR, date, datetime

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils.timezone import make_aware
from django.utils.translation import get_language
from django.views.generic import ListView, TemplateView

from cms.models import Entry
from cms.pages.indexes import ARCHIVE_TEMPLATE, archive_index_context
from cms.views.pagination import PathPaginationMixin


def public_entries_here():
    return Entry.objects.published().filter(language=get_language())


class ArchiveIndexView(TemplateView):
    """Every month that has public entries, grouped by year, with counts."""

    template_name = ARCHIVE_TEMPLATE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = (
            public_entries_here()
            .annotate(month=TruncMonth("publish_at"))
            .values("month")
            .annotate(count=Count("id"))
            .order_by("-month")
        )
        months = [(date(row["month"].year, row["month"].month, 1), row["count"]) for row in rows]
        context.update(archive_index_context(months))
        return context


class PeriodArchiveView(PathPaginationMixin, ListView):
    """Entries of one year or one month; a period without entries is a 404."""

    template_name = "cms/archive_period.html"
    context_object_name = "entries"

    def period_filter(self) -> dict:
        raise NotImplementedError

    def get_queryset(self):
        entries = public_entries_here().filter(**self.period_filter()).for_listing()
        if not entries.exists():
            raise Http404("No public entries in this period.")
        return entries


def period_range(year: int, month: int | None = None) -> dict:
    """``publish_at`` within the year or month, in the current time zone, as a plain range.

    The same entries as ``publish_at__year`` and ``__month``, which SQLite
    can only answer by calling a Python function for every row; a range
    compares stored values. A year outside what dates can hold is a 404.
    """
    if not 1 <= year < MAXYEAR or (month is not None and not 1 <= month <= 12):
        raise Http404("There is no such period.")
    start = datetime(year, month or 1, 1)
    if month is None or month == 12:
        end = datetime(year + 1, 1, 1)
    else:
        end = datetime(year, month + 1, 1)
    return {"publish_at__gte": make_aware(start), "publish_at__lt": make_aware(end)}


class YearArchiveView(PeriodArchiveView):
    url_name = "archive-year"

    def period_filter(self) -> dict:
        return period_range(self.kwargs["year"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["period"] = date(self.kwargs["year"], 1, 1)
        context["period_format"] = "Y"
        return context


class MonthArchiveView(PeriodArchiveView):
    url_name = "archive-month"

    def period_filter(self) -> dict:
        return period_range(self.kwargs["year"], self.kwargs["month"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["period"] = date(self.kwargs["year"], self.kwargs["month"], 1)
        context["period_format"] = "YEAR_MONTH_FORMAT"
        return context
