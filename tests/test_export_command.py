"""``manage.py export``: one summary line, broken links listed with their pages, the exit status."""

import io
import re

import pytest
from django.core.checks import Error, Tags
from django.core.checks.registry import registry
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError

from cms.management.commands import export as export_command
from tests.factories import make_entry, make_page

pytestmark = pytest.mark.django_db

SUMMARY = (
    r"^Exported \d+ pages and \d+ files \([\d.]+ (bytes|KB|MB)\) in [\d.]+ s: \d+ rendered, "
    r"0 reused; "
    r"written to .*site\.$"
)


@pytest.fixture(autouse=True)
def site(hashed_static):
    make_entry("Folding proteins", slug="folding")
    make_page("About us", body="We read papers.")


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("export", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_prints_one_summary_line(tmp_path):
    out, err = run("--output", str(tmp_path / "site"))
    assert len(out.splitlines()) == 1
    assert re.match(SUMMARY, out.strip()), out
    assert err == ""
    assert (tmp_path / "site/en/entries/folding/index.html").is_file()


def test_broken_link_exits_non_zero_and_lists_its_page(tmp_path):
    make_page("Broken", slug="broken", body="See [this](/en/entries/no-such-entry/).")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 internal links are broken"):
        call_command("export", "--output", str(tmp_path / "site"), stdout=out, stderr=err)
    assert (
        "Broken: /en/entries/no-such-entry/ answered 404 (linked from /en/pages/broken/)"
        in err.getvalue()
    )
    assert "was left as it was" in out.getvalue()
    assert not (tmp_path / "site").exists()


def test_allow_broken_writes_the_site_and_exits_zero(tmp_path):
    make_page("Broken", slug="broken", body="See [this](/en/entries/no-such-entry/).")
    out, err = run("--output", str(tmp_path / "site"), "--allow-broken")
    assert "Broken: /en/entries/no-such-entry/" in err
    assert "written to" in out and "1 broken internal links" in out
    assert (tmp_path / "site/index.html").is_file()


def test_quiet_prints_nothing_on_success(tmp_path):
    assert run("--output", str(tmp_path / "site"), "--quiet") == ("", "")


def test_progress_is_plain_lines_when_not_on_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr(export_command, "PLAIN_PROGRESS_EVERY", 5)
    out, _err = run("--output", str(tmp_path / "site"))
    lines = out.splitlines()
    assert lines[0].startswith("5 of ") and lines[0].endswith("URLs found so far exported")
    assert lines[-1].startswith("Exported ")


def test_export_error_becomes_a_command_error(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/notes.txt").write_text("mine")
    with pytest.raises(CommandError, match="did not write"):
        run("--output", str(tmp_path / "docs"))


def test_incremental_and_base_url_options_reach_the_export(tmp_path):
    run("--output", str(tmp_path / "site"), "--base-url", "https://example.org/digest/")
    out, _err = run(
        "--output",
        str(tmp_path / "site"),
        "--base-url",
        "https://example.org/digest/",
        "--incremental",
    )
    assert re.search(r": 0 rendered, \d+ reused \(planned from the change journal\);", out), out
    assert b'href="/digest/en/"' in (tmp_path / "site/en/index.html").read_bytes()


def test_export_builds_the_static_search_index_unless_told_not_to(tmp_path):
    run("--output", str(tmp_path / "with"))
    assert (tmp_path / "with/pagefind/pagefind.js").is_file()
    assert (tmp_path / "with/en/search/index.html").is_file()
    run("--output", str(tmp_path / "without"), "--no-search")
    assert not (tmp_path / "without/pagefind").exists()


def test_a_published_export_records_the_export_finished_webhook_event(tmp_path):
    import json

    from cms.webhooks.models import Endpoint, Event

    Endpoint.objects.create(url="https://hooks.example.org/digest", secret="s" * 32)
    run("--output", str(tmp_path / "site"), "--no-search")
    event = Event.objects.get(type="export.finished")
    export = json.loads(event.body)["data"]["export"]
    assert export["ok"] is True and export["pages"] > 0


def test_export_runs_the_checks_that_guard_its_output_and_not_the_editing_sides(tmp_path, settings):
    def broken_model(app_configs=None, **kwargs):
        return [Error("a model check that only the editing side needs", id="test.E001")]

    registry.register(broken_model, Tags.models)
    try:
        call_command("export", "--output", str(tmp_path / "site"), "--quiet", skip_checks=False)
        settings.CMS_SITEMAP_PAGE_SIZE = -5
        with pytest.raises(SystemCheckError, match="CMS_SITEMAP_PAGE_SIZE"):
            call_command("export", "--output", str(tmp_path / "site"), skip_checks=False)
    finally:
        registry.registered_checks.discard(broken_model)
