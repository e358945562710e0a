"""Front matter for what the CMS keeps and Hugo has no word for: status, the paper, menu pages."""

from pathlib import Path

import pytest

from cms.exceptions import ImportFailed
from cms.importers.markdown_files import import_markdown
from cms.models import Entry, Page, Topic, TranslationMethod
from cms.publishing import Status
from tests.factories import make_entry

pytestmark = pytest.mark.django_db


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def failure(root: Path, **options) -> str:
    with pytest.raises(ImportFailed) as caught:
        import_markdown(root, **options)
    assert not Entry.objects.exists() and not Page.objects.exists()
    return str(caught.value)


class TestStatus:
    def test_a_file_may_hold_itself_back_from_the_runs_status(self, tmp_path):
        write(tmp_path, "ready.md", "---\ntitle: Ready\n---\nText.\n")
        write(tmp_path, "waiting.md", "---\ntitle: Waiting\nstatus: review\n---\nText.\n")
        write(tmp_path, "rough.md", "---\ntitle: Rough\nstatus: Draft\n---\nText.\n")
        import_markdown(tmp_path, status=Status.PUBLISHED)
        statuses = dict(Entry.objects.values_list("slug", "status"))
        assert statuses == {"ready": "published", "waiting": "review", "rough": "draft"}

    def test_a_file_cannot_raise_itself_above_the_runs_status(self, tmp_path):
        write(tmp_path, "eager.md", "---\ntitle: Eager\nstatus: published\n---\nText.\n")
        result = import_markdown(tmp_path, status=Status.REVIEW)
        assert Entry.objects.get().status == Status.REVIEW
        assert result.items[0].not_kept == ["status: published"]

    def test_unknown_status_is_refused_naming_the_choices(self, tmp_path):
        write(tmp_path, "odd.md", "---\ntitle: Odd\nstatus: hidden\n---\nText.\n")
        assert failure(tmp_path, status=Status.PUBLISHED) == (
            "odd.md: front matter field “status” is 'hidden'; use draft, review or published."
        )


PAPER = """---
title: Residual learning
paper:
  authors: [Kaiming He, Xiangyu Zhang]
  url: https://arxiv.org/abs/1512.03385
  arxiv: "1512.03385"
  doi: 10.1109/CVPR.2016.90
  code: https://github.com/KaimingHe/deep-residual-networks
  journal: CVPR 2016
  venue_rank: A*
---
Skip connections.
"""


class TestPaper:
    def test_paper_fields_fill_the_entrys_source(self, tmp_path):
        write(tmp_path, "resnet.md", PAPER)
        result = import_markdown(tmp_path)
        entry = Entry.objects.get()
        assert entry.paper_author_list == ["Kaiming He", "Xiangyu Zhang"]
        assert (entry.source_url, entry.arxiv_id, entry.doi, entry.journal_ref) == (
            "https://arxiv.org/abs/1512.03385",
            "1512.03385",
            "10.1109/CVPR.2016.90",
            "CVPR 2016",
        )
        assert entry.code_url == "https://github.com/KaimingHe/deep-residual-networks"
        assert result.items[0].not_kept == ["paper.venue_rank: A*"]

    def test_invalid_paper_value_is_refused_by_the_models_rule(self, tmp_path):
        write(tmp_path, "resnet.md", PAPER.replace('"1512.03385"', "not-an-id"))
        message = failure(tmp_path)
        assert message.startswith("resnet.md: arxiv_id: ")

    def test_paper_that_is_not_a_mapping_is_refused(self, tmp_path):
        write(tmp_path, "resnet.md", "---\ntitle: R\npaper: 1512.03385\n---\nText.\n")
        assert failure(tmp_path) == (
            "resnet.md: front matter field “paper” must be a mapping (authors, url, arxiv, "
            "doi, code, journal), not str."
        )


