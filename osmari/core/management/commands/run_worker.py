"""Run background jobs and enqueue the periodic ones when due (docs/jobs.md).

Any number of workers may run at once, on any machines that reach the database: each job is
claimed by one of them, and a periodic job is enqueued once whichever worker sees it due.
"""

import time

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string
from django.utils.module_loading import autodiscover_modules
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from osmari.core import jobs


class Command(BaseCommand):
    help = "Run background jobs, and enqueue the periodic ones when they are due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=2.0,
            help="Seconds to wait when there is nothing to do (default 2).",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="Enqueue the due periodic jobs, run every job that is ready, then exit.",
        )
        parser.add_argument(
            "--no-periodic",
            action="store_false",
            dest="periodic",
            help="Enqueue no periodic jobs: only run those already waiting.",
        )
        parser.add_argument(
            "--queue",
            default="default",
            help="The queues to take jobs from, separated by commas; '*' for all.",
        )

    def handle(self, *, interval, once, periodic, queue, verbosity, **options):
        # Each app's jobs.py registers its periodic jobs as it is imported.
        autodiscover_modules("jobs")
        worker = Worker(
            queue_names=queue.split(","),
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        if not once:
            # Ctrl-C or SIGTERM lets a running job finish, then stops.
            worker.configure_signals()
            if verbosity:
                names = ", ".join(p.name for p in jobs.registered()) or "-"
                self.stdout.write(f"Worker {worker.worker_id} running; periodic jobs: {names}")
        while True:
            for name in jobs.enqueue_due() if periodic else []:
                if verbosity > 1:
                    self.stdout.write(f"Enqueued periodic job {name}")
            if once:
                _run_ready(worker)
                return
            worker.run()
            if not worker.running:
                return
            time.sleep(interval)


def _run_ready(worker: Worker) -> None:
    """Run the ready jobs one by one, as the worker's own loop does, but on the connection
    as it is: that loop closes a connection inside a transaction (a test's, for one)."""
    while True:
        ready = DBTaskResult.objects.ready().filter(backend_name=worker.backend_name)
        if not worker.process_all_queues:
            ready = ready.filter(queue_name__in=worker.queue_names)
        with exclusive_transaction(ready.db):
            found = ready.get_locked()
            if found is not None:
                found.claim(worker.worker_id)
        if found is None:
            return
        worker.run_task(found)
