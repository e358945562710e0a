"""Publishing to S3-compatible storage, against moto's S3 server on 127.0.0.1."""

import hashlib
import io
import json

import boto3
import pytest
from django.core.management import CommandError, call_command

from cms.exceptions import PublishError
from cms.publish import publish_site
from cms.publish.files import read_folder
from tests.factories import make_entry, make_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(hashed_static):
    make_page("About us", body="We read papers.")
    return make_entry("Folding proteins", slug="folding")


def bucket_objects(bucket: str) -> dict[str, dict]:
    s3 = boto3.client("s3")
    found = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", ()):
            found[item["Key"]] = {"etag": item["ETag"], "size": item["Size"]}
    return found


def head(bucket: str, key: str) -> dict:
    return boto3.client("s3").head_object(Bucket=bucket, Key=key)


def exported(tmp_path):
    """Every published file of the export at tmp_path/site with its SHA-256."""
    return {path: file.sha256 for path, file in read_folder(tmp_path / "site").items()}


def test_bucket_holds_exactly_the_exported_files_with_their_types(site, s3_bucket, tmp_path):
    result = publish_site(f"s3://{s3_bucket}", output=tmp_path / "site")
    on_disk = {
        path.relative_to(tmp_path / "site").as_posix()
        for path in (tmp_path / "site").rglob("*")
        if path.is_file() and not path.name.startswith(".export")
    }
    keys = set(bucket_objects(s3_bucket))
    assert keys == on_disk
    assert result.uploaded == len(on_disk) and result.deleted == 0 and result.unchanged == 0
    page = head(s3_bucket, "en/entries/folding/index.html")
    assert page["ContentType"] == "text/html; charset=utf-8"
    assert page["CacheControl"] == "public, max-age=300"
    assert head(s3_bucket, "api/v1/index.json")["ContentType"] == "application/json"
    assert head(s3_bucket, "en/feed.xml")["ContentType"].startswith("application/xml")
    stylesheet = next(key for key in keys if key.startswith("static/") and key.endswith(".css"))
    assert head(s3_bucket, stylesheet)["ContentType"] == "text/css; charset=utf-8"
    assert head(s3_bucket, stylesheet)["CacheControl"] == "public, max-age=31536000, immutable"


def test_published_bytes_are_the_exported_bytes(site, s3_bucket, tmp_path):
    publish_site(f"s3://{s3_bucket}/digest", output=tmp_path / "site")
    body = boto3.client("s3").get_object(
        Bucket=s3_bucket, Key="digest/en/entries/folding/index.html"
    )
    assert body["Body"].read() == (tmp_path / "site/en/entries/folding/index.html").read_bytes()
    assert all(key.startswith("digest/") for key in bucket_objects(s3_bucket))


def test_publishing_again_uploads_nothing(site, s3_bucket, tmp_path):
    first = publish_site(f"s3://{s3_bucket}", output=tmp_path / "site")
    before = bucket_objects(s3_bucket)
    again = publish_site(f"s3://{s3_bucket}", output=tmp_path / "site")
    assert (again.uploaded, again.deleted, again.unchanged) == (0, 0, first.uploaded)
    assert bucket_objects(s3_bucket) == before


def test_after_one_edit_only_the_changed_files_go_up(site, s3_bucket, tmp_path):
    publish_site(f"s3://{s3_bucket}", output=tmp_path / "site")
    before = exported(tmp_path)
    site.title = "Folding proteins, revisited"
    site.save()
    reports = []
    result = publish_site(
        f"s3://{s3_bucket}",
        output=tmp_path / "site",
        progress=lambda done, total, path: reports.append((done, total)),
    )
    after = exported(tmp_path)
    changed = {path for path, sha in after.items() if before.get(path) != sha}
    assert "en/entries/folding/index.html" in changed
    uploads = {line.removeprefix("upload ") for line in result.changes if line.startswith("upload")}
    assert uploads == changed
    assert reports[-1] == (len(result.changes), len(result.changes))
    assert result.uploaded == len(changed) < len(after) // 2
    assert result.unchanged == len(after) - len(changed)


def test_a_deleted_entrys_files_are_deleted_from_the_bucket(site, s3_bucket, tmp_path):
    publish_site(f"s3://{s3_bucket}", output=tmp_path / "site")
    assert "en/entries/folding/index.html" in bucket_objects(s3_bucket)
    site.delete()
    result = publish_site(f"s3://{s3_bucket}", output=tmp_path / "site")
    keys = set(bucket_objects(s3_bucket))
    assert "en/entries/folding/index.html" not in keys
    assert "api/v1/en/entries/folding.json" not in keys
    assert keys == set(exported(tmp_path))
    assert result.deleted >= 2


def test_dry_run_changes_nothing_in_the_bucket(site, s3_bucket, tmp_path):
    publish_site(f"s3://{s3_bucket}", output=tmp_path / "site")
    before = bucket_objects(s3_bucket)
    site.title = "A new title"
    site.save()
    make_entry("Another paper", slug="another")
    result = publish_site(f"s3://{s3_bucket}", output=tmp_path / "site", dry_run=True)
    assert result.dry_run and result.uploaded > 0
    assert "upload en/entries/another/index.html" in result.changes
    assert bucket_objects(s3_bucket) == before


