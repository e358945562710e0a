"""The Markdown editor's preview and image upload: only for the team, only real images."""

import io
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import GifImagePlugin, Image

from tests.factories import make_member, make_user

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

    def test_preview_lists_formulas_shown_as_code_and_images_without_alt_text(self, writer):
        body = "Broken $x^$ here.\n\n![](/media/plot.png)\n\nFine $x^2$."
        page = BeautifulSoup(writer.post(PREVIEW_URL, {"content": body}).content, "html.parser")
        notes = [item.get_text() for item in page.select("ul.preview-notes li")]
        assert len(notes) == 2
        assert notes[0].startswith("The image /media/plot.png has no alt text")
        assert "x^" in notes[1] and "shown as code" in notes[1]
        assert page.select_one("code.language-tex").get_text() == "$x^$"
        assert page.find("math") is not None

    def test_preview_of_a_clean_text_has_no_notes(self, writer):
        response = writer.post(PREVIEW_URL, {"content": "![A plot](/media/plot.png) $x^2$"})
        assert b"preview-notes" not in response.content

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


def png_header(width: int, height: int) -> bytes:
    """A valid PNG header claiming a size, with almost no pixel data (about a hundred bytes)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def tiny_frames_gif(frames: int, *, delay: int = 10, colours: bool = False) -> bytes:
    """A GIF of ``frames`` 1 × 1 frames, written block by block (about 23 bytes a frame).

    Pillow would merge identical frames on saving, so the attack file is built by
    hand; ``colours`` alternates the pixel so that a re-encoding keeps every frame.
    """
    import struct

    screen = b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff"
    blocks = []
    for number in range(frames):
        pixel_data = b"\x02\x02\x4c\x01\x00" if colours and number % 2 else b"\x02\x02\x44\x01\x00"
        control = b"\x21\xf9\x04\x00" + struct.pack("<H", delay) + b"\x00\x00"
        descriptor = b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0)
        blocks.append(control + descriptor + pixel_data)
    return screen + b"".join(blocks) + b"\x3b"


@pytest.fixture
def author():
    client = Client()
    client.force_login(make_member("author"))
    return client


class TestUploadBombs:
    def test_tiny_file_claiming_30000_by_30000_pixels_is_refused_before_decoding(
        self, writer, settings
    ):
        response = upload(writer, png_header(30_000, 30_000))
        assert response.status_code == 400
        assert "more pixels than can be opened safely" in response.json()["image"][0]
        assert not (settings.MEDIA_ROOT / "uploads").exists()

    def test_pillows_bomb_warning_is_an_error_even_under_a_generous_limit(self, writer, settings):
        # Pillow only warns above its own limit (about 89 million pixels); we refuse.
        settings.CMS_UPLOAD_MAX_PIXELS = 10**12
        response = upload(writer, png_header(10_000, 10_000))
        assert response.status_code == 400
        assert "more pixels than can be opened safely" in response.json()["image"][0]
        assert not (settings.MEDIA_ROOT / "uploads").exists()

    def test_animation_counts_the_pixels_of_every_frame(self, writer, settings):
        settings.CMS_UPLOAD_MAX_PIXELS = 100 * 100 * 10
        frames = [Image.new("RGB", (100, 100), (n * 8, 0, 0)) for n in range(30)]
        buffer = io.BytesIO()
        frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
        response = upload(writer, buffer.getvalue(), "anim.gif", "image/gif")
        assert response.status_code == 400
        message = response.json()["image"][0]
        assert "more than 10 frames of 100 × 100 pixels" in message
        assert "100,000 pixels in all" in message
        assert not (settings.MEDIA_ROOT / "uploads").exists()

    def test_gif_of_more_tiny_frames_than_the_limit_is_refused(self, author, settings):
        frames = settings.CMS_UPLOAD_MAX_FRAMES + 1
        response = upload(author, tiny_frames_gif(frames), "stall.gif", "image/gif")
        assert response.status_code == 400
        assert f"more than {settings.CMS_UPLOAD_MAX_FRAMES:,} frames" in response.json()["image"][0]
        assert not (settings.MEDIA_ROOT / "uploads").exists()

    def test_frames_past_the_limit_are_never_read(self, author, settings, monkeypatch):
        settings.CMS_UPLOAD_MAX_FRAMES = 50
        frames_read = []
        read_frame = GifImagePlugin.GifImageFile._seek

        def counting_read_frame(image, frame, *args, **kwargs):
            frames_read.append(frame)
            return read_frame(image, frame, *args, **kwargs)

        monkeypatch.setattr(GifImagePlugin.GifImageFile, "_seek", counting_read_frame)
        response = upload(author, tiny_frames_gif(5_000), "stall.gif", "image/gif")
        assert response.status_code == 400
        assert frames_read and max(frames_read) <= 51

    def test_animation_at_the_frame_limit_is_kept(self, author, settings):
        settings.CMS_UPLOAD_MAX_FRAMES = 20
        response = upload(author, tiny_frames_gif(20, colours=True), "anim.gif", "image/gif")
        assert response.status_code == 200
        stored = next((settings.MEDIA_ROOT / "uploads").rglob("*.gif"))
        assert Image.open(stored).n_frames == 20

    def test_animation_pillow_cannot_write_again_is_refused_with_a_message(self, author, settings):
        # Pillow merges identical frames and their delays; two of 655 s overflow GIF's field.
        response = upload(author, tiny_frames_gif(2, delay=65_535), "long.gif", "image/gif")
        assert response.status_code == 400
        assert "could not be re-encoded" in response.json()["image"][0]
        assert not (settings.MEDIA_ROOT / "uploads").exists()

    def test_short_animation_within_the_limit_is_kept_animated(self, writer, settings):
        frames = [Image.new("RGB", (10, 10), (n * 40, 0, 0)) for n in range(3)]
        buffer = io.BytesIO()
        frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
        response = upload(writer, buffer.getvalue(), "anim.gif", "image/gif")
        assert response.status_code == 200
        stored = next((settings.MEDIA_ROOT / "uploads").rglob("*.gif"))
        assert Image.open(stored).n_frames == 3


class TestUploadNamesAndMetadata:
    def test_gps_location_in_a_photo_is_not_published(self, writer, settings):
        photo = Image.new("RGB", (16, 16), "teal")
        exif = Image.Exif()
        exif[0x010F] = "SecretCam"  # camera make
        exif.get_ifd(0x8825)[2] = (51.0, 30.0, 0.0)  # GPS latitude
        buffer = io.BytesIO()
        photo.save(buffer, format="JPEG", exif=exif)
        assert b"SecretCam" in buffer.getvalue()
        response = upload(writer, buffer.getvalue(), "holiday.jpg", "image/jpeg")
        assert response.status_code == 200
        stored = next((settings.MEDIA_ROOT / "uploads").rglob("*.jpg"))
        assert b"SecretCam" not in stored.read_bytes()
        assert not Image.open(stored).getexif()

    @pytest.mark.parametrize(
        "name", ["a.php%00.png", "x\u202egnp.html", "CON.png", "n" * 300 + ".png", "..\\..\\x.png"]
    )
    def test_hostile_file_names_never_reach_the_disk(self, writer, settings, name):
        response = upload(writer, image_bytes(), name=name)
        assert response.status_code == 200
        (stored,) = (settings.MEDIA_ROOT / "uploads").rglob("*.*")
        assert re.fullmatch(r"[0-9a-f]{32}\.png", stored.name)

    def test_upload_without_csrf_token_is_refused_and_nothing_stored(self, settings):
        user = make_user("writer3", staff=True)
        user.user_permissions.add(Permission.objects.get(codename="add_entry"))
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        assert upload(client, image_bytes()).status_code == 403
        assert not (settings.MEDIA_ROOT / "uploads").exists()
