"""The entry form's read-only panels: where the shared paper is edited, the private
preview link, and the entry's other language versions with links to add the missing ones
(by hand, or with the machine translation engine)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cms.admin.machine import machine_buttons
from cms.models import TranslationMethod
from cms.preview import preview_path


class EntryPanelsMixin:
    """``EntryAdmin``'s read-only fields that are panels rather than values."""

    @admin.display(description=_("Shared by all language versions"))
    def paper_link(self, entry):
        """Where the paper values and topics are edited: on the original."""
        original_id = entry.translation_of_id if entry.pk else None
        if original_id is None:
            return _(
                "The paper's details and the topics are entered here, on the original, "
                "and every translation shows them."
            )
        return format_html(
            '{} <a href="{}">{}</a>',
            _("The paper's details and the topics belong to the original."),
            reverse("admin:cms_entry_change", args=[original_id]),
            _("Edit them on the original"),
        )

    @admin.display(description=_("Preview"))
    def preview_link(self, entry):
        if entry.pk is None:
            return _("Save the entry to get a preview link.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a><div class="help">{}</div>',
            preview_path(entry),
            _("Open the preview"),
            _(
                "A private link that expires; it shows the last saved version. To stop it and "
                "every earlier link, use “Revoke preview links” in the list of entries."
            ),
        )

    @admin.display(description=_("Language versions"))
    def translations_panel(self, entry):
        """Links to the entry's other language versions, and to add the missing ones."""
        if entry.pk is None:
            return _("Save the entry first; then its translations can be added here.")
        original = entry.translation_of or entry
        family = [original, *original.translations.order_by("language")]
        existing = {member.language for member in family}
        rows = format_html_join(
            "",
            '<li><a href="{}">{}</a> · {} · {}</li>',
            (
                (
                    reverse("admin:cms_entry_change", args=[member.pk]),
                    member.title,
                    member.get_language_display(),
                    member.get_status_display(),
                )
                for member in family
                if member.pk != entry.pk
            ),
        )
        add_links = format_html_join(
            "",
            '<li><a class="addlink" href="{}?{}">{}</a></li>',
            (
                (
                    reverse("admin:cms_entry_add"),
                    urlencode(
                        {
                            "translation_of": original.pk,
                            "language": code,
                            "slug": original.slug,
                            "translation_method": TranslationMethod.HUMAN,
                        }
                    ),
                    _("Add a translation in %(language)s") % {"language": name},
                )
                for code, name in settings.LANGUAGES
                if code not in existing
            ),
        )
        return format_html(
            '<ul class="cms-translations">{}{}</ul>{}',
            rows,
            add_links,
            machine_buttons(original, existing) if entry.pk == original.pk else "",
        )
