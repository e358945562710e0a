"""The import_markdown management command: its report, and its errors as command errors."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.support.import_markdown import HUGO, write

pytestmark = pytest.mark.django_db


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
