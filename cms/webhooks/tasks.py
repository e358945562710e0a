"""The background task, through Django's Tasks API.

Django 6 has it built in (``django.tasks``); before that the django-tasks
backport provides the same API. The backend is a setting (``TASKS``):
django-tasks-db's ``DatabaseBackend`` here, run by ``deliver_webhooks``.
"""

try:
    from django.tasks import task
except ImportError:  # Django < 6.0
    from django_tasks import task

from cms.webhooks.delivery import attempt_delivery
from cms.webhooks.schedule import announce_due


@task()
def deliver(delivery_id: int) -> str:
    return attempt_delivery(delivery_id)


@task()
def announce_publications() -> int:
    """Queued for each scheduled entry's ``publish_at``; announces whatever is due."""
    return announce_due()
