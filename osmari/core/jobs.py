"""Background jobs: work that outlives a web request, run by `manage.py run_worker`.

Jobs are django-tasks tasks kept in the database (django-tasks-db): no broker to run, and a
job enqueued inside a transaction exists only if that transaction commits. docs/jobs.md says
how to run workers and how to see failed jobs.

A job is a module-level function of an app's `jobs.py` (the worker imports every app's
`jobs` module, so that the periodic ones register)::

    from datetime import timedelta
    from osmari.core import jobs

    @jobs.job(retries=3)
    def send_invitations(area_id: int) -> int:
        ...

    jobs.enqueue(send_invitations, area.pk, key=f"invitations:{area.pk}")

Arguments are JSON: pass primary keys, never model instances.

- Idempotency: `key` names the work. While a job with the same key waits or runs, enqueueing
  it again does nothing and returns the job already there.
- Retries: `job(retries=N, backoff=...)`: an attempt that raises is recorded as failed with
  its traceback, and a new attempt is enqueued after `backoff`, doubled each time, at most
  N times. The last failure stays failed.
- Periodic jobs: stack `periodic` on a job that takes no arguments::

      @jobs.periodic("facts_refresh", every=timedelta(hours=1))
      @jobs.job()
      def facts_refresh() -> None:
          ...

  The worker enqueues it when `every` has passed since it was last enqueued (and at once if
  it never was), under the key `periodic:<name>`, so several workers enqueue it once.
"""

from __future__ import annotations

import functools
import logging
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.base import Task, TaskResult
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

DEFAULT_QUEUE = "default"
# Work the application's database role may not do (on PostgreSQL it may not remove audit
# events): a worker started as the database owner takes this queue (docs/jobs.md).
OWNER_QUEUE = "owner"
KEY = "job_key"
ATTEMPT = "job_attempt"
WAITING = (TaskResultStatus.READY, TaskResultStatus.RUNNING)


def job(
    *,
    retries: int = 0,
    backoff: timedelta = timedelta(seconds=30),
    priority: int = 0,
    queue: str = DEFAULT_QUEUE,
) -> Callable[[Callable[..., Any]], Task]:
    """Make a module-level function a job, retried up to `retries` times on an exception.
    A job on `OWNER_QUEUE` is taken only by a worker that runs as the database owner."""

    def decorate(func: Callable[..., Any]) -> Task:
        @functools.wraps(func)
        def attempt(*args: Any, **kwargs: Any) -> Any:
            key = kwargs.pop(KEY, None)
            number = kwargs.pop(ATTEMPT, 1)
            try:
                return func(*args, **kwargs)
            except Exception:
                if number > retries:
                    logger.exception("Job %s failed for good on attempt %s", func.__name__, number)
                    raise
                delay = backoff * 2 ** (number - 1)
                logger.warning(
                    "Job %s failed on attempt %s; retried in %s", func.__name__, number, delay
                )
                _enqueue_now(wrapped, args, {**kwargs, KEY: key, ATTEMPT: number + 1}, delay=delay)
                raise

        wrapped = task(priority=priority, queue_name=queue)(attempt)
        return wrapped

    return decorate


def _enqueue_now(
    job_task: Task, args: tuple[Any, ...], kwargs: dict[str, Any], delay: timedelta | None = None
) -> TaskResult:
    if delay and job_task.get_backend().supports_defer:
        job_task = job_task.using(run_after=timezone.now() + delay)
    return job_task.enqueue(*args, **kwargs)


def _on_database(job_task: Task) -> bool:
    return isinstance(job_task.get_backend(), DatabaseBackend)


def waiting(job_task: Task, key: str) -> DBTaskResult | None:
    """The job with this key that waits or runs, if there is one."""
    return (
        DBTaskResult.objects.filter(
            task_path=job_task.module_path,
            status__in=WAITING,
            **{f"args_kwargs__kwargs__{KEY}": key},
        )
        .order_by("enqueued_at")
        .first()
    )


def latest(job_task: Task, key: str) -> DBTaskResult | None:
    """The job with this key enqueued last, whatever its state."""
    return (
        DBTaskResult.objects.filter(
            task_path=job_task.module_path, **{f"args_kwargs__kwargs__{KEY}": key}
        )
        .order_by("-enqueued_at")
        .first()
    )


def enqueue(job_task: Task, *args: Any, key: str | None = None, **kwargs: Any) -> TaskResult:
    """Enqueue a job; with `key`, only if no job with that key waits or runs."""
    if key is None:
        return _enqueue_now(job_task, args, kwargs)
    if not _on_database(job_task):
        # Another backend runs the job at once: nothing can be waiting.
        return _enqueue_now(job_task, args, {**kwargs, KEY: key})
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Two requests enqueueing the same key at once: the second waits here for the
            # first to commit, then finds its job.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(key.encode())])
        found = waiting(job_task, key)
        if found is not None:
            return found.task_result
        return _enqueue_now(job_task, args, {**kwargs, KEY: key})


@dataclass(frozen=True)
class Periodic:
    name: str
    task: Task
    every: timedelta

    @property
    def key(self) -> str:
        return f"periodic:{self.name}"


_periodic: dict[str, Periodic] = {}


def periodic(name: str, *, every: timedelta) -> Callable[[Task], Task]:
    """Register a job without arguments to be enqueued by the worker every `every`."""

    def register(job_task: Task) -> Task:
        _periodic[name] = Periodic(name=name, task=job_task, every=every)
        return job_task

    return register


def registered() -> list[Periodic]:
    return sorted(_periodic.values(), key=lambda p: p.name)


def enqueue_due(now: datetime | None = None) -> list[str]:
    """Enqueue the periodic jobs whose time has come; the names of those enqueued."""
    now = now or timezone.now()
    enqueued = []
    for item in registered():
        last = latest(item.task, item.key)
        if last is not None and (last.status in WAITING or last.enqueued_at + item.every > now):
            continue
        enqueue(item.task, key=item.key)
        enqueued.append(item.name)
    return enqueued
