"""Backing up the site and restoring it: the database and the media come back as they were.

Runs against whichever database the suite uses: SQLite (online backup API)
or PostgreSQL (pg_dump and pg_restore, skipped when they are not installed).
Restoring replaces the whole database, so these tests use real transactions.
"""

import json
import os
import shutil
import stat
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cms import backup as backup_module
from cms.backup import backup_site, read_manifest, restore_site
from cms.exceptions import BackupError
from cms.models import Entry
from tests.factories import make_entry, make_topic

pytestmark = pytest.mark.django_db(transaction=True)

IMAGE = b"\x89PNG\r\n\x1a\n not really, but bytes are bytes"


@pytest.fixture(autouse=True)
def needs_postgres_tools():
    if connection.vendor == "postgresql" and not (
        shutil.which("pg_dump") and shutil.which("pg_restore")
    ):
        pytest.skip("pg_dump and pg_restore are not installed")


@pytest.fixture
def site(settings):
    """An entry whose body shows an uploaded image, and that image on disk."""
    media = Path(settings.MEDIA_ROOT)
    (media / "uploads" / "2026" / "01").mkdir(parents=True)
    (media / "uploads" / "2026" / "01" / "figure.png").write_bytes(IMAGE)
    entry = make_entry(
        "Kept safe",
        body="![figure](/media/uploads/2026/01/figure.png)",
        topics=[make_topic("safety")],
    )
    return entry


def test_round_trip_brings_back_a_deleted_entry_and_its_image(site, tmp_path, settings):
    result = backup_site(tmp_path / "backups")
    Entry.objects.all().delete()
    image = Path(settings.MEDIA_ROOT) / "uploads" / "2026" / "01" / "figure.png"
    image.unlink()
    (Path(settings.MEDIA_ROOT) / "stray.txt").write_text("added after the backup")

    restore_site(result.path)

    restored = Entry.objects.get(slug=site.slug)
    assert restored.title == "Kept safe"
    assert restored.version == site.version
    assert [topic.slug for topic in restored.topics.all()] == ["safety"]
    assert "figure.png" in restored.body_html
    assert image.read_bytes() == IMAGE
    assert not (Path(settings.MEDIA_ROOT) / "stray.txt").exists()


def test_restored_site_serves_the_entry_again(site, tmp_path, client):
    result = backup_site(tmp_path)
    Entry.objects.all().delete()
    assert client.get(site.get_absolute_url()).status_code == 404
    restore_site(result.path)
    response = client.get(site.get_absolute_url())
    assert response.status_code == 200
    assert "Kept safe" in response.content.decode()


def test_backup_folder_lists_every_file_with_its_checksum(site, tmp_path):
    result = backup_site(tmp_path)
    assert result.path.name.startswith("digest-backup-")
    manifest = json.loads((result.path / "manifest.json").read_text())
    assert manifest["engine"] == connection.vendor
    assert manifest["counts"]["entries"] == 1
    assert "media/uploads/2026/01/figure.png" in manifest["files"]
    assert read_manifest(result.path) == manifest
    assert result.media_files == 1


def test_failed_backup_leaves_no_folder_behind(site, tmp_path, monkeypatch):
    def broken(engine, target):
        raise BackupError("disk full")

    monkeypatch.setattr(backup_module, "_copy_database", broken)
    with pytest.raises(BackupError):
        backup_site(tmp_path / "backups")
    assert list((tmp_path / "backups").iterdir()) == []


def test_damaged_backup_is_refused_and_nothing_changes(site, tmp_path):
    result = backup_site(tmp_path)
    (result.path / "media" / "uploads" / "2026" / "01" / "figure.png").write_bytes(b"rot")
    Entry.objects.all().delete()
    with pytest.raises(BackupError, match="figure.png does not match its checksum"):
        restore_site(result.path)
    assert Entry.objects.count() == 0


def test_folder_that_is_not_a_backup_is_refused(tmp_path):
    with pytest.raises(BackupError, match="not a backup folder"):
        restore_site(tmp_path)


def test_backup_of_another_database_engine_is_refused(site, tmp_path):
    result = backup_site(tmp_path)
    manifest_file = result.path / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["engine"] = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest_file.write_text(json.dumps(manifest))
    with pytest.raises(BackupError, match="dump_content and load_content"):
        restore_site(result.path)


def test_backup_inside_the_media_folder_is_refused(settings):
    with pytest.raises(BackupError, match="outside MEDIA_ROOT"):
        backup_site(Path(settings.MEDIA_ROOT) / "backups")


