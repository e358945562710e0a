"""``cms.conf``: the CMS's settings with their defaults, read afresh on every use."""

import pytest
from django.test import override_settings

from cms.conf import Conf, conf


def test_a_setting_is_read_on_every_use_so_overrides_apply_at_once():
    with override_settings(CMS_ENTRIES_PER_PAGE=3):
        assert conf.CMS_ENTRIES_PER_PAGE == 3
    with override_settings(CMS_ENTRIES_PER_PAGE=7):
        assert conf.CMS_ENTRIES_PER_PAGE == 7


@pytest.mark.parametrize("missing", ["deleted", "none"])
def test_a_setting_a_project_leaves_out_has_its_default(settings, missing):
    if missing == "deleted":
        del settings.CMS_SITE_NAME
        del settings.CMS_ENTRIES_PER_PAGE
    else:
        settings.CMS_SITE_NAME = None
        settings.CMS_ENTRIES_PER_PAGE = None
    assert (conf.CMS_SITE_NAME, conf.CMS_ENTRIES_PER_PAGE) == ("Digest", 10)


def test_search_pages_default_to_the_sites_page_size(settings):
    settings.CMS_ENTRIES_PER_PAGE = 4
    assert conf.CMS_SEARCH_RESULTS_PER_PAGE == 4
    settings.CMS_SEARCH_RESULTS_PER_PAGE = 9
    assert conf.CMS_SEARCH_RESULTS_PER_PAGE == 9


def test_a_list_default_is_never_shared_with_a_caller():
    conf.CMS_WEBHOOK_RETRY_DELAYS.append(1)
    assert conf.CMS_WEBHOOK_RETRY_DELAYS == [30, 120, 600, 3600, 6 * 3600]


def test_every_setting_is_named_cms():
    assert Conf.names() and all(name.startswith("CMS_") for name in Conf.names())


def test_a_setting_left_unset_is_known_to_follow_another(settings):
    assert Conf.follows_another("CMS_SEARCH_RESULTS_PER_PAGE")
    settings.CMS_SEARCH_RESULTS_PER_PAGE = 5
    assert not Conf.follows_another("CMS_SEARCH_RESULTS_PER_PAGE")
    assert not Conf.follows_another("CMS_ENTRIES_PER_PAGE")
