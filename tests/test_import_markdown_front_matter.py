"""The front matter rules of the Markdown importer: YAML words stay words, unsupported languages
skipped, translations need a translator, slug clashes refused naming both files, dry runs.
"""

import pytest

from cms.importers.markdown_files import import_markdown
from cms.models import Entry, Topic
from tests.factories import make_entry
from tests.support.import_markdown import HUGO, entry, failure, write

pytestmark = pytest.mark.django_db


class TestFrontMatterRules:
    def test_yaml_words_stay_words_not_booleans_or_numbers(self, tmp_path):
        write(tmp_path, "no.md", "---\ntitle: No\nslug: 2024\nsummary: 1e3\n---\nx\n")
        import_markdown(tmp_path)
        post = Entry.objects.get()
        assert (post.title, post.slug, post.summary) == ("No", "2024", "1e3")

    def test_unsupported_language_is_skipped_with_the_reason(self, tmp_path):
        write(tmp_path, "hello.fr.md", "---\ntitle: Bonjour\n---\nx\n")
        result = import_markdown(tmp_path)
        assert [c.detail for c in result.skipped] == ["French (fr) is not a site language"]

    def test_translation_without_a_translator_is_refused_with_the_fix(self, tmp_path):
        write(tmp_path, "a.md", "---\ntitle: A\n---\nx\n")
        write(tmp_path, "a.zh-hans.md", "---\ntitle: 甲\n---\nx\n")
        assert failure(tmp_path) == (
            "a.zh-hans.md: this file is a translation; say who translated it with "
            "“translator: Name” in its front matter (and “translation: machine” for a machine "
            "translation)."
        )

    def test_machine_translation_is_recorded_as_such(self, tmp_path):
        write(tmp_path, "a.md", "---\ntitle: A\n---\nx\n")
        write(
            tmp_path,
            "a.zh-hans.md",
            "---\ntitle: 甲\ntranslation: machine\ntranslator: DeepL\n---\nx\n",
        )
        import_markdown(tmp_path)
        translation = entry("zh-hans", "a")
        assert (translation.translation_method, translation.translator) == ("machine", "DeepL")

    def test_two_files_with_the_same_front_matter_slug_are_refused_naming_both(self, tmp_path):
        write(tmp_path, "one/hi.md", "---\ntitle: A\nslug: hello\n---\nx\n")
        write(tmp_path, "two/hi.md", "---\ntitle: B\nslug: hello\n---\nx\n")
        assert failure(tmp_path) == (
            "two/hi.md: one/hi.md has the same slug “hello” in the same language; give "
            "one of them another “slug:” in its front matter."
        )

    def test_slug_taken_by_an_entry_made_in_the_cms_is_skipped(self, tmp_path):
        make_entry(slug="hello", language="en", title="Made by hand")
        write(tmp_path, "hello.md", "---\ntitle: Imported\n---\nx\n")
        result = import_markdown(tmp_path)
        assert [c.label for c in result.skipped] == ["hello.md"]
        assert result.skipped[0].detail == (
            "an entry /en/entries/hello/ already exists and was not imported from this file; "
            "give this one another “slug:”"
        )
        assert entry("en", "hello").title == "Made by hand"

    def test_invalid_markdown_body_is_refused_naming_the_file(self, tmp_path):
        write(tmp_path, "a.md", "---\ntitle: A\n---\nfine\n")
        write(tmp_path, "b.md", "---\ntitle: B\n---\n" + "[" * 20_000)
        message = failure(tmp_path)
        assert message.startswith("b.md: body: ")  # cms.markdown's own explanation follows

    def test_dry_run_saves_nothing(self):
        result = import_markdown(HUGO, dry_run=True)
        assert result.created == 4
        assert Entry.objects.count() == 0 and Topic.objects.count() == 0
