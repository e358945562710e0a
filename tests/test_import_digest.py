"""Importing a plain-text digest: blocks, detected languages, engines, and broken files."""

import io
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cms.exceptions import ImportFailed
from cms.importers.detect import detect_language
from cms.importers.digest import import_digest, parse_digest
from cms.importers.engines import engine_name
from cms.models import Entry, TranslationMethod
from cms.publishing import Status

pytestmark = pytest.mark.django_db

MIXED = Path(__file__).parent / "data" / "digest" / "mixed.txt"

CHINESE = "本文提出一种新的蛋白质结构预测方法，在三个基准上优于现有模型。"
ENGLISH = "We measure how often robots drop cups. They drop fewer with our gripper."


def run(data: bytes | str, **options):
    if isinstance(data, str):
        data = data.encode()
    return import_digest(io.BytesIO(data), source="digest.txt", **options)


def failure(data: bytes | str) -> str:
    with pytest.raises(ImportFailed) as caught:
        run(data)
    assert Entry.objects.count() == 0
    return str(caught.value)


class TestDigestFile:
    def test_blocks_become_entries_in_their_detected_languages(self):
        result = run(MIXED.read_bytes())
        assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
        assert list(Entry.objects.order_by("pk").values_list("language", flat=True)) == [
            "zh-hans",
            "en",
            "en",
        ]

    def test_chinese_block_is_stored_field_by_field(self):
        run(MIXED.read_bytes())
        entry = Entry.objects.get(language="zh-hans")
        text = MIXED.read_text().splitlines()[0]
        assert entry.title == "本文研究了在极少标注数据下训练图神经网络的方法"
        assert entry.body == text
        assert entry.body_html == f"<p>{text}</p>"
        assert entry.summary == text
        assert entry.slug == "ben-wen-yan-jiu-le-zai-ji-shao-biao-zhu-shu-ju-xia-xun-lian"
        assert entry.status == Status.DRAFT
        assert entry.translation_method == TranslationMethod.MACHINE
        assert entry.translator == "Google Translate"
        assert entry.translation_of is None
        assert entry.import_ref.startswith("digest:")
        assert entry.import_meta == {"source": "digest", "translator_as_written": "谷歌翻译"}

    def test_english_block_without_a_title_line_gets_its_first_clause_as_title(self):
        run(MIXED.read_bytes())
        entry = Entry.objects.get(slug__startswith="large-language-models")
        assert (
            entry.title
            == "Large language models often repeat themselves when asked for long answers"
        )
        assert entry.slug == "large-language-models-often-repeat-themselves-when-asked"
        assert entry.translator == "Google Translate"
        # plain text, escaped: no emphasis, no tag
        assert "a_i * b_i" in entry.body_html and "x &lt; y" in entry.body_html
        assert "<em>" not in entry.body_html

    def test_block_with_a_heading_takes_it_as_title_and_keeps_its_paragraphs(self):
        run(MIXED.read_bytes())
        entry = Entry.objects.get(title="A Hand-Written Title for the Third Block")
        assert entry.slug == "a-hand-written-title-for-the-third-block"
        assert entry.translator == "DeepL"
        assert entry.import_meta["translator_as_written"] == "DeepL"
        assert entry.body_html == (
            "<p>Satellite images of farmland were labelled by a weak model and then corrected "
            "by volunteers.</p>\n<p>The corrected labels halve the error of crop-yield "
            "forecasts.</p>"
        )

    def test_block_in_a_language_the_site_does_not_have_is_skipped_with_the_reason(self):
        result = run(MIXED.read_bytes())
        assert [(c.label, c.detail) for c in result.skipped] == [
            (
                "block 4 (lines 11–12)",
                "written in Traditional Chinese (zh-hant), which is not a site language: "
                "44 CJK, 0 Hangul and 0 Latin letters",
            )
        ]

    def test_status_option_sets_the_status(self):
        run(MIXED.read_bytes(), status=Status.REVIEW)
        assert set(Entry.objects.values_list("status", flat=True)) == {Status.REVIEW}

    def test_byte_order_mark_and_windows_line_ends_are_accepted(self):
        run(f"\ufeff{CHINESE}\r\ntranslated by 百度翻译\r\n")
        entry = Entry.objects.get()
        assert (entry.language, entry.translator, entry.body) == (
            "zh-hans",
            "Baidu Translate",
            CHINESE,
        )

    def test_tex_between_dollars_renders_as_math_and_the_summary_is_not_repeated(self, client):
        abstract = (
            "Our compiler makes training over $6\\times$ faster and $9\\times$ cheaper, "
            "measured on eight accelerators with the same batch size as the baseline paper. "
            + "The gains hold across model sizes and sequence lengths. "
            * 6
        )
        run(f"{abstract}\ntranslated by Google\n", status=Status.PUBLISHED)
        entry = Entry.objects.get()
        assert entry.body_html.count("<math") == 2 and "$" not in entry.body_html
        assert len(entry.summary) < len(abstract)
        page = client.get(entry.get_absolute_url()).content.decode()
        assert "entry__summary" not in page
        assert page.count("<math") == 2


