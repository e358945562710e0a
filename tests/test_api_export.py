"""The exported API is the live API: every exported ``.json`` file equals the live response.

The demo content is exported once (with small pages, so ``next`` links
matter); then each JSON file under ``api/`` is compared byte for byte with
what the live API answers for its URL.
"""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

export = pytest.importorskip("cms.export")

pytestmark = pytest.mark.django_db

BASE = "https://digest.example.org/"
MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "cms.static_storage.SiteStaticFilesStorage"},
}


@pytest.fixture(scope="module")
def exported(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo site exported once; returns the output folder and the live API's answers."""
    from devtools.demo import load_demo_content

    root = tmp_path_factory.mktemp("api-export")
    settings = {
        "STATIC_ROOT": root / "static",
        "MEDIA_ROOT": root / "media",
        "STORAGES": MANIFEST_STORAGES,
        "CMS_SITE_URL": BASE,
        "CMS_API_PAGE_SIZE": 4,
    }
    with override_settings(**settings), django_db_blocker.unblock(), transaction.atomic():
        call_command("collectstatic", interactive=False, verbosity=0)
        load_demo_content()
        result = export.export_site(root / "site", base_url=BASE)
        files = sorted((root / "site" / "api").rglob("*.json"))
        exported_files = {path.relative_to(root / "site").as_posix(): path for path in files}
        client = Client()
        live = {relative: client.get("/" + relative) for relative in exported_files}
        transaction.set_rollback(True)
    return result, exported_files, live


def test_export_succeeded_with_the_api_in_it(exported):
    result, files, _live = exported
    assert result.ok, [link.describe() for link in result.broken]
    assert "api/v1/index.json" in files
    assert "api/v1/schema.json" in files
    assert "api/v1/en/entries/p/1.json" in files  # reached only through "next"
    assert any(name.startswith("api/v1/zh-hans/entries/") for name in files)
    assert any(name.startswith("api/v1/en/topics/") for name in files)
    assert any(name.startswith("api/v1/en/authors/") for name in files)
    assert any(name.startswith("api/v1/en/pages/") for name in files)


def test_every_exported_json_file_equals_the_live_response(exported):
    _result, files, live = exported
    assert len(files) > 30
    for name, path in files.items():
        response = live[name]
        assert response.status_code == 200, name
        assert path.read_bytes() == response.content, name


def test_export_holds_no_live_only_or_unpublished_api_files(exported):
    _result, files, _live = exported
    assert not any("preview" in name or "?" in name for name in files)
    assert not any(name.startswith("api/v1/entries/") and name.endswith("/") for name in files)
