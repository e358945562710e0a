"""Finding deliveries that should be queued but are not, and queueing them again."""

from datetime import timedelta

from django.utils import timezone

from cms.webhooks.models import Delivery
from cms.webhooks.tasks import deliver, enqueue

GRACE = timedelta(minutes=1)


def requeue_lost(now=None) -> int:
    """Queue open deliveries whose task never got queued or ended without an outcome.

    A web process can stop between committing a change and queueing its
    deliveries, and a task can die with its worker. Deliveries younger than
    ``GRACE`` are left alone: their task is probably being queued right now.
    """
    now = now or timezone.now()
    count = 0
    open_deliveries = Delivery.objects.filter(
        state__in=[Delivery.State.PENDING, Delivery.State.RETRYING], updated_at__lt=now - GRACE
    )
    for delivery in open_deliveries.only("id", "task_id", "next_attempt_at"):
        if delivery.task_id and not _task_finished(deliver, delivery.task_id):
            continue
        enqueue(delivery.pk, run_after=delivery.next_attempt_at)
        count += 1
    return count


def _task_finished(task, task_id: str) -> bool:
    try:
        result = task.get_result(task_id)
    except Exception:  # noqa: BLE001 - an unknown or pruned task counts as finished
        return True
    return result.is_finished