class TestDigestReimport:
    def test_same_digest_again_changes_nothing(self):
        run(MIXED.read_bytes())
        revisions = Entry.history.count()
        result = run(MIXED.read_bytes())
        assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
        assert Entry.history.count() == revisions

    def test_title_edited_in_the_cms_survives_a_reimport(self):
        run(f"{ENGLISH}\ntranslated by Google\n")
        entry = Entry.objects.get()
        entry.title = "Robots Drop Fewer Cups"
        entry.save(expected_version=entry.version)
        result = run(f"{ENGLISH}\ntranslated by Google\n")
        assert result.unchanged == 1
        assert Entry.objects.get().title == "Robots Drop Fewer Cups"

    def test_new_attribution_for_the_same_text_updates_the_translator(self):
        run(f"{ENGLISH}\ntranslated by Google\n")
        result = run(f"{ENGLISH}\ntranslated by DeepL\n")
        assert [(c.action, c.detail) for c in result.items] == [
            ("update", "translator, import_meta")
        ]
        assert Entry.objects.get().translator == "DeepL"

    def test_english_titles_that_repeat_get_distinct_slugs(self):
        run(f"{ENGLISH}\ntranslated by Google\n{ENGLISH} Again.\ntranslated by Google\n")
        slugs = sorted(Entry.objects.values_list("slug", flat=True))
        assert slugs == [
            "we-measure-how-often-robots-drop-cups",
            "we-measure-how-often-robots-drop-cups-2",
        ]

    def test_dry_run_saves_nothing(self):
        result = run(MIXED.read_bytes(), dry_run=True)
        assert result.created == 3
        assert Entry.objects.count() == 0


class TestDigestFormatErrors:
    def test_text_after_the_last_attribution_is_refused_naming_its_lines(self):
        message = failure(f"{CHINESE}\ntranslated by 谷歌翻译\n{ENGLISH}\nmore text\n")
        assert message == (
            "digest.txt, lines 3–4: this text is not closed by an attribution line such as "
            "“translated by 谷歌翻译”."
        )

    def test_attribution_without_text_is_refused_naming_the_line(self):
        message = failure(f"{CHINESE}\ntranslated by 谷歌翻译\n\ntranslated by 谷歌翻译\n")
        assert message == "digest.txt, line 4: “translated by” has no abstract text before it."

    def test_attribution_without_a_name_is_refused(self):
        assert failure(f"{ENGLISH}\ntranslated by\n") == (
            "digest.txt, line 2: “translated by” names no translator."
        )

    def test_file_without_any_block_is_refused(self):
        assert failure("\n\n") == (
            "digest.txt: no abstracts found; each must be followed by a line “translated by "
            "<name>”."
        )

    def test_file_in_gbk_is_refused_naming_the_file_and_line(self):
        data = f"{ENGLISH}\ntranslated by Google\n{CHINESE}\ntranslated by 谷歌翻译\n"
        assert failure(data.encode("gbk")) == (
            "digest.txt, line 3: byte 0xB1 is not UTF-8, so the file is in another encoding "
            "(such as GBK or Latin-1). Save it as UTF-8 and try again."
        )

    def test_block_that_fails_validation_rolls_back_the_whole_file(self):
        too_marked = "word " + "* " * 30_000
        message = failure(f"{ENGLISH}\ntranslated by Google\n{too_marked}\ntranslated by Google\n")
        assert message.startswith("digest.txt, block 2 (lines 3–4): body: ")

    def test_50_megabyte_file_is_refused_before_it_is_read(self, tmp_path):
        big = tmp_path / "big.txt"
        with big.open("wb") as stream:
            stream.truncate(50 * 1024 * 1024)
        with pytest.raises(CommandError) as caught:
            call_command("import_digest", str(big))
        assert f"{big}: the file is 50 MB; the limit is 10 MB" in str(caught.value)
        assert Entry.objects.count() == 0


