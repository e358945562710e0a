"""``cjk_spaced``: pangu's spacing on CJK pages, remembered per text without mixing up safety."""

import pangu
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from cms.templatetags.cms_tags import cjk_spaced, pangu_spaced


def test_chinese_page_spaces_latin_words_as_pangu_does():
    text = "阅读English原文"
    with translation.override("zh-hans"):
        assert cjk_spaced(text) == pangu.space_text(text) == "阅读 English 原文"
        assert cjk_spaced(text) == pangu.space_text(text)


def test_other_languages_keep_the_text_as_it_is():
    text = "阅读English原文"
    with translation.override("en"):
        assert cjk_spaced(text) is text


def test_safe_text_stays_safe_and_plain_text_stays_plain_whichever_came_first():
    with translation.override("zh-hans"):
        for text in ("<b>已</b>", "阅读<i>x</i>原文"):
            assert isinstance(cjk_spaced(mark_safe(text)), SafeString)
            assert not isinstance(cjk_spaced(text), SafeString)
            assert isinstance(cjk_spaced(mark_safe(text)), SafeString)


def test_remembered_spacing_is_always_a_plain_str():
    pangu_spaced.cache_clear()
    with translation.override("ja"):
        cjk_spaced(mark_safe("日本"))
    assert all(type(text) is str for text in [pangu_spaced("日本"), pangu_spaced("日本Go")])
