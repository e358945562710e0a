"""Machine translation engines: what is sent, batches, retries and errors, the command.

Every test talks to ``tests/support/mt_server.py`` on a local port: never the internet.
"""

import json

import pytest
from django.core.management.base import CommandError

from cms.models import Entry, TranslationMethod
from cms.mt.engines import engine_from
from cms.mt.segments import split_markdown
from cms.publishing import Status
from tests.support import machine_translation as shared
from tests.support.machine_translation import translate

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/machine_translation.py.
stand_in = shared.stand_in
original = shared.original
engines = shared.engines


@pytest.mark.parametrize("code", ["libretranslate", "deepl", "google"])
def test_translate_command_makes_a_draft_whose_code_math_and_urls_are_unchanged(
    original, engines, stand_in, code
):
    output = translate(original, engines[code])
    draft = Entry.objects.get(language="zh-hans")
    assert draft.status == Status.DRAFT
    assert draft.translation_of == original and draft.slug == "fast-attention"
    assert draft.translation_method == TranslationMethod.MACHINE
    assert draft.mt_engine == code and draft.translator in output
    assert draft.translated_from_version == original.version
    assert draft.title == "译:FAST ATTENTION"
    assert draft.summary == "译:A FASTER ATTENTION."
    body = draft.body
    # translated text, structure kept
    assert "## 译:METHOD" in body and "- 译:SECOND POINT" in body and "> 译:A QUOTED LINE." in body
    assert "| 译:OURS  |" in body or "| 译:OURS |" in body
    # left exactly as written
    for kept in (
        "`torch.compile`",
        "$O(n^2)$",
        "https://example.org/paper?x=1",
        '](https://github.com/org/repo "Repo")',
        "```python\ndef attention(q, k):\n    return q @ k.T  # not translated\n```",
        "$$\n\\mathrm{softmax}(QK^T / \\sqrt{d})\n$$",
        "<kbd>CTRL</kbd>",  # the tags as written, their text translated
        "|-------|------:|",
    ):
        assert kept in body, kept
    sent = json.dumps([r["json"] for r in stand_in.requests], ensure_ascii=False)
    for secret in ("torch.compile", "q @ k.T", "softmax", "github.com", "example.org", "kbd"):
        assert secret not in sent, secret
    # the draft shares the original's paper and topics
    assert draft.arxiv_id == "2401.01234"
    assert [t.slug for t in draft.topics.all()] == ["ml"]


def test_long_texts_are_sent_in_batches_within_the_engines_limits(original, engines, stand_in):
    engine = engine_from(engines["libretranslate"])
    engine.max_texts, engine.max_chars = 3, 200
    original.body = "\n\n".join(f"Paragraph number {n} with some words." for n in range(20))
    original.save()
    from cms.mt.translate import machine_translate

    result = machine_translate(original, "zh-hans", engine=engine)
    batches = [r["json"]["q"] for r in stand_in.requests]
    assert len(batches) > 7 and all(len(b) <= 3 for b in batches)
    assert all(sum(len(t) for t in b) <= 200 for b in batches if len(b) > 1)
    assert "译:PARAGRAPH NUMBER 19 WITH SOME WORDS." in result.entry.body


def test_429_and_5xx_are_retried_then_the_translation_is_made(original, engines, stand_in):
    stand_in.failures = [429, 503]
    translate(original, engines["deepl"])
    assert Entry.objects.filter(language="zh-hans").exists()
    assert len(stand_in.requests) >= 3


def test_engine_failure_names_the_engine_and_creates_nothing(original, engines, stand_in):
    stand_in.failures = [500] * 10
    with pytest.raises(CommandError) as caught:
        translate(original, engines["google"])
    assert str(caught.value).startswith("Google Translate: HTTP 500")
    assert "after 4 attempts" in str(caught.value)
    assert not Entry.objects.filter(language="zh-hans").exists()


def test_refused_request_is_not_retried(original, engines, stand_in, monkeypatch):
    monkeypatch.setenv("DEEPL_API_KEY", "")
    with pytest.raises(CommandError, match="DeepL: no API key: set the environment variable"):
        translate(original, engines["deepl"])
    assert stand_in.requests == []


def test_unreachable_engine_is_a_clear_error(original, engines, settings):
    settings.CMS_MT_RETRIES = 0
    with pytest.raises(CommandError, match=r"^LibreTranslate: could not be reached"):
        translate(original, "libretranslate+http://127.0.0.1:9/")
    assert not Entry.objects.filter(language="zh-hans").exists()


def test_translating_into_a_language_that_has_a_version_is_refused(original, engines):
    translate(original, engines["libretranslate"])
    with pytest.raises(CommandError, match="already has a zh-hans version"):
        translate(original, engines["libretranslate"])


def test_malformed_engine_setting_is_a_system_check_error(settings):
    from cms.conf_checks import check_mt_engine

    settings.CMS_MT_ENGINE = "bing:"
    errors = check_mt_engine()
    assert [e.id for e in errors] == ["cms.E011"]
    assert "'bing:' is not an engine" in errors[0].msg
    settings.CMS_MT_ENGINE = "libretranslate+http://127.0.0.1:5000/"
    assert check_mt_engine() == []


def test_segments_leave_out_indented_code_and_html_blocks():
    document = split_markdown("Text here.\n\n    code block\n\n<div>\nraw\n</div>\n")
    assert [unit.source for unit in document.units] == ["Text here."]
