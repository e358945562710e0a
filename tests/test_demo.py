"""The demo content is Markdown read by the project's own importer, which keeps all of it."""

import pytest

from cms.models import Entry, Page, Topic, TranslationMethod
from cms.publishing import Status
from devtools.demo import CONTENT, load_demo_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo_content()


def test_every_demo_file_is_imported_with_nothing_skipped_or_left_out(demo):
    files = sorted(path.relative_to(CONTENT).as_posix() for path in CONTENT.rglob("*.md"))
    report = demo.report
    assert sorted(item.label for item in report.items) == files
    assert [str(item) for item in report.skipped] == []
    assert [(item.label, item.not_kept) for item in report.items if item.not_kept] == []


def test_demo_shows_each_status_a_reader_and_an_editor_meet(demo):
    assert Entry.objects.filter(status=Status.DRAFT).exists()
    assert Entry.objects.filter(status=Status.REVIEW).exists()
    scheduled = Entry.objects.filter(status=Status.PUBLISHED).exclude(
        pk__in=Entry.objects.published()
    )
    assert scheduled.exists()
    assert Entry.objects.published().filter(language="zh-hans").count() >= 6


def test_translations_name_their_original_and_who_translated_them(demo):
    zh = Entry.objects.get(language="zh-hans", slug="attention-is-all-you-need")
    assert zh.translation_of == Entry.objects.get(language="en", slug=zh.slug)
    assert (zh.translation_method, zh.translator) == (TranslationMethod.HUMAN, "Li Wei")
    english = Entry.objects.get(language="en", slug="alphafold-2")
    assert english.translation_of.language == "zh-hans"  # a Chinese original
    orphan = Entry.objects.get(language="zh-hans", slug="adam-optimizer")
    assert orphan.translation_of is None
    assert (orphan.translation_method, orphan.translator) == ("machine", "Google Translate")


def test_topics_bylines_and_papers_come_from_the_front_matter(demo):
    assert Topic.objects.get(slug="machine-learning").names == {"zh-hans": "机器学习"}
    bert = Entry.objects.get(language="en", slug="bert")
    assert sorted(bert.authors.values_list("username", flat=True)) == ["jun", "mara"]
    assert bert.paper_author_list[0] == "Jacob Devlin"
    assert (bert.arxiv_id, bert.doi) == ("1810.04805", "10.18653/v1/N19-1423")
    transformer = Entry.objects.get(language="en", slug="attention-is-all-you-need")
    assert "[BERT](/en/entries/bert/)" in transformer.body  # a relative link to bert.md


def test_about_and_contact_are_published_pages_in_the_menu_in_both_languages(demo):
    pages = Page.objects.public().order_by("language", "nav_order")
    assert [(page.language, page.slug) for page in pages] == [
        ("en", "about"),
        ("en", "contact"),
        ("zh-hans", "about"),
        ("zh-hans", "contact"),
    ]


def test_loading_again_changes_nothing(demo):
    entries = list(Entry.objects.values_list("pk", "version", "updated_at").order_by("pk"))
    again = load_demo_content()
    assert not again.changed
    assert again.report.unchanged == len(again.report.items)
    assert list(Entry.objects.values_list("pk", "version", "updated_at").order_by("pk")) == entries
