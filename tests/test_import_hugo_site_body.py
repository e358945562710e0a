"""Hugo bodies on import: highlight, figure and ref shortcodes converted, others kept as text and
reported, the text before the more marker as the summary.
"""

import pytest
from bs4 import BeautifulSoup

from cms.importers.markdown_files import import_markdown
from tests.support import import_hugo_site as shared
from tests.support.import_hugo_site import entry, item

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/import_hugo_site.py for the modules that share them.
site = shared.site


class TestHugoBody:
    def test_highlight_shortcode_is_code_with_its_language_not_html(self, site):
        import_markdown(site)
        html = entry("en", "first-post").body_html
        code = BeautifulSoup(html, "html.parser").select_one("code.language-html")
        assert code.get_text().startswith('<div class="attention"><script>')
        assert "<script>" not in html

    def test_figure_shortcode_is_an_image_with_its_caption(self, site):
        import_markdown(site)
        html = entry("en", "first-post").body_html
        assert "<figcaption>Block-sparse pattern — Blocks see neighbours." in html
        assert '<figure><img src="/media/imports/' in html
        assert 'alt="Block-sparse pattern"><figcaption>' in html

    def test_ref_and_relref_link_to_the_imported_entries(self, site):
        import_markdown(site)
        body = entry("en", "first-post").body
        assert "[the second note](/en/entries/second/)" in body
        assert "[about us](/en/entries/about/)" in body

    def test_other_shortcodes_stay_as_text_and_are_reported(self, site):
        result = import_markdown(site)
        assert "<code>{{&lt; youtube w3Kz9 &gt;}}</code>" in entry("en", "first-post").body_html
        assert "shortcode “youtube” kept as text" in item(result, "posts/first-post/index.md").notes

    def test_text_before_the_more_marker_is_the_summary(self, site):
        import_markdown(site)
        first = entry("en", "first-post")
        assert first.summary == "We read three papers on sparse attention this week."
        assert "more" not in first.body
