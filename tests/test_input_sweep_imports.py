"""The three importers (Markdown files, digest, arXiv), fed control characters and Markdown
that cannot be rendered: characters removed and reported line by line, or the run refused
naming the file; never a crash.
"""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from cms.exceptions import ImportFailed
from cms.importers.arxiv import import_arxiv
from cms.importers.digest import import_digest
from cms.importers.markdown_files import import_markdown
from cms.models import Entry, Page, Topic
from cms.validators import CONTROL_CHARACTER_RE
from tests.support import input_sweep as shared
from tests.support.input_sweep import control, renders, unrenderable

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/input_sweep.py for the modules that share them.
fresh_throttle_history = shared.fresh_throttle_history


def assert_no_control_characters_stored() -> None:
    for model in (Entry, Page, Topic):
        for row in model.objects.values():
            assert not CONTROL_CHARACTER_RE.search(json.dumps(row, default=str)), row


def notes(result) -> list[str]:
    """The report's notes, each after its item's label: "folding.md: body: removed …"."""
    return [f"{item.label}: {note}" for item in result.items for note in item.notes]


def noted_fields(result) -> set[str]:
    return {note.split(": ")[1] for note in notes(result) if ": removed " in note}


def imported(run, label: str):
    """The run's result with nothing unclean stored, or None when it was refused as a whole."""
    try:
        result = run()
    except ImportFailed as error:
        assert label in str(error)
        assert not Entry.objects.exists() and not Topic.objects.exists()
        return None
    assert_no_control_characters_stored()
    return result


def write_markdown(root: Path, text: str) -> None:
    (root / "folding.md").write_text(text, encoding="utf-8", errors="surrogatepass")


@control
def test_markdown_file_import_removes_control_characters_and_reports_them(tmp_path, c):
    write_markdown(tmp_path, f"---\ntitle: Folding\ntags: [biology]\n---\n\nSome{c} text.\n")
    result = imported(lambda: import_markdown(tmp_path), "folding.md")
    if result is None:
        return  # refused: the file is not UTF-8 (a surrogate) or holds a NUL byte
    assert Entry.objects.get().body == "Some text.\n"
    assert any(note.startswith("folding.md: body: removed") and f"U+{ord(c):04X}" in note
               for note in notes(result)), notes(result)  # fmt: skip


def test_import_command_prints_each_removal_as_a_line_of_its_report(tmp_path):
    write_markdown(tmp_path, "---\ntitle: Folding\n---\n\nSome\x01 text.\n")
    out = io.StringIO()
    call_command("import_markdown", str(tmp_path), stdout=out)
    item, note, summary = out.getvalue().splitlines()
    assert item.split() == ["create", "folding.md:", "en/folding"]
    assert note.strip() == (
        "note: body: removed an invisible control character, U+0001, at character 5 (after “Some”)"
    )
    assert summary.endswith("imported 1 created, 0 updated, 0 unchanged, 0 skipped.")


@control
def test_yaml_front_matter_with_control_characters_is_refused_naming_the_file(tmp_path, c):
    """YAML allows none of them but NEL, which it reads as a line break ("Fold ing")."""
    write_markdown(tmp_path, f'---\ntitle: "Fold{c}ing"\ntags: ["Bio{c}logy"]\n---\n\nText.\n')
    result = imported(lambda: import_markdown(tmp_path), "folding.md")
    assert result is None or Entry.objects.get().title == "Fold ing"


@control
def test_toml_front_matter_escapes_are_removed_from_fields_and_reported(tmp_path, c):
    escape = f"\\u{ord(c):04X}"  # TOML writes any character as an escape
    front = f'title = "Fold{escape}ing"\nsummary = "A{escape}B"'
    write_markdown(tmp_path, f"+++\n{front}\n+++\nText.\n")
    result = imported(lambda: import_markdown(tmp_path), "folding.md")
    if result is None:
        return  # an escaped surrogate is not TOML
    entry = Entry.objects.get()
    assert entry.title == "Folding"
    if c.isspace():  # the summary's whitespace is collapsed before the writer sees it
        assert (entry.summary, noted_fields(result)) == ("A B", {"title"})
    else:
        assert (entry.summary, noted_fields(result)) == ("AB", {"title", "summary"})


def test_topic_name_with_a_control_character_refuses_the_run_naming_file_and_topic(tmp_path):
    write_markdown(tmp_path, '+++\ntitle = "Folding"\ntags = ["Bio\\u0001logy"]\n+++\nText.\n')
    with pytest.raises(ImportFailed, match=r"folding\.md.*Bio\\x01logy.*U\+0001"):
        import_markdown(tmp_path)
    assert not Entry.objects.exists() and not Topic.objects.exists()


@control
def test_digest_import_removes_control_characters_and_reports_them(c):
    text = f"We measure how often robots{c} drop cups. They drop fewer with our gripper.\n"
    digest = (text + "translated by Google Translate\n").encode("utf-8", "surrogatepass")
    result = imported(lambda: import_digest(io.BytesIO(digest), source="digest.txt"), "digest.txt")
    if result is None:
        return
    assert Entry.objects.get().title == "We measure how often robots drop cups"
    if not c.isspace():  # else the importer reads it as a space or a line break
        assert noted_fields(result) == {"title", "summary", "body"}


def arxiv_feed(title: str, abstract: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">'
        "<entry><id>http://arxiv.org/abs/2403.00001v1</id>"
        "<published>2024-03-01T00:00:00Z</published><updated>2024-03-01T00:00:00Z</updated>"
        f"<title>{title}</title><summary>{abstract}</summary>"
        "<author><name>A. Author</name></author>"
        '<arxiv:primary_category term="cs.AI" scheme="http://arxiv.org/schemas/atom"/>'
        "</entry></feed>"
    ).encode()


@control
def test_arxiv_import_refuses_xml_that_cannot_hold_the_character_or_cleans_it(c):
    reference = f"&#x{ord(c):X};"
    feed = arxiv_feed(f"Fold{reference}ing", f"An{reference} abstract.")
    result = imported(lambda: import_arxiv(io.BytesIO(feed), source="feed.xml"), "feed.xml")
    if result is not None:
        assert Entry.objects.get().title in ("Folding", "Fold ing")  # NEL is whitespace


@unrenderable
def test_markdown_file_with_unrenderable_body_is_refused_naming_the_file(tmp_path, body):
    write_markdown(tmp_path, f"---\ntitle: Folding\n---\n\n{body}\n")
    if renders(body + "\n"):
        assert import_markdown(tmp_path).created == 1
        return
    with pytest.raises(ImportFailed, match=r"^folding\.md: body: "):
        import_markdown(tmp_path)
    assert not Entry.objects.exists()


@unrenderable
def test_digest_and_arxiv_imports_of_unrenderable_text_never_crash(body):
    digest = f"{body}\n\nWe measure cups.\ntranslated by Google Translate\n".encode()
    imported(lambda: import_digest(io.BytesIO(digest), source="digest.txt"), "digest.txt")
    Entry.objects.all().delete()
    feed = arxiv_feed("Folding", body.replace("&", "&amp;").replace("<", "&lt;"))
    imported(lambda: import_arxiv(io.BytesIO(feed), source="feed.xml"), "feed.xml")
