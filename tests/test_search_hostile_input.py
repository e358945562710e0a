"""Hostile search queries never fail: syntax of every backend, random Unicode, the length cap;
results are escaped except our own marks.
"""

import random

import pytest
from bs4 import BeautifulSoup

from cms.search import parse_query, search_entries
from cms.search.snippets import highlight, snippet
from tests.factories import make_entry
from tests.support.search import HOSTILE_QUERIES

pytestmark = pytest.mark.django_db


class TestHostileInput:
    @pytest.fixture(autouse=True)
    def entry(self):
        make_entry(
            "Diffusion <b>bold</b> claims",
            summary='Use <script>alert("x")</script> carefully & "quote".',
            body="Diffusion.",
        )

    @pytest.mark.parametrize("text", HOSTILE_QUERIES)
    def test_hostile_query_never_fails(self, client, text):
        response = client.get("/en/search/", {"q": text})
        # A NUL never reaches the view: the address is refused as malformed (a 400 naming
        # the parameter, see test_malformed_requests.py); the search function copes anyway.
        assert response.status_code == (400 if "\x00" in text else 200)
        search_entries(parse_query(text), language="en")

    def test_query_is_cut_to_the_length_cap(self, client):
        response = client.get("/en/search/", {"q": "diffusion " + "x" * 500})
        assert response.status_code == 200
        assert len(response.context["query"]) == 200

    @pytest.mark.parametrize("seed", range(5))
    def test_random_unicode_never_fails(self, seed):
        rng = random.Random(seed)
        alphabet = [chr(code) for code in range(0x20, 0x2FFF)] + ['"', "*", "(", ")", "-"]
        for _ in range(40):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
            search_entries(parse_query(text), language="en")

    def test_results_are_escaped_except_our_marks(self, client):
        body = client.get("/en/search/", {"q": "<script> diffusion"}).content.decode()
        soup = BeautifulSoup(body, "html5lib")
        scripts = [tag.get("src", "") for tag in soup.find_all("script")]
        ours = ("cms/search.js", "cms/search-text.js", "cms/stem.js")
        assert all(src.endswith(ours) for src in scripts), scripts
        assert soup.find("b") is None
        result = soup.select_one(".search-result")
        assert result.select_one(".card__title").get_text() == "Diffusion <b>bold</b> claims"
        assert [mark.get_text() for mark in result.select("mark")] == [
            "Diffusion",
            "script",
            "script",
        ]
        assert soup.select_one("#search-q")["value"] == "<script> diffusion"

    def test_highlight_escapes_what_it_marks(self):
        query = parse_query("script")
        assert highlight("<script>", query) == "&lt;<mark>script</mark>&gt;"
        assert snippet(["a & <script>"], query) == "a &amp; &lt;<mark>script</mark>&gt;"
