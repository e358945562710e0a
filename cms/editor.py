"""The Markdown editor's server side: live preview and image upload.

django-markdownx ships views that accept anonymous requests and return
unsanitised HTML. These replace them: staff with the right to edit content
only, CSRF enforced by Django's middleware, and the same ``render_markdown``
as the published page, so the preview shows exactly what readers will get.
"""

from django.http import HttpResponse, JsonResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.exceptions import MarkdownError, UploadError
from cms.markdown import render_markdown
from cms.publishing import can_use_editor
from cms.uploads import store_image


def forbidden() -> JsonResponse:
    return JsonResponse(
        {"error": _("Log in as a member of the editorial team to use the editor.")}, status=403
    )


@require_POST
def markdownify(request):
    if not can_use_editor(request.user):
        return forbidden()
    try:
        html = render_markdown(request.POST.get("content", ""))
    except MarkdownError as error:
        html = format_html('<p class="errornote">{}</p>', error)
    return HttpResponse(html)


@require_POST
def upload_image(request):
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
