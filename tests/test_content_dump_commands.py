"""The dump_content and load_content management commands: a file or standard output and back."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cms.portability import dump_content
from tests.support.content_dump import build_site, wipe

pytestmark = pytest.mark.django_db


class TestCommands:
    def test_dump_then_load_into_an_empty_database(self, tmp_path):
        build_site()
        target = tmp_path / "site.json"
        out = io.StringIO()
        call_command("dump_content", str(target), stdout=out)
        assert out.getvalue() == (
            f"Wrote {target}: 5 entries, 2 topics, 2 pages, 1 redirects, 10 revisions, "
            "2 users; 1 media files referenced (copy MEDIA_ROOT separately).\n"
        )
        wipe()
        out = io.StringIO()
        call_command("load_content", str(target), stdout=out)
        assert out.getvalue().startswith(
            f"Loaded {target}: 5 entries, 2 topics, 4 papers, 2 pages, 1 redirects, 10 revisions; "
            "2 users created."
        )
        assert dump_content()[0] == target.read_bytes()

    def test_load_into_a_database_with_content_is_a_command_error(self, tmp_path):
        build_site()
        target = tmp_path / "site.json"
        call_command("dump_content", str(target), verbosity=0)
        with pytest.raises(CommandError) as caught:
            call_command("load_content", str(target))
        assert str(caught.value).endswith("Nothing was loaded.")

    def test_dump_to_standard_output(self, capfdbinary):
        build_site()
        call_command("dump_content", "-")
        assert capfdbinary.readouterr().out == dump_content()[0]
