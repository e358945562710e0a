"""The entry form's preview is set up to show the published page's styles: the editor tells
static/cms/admin-preview.js which stylesheets the public site loads, and the form loads that
script. (What the frame then looks like is tests/e2e/test_editor_preview_style.py.)"""

import pytest
from bs4 import BeautifulSoup
from django.templatetags.static import static
from django.test import Client

from tests.factories import make_entry, make_member
from tests.test_admin import ADD_URL, change_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    client = Client()
    client.force_login(make_member("editor", "edith"))
    return client


def public_stylesheets() -> list[str]:
    page = BeautifulSoup(Client().get("/en/").content, "html.parser")
    return [link["href"] for link in page.select("link[rel=stylesheet]")]


@pytest.mark.parametrize("form", ["add", "change"])
def test_the_editor_names_the_public_sites_stylesheets_for_its_preview(client, form):
    url = ADD_URL if form == "add" else change_url(make_entry("Sparse attention"))
    page = BeautifulSoup(client.get(url).content, "html.parser")
    editor = page.select_one("textarea#id_body")
    assert editor["data-cms-preview-styles"].split() == public_stylesheets()
    assert editor["data-cms-preview-title"]
    scripts = [script.get("src", "") for script in page.select("script")]
    assert static("cms/admin-preview.js") in scripts
