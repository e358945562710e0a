"""Hugo aliases on import become redirects to the entry, except addresses of the site's own."""

import pytest
from django.test import Client

from cms.importers.markdown_files import import_markdown
from cms.models import Redirect
from cms.publishing import Status
from tests.support import import_hugo_site as shared
from tests.support.import_hugo_site import entry, item, write

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/import_hugo_site.py for the modules that share them.
site = shared.site


class TestHugoAliases:
    def test_aliases_become_redirects_to_the_entry(self, site):
        result = import_markdown(site, status=Status.PUBLISHED)
        about = entry("en", "about")
        response = Client().get("/about-us/")
        assert response.status_code == 301
        assert response["Location"] == about.get_absolute_url()
        second = entry("en", "second")
        assert set(Redirect.objects.filter(entry=second).values_list("old_path", flat=True)) == {
            "/2026/11/second-note/",
            "/posts/old-second/",
        }
        assert item(result, "posts/second.md").not_kept == [
            "alias https://elsewhere.example.com/second/: an address on another site"
        ]

    def test_alias_that_is_one_of_the_sites_own_addresses_is_refused(self, tmp_path):
        write(tmp_path, "a.md", "---\ntitle: A\naliases: [/en/entries/b/, /../../etc/]\n---\nx\n")
        result = import_markdown(tmp_path)
        assert result.items[0].not_kept == [
            "alias /en/entries/b/: it is one of this site's own addresses",
            "alias /../../etc/: it climbs out of the site with “..”",
        ]
        assert not Redirect.objects.exists()
