"""The review conversation in a real browser, by three roles, and the pages it leads through
(desk, revisions, entry list) at 390 and 1280 px: no sideways scroll, no serious axe-core
violation. The README's pictures of the desk and the conversation come from here."""

import re

import pytest
from django.core.management import call_command

from cms.models import Entry
from cms.publishing import Status
from tests.e2e import browser as b
from tests.factories import make_entry, make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Sparse attention that scales to a million tokens"
BODY = (
    "Transformers attend to every token, which costs quadratic time.\n\n"
    "This paper keeps only the blocks that matter and beats the dense baseline on GLUE.\n\n"
    "The code is released under the MIT licence."
)


def run_worker() -> None:
    """The notification tasks the pages queued, sent as the worker would."""
    call_command("deliver_webhooks", batch=True, interval=0, verbosity=0)


def open_entry(page, base: str, entry: Entry) -> None:
    page.goto(f"{base}/admin/cms/entry/{entry.pk}/change/")
    page.locator(".cms-status-line").wait_for()


def flash(page) -> str:
    return page.locator(".messagelist").inner_text()


def notice(page) -> str:
    """What the conversation panel says after a post (it posts without leaving the page)."""
    return page.locator("#conversation .cms-conversation__notice").inner_text()


@pytest.fixture
def team():
    return {
        "ada": make_member("author", "ada", first_name="Ada", last_name="Moreau"),
        "tom": make_member("translator", "tom", first_name="Tom", last_name="Chen"),
        "eve": make_member("editor", "eve", first_name="Eve", last_name="Lind"),
    }


def test_submit_comment_request_changes_resubmit_publish_by_three_roles(page, live_server, team):
    base = live_server.url
    entry = make_entry(TITLE, slug="sparse", status=Status.DRAFT, body=BODY, authors=[team["ada"]])
    Entry.objects.filter(pk=entry.pk).update(created_by=team["ada"])

    # The author submits; the form becomes read-only for her, with Withdraw.
    b.log_in(page, base, "ada", "pw-ada")
    open_entry(page, base, entry)
    page.get_by_role("button", name="Submit for review").click()
    assert "Submitted for review" in flash(page)
    page.get_by_role("button", name="Withdraw from review").wait_for()
    b.log_out(page, base)

    # The translator asks about one paragraph.
    b.log_in(page, base, "tom", "pw-tom")
    open_entry(page, base, entry)
    page.get_by_label("New comment").fill("Which dense baseline: BERT-base or RoBERTa?")
    page.get_by_label("About").select_option("2")
    page.get_by_role("button", name="Post comment").click()
    assert "Comment posted." in notice(page)
    b.log_out(page, base)

    # The editor finds it waiting, answers in the thread and sends it back with a reason.
    run_worker()
    b.log_in(page, base, "eve", "pw-eve")
    queue = page.locator(".cms-review-queue")
    assert "submitted by Ada Moreau" in queue.inner_text()
    assert "1 open thread" in queue.inner_text()
    assert page.locator(".cms-inbox-link").text_content() == "Inbox (1 new)"
    b.shoot_top(page, "desk-editor", height=700)
    queue.get_by_role("link", name=TITLE).click()
    page.wait_for_url(re.compile(r".*/change/$"))
    thread = page.locator(".cms-thread").first
    assert "About paragraph 2" in thread.inner_text()
    thread.get_by_role("textbox").fill("Good question: Ada, name it in the text.")
    thread.get_by_role("button", name="Reply").click()
    assert "Comment posted." in notice(page)
    b.shoot_at(page, "review-conversation", "#workflow")
    page.get_by_label("What should change").fill("Name the baseline and the speed-up.")
    page.get_by_role("button", name="Request changes").click()
    assert "Changes requested" in flash(page)
    b.log_out(page, base)

    # The author is told, finds it sent back on her desk, revises, resolves and resubmits.
    run_worker()
    b.log_in(page, base, "ada", "pw-ada")
    sent_back = page.locator(".cms-desk__section--sent-back")
    assert "Name the baseline and the speed-up." in sent_back.inner_text()
    b.shoot_top(page, "desk-author")
    page.locator(".cms-inbox-link").click()
    assert "Changes were requested on your entry" in page.locator("#content-main").inner_text()
    open_entry(page, base, entry)
    page.fill("#id_body", BODY.replace("the dense baseline", "RoBERTa-base, 3.1 times faster,"))
    page.locator(".cms-thread").first.get_by_role("button", name="Resolve").click()
    assert "Thread resolved." in notice(page)
    assert "3.1 times faster" in page.input_value("#id_body")  # resolving kept the edit
    page.get_by_role("button", name="Submit for review").click()
    assert "Submitted for review" in flash(page)
    b.log_out(page, base)

    # The editor publishes; readers see it.
    b.log_in(page, base, "eve", "pw-eve")
    open_entry(page, base, entry)
    page.get_by_role("button", name="Publish now").click()
    assert "Published" in flash(page)
    entry.refresh_from_db()
    assert entry.status == Status.PUBLISHED and "RoBERTa-base" in entry.body
    page.goto(f"{base}/en/entries/sparse/")
    assert "3.1 times faster" in page.locator("main").inner_text()
    assert page.errors == []


