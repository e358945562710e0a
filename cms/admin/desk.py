"""The translation desk in the admin: the needs-translation queue and the side-by-side form.

``queue_view`` lists, per language, the public originals without a version
in it and the translations whose original changed; editors assign each to
a translator, and a translator sees only what is assigned to them.
``desk_view`` shows a translation beside its original (title, summary and
each paragraph, as written and as rendered), what changed in the original
since it was translated, and saves the edited paragraphs as the body under
the same rules as the change form (version check, "edited by").
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from cms import roles, workflow
from cms.admin.machine import machine_buttons
from cms.desk import (
    join_blocks,
    original_changes,
    outdated_translations,
    paragraph_pairs,
    untranslated_originals,
)
from cms.exceptions import EditConflict
from cms.models import Entry, TranslationAssignment
from cms.permissions import can_edit, can_publish
from cms.provenance import note_edit, stored_text


def _language(request) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    wanted = request.GET.get("language") or request.POST.get("language") or ""
    if wanted in codes:
        return wanted
    return codes[-1] if codes[0] == settings.LANGUAGE_CODE and len(codes) > 1 else codes[0]


def translators():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__permissions__codename="translate_entry")
        .distinct()
        .order_by("username")
    )


def queue_view(model_admin, request):
    """The needs-translation queue of one language."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    language = _language(request)
    editor = can_publish(request.user)
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        original = get_object_or_404(Entry, pk=request.POST.get("original"))
        chosen = request.POST.get("translator") or None
        translator = translators().filter(pk=chosen).first() if chosen else None
        if chosen and translator is None:
            messages.error(
                request,
                _("Nothing was assigned: only an active translator can be given a translation."),
            )
        elif translator is None:
            TranslationAssignment.objects.filter(original=original, language=language).delete()
        else:
            TranslationAssignment.objects.update_or_create(
                original=original,
                language=language,
                defaults={"translator": translator, "assigned_by": request.user},
            )
        url = reverse("admin:cms_entry_needs_translation") + f"?language={language}"
        return HttpResponseRedirect(url)
    assignments = {
        a.original_id: a
        for a in TranslationAssignment.objects.filter(language=language).select_related(
            "translator"
        )
    }
    missing = list(untranslated_originals(language))
    outdated = outdated_translations(language)
    if not editor:  # a translator works on what is assigned to them
        mine = {pk for pk, a in assignments.items() if a.translator_id == request.user.pk}
        missing = [entry for entry in missing if entry.pk in mine]
        outdated = [entry for entry in outdated if entry.translation_of_id in mine]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Entry._meta,
        "title": _("Needs translation"),
        "language": language,
        "languages": settings.LANGUAGES,
        "missing": [
            (
                entry,
                assignments.get(entry.pk),
                machine_buttons(entry, {entry.language}, only=language),
            )
            for entry in missing
        ],
        "outdated": [(entry, assignments.get(entry.translation_of_id)) for entry in outdated],
        "editor": editor,
        "translators": list(translators()) if editor else [],
    }
    return TemplateResponse(request, "admin/cms/entry/needs_translation.html", context)


def desk_view(model_admin, request, object_id: str):
    """A translation beside its original, paragraph by paragraph."""
    entry = get_object_or_404(
        model_admin.get_queryset(request).select_related("translation_of"), pk=object_id
    )
    original = entry.translation_of
    if original is None:
        raise PermissionDenied(_("The desk is for translations; this entry is an original."))
    editable = can_edit(request.user, entry)
    errors: list[str] = []
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        stored = stored_text(entry)

        def posted(name: str, default: str = "") -> str:
            return request.POST.get(name, default).replace("\r\n", "\n")  # browsers send CRLF

        entry.title = posted("title", entry.title)
        entry.summary = posted("summary", entry.summary)
        count = int(request.POST.get("paragraphs", "0") or 0)
        entry.body = join_blocks([posted(f"paragraph-{n}") for n in range(1, count + 1)])
        if request.POST.get("up_to_date"):
            entry.translated_from_version = original.version
            entry.outdated_note = False
        else:
            entry.outdated_note = bool(request.POST.get("outdated_note"))
        note_edit(entry, request.user, stored)
        entry.updated_by = request.user
        entry._history_user = request.user
        step = None
        if "_submit" in request.POST and roles.SUBMIT in roles.allowed_actions(request.user, entry):
            step = workflow.prepare(request.user, entry, roles.SUBMIT)
        try:
            entry.full_clean()
            with transaction.atomic():
                entry.save(expected_version=int(request.POST.get("version", "0") or 0))
                if step is not None:
                    workflow.record(step)
        except ValidationError as error:
            errors = [f"{k}: {' '.join(v)}" for k, v in error.message_dict.items()]
        except EditConflict:
            errors = [_("Someone saved this translation after you opened it; nothing was saved.")]
        else:
            model_admin.message_user(request, _("The translation was saved."), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:cms_entry_desk", args=[entry.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Entry._meta,
        "title": _("Translation desk: %(title)s") % {"title": entry.title},
        "entry": entry,
        "original": original,
        "pairs": paragraph_pairs(original.body, entry.body),
        "changes": original_changes(entry),
        "editable": editable,
        "errors": errors,
    }
    return TemplateResponse(request, "admin/cms/entry/desk.html", context)
