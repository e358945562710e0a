"""Entries in the admin: list, filters, the Markdown editor and the translation panel."""

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cms.admin import actions, desk, revisions
from cms.admin.entry_list import EngineFilter, EntryListMixin
from cms.admin.entry_panels import EntryPanelsMixin
from cms.admin.forms import EntryAdminForm
from cms.admin.machine import machine_translate_view
from cms.admin.workflow import WorkflowAdminMixin
from cms.exceptions import EditConflict
from cms.models import Entry
from cms.models.papers import PAPER_FIELDS
from cms.permissions import can_delete, can_edit, can_publish, visible_in_admin
from cms.provenance import note_edit, stored_text
from cms.publishing import Status, is_public
from cms.search import get_backend, parse_query


@admin.register(Entry)
class EntryAdmin(WorkflowAdminMixin, EntryListMixin, EntryPanelsMixin, admin.ModelAdmin):
    form = EntryAdminForm
    list_display = [
        "title_cell",
        "language_cell",
        "status_badge",
        "byline",
        "language_versions",
        "publish_cell",
        "updated_cell",
    ]
    list_filter = ["status", "language", "topics", "authors", "translation_method", EngineFilter]
    search_fields = [
        "title",
        "summary",
        "body",
        "slug",
        "paper__authors",
        "paper__arxiv_id",
        "paper__doi",
    ]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics", "authors", "translation_of"]
    readonly_fields = [
        "status_badge",
        "publish_at",
        "translations_panel",
        "paper_link",
        "preview_link",
        "version",
        "created_at",
        "updated_at",
    ]
    actions = [
        actions.submit_for_review,
        actions.withdraw,
        actions.publish,
        actions.unpublish,
        actions.archive,
        actions.revoke_preview_links,
    ]
    list_select_related = ["translation_of", "paper"]
    save_on_top = True

    class Media:
        # cms/admin.css comes with every admin page (base_site.html)
        js = ["cms/admin-editor.js", "cms/admin-preview.js", "cms/admin-conversation.js"]

    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "summary", "body", "loaded_version"]}),
        (
            _("The paper"),
            {
                "fields": [
                    "paper_authors",
                    "source_url",
                    "arxiv_id",
                    "doi",
                    "code_url",
                    "journal_ref",
                    "paper_comment",
                    ("paper_published", "paper_updated"),
                    "classification",
                    "paper_link",
                ]
            },
        ),
        (_("Topics and byline"), {"fields": ["topics", "authors"]}),
        (
            _("Translation"),
            {
                "fields": [
                    "translation_of",
                    "translation_method",
                    "translator",
                    "translations_panel",
                ]
            },
        ),
        (
            _("Publishing"),
            {
                "fields": [
                    "status_badge",
                    "publish_at",
                    "preview_link",
                    "version",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return visible_in_admin(request.user, super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        """Words through the site's search index; title, slug and ids also by substring.

        Substrings keep the translation autocomplete (which calls this) working
        on a half-typed title, and find a pasted arXiv id or DOI as it is.
        """
        query = parse_query(search_term)
        if not query.text:
            return queryset, False
        indexed = get_backend().filter(queryset.model.objects.all(), query).values("pk")
        identifiers = (
            Q(title__icontains=query.text)
            | Q(slug__icontains=query.text)
            | Q(paper__arxiv_id__icontains=query.text)
            | Q(paper__doi__icontains=query.text)
        )
        return queryset.filter(Q(pk__in=indexed) | identifiers), False

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_delete(request.user)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self.is_translation(request, obj):
            fields += [*PAPER_FIELDS, "topics"]  # they live on the original
        return fields

    @staticmethod
    def is_translation(request, obj) -> bool:
        """A translation's form (also the add form a "translation in …" link opens)."""
        if obj is not None:
            return obj.translation_of_id is not None
        return bool(request.GET.get("translation_of"))

    def get_changeform_initial_data(self, request):
        """A new entry is in the language the user works the admin in, unless the link says."""
        initial = super().get_changeform_initial_data(request)
        codes = {code for code, _name in settings.LANGUAGES}
        preferred = getattr(request, "LANGUAGE_CODE", "")
        initial.setdefault("language", preferred if preferred in codes else settings.LANGUAGE_CODE)
        if request.user.is_active:  # the byline sets itself; the writer may change it
            initial.setdefault("authors", [request.user.pk])
        return initial

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["status_badge"] = self.status_badge(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        form.unsaved = getattr(request, "cms_unsaved", None)
        return form

    def get_urls(self):
        def wrap(view):
            def bound(request, *args, **kwargs):
                return view(self, request, *args, **kwargs)

            return self.admin_site.admin_view(bound)

        return [
            path(
                "needs-translation/",
                wrap(desk.queue_view),
                name="cms_entry_needs_translation",
            ),
            path("<path:object_id>/desk/", wrap(desk.desk_view), name="cms_entry_desk"),
            path(
                "<path:object_id>/machine-translate/",
                wrap(machine_translate_view),
                name="cms_entry_machine_translate",
            ),
            path(
                "<path:object_id>/revisions/",
                wrap(revisions.revisions_view),
                name="cms_entry_revisions",
            ),
            path(
                "<path:object_id>/revisions/<int:history_id>/restore/",
                wrap(revisions.restore_view),
                name="cms_entry_restore",
            ),
            *self.workflow_urls(wrap),
            *super().get_urls(),
        ]

    def view_on_site(self, entry):
        return entry.get_absolute_url() if is_public(entry) else None

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, entry):
        label = entry.get_status_display()
        if entry.status == Status.PUBLISHED and not is_public(entry):
            label = _("Scheduled")
        return format_html('<span class="cms-status cms-status--{}">{}</span>', entry.status, label)

    def save_model(self, request, obj, form, change):
        note_edit(obj, request.user, stored_text(obj) if change else None)
        obj.updated_by = request.user
        if not change:
            obj.created_by = request.user
        if change:
            obj.save(expected_version=form.cleaned_data.get("loaded_version"))
        else:
            obj.save()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A save that loses the race for the version gets the same answer as a stale form.

        The form's version check passed, but another save took the version
        before this one was written: ``EditConflict``, and the whole save was
        rolled back. Running the view again lets the form's check see the
        saved version and answer with the conflict form, the user's text in
        it. The second run cannot lose the same race (versions only grow);
        the message is for an entry that keeps changing under it.
        """
        for _attempt in range(2):
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except EditConflict:
                continue
        self.message_user(
            request,
            _(
                "Someone saved this entry at the same moment as you; your save was refused "
                "and nothing was overwritten. Reload, check the saved text and save again."
            ),
            messages.ERROR,
        )
        return HttpResponseRedirect(request.path)
