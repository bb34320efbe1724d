from datetime import timedelta
from unittest.mock import patch

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from osmari.core import jobs
from osmari.core.tests import job_samples

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_calls(monkeypatch):
    # Only the periodic jobs a test registers: the apps' own would run too.
    monkeypatch.setattr(jobs, "_periodic", {})
    job_samples.calls.clear()
    yield
    job_samples.calls.clear()


def run_worker():
    # The apps' periodic jobs register as the worker starts; the fixture's empty registry
    # is put back after it, so that only the test's own periodic jobs run.
    with patch("osmari.core.management.commands.run_worker.autodiscover_modules"):
        call_command("run_worker", "--once", verbosity=0)


def test_a_job_waits_until_the_worker_runs_it():
    jobs.enqueue(job_samples.note, "hello")
    assert job_samples.calls == []
    run_worker()
    assert job_samples.calls == ["hello"]
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_the_same_key_enqueued_twice_runs_once():
    first = jobs.enqueue(job_samples.note, "once", key="greeting")
    second = jobs.enqueue(job_samples.note, "once", key="greeting")
    assert second.id == first.id
    run_worker()
    assert job_samples.calls == ["once"]
    # Done, the key is free again: the same work may be asked for anew.
    jobs.enqueue(job_samples.note, "again", key="greeting")
    run_worker()
    assert job_samples.calls == ["once", "again"]


def test_other_keys_do_not_stop_a_job():
    jobs.enqueue(job_samples.note, "a", key="a")
    jobs.enqueue(job_samples.note, "b", key="b")
    run_worker()
    assert sorted(job_samples.calls) == ["a", "b"]


def test_a_failing_job_is_retried_then_marked_failed():
    jobs.enqueue(job_samples.always_fails, "fly", key="flight")
    run_worker()
    # The first attempt and two retries.
    assert job_samples.calls == ["fly", "fly", "fly"]
    attempts = DBTaskResult.objects.order_by("enqueued_at")
    assert [a.status for a in attempts] == [TaskResultStatus.FAILED] * 3
    assert [a.args_kwargs["kwargs"].get(jobs.ATTEMPT, 1) for a in attempts] == [1, 2, 3]
    assert all("cannot fly" in a.traceback for a in attempts)
    assert jobs.waiting(job_samples.always_fails, "flight") is None


def test_a_retry_waits_for_its_backoff():
    jobs.enqueue(job_samples.fails_then_waits, "wait", key="w")
    run_worker()
    assert job_samples.calls == ["wait"]
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.run_after >= timezone.now() + timedelta(minutes=4)
    # Enqueueing the same work again while its retry waits does nothing.
    assert jobs.enqueue(job_samples.fails_then_waits, "wait", key="w").id == str(retry.id)


@pytest.fixture
def ticking():
    jobs.periodic("tick", every=timedelta(hours=1))(job_samples.tick)


def test_the_worker_runs_a_periodic_job_when_it_is_due(ticking):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        run_worker()
        assert job_samples.calls == ["tick"]
        clock.shift(timedelta(minutes=30))
        run_worker()
        assert job_samples.calls == ["tick"]
        clock.shift(timedelta(minutes=31))
        run_worker()
        assert job_samples.calls == ["tick", "tick"]


def test_a_periodic_job_is_enqueued_once_while_it_waits(ticking):
    assert jobs.enqueue_due() == ["tick"]
    assert jobs.enqueue_due() == []
    assert DBTaskResult.objects.count() == 1


def test_a_test_may_run_jobs_at_once_with_the_immediate_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    result = jobs.enqueue(job_samples.note, "now", key="now")
    assert job_samples.calls == ["now"]
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert not DBTaskResult.objects.exists()
