"""The admin's "Translate with <engine>" buttons and the view they post to.

On an original's form, one button per language without a version, when an
engine is set up (``CMS_MT_ENGINE``). The button posts the form's CSRF
token to ``machine_translate_view`` (``formaction``: a form cannot hold
another), which makes the draft (``cms.mt.translate``) and opens it in the
translation desk, or comes back (to ``next``, a page of this site, such as
the needs-translation queue) with the engine's error and nothing created.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from cms.conf import conf
from cms.exceptions import MTError
from cms.mt.engines import engine_from
from cms.mt.translate import machine_translate
from cms.permissions import translation_of_problem


def machine_buttons(original, existing_languages: set[str], only: str | None = None) -> str:
    """Buttons that machine translate ``original`` into each language it lacks (or ``only``)."""
    if not conf.CMS_MT_ENGINE:
        return ""
    try:
        engine = engine_from()
    except MTError:
        return ""
    url = reverse("admin:cms_entry_machine_translate", args=[original.pk])
    return format_html(
        '<div class="cms-machine-translate">{}</div>',
        format_html_join(
            "",
            '<button type="submit" class="button" formaction="{}?language={}" formnovalidate '
            'name="_machine_translate">{}</button> ',
            (
                (
                    url,
                    code,
                    _("Translate with %(engine)s into %(language)s")
                    % {"engine": engine.name, "language": name},
                )
                for code, name in settings.LANGUAGES
                if code not in existing_languages and (only is None or code == only)
            ),
        ),
    )


def machine_translate_view(model_admin, request, object_id: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    original = get_object_or_404(model_admin.get_queryset(request), pk=object_id)
    problem = translation_of_problem(request.user, None, original)
    if problem or not model_admin.has_add_permission(request):
        raise PermissionDenied(problem)
    language = request.GET.get("language", "")
    try:
        result = machine_translate(original, language, user=request.user)
    except MTError as error:
        model_admin.message_user(
            request,
            _("No translation was made: %(error)s") % {"error": error},
            messages.ERROR,
        )
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = reverse("admin:cms_entry_change", args=[original.pk])
        return HttpResponseRedirect(back)
    model_admin.message_user(request, result.summary(), messages.SUCCESS)
    return HttpResponseRedirect(reverse("admin:cms_entry_desk", args=[result.entry.pk]))