class TestLanguageDetection:
    @pytest.mark.parametrize(
        "text, language",
        [
            (CHINESE, "zh-hans"),
            ("我们在ResNet-18和MobileNetV2上进行了实验，这个方法的精度提高了。", "zh-hans"),
            (ENGLISH, "en"),
            ("We thank 李伟 for the data used in this study of robot arms.", "en"),
            ("這個方法在實驗中表現良好，對於數據問題也有幫助。", "zh-hant"),
            ("この論文では新しい手法を提案します。", "ja"),
            ("이 논문은 새로운 방법을 제안합니다.", "ko"),
        ],
    )
    def test_language_follows_the_share_of_cjk_characters(self, text, language):
        assert detect_language(text).language == language

    def test_text_without_letters_has_no_language(self):
        detection = detect_language("1234 — 5678")
        assert (detection.language, detection.reason) == (
            None,
            "too few letters to tell the language",
        )


class TestEngineNames:
    @pytest.mark.parametrize(
        "written, readable",
        [
            ("谷歌翻译", "Google Translate"),
            ("Google  Translate", "Google Translate"),
            ("百度翻译", "Baidu Translate"),
            ("deepl", "DeepL"),
            ("有道翻译", "Youdao Translate"),
            ("必应翻译", "Microsoft Translator"),
            ("  Li   Wei ", "Li Wei"),
        ],
    )
    def test_engine_names_are_made_readable(self, written, readable):
        assert engine_name(written) == readable


class TestParseDigest:
    def test_blocks_know_their_lines(self):
        blocks = parse_digest(
            f"\n{ENGLISH}\ntranslated by Google\n\n# Title\n{CHINESE}\nTranslated by: 谷歌翻译",
            "digest.txt",
        )
        assert [(b.first_line, b.last_line, b.title, b.translator_as_written) for b in blocks] == [
            (2, 3, "", "Google"),
            (5, 7, "Title", "谷歌翻译"),
        ]


class TestImportDigestCommand:
    def test_prints_skips_and_one_summary_line(self):
        out = io.StringIO()
        call_command("import_digest", str(MIXED), stdout=out)
        lines = out.getvalue().splitlines()
        assert lines[0].startswith("  skip      block 4 (lines 11–12): written in Traditional")
        assert lines[1] == f"{MIXED}: imported 3 created, 0 updated, 0 unchanged, 1 skipped."

    def test_progress_bar_is_shown_on_a_terminal_only(self, monkeypatch, capsys):
        call_command("import_digest", str(MIXED), "--dry-run")
        assert capsys.readouterr().err == ""
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
        call_command("import_digest", str(MIXED), "--dry-run")
        assert "/4 [" in capsys.readouterr().err  # tqdm: "block 1 (lines 1–2): 0%| 0/4 [..."

    def test_failure_is_a_command_error(self, tmp_path):
        bad = tmp_path / "bad.txt"
        bad.write_text("just text\n")
        with pytest.raises(CommandError) as caught:
            call_command("import_digest", str(bad))
        assert str(caught.value) == (
            f"{bad}, line 1: this text is not closed by an attribution line such as "
            "“translated by 谷歌翻译”. Nothing was imported."
        )
