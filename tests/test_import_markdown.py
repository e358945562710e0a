"""Importing Hugo and Jekyll folders of Markdown files: fields, translations, hostile files."""

import io
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cms.exceptions import ImportFailed
from cms.importers.markdown_files import import_markdown
from cms.models import Entry, Topic, TranslationMethod
from cms.publishing import Status
from tests.factories import make_entry, make_user

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "markdown"
HUGO = DATA / "hugo"
JEKYLL = DATA / "jekyll"


def write(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def entry(language: str, slug: str) -> Entry:
    return Entry.objects.get(language=language, slug=slug)


def failure(root: Path) -> str:
    with pytest.raises(ImportFailed) as caught:
        import_markdown(root)
    assert Entry.objects.count() == 0 and Topic.objects.count() == 0
    return str(caught.value)


class TestHugoFolder:
    def test_summary_counts_and_skips(self):
        result = import_markdown(HUGO)
        assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
        assert [(c.label, c.detail) for c in result.skipped] == [
            ("posts/_index.md", "a section list with no text of its own")
        ]

    def test_toml_front_matter_is_stored_field_by_field(self):
        import_markdown(HUGO)
        post = entry("en", "protein-folding-fewer-samples")
        assert post.title == "Folding Proteins with Fewer Samples"
        assert (
            post.summary == "A structure predictor that needs a tenth of the usual training data."
        )
        assert post.publish_at == datetime(2024, 3, 4, 1, 30, tzinfo=UTC)
        assert post.status == Status.DRAFT
        assert post.translation_method == TranslationMethod.ORIGINAL
        assert post.import_ref == "markdown:en:posts/protein-folding"
        assert post.import_meta == {"source": "markdown", "file": "posts/protein-folding.md"}
        assert post.body.startswith("The authors train a structure predictor on **one tenth**")
        assert "<strong>one tenth</strong>" in post.body_html
        assert '<h2 id="why-it-matters">Why it matters</h2>' in post.body_html
        assert sorted(post.topics.values_list("slug", flat=True)) == [
            "biology",
            "digest",
            "machine-learning",
        ]

    def test_language_suffix_makes_a_translation_of_the_original(self):
        import_markdown(HUGO)
        original = entry("en", "protein-folding-fewer-samples")
        translation = entry("zh-hans", "protein-folding")
        assert translation.title == "用更少的样本折叠蛋白质"
        assert translation.translation_of == original
        assert translation.translation_method == TranslationMethod.HUMAN
        assert translation.translator == "李伟"
        assert translation.publish_at == datetime(2024, 3, 5, tzinfo=UTC)
        # its own tag is not kept: a translation carries its original's topics
        assert list(translation.topics.all()) == list(original.topics.all())

    def test_page_bundle_takes_its_slug_from_the_folder(self):
        import_markdown(HUGO)
        bundle = entry("en", "graph-bundle")
        assert bundle.title == "Graphs All the Way Down"
        assert bundle.summary == "Message passing on graphs of graphs."
        assert bundle.publish_at == datetime(2024, 2, 1, 8, 0, tzinfo=UTC)
        # "machine learning" names the topic another file created as "Machine Learning"
        assert list(bundle.topics.values_list("slug", flat=True)) == ["machine-learning"]
        assert Topic.objects.filter(slug="machine-learning").count() == 1

    def test_draft_stays_a_draft_whatever_the_status_option(self):
        import_markdown(HUGO, status=Status.PUBLISHED)
        assert entry("en", "draft-note").status == Status.DRAFT
        assert entry("en", "graph-bundle").status == Status.PUBLISHED

    def test_importing_again_changes_nothing(self):
        import_markdown(HUGO)
        revisions = Entry.history.count()
        result = import_markdown(HUGO)
        assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
        assert Entry.history.count() == revisions

    def test_edited_file_updates_its_entry_in_place(self, tmp_path):
        write(tmp_path, "a.md", "---\ntitle: First\n---\nOne.\n")
        import_markdown(tmp_path)
        write(tmp_path, "a.md", "---\ntitle: Second\n---\nTwo.\n")
        result = import_markdown(tmp_path)
        assert [(c.action, c.detail) for c in result.items] == [("update", "title, body")]
        post = entry("en", "a")
        assert (post.title, post.body, post.version) == ("Second", "Two.\n", 2)
        assert [r.title for r in post.history.order_by("history_id")] == ["First", "Second"]


class TestJekyllFolder:
    def test_summary_counts_and_skips(self):
        result = import_markdown(JEKYLL)
        assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
        assert [(c.label, c.detail) for c in result.skipped] == [
            ("_layouts/", "a Jekyll folder of templates, data or includes, not content"),
            ("index.md", "no front matter (a “---” or “+++” block at the top)"),
        ]
        assert not Entry.objects.filter(title="Not content").exists()  # _layouts/ is ignored

    def test_post_is_stored_field_by_field(self):
        import_markdown(JEKYLL)
        post = entry("en", "sparse-attention")
        assert post.title == "Sparse Attention, Dense Results"
        assert post.publish_at == datetime(2024, 1, 5, 6, 20, tzinfo=UTC)
        assert post.summary == ""
        assert post.import_meta["file"] == "_posts/2024-01-05-sparse-attention.md"
        assert "<em>every</em>" in post.body_html
        # Jekyll splits a categories string at spaces
        assert sorted(post.topics.values_list("name", flat=True)) == [
            "attention",
            "efficiency",
            "transformers",
        ]

    def test_language_code_and_date_come_from_front_matter_and_file_name(self):
        import_markdown(JEKYLL)
        post = entry("zh-hans", "quantum-notes")
        assert post.title == "量子纠错笔记"
        assert post.publish_at == datetime(2024, 2, 10, tzinfo=UTC)
        assert post.translation_method == TranslationMethod.ORIGINAL
        assert post.body == "表面码的阈值约为百分之一。\n"

    def test_drafts_folder_gives_drafts(self):
        import_markdown(JEKYLL, status=Status.PUBLISHED)
        assert entry("en", "unfinished-idea").status == Status.DRAFT
        assert entry("en", "sparse-attention").status == Status.PUBLISHED


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


class TestHostileFiles:
    def test_python_object_tag_is_refused_and_never_run(self, tmp_path):
        canary = tmp_path / "pwned"
        write(tmp_path, "good.md", "---\ntitle: Good\n---\nx\n")
        write(
            tmp_path,
            "evil.md",
            f'---\ntitle: !!python/object/apply:os.system ["touch {canary}"]\n---\nx\n',
        )
        message = failure(tmp_path)
        assert message == (
            "evil.md, line 2: the front matter uses the YAML tag "
            "tag:yaml.org,2002:python/object/apply:os.system, which could run code or build "
            "objects; only plain text, lists and mappings are allowed."
        )
        assert not canary.exists()

    def test_date_that_is_not_a_date_names_the_file_and_field(self, tmp_path):
        write(tmp_path, "a.md", "---\ntitle: A\ndate: next tuesday\n---\nx\n")
        assert failure(tmp_path) == (
            "a.md: front matter field “date” is not a date: 'next tuesday'. Write it as "
            "2024-01-05 or 2024-01-05T09:30:00+08:00."
        )

    def test_impossible_calendar_date_names_the_field(self, tmp_path):
        write(tmp_path, "a.md", "---\ntitle: A\ndate: 2024-02-30\n---\nx\n")
        assert "field “date” is not a date: '2024-02-30'" in failure(tmp_path)

    def test_file_in_another_encoding_is_refused_naming_the_line(self, tmp_path):
        write(tmp_path, "latin.md", "---\ntitle: Café\n---\nx\n".encode("latin-1"))
        assert failure(tmp_path) == (
            "latin.md, line 2: byte 0xE9 is not UTF-8, so the file is in another encoding "
            "(such as GBK or Latin-1). Save it as UTF-8 and try again."
        )

    def test_utf16_file_is_refused(self, tmp_path):
        write(tmp_path, "wide.md", "---\ntitle: A\n---\nx\n".encode("utf-16"))
        assert failure(tmp_path) == (
            "wide.md: the file is UTF-16 text; save it as UTF-8 and try again."
        )

    def test_utf8_with_byte_order_mark_and_crlf_is_accepted(self, tmp_path):
        write(tmp_path, "bom.md", "\ufeff---\r\ntitle: BOM\r\n---\r\nx\r\n".encode())
        import_markdown(tmp_path)
        assert Entry.objects.get().title == "BOM"

    def test_50_megabyte_file_is_refused_before_it_is_read(self, tmp_path):
        write(tmp_path, "small.md", "---\ntitle: Small\n---\nx\n")
        with (tmp_path / "huge.md").open("wb") as stream:
            stream.truncate(50 * 1024 * 1024)
        assert failure(tmp_path) == (
            "huge.md: the file is 50 MB; the limit is 10 MB (CMS_IMPORT_MAX_BYTES). Split it "
            "into smaller files."
        )

    def test_yaml_alias_bomb_is_refused(self, tmp_path):
        lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
        for level in range(1, 9):
            previous = chr(ord("a") + level - 1)
            name = chr(ord("a") + level)
            lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
        write(tmp_path, "bomb.md", "---\ntitle: Bomb\n" + "\n".join(lines) + "\ntags: *i\n---\n")
        message = failure(tmp_path)
        assert message.startswith(
            "bomb.md, line 6: the front matter is not valid YAML (more than 20 aliases (*name);"
        )

    def test_deeply_nested_front_matter_is_refused(self, tmp_path):
        write(tmp_path, "deep.md", "---\ntitle: " + "[" * 5_000 + "]" * 5_000 + "\n---\n")
        assert failure(tmp_path) == (
            "deep.md, line 2: the front matter is not valid YAML (lists or mappings nested "
            "more than 50 deep)."
        )

    def test_unclosed_front_matter_is_refused(self, tmp_path):
        write(tmp_path, "open.md", "---\ntitle: Open\nbody text\n")
        assert failure(tmp_path) == (
            "open.md: the front matter opened by “---” on line 1 is never closed; end it with "
            "a line holding “---”."
        )

    def test_list_where_text_belongs_is_refused_naming_the_field(self, tmp_path):
        write(tmp_path, "a.md", "---\ntitle: [a, b]\n---\nx\n")
        assert failure(tmp_path) == "a.md: front matter field “title” must be text, not list."

    @pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
    def test_symbolic_links_are_skipped_so_nothing_outside_is_read(self, tmp_path):
        outside = write(tmp_path, "outside/secret.md", "---\ntitle: Secret\n---\nx\n")
        root = tmp_path / "site"
        write(root, "real.md", "---\ntitle: Real\n---\nx\n")
        (root / "link.md").symlink_to(outside)
        (root / "linked-dir").symlink_to(outside.parent, target_is_directory=True)
        result = import_markdown(root)
        assert list(Entry.objects.values_list("title", flat=True)) == ["Real"]
        assert sorted(c.label for c in result.skipped) == ["link.md", "linked-dir/"]

    def test_oversize_front_matter_is_refused_before_it_is_parsed(self, tmp_path):
        padding = "\n".join(f"k{n}: {'x' * 60}" for n in range(1_200))
        write(tmp_path, "big.md", f"---\ntitle: Big\n{padding}\n---\nBody\n")
        message = failure(tmp_path)
        assert message.startswith("big.md: the front matter is ")
        assert "the limit is 65,536" in message

    def test_front_matter_cannot_publish_claim_an_author_or_overwrite_an_entry(self, tmp_path):
        existing = make_entry("Someone else's", slug="kept")
        make_user("admin")
        write(
            tmp_path,
            "sneaky.md",
            "---\ntitle: Sneaky\nstatus: published\nauthor: admin\nid: "
            f"{existing.pk}\nslug: kept\n---\nBody\n",
        )
        result = import_markdown(tmp_path)
        existing.refresh_from_db()
        assert existing.title == "Someone else's"
        sneaky = Entry.objects.exclude(pk=existing.pk).get()
        assert (sneaky.slug, sneaky.status) == ("sneaky", Status.DRAFT)
        assert list(sneaky.authors.all()) == []
        assert result.items[0].notes == ["slug “kept” is taken by another entry; used “sneaky”"]
        assert result.items[0].not_kept == [
            "id: " + str(existing.pk),
            "status: published",
            'author: admin (map it to a team member with --author-map "admin=USERNAME", or '
            "keep it as the paper's with --authors paper)",
        ]

    def test_slug_that_is_a_path_is_refused_naming_the_file(self, tmp_path):
        write(tmp_path, "ok.md", "---\ntitle: Fine\n---\nBody\n")
        write(tmp_path, "sneaky.md", "---\ntitle: Sneaky\nslug: ../../index\n---\nBody\n")
        assert failure(tmp_path) == (
            "sneaky.md: the slug '../../index' is a path, not a name (it has “/”, “\\” or "
            "“..”), so it was refused. Write it as lowercase letters, digits and hyphens."
        )


class TestImportMarkdownCommand:
    def test_prints_skips_and_one_summary_line(self):
        out = io.StringIO()
        call_command("import_markdown", str(HUGO), stdout=out)
        assert out.getvalue() == (
            "  skip      posts/_index.md: a section list with no text of its own\n"
            f"{HUGO}: imported 4 created, 0 updated, 0 unchanged, 1 skipped; 4 new topics.\n"
        )

    def test_failure_is_a_command_error(self, tmp_path):
        write(tmp_path, "a.md", "---\ntitle: A\ndate: soon\n---\nx\n")
        with pytest.raises(CommandError, match="field “date” is not a date"):
            call_command("import_markdown", str(tmp_path))

    def test_missing_folder_is_a_command_error(self, tmp_path):
        with pytest.raises(CommandError, match="no such folder"):
            call_command("import_markdown", str(tmp_path / "absent"))
