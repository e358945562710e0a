"""Every way text gets in, fed control characters and Markdown that cannot be rendered.

The ways in: the admin's add and change forms (entries, pages, topics), the
API's create and update, the three importers and ``load_content``. Each
either refuses the input with a message on the field it names, keeping the
writer's text (forms, API), or removes the control characters and says so
in a line of its report (importers, ``load_content``). None answers 500, and
a refused input leaves the database as it was. Which Markdown fails is asked
of the renderer itself, so the sweep stays true when the engine changes.
"""

import io
import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from cms.exceptions import ImportFailed, MarkdownError
from cms.importers.arxiv import import_arxiv
from cms.importers.digest import import_digest
from cms.importers.markdown_files import import_markdown
from cms.markdown import render_markdown
from cms.models import Entry, Page, Topic
from cms.portability import content_document, load_content
from cms.publishing import Status
from cms.validators import CONTROL_CHARACTER_RE
from tests.factories import make_entry, make_member, make_topic, make_user
from tests.support.markdown import REFUSED_INPUTS
from tests.test_admin import form_data
from tests.test_content_dump import wipe
from tests.test_model_checks import RENDER_FAILURES

pytestmark = pytest.mark.django_db

CHARACTERS = {
    "nul": "\x00",
    "c0-start-of-heading": "\x01",
    "c0-backspace": "\x08",
    "c0-vertical-tab": "\x0b",
    "c0-form-feed": "\x0c",
    "c0-escape": "\x1b",
    "c0-unit-separator": "\x1f",
    "delete": "\x7f",
    "c1-next-line": "\x85",
    "c1-control-sequence": "\x9b",
    "noncharacter-fffe": "\ufffe",
    "noncharacter-ffff": "\uffff",
    "lone-surrogate": "\ud800",
}
# A browser cannot send an unpaired surrogate (UTF-8 has no bytes for it); JSON can.
BROWSER_CHARACTERS = {name: c for name, c in CHARACTERS.items() if name != "lone-surrogate"}
control = pytest.mark.parametrize("c", CHARACTERS.values(), ids=CHARACTERS.keys())
browser_control = pytest.mark.parametrize(
    "c", BROWSER_CHARACTERS.values(), ids=BROWSER_CHARACTERS.keys()
)

PICKED = ("open-brackets", "nested-quotes-600", "unclosed-fences", "many-headings")
UNRENDERABLE = {
    "nested-lists": RENDER_FAILURES[0],
    "nested-quotes": RENDER_FAILURES[1],
    **{name: text for name, text, _problem in REFUSED_INPUTS if name in PICKED},
}
unrenderable = pytest.mark.parametrize("body", UNRENDERABLE.values(), ids=UNRENDERABLE.keys())


def renders(text: str) -> bool:
    try:
        render_markdown(text)
    except MarkdownError:
        return False
    return True


def assert_no_control_characters_stored() -> None:
    for model in (Entry, Page, Topic):
        for row in model.objects.values():
            assert not CONTROL_CHARACTER_RE.search(json.dumps(row, default=str)), row


@pytest.fixture(autouse=True)
def fresh_throttle_history():
    cache.clear()


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(make_user("ed", superuser=True))
    return client


def form_errors(response, *fields: str) -> dict:
    """The admin form's errors, which must be on exactly ``fields``."""
    assert response.status_code == 200, response.status_code
    errors = response.context["adminform"].form.errors
    assert set(errors) == set(fields), errors
    return errors


def assert_names_the_character(errors: dict, c: str, labels: dict[str, str]) -> None:
    """Each message names the field and the character (Django's own words for NUL)."""
    for field, label in labels.items():
        message = " ".join(errors[field])
        if c == "\x00":
            assert "Null characters are not allowed" in message
        else:
            assert f"The {label} field has" in message and f"U+{ord(c):04X}" in message, message


# ---------------------------------------------------------------------------------------
# The admin.
# ---------------------------------------------------------------------------------------

ENTRY_LABELS = {
    "title": "title",
    "summary": "summary",
    "body": "body",
    "paper_authors": "paper authors",
}


def entry_fields_with(c: str) -> dict:
    return {
        "title": f"Fold{c}ing",
        "summary": f"A{c} summary",
        "body": f"Some{c} text",
        "paper_authors": f"Mei{c} Chen",
    }


