"""System checks name each ``CMS_*`` setting whose value cannot work, with a stable id."""

import pytest
from django.core.checks import run_checks


def messages(check_id: str) -> list[str]:
    return [message.msg for message in run_checks() if message.id == check_id]


def test_the_shipped_settings_pass_every_check():
    assert [message.id for message in run_checks() if message.id.startswith("cms.")] == []


def test_a_site_language_django_does_not_know_is_an_error(settings):
    settings.LANGUAGES = [("en", "English"), ("xx-klingon", "Klingon")]
    assert messages("cms.E005") == [
        "The site language 'xx-klingon' (CMS_LANGUAGES) is not a language Django knows, "
        "so it has no name and no translations."
    ]


@pytest.mark.parametrize(
    "name, value, check_id, rule",
    [
        ("CMS_ENTRIES_PER_PAGE", 0, "cms.E006", "a whole number, 1 or more"),
        ("CMS_SITEMAP_PAGE_SIZE", -5, "cms.E006", "a whole number, 1 or more"),
        ("CMS_API_PAGE_SIZE", "20", "cms.E006", "a whole number, 1 or more"),
        ("CMS_SEARCH_MAX_PAGES", 2.5, "cms.E006", "a whole number, 1 or more"),
        ("CMS_UPLOAD_MAX_BYTES", True, "cms.E006", "a whole number, 1 or more"),
        ("CMS_ARXIV_RETRIES", -1, "cms.E006", "a whole number, 0 or more"),
        ("CMS_PAGE_MAX_AGE", -1, "cms.E007", "a number of seconds, 0 or more"),
        ("CMS_PREVIEW_MAX_AGE", 0, "cms.E007", "a number of seconds, 1 or more"),
        ("CMS_ARXIV_DELAY_SECONDS", "3", "cms.E007", "a number of seconds, 0 or more"),
        ("CMS_WEBHOOK_TIMEOUT", 0, "cms.E007", "a number of seconds, 0.1 or more"),
    ],
)
def test_a_number_out_of_its_range_or_of_the_wrong_kind_is_an_error(
    settings, name, value, check_id, rule
):
    setattr(settings, name, value)
    assert messages(check_id) == [f"{name} is {value!r}; it must be {rule}."]


def test_each_webhook_retry_delay_is_checked(settings):
    settings.CMS_WEBHOOK_RETRY_DELAYS = [30, -1]
    assert messages("cms.E007") == [
        "CMS_WEBHOOK_RETRY_DELAYS is -1; it must be a number of seconds, 0 or more."
    ]


def test_no_arxiv_retries_is_allowed(settings):
    settings.CMS_ARXIV_RETRIES = 0
    assert messages("cms.E006") == []


def test_turning_the_page_caches_off_is_allowed(settings):
    settings.CMS_PAGE_MAX_AGE = 0
    settings.CMS_PAGE_CACHE_SECONDS = 0
    assert messages("cms.E007") == []


@pytest.mark.parametrize(
    "name, value",
    [
        ("CMS_SITE_URL", "digest.example.org"),
        ("CMS_SITE_URL", "ftp://digest.example.org/"),
        ("CMS_ARXIV_API_URL", "file:///etc/passwd"),
    ],
)
def test_an_address_that_is_not_absolute_http_is_an_error(settings, name, value):
    setattr(settings, name, value)
    assert messages("cms.E008") == [f"{name} is {value!r}; it must be an absolute http(s) address."]


@pytest.mark.parametrize("rate", ["120 per minute", "/minute", "120/week", 120])
def test_an_api_rate_not_written_as_number_per_period_is_an_error(settings, rate):
    settings.CMS_API_ANON_RATE = rate
    assert len(messages("cms.E009")) == 1


def test_api_rates_in_any_period_drf_reads_pass(settings):
    settings.CMS_API_ANON_RATE = "10/second"
    settings.CMS_API_USER_RATE = "20000/day"
    assert messages("cms.E009") == []


def test_an_extra_export_url_that_is_not_a_path_is_an_error(settings):
    settings.CMS_EXPORT_EXTRA_URLS = ["/en/about-us/", "https://example.org/x/", "/en/?page=2"]
    assert messages("cms.E010") == [
        "CMS_EXPORT_EXTRA_URLS has 'https://example.org/x/', which is not a path of this site.",
        "CMS_EXPORT_EXTRA_URLS has '/en/?page=2', which is not a path of this site.",
    ]


def test_sitemap_files_larger_than_the_protocol_allows_are_a_warning(settings):
    settings.CMS_SITEMAP_PAGE_SIZE = 50_001
    assert len(messages("cms.W003")) == 1
    settings.CMS_SITEMAP_PAGE_SIZE = 50_000
    assert messages("cms.W003") == []


def test_an_api_page_larger_than_clients_may_ask_for_is_a_warning(settings):
    settings.CMS_API_PAGE_SIZE = 200
    assert messages("cms.W004") == [
        "CMS_API_PAGE_SIZE (200) is larger than CMS_API_MAX_PAGE_SIZE (100), the largest page "
        "a client may ask for."
    ]
