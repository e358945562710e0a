"""The Markdown editor's preview and image upload: only for the team, only real images."""

import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.factories import make_user

pytestmark = pytest.mark.django_db

PREVIEW_URL = "/editor/markdownify/"
UPLOAD_URL = "/editor/upload/"


def image_bytes(image_format="PNG", size=(8, 6), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "teal").save(buffer, format=image_format)
    return buffer.getvalue()


def upload(client, data: bytes, name="picture.png", content_type="image/png"):
    return client.post(
        UPLOAD_URL,
        {"image": SimpleUploadedFile(name, data, content_type=content_type)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )


@pytest.fixture
def writer():
    user = make_user("writer", staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_entry"))
    client = Client()
    client.force_login(user)
    return client


class TestPreview:
    def test_staff_writer_gets_sanitised_html(self, writer):
        response = writer.post(PREVIEW_URL, {"content": "# Hi\n\n<script>alert(1)</script>"})
        assert response.status_code == 200
        assert b"<h1" in response.content
        assert b"<script" not in response.content

    def test_anonymous_preview_is_refused(self, client):
        response = client.post(PREVIEW_URL, {"content": "# Hi"})
        assert response.status_code == 403

    def test_staff_without_content_permissions_is_refused(self):
        client = Client()
        client.force_login(make_user("viewer", staff=True))
        assert client.post(PREVIEW_URL, {"content": "# Hi"}).status_code == 403

    def test_preview_without_csrf_token_is_refused(self):
        user = make_user("writer2", staff=True)
        user.user_permissions.add(Permission.objects.get(codename="add_entry"))
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        assert client.post(PREVIEW_URL, {"content": "# Hi"}).status_code == 403

    def test_preview_of_pathological_markdown_explains_the_problem(self, writer):
        response = writer.post(PREVIEW_URL, {"content": "[" * 10_000})
        assert response.status_code == 200
        assert b"errornote" in response.content

    def test_get_is_not_allowed(self, writer):
        assert writer.get(PREVIEW_URL).status_code == 405


class TestUpload:
    @pytest.mark.parametrize("image_format", ["PNG", "JPEG", "GIF", "WEBP"])
    def test_real_image_is_stored_under_a_random_name(self, writer, settings, image_format):
        response = upload(writer, image_bytes(image_format), name="../../evil name.png")
        assert response.status_code == 200
        code = response.json()["image_code"]
        match = re.fullmatch(r"!\[\]\(/media/uploads/\d{4}/\d{2}/([0-9a-f]{32})\.(\w+)\)", code)
        assert match, code
        stored = list((settings.MEDIA_ROOT / "uploads").rglob(f"{match[1]}.*"))
        assert len(stored) == 1
        assert Image.open(stored[0]).format == image_format

    def test_html_pretending_to_be_a_gif_is_refused(self, writer, settings):
        response = upload(writer, b"GIF89a<script>alert(1)</script>", "x.gif", "image/gif")
        assert response.status_code == 400
        assert (
            "PNG, JPEG, GIF and WebP" in response.json()["image"][0]
            or "damaged" in response.json()["image"][0]
        )
        assert not (settings.MEDIA_ROOT / "uploads").exists()

    def test_text_file_is_refused(self, writer):
        response = upload(writer, b"just text", "notes.png")
        assert response.status_code == 400
        assert "PNG, JPEG, GIF and WebP" in response.json()["image"][0]

    def test_svg_is_refused(self, writer):
        svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
        assert upload(writer, svg, "x.svg", "image/svg+xml").status_code == 400

    def test_gif_with_html_appended_loses_the_html(self, writer, settings):
        polyglot = image_bytes("GIF") + b"<html><script>alert(1)</script></html>"
        response = upload(writer, polyglot, "x.gif", "image/gif")
        assert response.status_code == 200
        stored = next((settings.MEDIA_ROOT / "uploads").rglob("*.gif")).read_bytes()
        assert b"<script" not in stored

    def test_oversize_file_is_refused_with_the_limit(self, writer, settings):
        settings.CMS_UPLOAD_MAX_BYTES = 100
        response = upload(writer, image_bytes(size=(64, 64)) + b"\0" * 200)
        assert response.status_code == 400
        assert "at most 100 bytes" in response.json()["image"][0]

    def test_image_with_too_many_pixels_is_refused(self, writer, settings):
        settings.CMS_UPLOAD_MAX_PIXELS = 100
        response = upload(writer, image_bytes(size=(20, 20)))
        assert response.status_code == 400
        assert "20 × 20 pixels; the limit is 100 pixels" in response.json()["image"][0]

    def test_anonymous_upload_is_refused_and_nothing_stored(self, client, settings):
        assert upload(client, image_bytes()).status_code == 403
        assert not (settings.MEDIA_ROOT / "uploads").exists()

    def test_missing_file_is_a_clear_error(self, writer):
        response = writer.post(UPLOAD_URL, {})
        assert response.status_code == 400
        assert "Choose an image" in response.json()["image"][0]
