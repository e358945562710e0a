"""What the export publishes: extra URLs from settings (only of this site), no unpublished
entry in any status, no draft revealed through its translation, card topics in the entry's
language.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from cms.exceptions import ExportError
from cms.export import export_site
from cms.models import TranslationMethod
from cms.publishing import Status
from tests.factories import (
    file_tree,
    make_entry,
    make_topic,
)
from tests.support import export as shared

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]

# Fixtures defined once in tests/support/export.py for the modules that share them.
site = shared.site


def test_extra_urls_from_settings_are_exported(site, tmp_path, settings):
    settings.CMS_EXPORT_EXTRA_URLS = ["/en/page/1/"]
    export_site(tmp_path / "site")
    page = (tmp_path / "site/en/page/1/index.html").read_text()
    assert 'content="0; url=/en/"' in page


def test_extra_url_outside_the_site_is_a_configuration_error(site, tmp_path, settings):
    settings.CMS_EXPORT_EXTRA_URLS = ["https://elsewhere.example/"]
    with pytest.raises(ExportError, match="CMS_EXPORT_EXTRA_URLS"):
        export_site(tmp_path / "site")


def test_every_unpublished_status_stays_out_of_the_export(site, tmp_path):
    for status in (Status.DRAFT, Status.REVIEW, Status.ARCHIVED):
        make_entry(f"CANARY-{status}", slug=f"canaryslug-{status}", status=status)
    tomorrow = timezone.now() + timedelta(days=1)
    make_entry("CANARY-scheduled", slug="canaryslug-scheduled", publish_at=tomorrow)
    export_site(tmp_path / "site")
    everything = b"".join(file_tree(tmp_path / "site").values())
    assert b"CANARY" not in everything and b"canaryslug-" not in everything


def test_translation_of_a_draft_does_not_reveal_the_draft(site, tmp_path):
    draft = make_entry("CANARY-draft", slug="secret-draft", status=Status.DRAFT)
    make_entry(
        "草稿译文",
        slug="secret-draft",
        language="zh-hans",
        translation_of=draft,
        translation_method=TranslationMethod.MACHINE,
        translator="Google Translate",
    )
    result = export_site(tmp_path / "site")
    assert result.ok
    everything = b"".join(file_tree(tmp_path / "site").values())
    assert b"/en/entries/secret-draft/" not in everything and b"CANARY" not in everything


def test_home_page_links_each_card_topic_in_the_entry_language(site, tmp_path):
    topic = make_topic("zh-only", "Chinese only")
    make_entry("仅中文", slug="zh-only-entry", language="zh-hans", topics=[topic])
    result = export_site(tmp_path / "site")
    assert result.ok, result.broken
    assert b'href="/zh-hans/topics/zh-only/"' in (tmp_path / "site/index.html").read_bytes()
