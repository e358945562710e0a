"""A re-imported translation keeps the original it was linked to by their shared paper, even
when another original of the same paper has appeared since."""

import pytest

from cms.importers.markdown_files import import_markdown
from cms.models import Entry
from cms.publishing import Status
from tests.factories import make_entry
from tests.test_shared_paper import ARXIV, original  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_reimported_translation_stays_with_its_original(original, tmp_path):  # noqa: F811
    (tmp_path / "quantization.zh-hans.md").write_text(
        "---\ntitle: 注意力舍入\nlanguage: zh-hans\ntranslator: 谷歌翻译\n"
        f'translation: machine\npaper:\n  arxiv: "{ARXIV}"\n---\n本文提出一种新的量化方法。\n',
        encoding="utf-8",
    )
    import_markdown(tmp_path, status=Status.PUBLISHED)
    make_entry("Another write-up of the same paper", slug="attention-round-2", arxiv_id=ARXIV)
    (tmp_path / "quantization.zh-hans.md").write_text(
        "---\ntitle: 注意力舍入（修订）\nlanguage: zh-hans\ntranslator: 谷歌翻译\n"
        f'translation: machine\npaper:\n  arxiv: "{ARXIV}"\n---\n本文提出一种新的量化方法。\n',
        encoding="utf-8",
    )
    import_markdown(tmp_path, status=Status.PUBLISHED)
    translation = Entry.objects.get(language="zh-hans")
    assert translation.title == "注意力舍入（修订）"
    assert translation.translation_of_id == original.pk
