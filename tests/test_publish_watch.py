"""The publish worker: after changes (debounced) and when a scheduled entry goes public."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from cms.publish.watch import Watcher, watch
from cms.publishing import Status
from tests.factories import make_entry, now

pytestmark = pytest.mark.django_db


class FakeClock:
    """Monotonic seconds that move only when the worker sleeps."""

    def __init__(self):
        self.seconds = 0.0
        self.sleeps = []

    def __call__(self):
        return self.seconds

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.seconds += seconds


def run_worker(publish, steps, *, debounce=30, poll=5, between=None):
    """Run ``steps`` loops of the worker; ``between(step)`` changes content between loops."""
    clock = FakeClock()
    loops = iter(range(steps))
    step = {"n": -1}

    def keep_going():
        step["n"] = next(loops, None)
        if step["n"] is None:
            return False
        if between:
            between(step["n"], clock)
        return True

    watch(
        publish,
        debounce=debounce,
        poll=poll,
        report=lambda line: None,
        keep_going=keep_going,
        sleep=clock.sleep,
        clock=clock,
    )
    return clock


def test_the_worker_publishes_once_at_start_and_not_again_without_changes():
    published = []
    run_worker(lambda: published.append("run") or "ok", steps=20)
    assert published == ["run"]


def test_five_saves_in_a_row_publish_once_after_the_quiet_period():
    entry = make_entry("Draft one")
    published = []

    def between(step, clock):
        if 1 <= step <= 5:
            entry.title = f"Edit {step}"
            entry.save()

    run_worker(
        lambda: published.append(entry.title) or "ok", steps=20, debounce=12, between=between
    )
    assert published == ["Draft one", "Edit 5"]


def test_constant_editing_still_publishes_after_the_longest_wait():
    entry = make_entry("Busy")
    published_at = []
    clock = {}

    def between(step, fake):
        clock["fake"] = fake
        if step >= 1:
            entry.body = f"Edit {step}"
            entry.save()

    def publish():
        published_at.append(clock["fake"].seconds)
        return "ok"

    run_worker(publish, steps=40, debounce=10, poll=5, between=between)
    assert published_at[0] == 0
    assert published_at[1] == pytest.approx(100, abs=5)


def test_a_scheduled_entry_going_public_triggers_a_publish():
    watcher = Watcher(debounce=10)
    start = now()
    make_entry("Later", status=Status.PUBLISHED, publish_at=start + timedelta(minutes=5))
    from cms.page_cache import current_token
    from cms.publish.watch import next_publication

    token = current_token()
    watcher.published(token, start, next_publication(start))
    assert not watcher.due(token, start + timedelta(minutes=4), clock=240)
    assert watcher.sleep_for(300, start + timedelta(minutes=4)) == pytest.approx(60)
    assert not watcher.due(token, start + timedelta(minutes=5, seconds=1), clock=301)
    assert watcher.due(token, start + timedelta(minutes=5, seconds=12), clock=312)


def test_a_failed_publish_is_tried_again_and_the_worker_keeps_running():
    attempts = []

    def publish():
        attempts.append(1)
        if len(attempts) == 1:
            raise CommandError("The bucket could not be reached.")
        return "ok"

    run_worker(publish, steps=20, debounce=10)
    assert len(attempts) == 2


def test_watch_refuses_dry_run():
    with pytest.raises(CommandError, match="leave out --dry-run"):
        call_command("publish", "s3://bucket", "--watch", "--dry-run")


def test_a_published_entry_reaches_the_static_copy_without_a_person(hashed_static, tmp_path):
    from cms.publish import publish_site

    make_entry("First paper", slug="first")

    def between(step, clock):
        if step == 2:
            make_entry("Second paper", slug="second")

    def publish():
        return publish_site(str(tmp_path / "www"), output=tmp_path / "site").summary()

    run_worker(publish, steps=12, debounce=10, between=between)
    assert (tmp_path / "www/en/entries/first/index.html").is_file()
    assert (tmp_path / "www/en/entries/second/index.html").is_file()
