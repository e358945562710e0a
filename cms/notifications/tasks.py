"""The notification task, through Django's Tasks API (see ``cms.webhooks.tasks``)."""

try:
    from django.tasks import task
except ImportError:  # Django < 6.0
    from django_tasks import task

from cms.notifications.delivery import deliver


@task()
def notify(kind: str, entry_id: int, actor_id: int | None, text: str = "") -> int:
    return deliver(kind, entry_id, actor_id, text)
