"""Digest titles and slugs people can read: title lines, short first-clause titles, pinyin."""

import io

import pytest

from cms.importers.digest import import_digest
from cms.models import Entry

pytestmark = pytest.mark.django_db

LONG_ENGLISH = (
    "Retrieval-augmented models answer questions about long reports more accurately, "
    "because a retriever picks the passages the reader model sees, and we show why."
)
LONG_CHINESE = (
    "目前,检索增强的语言模型在长文档问答中表现更好,因为检索器为阅读模型挑选了相关段落。"
    "我们分析了其中的原因。"
)


def run(text: str):
    return import_digest(io.BytesIO(text.encode()), source="digest.txt")


def test_short_first_line_standing_alone_is_the_title():
    run("Why retrieval helps\n\n" + LONG_ENGLISH + "\ntranslated by DeepL\n")
    entry = Entry.objects.get()
    assert entry.title == "Why retrieval helps"
    assert entry.slug == "why-retrieval-helps"
    assert entry.body == LONG_ENGLISH


def test_wrapped_first_line_of_running_text_is_not_a_title():
    run(
        "Retrieval-augmented models answer questions about long\nreports more accurately.\n"
        "translated by DeepL\n"
    )
    assert (
        Entry.objects.get().title
        == "Retrieval-augmented models answer questions about long reports more accurately"
    )


def test_title_from_the_text_is_its_first_clause_within_80_characters():
    run(LONG_ENGLISH + "\ntranslated by DeepL\n")
    title = Entry.objects.get().title
    assert title == "Retrieval-augmented models answer questions about long reports more accurately"
    assert len(title) <= 80


def test_too_short_first_clause_takes_the_next_one_too():
    run(LONG_CHINESE + "\ntranslated by 谷歌翻译\n")
    title = Entry.objects.get().title
    assert title.startswith("目前,检索增强的语言模型在长文档问答中表现更好")
    assert len(title) <= 40


def test_chinese_title_gives_a_pinyin_slug():
    run("检索为何有用\n\n" + LONG_CHINESE + "\ntranslated by 谷歌翻译\n")
    assert Entry.objects.get().slug == "jian-suo-wei-he-you-yong"


def test_pinyin_slugs_can_be_turned_off(settings):
    settings.CMS_PINYIN_SLUGS = False
    run("检索为何有用\n\n" + LONG_CHINESE + "\ntranslated by 谷歌翻译\n")
    assert Entry.objects.get().slug.startswith("digest-")
