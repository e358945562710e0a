"""Images of a Hugo site on import: those beside a page copied into media and linked, those no
page shows reported, nothing copied on a dry run or again.
"""

from pathlib import Path

import pytest
from django.conf import settings

from cms.importers.markdown_files import import_markdown
from cms.models import Entry, Page
from tests.support import import_hugo_site as shared
from tests.support.import_hugo_site import entry, item

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/import_hugo_site.py for the modules that share them.
site = shared.site


class TestHugoImages:
    def test_images_beside_the_page_are_copied_into_media_and_linked(self, site):
        import_markdown(site)
        body = entry("en", "first-post").body
        copies = sorted((Path(settings.MEDIA_ROOT) / "imports").iterdir())
        assert len(copies) == 2
        for copy in copies:
            assert f"/media/imports/{copy.name}" in body
        assert "](cat.png)" not in body

    def test_image_no_page_shows_is_reported_not_copied(self, site):
        result = import_markdown(site)
        assert item(result, "posts/first-post/unused.png").detail == (
            "an image of the bundle posts/first-post/ that no imported page shows; not copied"
        )
        assert item(result, "headless/logo.png").action == "skip"

    def test_dry_run_copies_no_image(self, site):
        import_markdown(site, dry_run=True)
        assert not (Path(settings.MEDIA_ROOT) / "imports").exists()
        assert Entry.objects.count() == 0 and Page.objects.count() == 0

    def test_importing_again_changes_nothing_and_copies_nothing_new(self, site):
        import_markdown(site)
        revisions = Entry.history.count()
        copies = sorted((Path(settings.MEDIA_ROOT) / "imports").iterdir())
        result = import_markdown(site)
        assert (result.created, result.updated) == (0, 0)
        assert Entry.history.count() == revisions
        assert sorted((Path(settings.MEDIA_ROOT) / "imports").iterdir()) == copies
