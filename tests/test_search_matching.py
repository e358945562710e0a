"""Live search finds what readers mean: title matches rank first, every term must match,
English word forms, phrases, paper fields, and Chinese terms in Chinese entries.
"""

import pytest

from cms.search import parse_query, search_entries
from tests.factories import make_entry, make_topic
from tests.support.search import titles

pytestmark = pytest.mark.django_db


class TestRanking:
    def test_title_match_ranks_above_body_only_match(self):
        make_entry("Protein structure", body="Diffusion helps. More diffusion, and diffusion.")
        make_entry("Diffusion for proteins", body="A short body about proteins.")
        assert titles("diffusion") == ["Diffusion for proteins", "Protein structure"]

    def test_every_term_must_match(self):
        make_entry("Graph networks", body="Message passing.")
        make_entry("Graph theory", body="Colouring.")
        assert titles("graph networks") == ["Graph networks"]

    def test_english_words_match_their_other_forms(self):
        make_entry("A network for folding", body="Text.")
        assert titles("networks") == ["A network for folding"]

    def test_phrase_with_punctuation_matches_as_written(self):
        make_entry("Scaling GPT-4 evaluations", body="Text.")
        make_entry("GPT and 4 other models", body="Text.")
        assert titles("GPT-4") == ["Scaling GPT-4 evaluations"]

    def test_paper_authors_topics_and_arxiv_id_are_searchable(self):
        topic = make_topic("quantum", "Quantum computing", **{"zh-hans": "量子计算"})
        make_entry(
            "Error correction",
            paper_authors="Ada Lovelace\nAlan Turing",
            arxiv_id="2101.00001",
            topics=[topic],
        )
        assert titles("Lovelace") == ["Error correction"]
        assert titles("2101.00001") == ["Error correction"]
        assert titles("quantum") == ["Error correction"]
        assert titles("量子") == ["Error correction"]


class TestChinese:
    @pytest.fixture(autouse=True)
    def entries(self):
        make_entry(
            "蛋白质结构预测",
            language="zh-hans",
            summary="一种新方法。",
            body="我们提出一种新的扩散模型，用于预测蛋白质的三维结构。",
        )
        make_entry("Diffusion models", body="扩散 appears here only in English text.")

    def test_two_character_term_finds_the_chinese_entry(self):
        assert titles("扩散", "zh-hans") == ["蛋白质结构预测"]
        assert titles("模型", "zh-hans") == ["蛋白质结构预测"]

    def test_longer_and_single_character_terms_find_it(self):
        assert titles("蛋白质", "zh-hans") == ["蛋白质结构预测"]
        assert titles("扩散模型", "zh-hans") == ["蛋白质结构预测"]
        assert titles("构", "zh-hans") == ["蛋白质结构预测"]

    def test_characters_that_are_not_adjacent_do_not_match_as_a_word(self):
        assert titles("扩构", "zh-hans") == []
        assert titles("折叠", "zh-hans") == []

    def test_search_is_per_language(self):
        assert titles("扩散", "en") == ["Diffusion models"]
        assert titles("diffusion", "zh-hans") == []

    def test_chinese_snippet_marks_the_term(self):
        found = search_entries(parse_query("扩散"), language="zh-hans")
        assert "<mark>扩散</mark>" in found.results[0].snippet

    def test_chinese_page_shows_results_in_chinese(self, client):
        body = client.get("/zh-hans/search/", {"q": "扩散"}).content.decode()
        assert "蛋白质结构预测" in body
        assert "找到 1 篇条目" in body
        assert "Diffusion models" not in body
