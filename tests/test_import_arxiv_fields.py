"""Importing an arXiv API Atom feed: what is stored, field by field, for each paper."""

from datetime import UTC, datetime

import pytest

from cms.models import Entry, Topic, TranslationMethod
from cms.publishing import Status
from tests.factories import make_topic
from tests.support.import_arxiv import FEED_V1, feed, paper, run

pytestmark = pytest.mark.django_db


class TestArxivFields:
    def test_each_paper_becomes_one_english_draft_entry(self):
        result = run(FEED_V1)
        assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
        assert Entry.objects.count() == 2
        assert set(Entry.objects.values_list("language", "status")) == {("en", Status.DRAFT)}

    def test_new_style_paper_is_stored_field_by_field(self):
        run(FEED_V1)
        entry = Entry.objects.get(paper__arxiv_id="2402.01234")
        assert entry.title == "Sparse Routing for Frugal Mixture-of-Experts Inference"
        assert entry.slug == "sparse-routing-for-frugal-mixture-of-experts-inference"
        assert entry.paper_authors == "Mei Chen\nJonas Berg"
        assert entry.doi == "10.1234/frugal.2024.001"
        assert entry.source_url == "http://arxiv.org/pdf/2402.01234v1"
        assert entry.import_ref == "arxiv:2402.01234"
        assert entry.summary.startswith("Mixture-of-experts layers send each token to $k$")
        assert entry.translation_method == TranslationMethod.ORIGINAL
        assert entry.translator == ""
        assert entry.publish_at is None
        assert entry.version == 1
        assert entry.import_meta == {
            "source": "arxiv",
            "version": 1,
            "abs_url": "http://arxiv.org/abs/2402.01234v1",
            "pdf_url": "http://arxiv.org/pdf/2402.01234v1",
            "primary_category": "cs.LG",
            "categories": ["cs.LG", "stat.ML"],
        }
        assert entry.paper_comment == "12 pages, 4 figures"
        assert (
            entry.paper_published
            == entry.paper_updated
            == datetime(2024, 2, 1, 17, 30, 5, tzinfo=UTC)
        )
        assert entry.classification == "I.2.6"

    def test_abstract_is_plain_text_but_its_tex_renders_as_math(self):
        run(FEED_V1)
        entry = Entry.objects.get(paper__arxiv_id="2402.01234")
        assert entry.body == (
            "Mixture-of-experts layers send each token to $k$ of $n$ experts, but the router "
            "itself costs $O(n^2)$ memory when $n_i < n_j$ is checked for every pair. We "
            "replace it with a \\*hashing\\* router and show that accuracy drops by less than "
            "0.1 points on three benchmarks."
        )
        assert entry.body_html.count("<math") == 4
        assert "$" not in entry.body_html
        assert "a *hashing* router" in entry.body_html
        assert "<em>" not in entry.body_html

    def test_markup_in_title_and_abstract_is_text_not_html(self):
        hostile = "x &lt;img src=x onerror=alert(1)&gt; y"
        run(feed(paper(title=hostile).replace("An abstract.", hostile)))
        entry = Entry.objects.get()
        assert entry.title == "x <img src=x onerror=alert(1)> y"
        assert "<img" not in entry.body_html
        assert "&lt;img src=x onerror=alert(1)&gt;" in entry.body_html

    def test_old_style_id_is_stored_without_its_version(self):
        run(FEED_V1)
        entry = Entry.objects.get(import_ref="arxiv:hep-th/9901001")
        assert entry.arxiv_id == "hep-th/9901001"
        assert entry.title == "A Toy Model of Branes on a Circle"
        assert entry.paper_authors == "Ana Souza"
        assert entry.doi == ""
        assert entry.import_meta["version"] == 3
        assert entry.paper_published == datetime(1999, 1, 4, 12, tzinfo=UTC)
        assert entry.paper_updated == datetime(1999, 3, 10, 9, tzinfo=UTC)
        assert entry.journal_ref == "Toy Phys. J. 3 (1999) 45"
        assert entry.body_html == (
            "<p>We study a toy model in which branes wrap a circle of radius R and find that "
            "the spectrum is unchanged under R -&gt; 1/R.</p>"
        )

    def test_categories_become_topics_with_readable_names(self):
        run(FEED_V1)
        topics = {t.slug: (t.name, t.names) for t in Topic.objects.all()}
        assert topics == {
            "cs-lg": ("Machine Learning", {"zh-hans": "机器学习"}),
            "stat-ml": ("Machine Learning (Statistics)", {"zh-hans": "机器学习（统计学）"}),
            "hep-th": ("High Energy Physics - Theory", {}),
        }
        entry = Entry.objects.get(paper__arxiv_id="2402.01234")
        assert sorted(entry.topics.values_list("slug", flat=True)) == ["cs-lg", "stat-ml"]

    def test_existing_topic_is_reused_and_keeps_its_name(self):
        make_topic("cs-lg", "ML", **{"zh-hans": "机器学习"})
        result = run(FEED_V1)
        assert Topic.objects.get(slug="cs-lg").name == "ML"
        assert sorted(result.topics_created) == ["hep-th", "stat-ml"]

    def test_status_option_sets_the_status_of_new_entries(self):
        run(FEED_V1, status=Status.PUBLISHED)
        entry = Entry.objects.get(paper__arxiv_id="2402.01234")
        assert entry.status == Status.PUBLISHED
        assert entry.publish_at is not None

    def test_same_paper_twice_in_one_feed_is_one_entry(self):
        result = run(feed(paper(), paper()))
        assert Entry.objects.count() == 1
        assert (result.created, result.unchanged) == (1, 1)