@browser_control
def test_admin_add_refuses_control_characters_on_each_field_and_keeps_the_text(admin_client, c):
    sent = entry_fields_with(c)
    response = admin_client.post(reverse("admin:cms_entry_add"), form_data(**sent))
    assert_names_the_character(form_errors(response, *ENTRY_LABELS), c, ENTRY_LABELS)
    assert response.context["adminform"].form["body"].value() == sent["body"]
    assert f"Some{c} text" in response.content.decode()
    assert not Entry.objects.exists()


@browser_control
def test_admin_change_refuses_control_characters_and_changes_nothing(admin_client, c):
    entry = make_entry("Folding", slug="folding", status=Status.DRAFT)
    url = reverse("admin:cms_entry_change", args=[entry.pk])
    response = admin_client.post(url, form_data(entry, **entry_fields_with(c)))
    assert_names_the_character(form_errors(response, *ENTRY_LABELS), c, ENTRY_LABELS)
    stored = Entry.objects.get(pk=entry.pk)
    assert (stored.title, stored.version, stored.body) == ("Folding", 1, entry.body)


@browser_control
def test_page_admin_refuses_control_characters(admin_client, c):
    data = {"title": f"Ab{c}out", "slug": "about", "language": "en", "nav_order": 0}
    response = admin_client.post(reverse("admin:cms_page_add"), {**data, "body": f"We{c} read."})
    labels = {"title": "title", "body": "body"}
    assert_names_the_character(form_errors(response, *labels), c, labels)
    assert not Page.objects.exists()


@browser_control
def test_topic_admin_refuses_control_characters_in_every_name(admin_client, c):
    url = reverse("admin:cms_topic_add")
    other_names = [f for f in admin_client.get(url).context["adminform"].form.fields
                   if f.startswith("name_")]  # fmt: skip
    assert other_names  # a name field per language after the default
    data = {"name": f"Bio{c}logy", "slug": "biology"}
    response = admin_client.post(url, {**data, **{f: f"生物{c}学" for f in other_names}})
    errors = form_errors(response, "name", *other_names)
    assert_names_the_character(errors, c, {"name": "name"})
    assert c == "\x00" or all(f"U+{ord(c):04X}" in errors[f][0] for f in other_names)
    assert not Topic.objects.exists()


def test_restoring_a_revision_that_holds_a_control_character_is_refused_with_the_reason(
    admin_client,
):
    entry = make_entry("Folding", slug="folding", status=Status.DRAFT)
    old = entry.history.earliest()
    type(old).objects.filter(pk=old.pk).update(title="Fold\x01ing")  # written before the rule
    url = reverse("admin:cms_entry_restore", args=[entry.pk, old.history_id])
    response = admin_client.post(url, follow=True)
    assert response.status_code == 200
    (message,) = [str(m) for m in response.context["messages"]]
    assert "cannot be restored" in message and "U+0001" in message
    assert Entry.objects.get(pk=entry.pk).title == "Folding"


@unrenderable
def test_admin_add_with_unrenderable_markdown_is_a_body_error_with_the_text_kept(
    admin_client, body
):
    response = admin_client.post(reverse("admin:cms_entry_add"), form_data(body=body))
    if renders(body):
        assert response.status_code == 302
        return
    assert form_errors(response, "body")
    assert response.context["adminform"].form["body"].value() == body
    assert not Entry.objects.exists()


@unrenderable
def test_admin_change_with_unrenderable_markdown_keeps_text_and_entry(admin_client, body):
    entry = make_entry("Folding", slug="folding", status=Status.DRAFT)
    response = admin_client.post(
        reverse("admin:cms_entry_change", args=[entry.pk]), form_data(entry, body=body)
    )
    if renders(body):
        assert response.status_code == 302
        return
    assert form_errors(response, "body")
    assert response.context["adminform"].form["body"].value() == body
    assert Entry.objects.get(pk=entry.pk).version == 1


@unrenderable
def test_page_admin_with_unrenderable_markdown_is_a_body_error(admin_client, body):
    data = {"title": "About", "slug": "about", "language": "en", "nav_order": 0, "body": body}
    response = admin_client.post(reverse("admin:cms_page_add"), data)
    if renders(body):
        assert response.status_code == 302
        return
    assert form_errors(response, "body")
    assert not Page.objects.exists()


# ---------------------------------------------------------------------------------------
# The API.
# ---------------------------------------------------------------------------------------


