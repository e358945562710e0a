from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from simple_history.signals import pre_create_historical_record

        from cms import (
            checks,  # noqa: F401 - registers the system checks
            conf_checks,  # noqa: F401 - registers the system checks
            page_cache,
            preview,
            shared_topics,
        )
        from cms.models import Entry
        from cms.models.papers import snapshot_paper
        from cms.roles import setup_roles_after_migrate
        from cms.search import models as search_models  # noqa: F401 - registers SearchDocument
        from cms.search import signals as search_signals

        post_migrate.connect(setup_roles_after_migrate, sender=self)
        search_signals.connect()
        page_cache.connect()
        preview.connect()
        shared_topics.connect()
        pre_create_historical_record.connect(
            snapshot_paper, sender=Entry.history.model, dispatch_uid="cms.papers.snapshot"
        )
