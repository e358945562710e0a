"""System checks of the ``CMS_*`` settings' values (``cms.conf``): what cannot work at all.

Run by every command that runs checks (``runserver``, ``migrate``,
``check``), with stable ids, so a wrong value is named at start rather than
found as a 500 or a silently odd page:

- ``cms.E005``: a site language (``CMS_LANGUAGES``, Django's ``LANGUAGES``)
  that Django does not know, so it has no name and no translations.
- ``cms.E006``: a count or size (entries per page, upload limits ...) that
  is not a whole number of at least 1 (at least 0 for arXiv retries).
- ``cms.E007``: a duration in seconds that is not a number or too small.
- ``cms.E008``: ``CMS_SITE_URL`` or ``CMS_ARXIV_API_URL`` that is not an
  absolute http(s) address.
- ``cms.E009``: an API rate that is not "number/period" (``120/minute``).
- ``cms.E010``: a ``CMS_EXPORT_EXTRA_URLS`` item that is not a path of
  this site (``/en/about-us/``).
- ``cms.E011``: a ``CMS_MT_ENGINE`` that names no engine (the form is
  ``libretranslate+http://host:port/``, ``deepl:`` or ``google:``).
- ``cms.W003``: sitemap files of more than the 50,000 addresses the
  sitemap protocol allows.
- ``cms.W004``: an API page size larger than the largest one clients may
  ask for.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.utils.translation import get_language_info

from cms.conf import Conf, conf

#: Settings that count things, and the least each may be.
COUNTS = {
    "CMS_ENTRIES_PER_PAGE": 1,
    "CMS_SITEMAP_PAGE_SIZE": 1,
    "CMS_API_PAGE_SIZE": 1,
    "CMS_API_MAX_PAGE_SIZE": 1,
    "CMS_SEARCH_RESULTS_PER_PAGE": 1,
    "CMS_SEARCH_MAX_PAGES": 1,
    "CMS_SEARCH_MAX_QUERY_LENGTH": 1,
    "CMS_UPLOAD_MAX_BYTES": 1,
    "CMS_UPLOAD_MAX_PIXELS": 1,
    "CMS_UPLOAD_MAX_FRAMES": 1,
    "CMS_IMPORT_MAX_BYTES": 1,
    "CMS_ARXIV_RETRIES": 0,
    "CMS_MT_RETRIES": 0,
    "CMS_LOGIN_ADDRESS_FAILURE_LIMIT": 1,
}
#: Settings in seconds, and the least each may be (a preview link must last a moment).
DURATIONS = {
    "CMS_PAGE_MAX_AGE": 0,
    "CMS_PAGE_CACHE_SECONDS": 0,
    "CMS_PREVIEW_MAX_AGE": 1,
    "CMS_ARXIV_DELAY_SECONDS": 0,
    "CMS_WEBHOOK_TIMEOUT": 0.1,
    "CMS_MT_TIMEOUT_SECONDS": 0.1,
    "CMS_MT_RETRY_PAUSE_SECONDS": 0,
}
SITEMAP_PROTOCOL_LIMIT = 50_000
RATE = re.compile(r"\d+/[smhd]\w*")


def _is_number(value, *, whole: bool) -> bool:
    kinds = int if whole else (int, float)
    return isinstance(value, kinds) and not isinstance(value, bool)


@register(Tags.translation)
def check_languages(app_configs=None, **kwargs):
    errors = []
    for code, _name in settings.LANGUAGES:
        try:
            get_language_info(code)
        except KeyError:
            errors.append(
                Error(
                    f"The site language {code!r} (CMS_LANGUAGES) is not a language Django "
                    "knows, so it has no name and no translations.",
                    hint="Use codes of django.conf.locale.LANG_INFO, such as en, zh-hans, fr.",
                    id="cms.E005",
                )
            )
    return errors


@register(Tags.compatibility)
def check_numbers(app_configs=None, **kwargs):
    errors = []
    for name, least in COUNTS.items():
        if Conf.follows_another(name):
            continue
        value = getattr(conf, name)
        if not _is_number(value, whole=True) or value < least:
            errors.append(
                Error(
                    f"{name} is {value!r}; it must be a whole number, {least} or more.",
                    id="cms.E006",
                )
            )
    durations = [(name, getattr(conf, name), least) for name, least in DURATIONS.items()]
    durations += [("CMS_WEBHOOK_RETRY_DELAYS", delay, 0) for delay in _delays()]
    for name, value, least in durations:
        if not _is_number(value, whole=False) or value < least:
            errors.append(
                Error(
                    f"{name} is {value!r}; it must be a number of seconds, {least} or more.",
                    id="cms.E007",
                )
            )
    return errors + _size_warnings()


def _delays() -> list:
    delays = conf.CMS_WEBHOOK_RETRY_DELAYS
    return list(delays) if isinstance(delays, list | tuple) else [delays]


def _size_warnings() -> list:
    warnings = []
    sitemap, page, largest = (
        conf.CMS_SITEMAP_PAGE_SIZE,
        conf.CMS_API_PAGE_SIZE,
        conf.CMS_API_MAX_PAGE_SIZE,
    )
    if _is_number(sitemap, whole=True) and sitemap > SITEMAP_PROTOCOL_LIMIT:
        warnings.append(
            Warning(
                f"CMS_SITEMAP_PAGE_SIZE is {sitemap:,}; search engines read at most "
                f"{SITEMAP_PROTOCOL_LIMIT:,} addresses from one sitemap file.",
                id="cms.W003",
            )
        )
    if _is_number(page, whole=True) and _is_number(largest, whole=True) and page > largest:
        warnings.append(
            Warning(
                f"CMS_API_PAGE_SIZE ({page}) is larger than CMS_API_MAX_PAGE_SIZE ({largest}), "
                "the largest page a client may ask for.",
                id="cms.W004",
            )
        )
    return warnings


@register(Tags.compatibility)
def check_addresses(app_configs=None, **kwargs):
    errors = []
    for name in ("CMS_SITE_URL", "CMS_ARXIV_API_URL"):
        value = getattr(conf, name)
        parts = urlsplit(value) if isinstance(value, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            errors.append(
                Error(
                    f"{name} is {value!r}; it must be an absolute http(s) address.",
                    hint="Such as https://digest.example.org/.",
                    id="cms.E008",
                )
            )
    for name in ("CMS_API_ANON_RATE", "CMS_API_USER_RATE"):
        value = getattr(conf, name)
        if not isinstance(value, str) or not RATE.fullmatch(value):
            errors.append(
                Error(
                    f"{name} is {value!r}; write it as a number of requests per period.",
                    hint="Such as 120/minute, 10/second, 5000/hour or 20000/day.",
                    id="cms.E009",
                )
            )
    for path in conf.CMS_EXPORT_EXTRA_URLS:
        if not isinstance(path, str) or not path.startswith("/") or urlsplit(path).query:
            errors.append(
                Error(
                    f"CMS_EXPORT_EXTRA_URLS has {path!r}, which is not a path of this site.",
                    hint="Give paths such as /en/about-us/, without a host or query string.",
                    id="cms.E010",
                )
            )
    return errors


@register(Tags.compatibility)
def check_mt_engine(app_configs=None, **kwargs):
    """An engine setting that names no engine would fail only when someone translates."""
    from cms.mt.engines import spec_problem

    value = conf.CMS_MT_ENGINE
    if not value:
        return []
    problem = spec_problem(value)
    if problem is None:
        return []
    return [
        Error(
            f"CMS_MT_ENGINE: {problem}",
            hint="Such as libretranslate+http://127.0.0.1:5000/, deepl: or google:.",
            id="cms.E011",
        )
    ]
