"""An editor revokes a preview link in a real browser, and the link stops working at once."""

import pytest

from cms.publishing import Status
from tests.e2e import browser as b
from tests.factories import make_entry, make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_editor_revokes_a_shared_preview_link(page, live_server):
    make_member("editor", "edith")
    draft = make_entry("Embargoed result", slug="embargoed", status=Status.DRAFT, body="Secret.")
    base = live_server.url
    b.log_in(page, base, "edith", "pw-edith")

    page.goto(f"{base}/admin/cms/entry/{draft.pk}/change/")
    link = page.get_by_role("link", name="Open the preview")
    shared = base + link.get_attribute("href")
    help_text = link.locator("xpath=following-sibling::div[@class='help']").inner_text()
    assert "Revoke preview links" in help_text
    page.locator(".field-preview_link").scroll_into_view_if_needed()
    b.shoot(page, "admin/entry-change-preview-link")
    assert page.context.request.get(shared).status == 200

    page.goto(f"{base}/admin/cms/entry/")
    page.locator("#result_list tbody tr", has_text="Embargoed result").locator(
        "input.action-select"
    ).check()
    page.select_option("select[name=action]", "revoke_preview_links")
    page.locator("button[name=index]").click()
    message = page.locator(".messagelist .success")
    assert "Earlier preview links no longer open: Embargoed result" in message.inner_text()
    b.shoot(page, "admin/entry-list-preview-links-revoked")

    reader = page.context.browser.new_context()
    response = reader.new_page().goto(shared)
    assert response.status == 404
    reader.close()
    assert page.errors == []