class TestMenuPages:
    def test_a_main_menu_page_is_a_standalone_page_in_its_place(self, tmp_path):
        write(tmp_path, "about.md", "---\ntitle: About\nmenu: main\nweight: 2\n---\nWho.\n")
        write(
            tmp_path, "about.zh-hans.md", "---\ntitle: 关于\nmenu: [main]\nweight: 2\n---\n谁。\n"
        )
        write(
            tmp_path,
            "contact.md",
            "---\ntitle: Contact\nweight: 9\nmenu:\n  main:\n    weight: 1\n---\nMail us.\n",
        )
        result = import_markdown(tmp_path, status=Status.PUBLISHED)
        assert not Entry.objects.exists()
        pages = Page.objects.order_by("language", "nav_order")
        assert [(p.language, p.slug, p.title, p.nav_order, p.is_published) for p in pages] == [
            ("en", "contact", "Contact", 1, True),
            ("en", "about", "About", 2, True),
            ("zh-hans", "about", "关于", 2, True),
        ]
        assert [item.not_kept for item in result.items] == [[], [], []]

    def test_a_menu_page_is_unpublished_unless_the_run_publishes(self, tmp_path):
        write(tmp_path, "about.md", "---\ntitle: About\nmenu: main\n---\nWho.\n")
        import_markdown(tmp_path)
        assert Page.objects.get().is_published is False

    def test_entries_link_to_a_menu_page_at_its_address(self, tmp_path):
        write(tmp_path, "about.md", "---\ntitle: About\nmenu: main\n---\nWho.\n")
        write(tmp_path, "post.md", "---\ntitle: Post\n---\nSee [who we are](about.md).\n")
        import_markdown(tmp_path)
        assert "[who we are](/en/pages/about/)" in Entry.objects.get().body

    def test_importing_again_leaves_a_page_an_editor_changed(self, tmp_path):
        write(tmp_path, "about.md", "---\ntitle: About\nmenu: main\n---\nWho.\n")
        import_markdown(tmp_path)
        Page.objects.update(body="Edited in the CMS.")
        result = import_markdown(tmp_path)
        assert Page.objects.get().body == "Edited in the CMS."
        assert result.items[0].detail == (
            "a page /en/pages/about/ already exists with other text; it was left as it is"
        )

    def test_bad_menu_weight_is_refused(self, tmp_path):
        write(tmp_path, "about.md", "---\ntitle: About\nmenu: main\nweight: first\n---\nWho.\n")
        assert failure(tmp_path) == (
            "about.md: front matter field “weight” is 'first'; use a whole number, 0 or more."
        )


class TestTranslationsAndTopics:
    def test_the_file_without_a_translator_is_the_original_in_any_language(self, tmp_path):
        write(tmp_path, "fold.zh-hans.md", "---\ntitle: 折叠\n---\n原文。\n")
        write(tmp_path, "fold.md", "---\ntitle: Folding\ntranslator: Chen Jing\n---\nText.\n")
        import_markdown(tmp_path)
        original = Entry.objects.get(language="zh-hans")
        translation = Entry.objects.get(language="en")
        assert original.translation_of is None
        assert original.translation_method == TranslationMethod.ORIGINAL
        assert translation.translation_of == original
        assert translation.translator == "Chen Jing"

    def test_a_page_names_its_topic_in_its_own_language(self, tmp_path):
        write(tmp_path, "tags/machine-learning/_index.md", "---\ntitle: Machine learning\n---\n")
        write(tmp_path, "tags/machine-learning/_index.zh-hans.md", "---\ntitle: 机器学习\n---\n")
        write(tmp_path, "a.zh-hans.md", "---\ntitle: 甲\ntags: [机器学习]\n---\n正文。\n")
        write(tmp_path, "b.md", "---\ntitle: B\ntags: [machine learning]\n---\nText.\n")
        import_markdown(tmp_path)
        topic = Topic.objects.get()
        assert (topic.slug, topic.name, topic.names) == (
            "machine-learning",
            "Machine learning",
            {"zh-hans": "机器学习"},
        )
        assert Entry.objects.filter(topics=topic).count() == 2


def test_a_slug_an_entry_already_has_is_not_a_clash_for_a_menu_page(tmp_path):
    make_entry("About", slug="about")
    write(tmp_path, "about.md", "---\ntitle: About\nmenu: main\n---\nWho.\n")
    import_markdown(tmp_path)
    assert Page.objects.get().slug == "about"