class TestCommands:
    def test_backup_prints_one_summary_line(self, site, tmp_path, capsys):
        call_command("backup", "--output", str(tmp_path))
        out = capsys.readouterr().out
        assert out.startswith(f"Backed up the {connection.vendor} database and 1 media files")
        assert str(tmp_path) in out

    def test_restore_over_existing_content_needs_force(self, site, tmp_path):
        call_command("backup", "--output", str(tmp_path / "b"))
        (backup,) = (tmp_path / "b").iterdir()
        Entry.objects.filter(pk=site.pk).update(title="Changed since")
        with pytest.raises(CommandError, match="holds 1 entries.*--force"):
            call_command("restore", str(backup))
        assert Entry.objects.get().title == "Changed since"

    def test_forced_restore_keeps_a_backup_of_what_it_replaced(self, site, tmp_path, capsys):
        call_command("backup", "--output", str(tmp_path / "b"))
        (backup,) = (tmp_path / "b").iterdir()
        Entry.objects.filter(pk=site.pk).update(title="Changed since")
        safety = tmp_path / "safety"
        call_command("restore", str(backup), "--force", "--safety-backup-dir", str(safety))
        out = capsys.readouterr().out
        assert "kept in" in out and "Restored" in out
        assert Entry.objects.get().title == "Kept safe"
        (kept,) = safety.iterdir()
        restore_site(kept)
        assert Entry.objects.get().title == "Changed since"

    def test_restore_into_an_empty_database_needs_no_confirmation(self, site, tmp_path):
        result = backup_site(tmp_path)
        Entry.objects.all().delete()
        from django.contrib.auth import get_user_model

        get_user_model().objects.all().delete()
        from cms.models import Topic

        Topic.objects.all().delete()
        call_command("restore", str(result.path), "--no-safety-backup")
        assert Entry.objects.get().title == "Kept safe"

    def test_restore_of_a_missing_folder_is_a_command_error(self, tmp_path):
        with pytest.raises(CommandError, match="not a backup folder.*Nothing was restored"):
            call_command("restore", str(tmp_path / "nowhere"))


def readable_by_others(root: Path) -> dict[str, str]:
    """Each folder and file under ``root`` (included) that is not 0700 or 0600, with its mode."""
    found = {}
    for path in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode != (0o700 if path.is_dir() else 0o600):
            found[str(path.relative_to(root.parent))] = oct(mode)
    return found


class TestPrivacy:
    """A backup holds password hashes, API tokens and live sessions: only its owner reads it."""

    def test_backup_folder_and_every_file_in_it_are_private_to_the_owner(self, site, tmp_path):
        result = backup_site(tmp_path / "backups")
        assert len([path for path in result.path.rglob("*") if path.is_file()]) == 3
        assert readable_by_others(result.path) == {}

    def test_safety_backup_made_by_restore_is_private_too(self, site, tmp_path):
        result = backup_site(tmp_path / "b")
        safety = tmp_path / "s"
        call_command("restore", str(result.path), "--force", "--safety-backup-dir", str(safety))
        (kept,) = safety.iterdir()
        assert readable_by_others(kept) == {}

    def test_restored_media_gets_the_permissions_of_an_upload_again(self, site, tmp_path, settings):
        settings.FILE_UPLOAD_PERMISSIONS = 0o644
        settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o755
        result = backup_site(tmp_path / "backups")
        restore_site(result.path)
        media = Path(settings.MEDIA_ROOT)
        image = media / "uploads" / "2026" / "01" / "figure.png"
        assert image.read_bytes() == IMAGE
        assert stat.S_IMODE(image.stat().st_mode) == 0o644
        assert stat.S_IMODE(image.parent.stat().st_mode) == 0o755


MANAGE = str(Path(django_settings.BASE_DIR) / "manage.py")
SERVE = (
    "from django.test import Client; "
    "response = Client().get({url!r}); "
    "print(response.status_code, {title!r} in response.content.decode())"
)


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, MANAGE, *args],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )


def postgres_url(name: str) -> str:
    config = connection.settings_dict
    credentials = quote(config["USER"] or "", safe="")
    if config.get("PASSWORD"):
        credentials += ":" + quote(str(config["PASSWORD"]), safe="")
    host = config.get("HOST") or "localhost"
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{name}"


@pytest.fixture
def brand_new_database(tmp_path):
    """The URL of an empty database of the suite's engine, never migrated: a new server."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'new-server.sqlite3'}"
        return
    name = f"digest_restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_url(name)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class TestDisasterRecovery:
    def test_one_restore_into_a_brand_new_database_serves_the_site_again(
        self, site, tmp_path, brand_new_database
    ):
        result = backup_site(tmp_path / "backups")
        new_media = tmp_path / "new-server-media"
        env = {
            **os.environ,
            "DATABASE_URL": brand_new_database,
            "DJANGO_MEDIA_ROOT": str(new_media),
            "DJANGO_STATIC_ROOT": str(tmp_path / "new-server-static"),
        }
        restored = manage(env, "restore", str(result.path))
        assert restored.returncode == 0, restored.stderr
        assert "Restored" in restored.stdout

        script = SERVE.format(url=site.get_absolute_url(), title="Kept safe")
        served = manage(env, "shell", "--verbosity", "0", "--command", script)
        assert served.stdout.split() == ["200", "True"], served.stderr
        assert (new_media / "uploads" / "2026" / "01" / "figure.png").read_bytes() == IMAGE
