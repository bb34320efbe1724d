"""The worker enqueues and runs the periodic jobs: bulk e-mails and retention."""

import pytest
from django.core.management import call_command
from django.utils.module_loading import autodiscover_modules
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from osmari.core import jobs

pytestmark = pytest.mark.django_db

OURS = {
    "agreement_reminders",
    "feedback_invitations",
    "apply_retention",
    "expire_audit_log",
    "forget_import_reports",
    "forget_old_proposals",
    "forget_used_sign_in_links",
}


@pytest.fixture
def only_ours(monkeypatch):
    autodiscover_modules("jobs")
    registered = {p.name: p for p in jobs.registered()}
    assert set(registered) >= OURS
    monkeypatch.setattr(jobs, "_periodic", {name: registered[name] for name in OURS})


def test_the_worker_runs_the_periodic_mail_and_retention_jobs(only_ours):
    call_command("run_worker", "--once", "--queue", "default,owner", verbosity=0)
    results = DBTaskResult.objects.all()
    assert {r.task_path.rsplit(".", 1)[1] for r in results} == OURS
    assert {r.status for r in results} == {TaskResultStatus.SUCCESSFUL}
    # Done today: not enqueued again until a day has passed.
    assert jobs.enqueue_due() == []


def test_the_audit_log_job_waits_for_the_owner_s_worker(only_ours):
    call_command("run_worker", "--once", verbosity=0)
    waiting = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert waiting.task_path.endswith(".expire_audit_log")
    assert waiting.queue_name == jobs.OWNER_QUEUE
