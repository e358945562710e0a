"""The Markdown editor's server side: live preview and image upload.

django-markdownx ships views that accept anonymous requests and return
unsanitised HTML. These replace them: staff with the right to edit content
only, CSRF enforced by Django's middleware, and the same ``render_markdown``
as the published page, so the preview shows exactly what readers will get,
above it the renderer's notes for the writer (a formula shown as code, an
image without alt text).
"""

from django.http import HttpResponse, JsonResponse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.exceptions import MarkdownError, UploadError
from cms.markdown import render_with_notes
from cms.permissions import can_use_editor


def forbidden() -> JsonResponse:
    return JsonResponse(
        {"error": _("Log in as a member of the editorial team to use the editor.")}, status=403
    )


@require_POST
def markdownify(request):
    if not can_use_editor(request.user):
        return forbidden()
    try:
        rendered = render_with_notes(request.POST.get("content", ""))
    except MarkdownError as error:
        return HttpResponse(format_html('<p class="errornote">{}</p>', error))
    if not rendered.notes:
        return HttpResponse(rendered.html)
    notes = format_html_join("", "<li>{}</li>", ((note,) for note in rendered.notes))
    return HttpResponse(
        format_html(
            '<ul class="errornote preview-notes">{}</ul>{}', notes, mark_safe(rendered.html)
        )
    )


@require_POST
def upload_image(request):
    """Store an image from the editor (``cms.uploads``).

    ``cms.uploads`` is imported here, on the first upload: it brings in Pillow, and the
    URL configuration imports this module in every process, most of which never
    receive an image.
    """
    from cms.uploads import store_image

    if not can_use_editor(request.user):
        return forbidden()
    uploaded = request.FILES.get("image")
    if uploaded is None:
        return JsonResponse({"image": [_("Choose an image file to upload.")]}, status=400)
    try:
        url = store_image(uploaded)
    except UploadError as error:
        return JsonResponse({"image": [str(error)]}, status=400)
    return JsonResponse({"image_code": f"![]({url})"})
