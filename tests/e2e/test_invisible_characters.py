"""An author pastes a title holding an invisible character: the form says where it is."""

import pytest

from cms.models import Entry
from tests.e2e import browser as b
from tests.factories import make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_invisible_character_is_pointed_out_the_text_kept_and_the_fixed_form_saves(
    page, live_server
):
    make_member("author", "ada")
    b.log_in(page, live_server.url, "ada", "pw-ada")
    page.goto(f"{live_server.url}/admin/cms/entry/add/")
    page.locator("#id_body[data-markdownx-init]").wait_for(state="attached")
    page.fill("#id_title", "Protein fold\x01ing at scale")
    page.fill("#id_body", "Some text.")
    page.locator("input[name=_save]").first.click()

    message = page.locator(".field-title .errorlist").inner_text()
    assert "U+0001" in message and "character 13 (after “Protein fold”)" in message
    assert page.locator("#id_title").input_value() == "Protein fold\x01ing at scale"
    assert page.locator("#id_body").input_value() == "Some text."
    assert not Entry.objects.exists()
    b.shoot(page, "admin-invisible-character")

    page.fill("#id_title", "Protein folding at scale")
    page.locator("input[name=_save]").first.click()
    page.wait_for_url(f"{live_server.url}/admin/cms/entry/")
    assert Entry.objects.get().title == "Protein folding at scale"
    assert page.errors == []
