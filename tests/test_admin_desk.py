"""The admin fits the work: a desk per role on the index, Content first, a readable entry list."""

from datetime import timedelta

import html5lib
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cms.models import Entry, TranslationMethod
from cms.publishing import Status
from tests.factories import make_entry, make_member, make_user
from tests.test_admin import change_url, form_data

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def desk(client) -> dict[str, list[str]]:
    """The index's desk sections: heading → the entry titles listed under it."""
    page = client.get(reverse("admin:index"))
    tree = html5lib.parse(page.content, namespaceHTMLElements=False)
    sections = {}
    for div in tree.iter("div"):
        if "cms-desk__section" in (div.get("class") or "").split():
            heading = "".join(div.find(".//h2").itertext())
            sections[heading] = [link.get("title") for link in div.iterfind(".//li/a[@title]")]
    return sections


def test_an_author_sees_drafts_sent_back_and_waiting_separately():
    alice = make_member("author", "alice")
    edith = make_member("editor", "edith")
    drafts = {}
    for title in ("Fresh draft", "Sent back", "Waiting"):
        entry = make_entry(title, status=Status.DRAFT, authors=[alice])
        Entry.objects.filter(pk=entry.pk).update(created_by=alice)
        drafts[title] = Entry.objects.get(pk=entry.pk)
    author = logged_in(alice)
    for title in ("Sent back", "Waiting"):
        entry = drafts[title]
        author.post(change_url(entry), form_data(entry, authors=[alice.pk], _workflow="submit"))
    sent_back = Entry.objects.get(title="Sent back")
    logged_in(edith).post(
        change_url(sent_back),
        form_data(
            sent_back,
            authors=[alice.pk],
            _workflow="request_changes",
            _workflow_comment="Shorter, please.",
        ),
    )
    make_entry("Someone else's draft", status=Status.DRAFT)
    sections = desk(author)
    assert sections == {
        "Sent back to me": ["Sent back"],
        "My drafts": ["Fresh draft"],
        "My entries waiting for review": ["Waiting"],
    }
    assert "Shorter, please." in author.get(reverse("admin:index")).content.decode()


def test_a_translator_sees_what_needs_translation():
    original = make_entry("Needs Chinese", status=Status.PUBLISHED)
    done = make_entry("Has Chinese", status=Status.PUBLISHED)
    make_entry(
        "已翻译",
        language="zh-hans",
        slug=done.slug,
        translation_of=done,
        translation_method=TranslationMethod.HUMAN,
        translator="Li Wei",
    )
    sections = desk(logged_in(make_member("translator", "tom")))
    assert sections["Needs translation"] == [original.title]


def test_an_editor_sees_the_review_queue_and_this_weeks_schedule():
    make_entry("Out Friday", publish_at=timezone.now() + timedelta(days=3))
    make_entry("Out next month", publish_at=timezone.now() + timedelta(days=30))
    make_entry("To review", status=Status.REVIEW)
    sections = desk(logged_in(make_member("editor", "edith")))
    assert sections["Scheduled this week"] == ["Out Friday"]
    assert "Waiting for review" in sections


@pytest.mark.parametrize("role", ["author", "translator", "editor"])
def test_content_comes_first_on_the_index(role):
    page = logged_in(make_member(role, "member")).get(reverse("admin:index"))
    labels = [app["app_label"] for app in page.context["app_list"]]
    assert labels[0] == "cms"


def test_content_comes_first_for_administrators_too():
    page = logged_in(make_user("root", superuser=True)).get(reverse("admin:index"))
    assert [app["app_label"] for app in page.context["app_list"]][0] == "cms"


def test_the_entry_list_shows_full_titles_on_hover_bylines_and_language_versions():
    mara = make_user("mara", staff=True, first_name="Mara", last_name="Lind")
    long_title = "A very long title about sparse attention " * 4
    original = make_entry(long_title.strip(), authors=[mara])
    make_entry(
        "稀疏注意力",
        language="zh-hans",
        slug=original.slug,
        translation_of=original,
        translation_method=TranslationMethod.HUMAN,
        translator="Li Wei",
        status=Status.DRAFT,
    )
    page = logged_in(make_member("editor", "edith")).get(reverse("admin:cms_entry_changelist"))
    html = page.content.decode()
    assert f'title="{long_title.strip()}"' in html
    assert "…</span>" in html
    assert "Mara Lind" in html
    assert 'class="cms-version cms-version--draft"' in html and ">zh-hans</a>" in html
    assert 'id="nav-sidebar"' not in html  # the table gets the width


def test_the_entry_list_runs_the_same_queries_however_many_entries(editor_client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(reverse("admin:cms_entry_changelist")).status_code == 200
        return len(captured)

    author = make_user("mara", staff=True)
    for number in range(3):
        entry = make_entry(f"Entry {number}", authors=[author])
        make_entry(
            f"译文 {number}",
            language="zh-hans",
            slug=entry.slug,
            translation_of=entry,
            translation_method=TranslationMethod.MACHINE,
            translator="DeepL",
        )
    few = queries()
    for number in range(3, 12):
        entry = make_entry(f"Entry {number}", authors=[author])
    assert queries() == few


def test_a_chinese_editor_works_the_workflow_and_the_desk_in_chinese():
    alice = make_member("author", "alice")
    entry = make_entry("Sparse attention", status=Status.REVIEW, authors=[alice])
    client = Client(headers={"Accept-Language": "zh-hans"})
    client.force_login(make_member("editor", "edith"))
    form = client.get(change_url(entry)).content.decode()
    assert all(word in form for word in ("工作流", "要求修改", "立即发布", "定时发布", "时区"))
    assert "审阅讨论" in form
    index = client.get(reverse("admin:index")).content.decode()
    assert "等待审阅" in index and "收件箱" in index
