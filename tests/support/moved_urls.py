"""The public site mounted under ``/site/`` instead of the root: a URLconf that differs."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

urlpatterns = i18n_patterns(path("site/", include("cms.urls")), prefix_default_language=True)