@pytest.mark.parametrize("width", [390, 1280])
def test_revision_diff_and_entry_list_fit_the_screen_and_pass_axe(
    page, live_server, axe, team, width
):
    base = live_server.url
    entry = make_entry(TITLE, slug="sparse", status=Status.REVIEW, body=BODY, summary="Short.")
    make_entry("A very long title " * 8, status=Status.DRAFT, authors=[team["ada"]])
    entry.title = TITLE + ", revised"
    entry.body = BODY.replace("the dense baseline", "RoBERTa-base")
    entry.status = Status.PUBLISHED
    entry.save()
    page.set_viewport_size({"width": width, "height": b.HEIGHT})
    b.log_in(page, base, "eve", "pw-eve")
    for path, ready in (
        (f"/admin/cms/entry/{entry.pk}/revisions/", ".cms-diff--body ins"),
        (f"/admin/cms/entry/{entry.pk}/revisions/?view=rendered", ".cms-rendered-diff__block"),
        ("/admin/cms/entry/", "#result_list .cms-title"),
        ("/admin/", ".cms-desk"),
    ):
        page.goto(base + path)
        page.locator(ready).first.wait_for()
        assert b.horizontal_overflow(page) <= 0, f"{path} scrolls sideways at {width} px"
        violations = axe(page)
        assert violations == [], f"{path} at {width} px: {b.describe(violations)}"
    page.goto(f"{base}/admin/cms/entry/{entry.pk}/revisions/")
    b.shoot(page, "revisions")
    page.goto(f"{base}/admin/cms/entry/{entry.pk}/revisions/?view=rendered")
    b.shoot(page, "revisions-rendered")


def test_posting_and_resolving_keep_unsaved_edits_and_other_replies(page, live_server, team):
    """Nothing typed is lost: the entry form, a half-written reply in another thread and
    the new comment box all survive a post, and the page is never left."""
    base = live_server.url
    entry = make_entry(TITLE, slug="sparse", status=Status.REVIEW, body=BODY, authors=[team["ada"]])
    b.log_in(page, base, "eve", "pw-eve")
    open_entry(page, base, entry)
    page.get_by_label("New comment").fill("First question.")
    page.get_by_role("button", name="Post comment").click()
    page.locator(".cms-thread").first.wait_for()
    page.evaluate("() => { window.stillHere = true; }")
    page.fill("#id_title", TITLE + ", unsaved")
    page.fill("#id_body", BODY + "\n\nAn unsaved paragraph.")
    page.locator(".cms-thread").first.get_by_role("textbox").fill("A reply not sent yet.")
    page.get_by_label("New comment").fill("Second question.")
    page.get_by_label("About").select_option("3")
    page.get_by_role("button", name="Post comment").click()
    page.locator(".cms-thread").nth(1).wait_for()
    assert "Comment posted." in notice(page)
    assert page.evaluate("() => window.stillHere") is True
    assert page.input_value("#id_title") == TITLE + ", unsaved"
    assert "An unsaved paragraph." in page.input_value("#id_body")
    first = page.locator(".cms-thread").first
    assert first.get_by_role("textbox").input_value() == "A reply not sent yet."
    assert page.get_by_label("New comment").input_value() == ""
    b.shoot(page, "conversation-keeps-edits")
    first.get_by_role("button", name="Resolve").click()
    page.locator(".cms-conversation__resolved").wait_for()
    assert "Thread resolved." in notice(page)
    assert "An unsaved paragraph." in page.input_value("#id_body")
    assert Entry.objects.get(pk=entry.pk).title == TITLE  # nothing saved behind her back
    page.get_by_role("button", name="Save and continue editing").first.click()
    assert "changed successfully" in flash(page)
    assert Entry.objects.get(pk=entry.pk).title == TITLE + ", unsaved"
    assert page.errors == []