@pytest.fixture
def api_client():
    token = Token.objects.create(user=make_member("editor"))
    return Client(headers={"Authorization": f"Token {token.key}"})


def api_errors(response) -> dict:
    assert response.status_code == 400, response.content
    return response.json()["errors"]


def api_fields_with(c: str) -> dict:
    return {
        "title": f"Fold{c}ing",
        "summary": f"A{c} summary",
        "body": f"Some{c} text",
        "paper_authors": [f"Mei{c} Chen"],
    }


def send(client, method: str, url: str, data: dict):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


@control
def test_api_create_refuses_control_characters_naming_each_field(api_client, c):
    data = {"slug": "folding", "language": "en", **api_fields_with(c)}
    errors = api_errors(send(api_client, "post", "/api/v1/entries/", data))
    assert set(errors) == {"title", "summary", "body", "paper_authors"}, errors
    if c not in ("\x00", "\ud800"):  # else DRF's own words: "Null characters are not allowed"
        assert f"U+{ord(c):04X}" in errors["title"][0] and "The title field" in errors["title"][0]
    assert not Entry.objects.exists()


@control
def test_api_update_refuses_control_characters_and_changes_nothing(api_client, c):
    entry = make_entry("Folding", slug="folding", status=Status.DRAFT)
    data = {"version": entry.version, **api_fields_with(c)}
    errors = api_errors(send(api_client, "patch", f"/api/v1/entries/{entry.pk}/", data))
    assert set(errors) == {"title", "summary", "body", "paper_authors"}, errors
    stored = Entry.objects.get(pk=entry.pk)
    assert (stored.title, stored.version) == ("Folding", 1)


@unrenderable
def test_api_create_with_unrenderable_markdown_is_a_400_on_body(api_client, body):
    data = {"title": "Folding", "slug": "folding", "language": "en", "body": body}
    response = send(api_client, "post", "/api/v1/entries/", data)
    if renders(body):
        assert response.status_code == 201
        return
    assert set(api_errors(response)) == {"body"}
    assert not Entry.objects.exists()


@unrenderable
def test_api_update_with_unrenderable_markdown_is_a_400_on_body(api_client, body):
    entry = make_entry("Folding", slug="folding", status=Status.DRAFT)
    data = {"version": entry.version, "body": body}
    response = send(api_client, "patch", f"/api/v1/entries/{entry.pk}/", data)
    if renders(body):
        assert response.status_code == 200
        return
    assert set(api_errors(response)) == {"body"}
    assert Entry.objects.get(pk=entry.pk).version == 1


# ---------------------------------------------------------------------------------------
# The importers and load_content: characters removed with a report line, or the run refused.
# ---------------------------------------------------------------------------------------


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


def dump_then_empty(**entry_fields) -> dict:
    """The dump of a one-entry site, with ``entry_fields`` written into it; the site emptied."""
    topic = make_topic("biology", "Biology")
    make_entry("Folding", slug="folding", topics=[topic])
    document = content_document()
    document["entries"][0].update(entry_fields)
    wipe()
    return document


def load(document: dict):
    return load_content(io.BytesIO(json.dumps(document).encode()), source="dump.json")


@control
def test_load_content_removes_control_characters_and_reports_them(c):
    document = dump_then_empty(title=f"Fold{c}ing", body=f"Some{c} text")
    document["topics"][0]["names"] = {"zh-hans": f"生物{c}学"}
    document["revisions"][0]["title"] = f"Fold{c}ing"
    result = load(document)
    entry = Entry.objects.get()
    assert (entry.title, entry.body) == ("Folding", "Some text")
    assert entry.body_html == "<p>Some text</p>"
    assert Topic.objects.get().names == {"zh-hans": "生物学"}
    assert set(entry.history.values_list("title", flat=True)) == {"Folding"}
    summary = result.summary("dump.json")
    assert "4 fields" in summary and f"U+{ord(c):04X}" in summary, summary


@unrenderable
def test_load_content_of_an_unrenderable_body_is_refused_naming_the_entry(body):
    document = dump_then_empty(body=body)
    if renders(body):
        load(document)
        return
    with pytest.raises(ImportFailed, match=r"entries\[0\] \(en/folding\): body: "):
        load(document)
    assert not Entry.objects.exists() and not Topic.objects.exists()
