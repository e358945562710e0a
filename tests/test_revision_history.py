"""Readable history: revisions numbered per entry, word-level differences, human labels."""

import html5lib
import pytest
from django.test import Client
from django.urls import reverse

from cms.admin.worddiff import word_diff
from cms.models import Entry
from cms.publishing import Status
from tests.factories import make_entry, make_member, tomorrow
from tests.test_admin import change_url, form_data

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def revisions_page(client, entry, **query) -> str:
    url = reverse("admin:cms_entry_revisions", args=[entry.pk])
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def diff_texts(page: str) -> dict[str, str]:
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    found = {}
    for div in tree.iter("div"):
        classes = (div.get("class") or "").split()
        if "cms-diff" in classes:
            name = next(c for c in classes if c.startswith("cms-diff--")).removeprefix("cms-diff--")
            found[name] = "".join(div.itertext())
    return found


def test_revisions_are_numbered_per_entry_not_site_wide(editor_client):
    make_entry("Someone else's", body="x")  # revisions of other entries do not count
    entry = make_entry("Mine", status=Status.DRAFT)
    for title in ("Mine, again", "Mine, at last"):
        entry.title = title
        entry.save()
    page = revisions_page(editor_client, entry)
    assert "Revision 3" in page and "Revision 1" in page and "Revision 4" not in page
    assert "Changes from revision 2 to revision 3" in page


def test_title_summary_and_body_differ_word_by_word_never_mid_word(editor_client):
    entry = make_entry(
        "An expert model",
        summary="Fast and small.",
        body="Intro stays.\n\nThe expert layer routes tokens.\n\nOutro stays.",
        status=Status.DRAFT,
    )
    entry.title = "A mixture-of-experts model"
    entry.summary = "Fast, small and open."
    entry.body = "Intro stays.\n\nThe expert layer routes every token.\n\nOutro stays."
    entry.save()
    page = revisions_page(editor_client, entry)
    assert "<del>An expert</del><ins>A mixture-of-experts</ins> model" in page
    assert "routes <del>tokens</del><ins>every token</ins>." in page
    assert page.count("1 paragraph unchanged") == 2
    assert "expe rt" not in page and "cms-diff__same" in page


def test_status_and_dates_read_as_words_in_the_site_time_zone(settings, editor_client):
    settings.TIME_ZONE = "Asia/Shanghai"
    entry = make_entry("Planned", status=Status.REVIEW)
    entry.status = Status.PUBLISHED
    entry.publish_at = tomorrow().replace(hour=1, minute=30, second=0, microsecond=0)
    entry.save()
    texts = diff_texts(revisions_page(editor_client, entry))
    assert texts["status"] == "In review → Published"
    assert "9:30" in texts["publish_at"] and "(CST)" in texts["publish_at"]
    assert "+00:00" not in texts["publish_at"]


def test_each_revision_says_what_happened_in_it():
    alice = make_member("author", "alice")
    entry = make_entry("Draft", status=Status.DRAFT, authors=[alice])
    Entry.objects.filter(pk=entry.pk).update(created_by=alice)
    logged_in(alice).post(
        change_url(entry), form_data(entry, authors=[alice.pk], _workflow="submit")
    )
    page = revisions_page(logged_in(make_member("editor", "edith")), entry)
    assert "Submitted for review" in page and "Created" in page


def test_restoring_names_the_revision_by_its_number(editor_client):
    entry = make_entry("Good", status=Status.DRAFT)
    entry.title = "Bad"
    entry.save()
    first = entry.history.order_by("history_id").first()
    response = editor_client.post(
        reverse("admin:cms_entry_restore", args=[entry.pk, first.history_id]), follow=True
    )
    assert "Revision 1 restored" in response.content.decode()
    assert "Revision 1 restored" in revisions_page(editor_client, entry)


def test_chinese_text_differs_by_character():
    assert str(word_diff("稀疏注意力", "稠密注意力")) == "<del>稀疏</del><ins>稠密</ins>注意力"


def test_diff_escapes_what_it_shows():
    assert str(word_diff("<b>", "<i>")) == "&lt;<del>b</del><ins>i</ins>&gt;"
