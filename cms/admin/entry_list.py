"""The entry list's columns: a title that fits (the whole of it on hover), the byline and
the entry's language versions, loaded in a fixed number of queries whatever the page size."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cms.admin.dates import when
from cms.models import Entry, TranslationMethod

TITLE_LENGTH = 72
SHORT_METHOD = {
    TranslationMethod.MACHINE: _("machine"),
    TranslationMethod.POST_EDITED: _("machine, edited"),
    TranslationMethod.HUMAN: _("human"),
}


class EngineFilter(admin.SimpleListFilter):
    """Translations by the engine that made them, named as readers see it; entries that no
    engine made are no choice (Django's own filter offered them as a link without text)."""

    title = _("engine")
    parameter_name = "mt_engine"

    def lookups(self, request, model_admin):
        made = Entry.objects.exclude(mt_engine="").values_list("mt_engine", "translator")
        names = {}
        for code, name in made.order_by("mt_engine", "pk").distinct():
            names.setdefault(code, name or code)
        return sorted(names.items())

    def queryset(self, request, queryset):
        return queryset.filter(mt_engine=self.value()) if self.value() else queryset


def short_date(moment):
    """A date that fits a column ("Dec 6, 2026"), the time in the site's zone on hover."""
    if moment is None:
        return "—"
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        local.isoformat(),
        when(moment),
        formats.date_format(local, "M j, Y"),
    )


class EntryChangeList(ChangeList):
    """The list's rows with what the byline and language-version columns show (two
    queries per page). Only here: the change form, the workflow and conversation
    endpoints and the autocomplete share ``get_queryset`` and show none of it."""

    def get_queryset(self, request, exclude_parameters=None):
        versions = Entry.objects.only("id", "language", "status", "translation_of_id")
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .prefetch_related(
                "authors",
                Prefetch("translations", queryset=versions),
                Prefetch("translation_of__translations", queryset=versions),
            )
        )


class EntryListMixin:
    def get_changelist(self, request, **kwargs):
        return EntryChangeList

    @admin.display(description=_("title"), ordering="title")
    def title_cell(self, entry):
        short = Truncator(entry.title).chars(TITLE_LENGTH)
        return format_html('<span class="cms-title" title="{}">{}</span>', entry.title, short)

    @admin.display(description=_("language"), ordering="language")
    def language_cell(self, entry):
        """The language, and for a translation how it was made and by whom, on a second line."""
        if entry.translation_method == TranslationMethod.ORIGINAL:
            return entry.get_language_display()
        return format_html(
            '{}<br><span class="cms-origin">{} · {}</span>',
            entry.get_language_display(),
            SHORT_METHOD.get(entry.translation_method, entry.translation_method),
            entry.translator,
        )

    @admin.display(description=_("publish at"), ordering="publish_at")
    def publish_cell(self, entry):
        return short_date(entry.publish_at)

    @admin.display(description=_("updated"), ordering="updated_at")
    def updated_cell(self, entry):
        return short_date(entry.updated_at)

    @admin.display(description=_("byline"))
    def byline(self, entry):
        names = [user.get_full_name() or user.get_username() for user in entry.authors.all()]
        return ", ".join(names) or "—"

    @admin.display(description=_("language versions"))
    def language_versions(self, entry):
        """The other languages of the entry's family, linked, and the ones still missing."""
        original = entry.translation_of or entry
        family = [original, *original.translations.all()]
        others = [member for member in family if member.pk != entry.pk]
        have = {member.language for member in family}
        missing = [code for code, _name in settings.LANGUAGES if code not in have]
        links = format_html_join(
            " ",
            '<a class="cms-version cms-version--{}" href="{}" title="{}">{}</a>',
            (
                (
                    member.status,
                    reverse("admin:cms_entry_change", args=[member.pk]),
                    member.get_status_display(),
                    member.language,
                )
                for member in sorted(others, key=lambda member: member.language)
            ),
        )
        gaps = format_html_join(
            " ",
            '<span class="cms-version cms-version--missing" title="{}">{}</span>',
            ((_("No version yet"), f"+{code}") for code in missing),
        )
        return format_html("{} {}", links, gaps) if (others or missing) else "—"