def test_assets_go_up_before_pages_and_deletions_come_last(site, s3_bucket, tmp_path):
    from cms.publish.s3 import S3Target

    source = tmp_path / "source"
    (source / "old").mkdir(parents=True)
    (source / "old/gone.html").write_text("old")
    publish_site(f"s3://{s3_bucket}", source=source)
    (source / "old/gone.html").unlink()
    (source / "index.html").write_text('<img src="a.png">')
    (source / "a.png").write_bytes(b"\x89PNG")
    (source / "feed.xml").write_text("<feed/>")
    (source / "site.css").write_text("body{}")
    calls = []
    target = S3Target(s3_bucket)
    for event in ("PutObject", "DeleteObjects"):
        target.s3.meta.events.register(
            f"before-parameter-build.s3.{event}",
            lambda params, model, **kw: calls.append((model.name, params.get("Key"))),
        )
    from cms.publish.plan import make_plan

    local = read_folder(source)
    target.apply(make_plan(local, target.remote_files(), target.is_same))
    assert calls == [
        ("PutObject", "a.png"),
        ("PutObject", "site.css"),
        ("PutObject", "feed.xml"),
        ("PutObject", "index.html"),
        ("DeleteObjects", None),
    ]


def test_export_bookkeeping_never_reaches_the_bucket(site, s3_bucket, tmp_path):
    publish_site(f"s3://{s3_bucket}", output=tmp_path / "site")
    assert (tmp_path / ".site.export/manifest.sqlite3").is_file()
    source = tmp_path / "other"
    (source / ".export-journal").mkdir(parents=True)
    (source / ".export-journal/1.json").write_text("{}")
    (source / "en/.export.lock").parent.mkdir()
    (source / "en/.export.lock").write_text("")
    (source / ".export-manifest.json").write_text("{}")
    (source / ".git").write_text("gitdir: elsewhere")
    (source / "index.html").write_text("<p>hi</p>")
    publish_site(f"s3://{s3_bucket}/other", source=source)
    keys = set(bucket_objects(s3_bucket))
    assert not [key for key in keys if "/." in "/" + key]
    assert "other/index.html" in keys


def test_an_object_uploaded_in_parts_is_compared_by_its_sha256_metadata(s3_bucket, tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    data = b"same bytes"
    (source / "kept.bin").write_bytes(data)
    (source / "stale.bin").write_bytes(data)
    s3 = boto3.client("s3")
    for key, metadata in (
        ("kept.bin", {"sha256": hashlib.sha256(data).hexdigest()}),
        ("stale.bin", {}),
    ):
        upload = s3.create_multipart_upload(Bucket=s3_bucket, Key=key, Metadata=metadata)
        part = s3.upload_part(
            Bucket=s3_bucket, Key=key, UploadId=upload["UploadId"], PartNumber=1, Body=data
        )
        s3.complete_multipart_upload(
            Bucket=s3_bucket,
            Key=key,
            UploadId=upload["UploadId"],
            MultipartUpload={"Parts": [{"ETag": part["ETag"], "PartNumber": 1}]},
        )
    assert "-" in bucket_objects(s3_bucket)["kept.bin"]["etag"]
    result = publish_site(f"s3://{s3_bucket}", source=source, dry_run=True)
    assert result.changes == ["upload stale.bin"]


def test_a_missing_bucket_is_named_in_a_clear_error(s3_bucket, tmp_path):
    (tmp_path / "index.html").write_text("hi")
    with pytest.raises(PublishError, match="the bucket does not exist"):
        publish_site("s3://no-such-bucket-here", source=tmp_path)


def test_a_prefix_over_the_media_bucket_is_refused(s3_bucket, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "cms.media_s3.SiteMediaS3Storage",
            "OPTIONS": {"bucket_name": s3_bucket, "location": "media"},
        },
    }
    (tmp_path / "index.html").write_text("hi")
    with pytest.raises(PublishError, match="overlap the uploaded media"):
        publish_site(f"s3://{s3_bucket}", source=tmp_path)
    assert publish_site(f"s3://{s3_bucket}/site", source=tmp_path).uploaded == 1


def test_command_writes_counts_as_json_and_one_summary_line(site, s3_bucket, tmp_path):
    out = io.StringIO()
    call_command(
        "publish", f"s3://{s3_bucket}", "--output", str(tmp_path / "site"),
        "--json", str(tmp_path / "counts.json"), stdout=out,
    )  # fmt: skip
    counts = json.loads((tmp_path / "counts.json").read_text())
    assert counts["uploaded"] == len(exported(tmp_path))
    assert (counts["deleted"], counts["unchanged"]) == (0, 0)
    assert counts["seconds"] > 0
    last = out.getvalue().strip().splitlines()[-1]
    assert last.startswith(
        f"Published to s3://{s3_bucket}/: {counts['uploaded']} uploaded, 0 deleted"
    )


def test_command_dry_run_lists_the_changes(site, s3_bucket, tmp_path):
    out = io.StringIO()
    call_command(
        "publish", f"s3://{s3_bucket}", "--output", str(tmp_path / "site"), "--dry-run", stdout=out
    )
    lines = out.getvalue().splitlines()
    assert "upload en/entries/folding/index.html" in lines
    assert lines[-1].startswith(f"Dry run for s3://{s3_bucket}/: would be ")
    assert bucket_objects(s3_bucket) == {}


def test_command_quiet_prints_nothing(site, s3_bucket, tmp_path):
    out = io.StringIO()
    call_command(
        "publish", f"s3://{s3_bucket}", "--output", str(tmp_path / "site"), "--quiet", stdout=out
    )
    assert out.getvalue() == ""
    assert bucket_objects(s3_bucket)


def test_command_names_an_unknown_target(tmp_path):
    with pytest.raises(CommandError, match="not a target publish knows"):
        call_command("publish", "ftp://example.org/", "--source", str(tmp_path))
