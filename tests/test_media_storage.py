"""Uploaded media in an S3-compatible bucket (moto on 127.0.0.1): upload, site, export, backup."""

import io
import re

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image

from cms.backup import backup_site, restore_site
from cms.publish import publish_site
from tests.factories import make_entry, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_bucket(s3_bucket, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "cms.media_s3.SiteMediaS3Storage",
            "OPTIONS": {"bucket_name": s3_bucket, "location": "media", "file_overwrite": False},
        },
    }
    return s3_bucket


def keys(bucket: str) -> set[str]:
    listing = boto3.client("s3").list_objects_v2(Bucket=bucket)
    return {item["Key"] for item in listing.get("Contents", ())}


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def upload_through_the_editor() -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(make_member("editor"))
    response = client.post(
        "/editor/upload/",
        {"image": SimpleUploadedFile("figure.png", png(), content_type="image/png")},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200, response.content
    return re.search(r"\((/media/[^)]+)\)", response.json()["image_code"])[1]


def test_an_editor_upload_lands_in_the_bucket_and_is_linked_by_site_path(media_bucket):
    url = upload_through_the_editor()
    assert re.fullmatch(r"/media/uploads/\d{4}/\d{2}/[0-9a-f]{32}\.png", url)
    assert "media" + url.removeprefix("/media") in keys(media_bucket)


def test_the_site_serves_an_upload_from_the_bucket(media_bucket, client):
    url = upload_through_the_editor()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert (
        b"".join(response.streaming_content)
        == boto3.client("s3")
        .get_object(Bucket=media_bucket, Key="media" + url.removeprefix("/media"))["Body"]
        .read()
    )


@pytest.mark.parametrize("path", ["/media/uploads/missing.png", "/media/../secret.txt"])
def test_missing_or_escaping_media_paths_answer_404(media_bucket, client, path):
    assert client.get(path).status_code == 404


def test_the_published_export_carries_media_from_the_bucket(media_bucket, hashed_static, tmp_path):
    url = upload_through_the_editor()
    make_entry("With a figure", slug="figure", body=f"![A figure]({url})")
    publish_site(str(tmp_path / "www"), output=tmp_path / "site")
    copied = tmp_path / "www" / url.lstrip("/")
    assert copied.read_bytes() == default_storage.open(url.removeprefix("/media/")).read()


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_bring_back_media_in_the_bucket(media_bucket, tmp_path):
    default_storage.save("uploads/2026/01/figure.png", ContentFile(b"figure bytes"))
    result = backup_site(tmp_path / "backups")
    assert result.media_files == 1
    default_storage.delete("uploads/2026/01/figure.png")
    default_storage.save("stray.txt", ContentFile(b"added after the backup"))
    restore_site(result.path)
    assert keys(media_bucket) == {"media/uploads/2026/01/figure.png"}
    assert default_storage.open("uploads/2026/01/figure.png").read() == b"figure bytes"
