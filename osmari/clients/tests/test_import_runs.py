"""A client import runs as a background job: its page tells how far it has come, then its
row report, and the uploaded file is kept only until the job ends."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from osmari.clients import importing
from osmari.clients.models import Client, ImportRun
from osmari.clients.tests.test_import import GOOD

pytestmark = pytest.mark.django_db


def _csv(rows) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=importing.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile("clients.csv", buffer.getvalue().encode("utf-8"))


def _post(http, rows):
    return http.post(reverse("clients:import"), {"file": _csv(rows)}, HTTP_ACCEPT_LANGUAGE="en")


def _get(http, url, **headers):
    return http.get(url, HTTP_ACCEPT_LANGUAGE="en", **headers)


def test_an_import_waits_for_the_worker_then_shows_its_row_report(login, coach):
    http = login(coach)
    refused = {**GOOD, "personal_identity_code": "131052-308U"}
    response = _post(http, [GOOD, refused])
    assert response.status_code == 302
    assert not Client.objects.exists()
    run = ImportRun.objects.get()
    assert (run.status, run.rows_total, run.rows_done) == ("waiting", 2, 0)
    # The file is kept, encrypted, for the job; the page polls while it waits.
    assert run.upload
    waiting = _get(http, response.url).content.decode()
    assert "Waiting to start: 2 rows." in waiting
    assert 'hx-trigger="every 2s"' in waiting

    call_command("run_worker", "--once", "--no-periodic", verbosity=0)

    run.refresh_from_db()
    assert (run.status, run.rows_done, run.created, run.updated) == ("done", 2, 1, 0)
    assert run.upload == ""
    assert Client.objects.count() == 1
    done = _get(http, response.url).content.decode()
    assert "Created 1, updated 0, refused 1." in done
    assert "131052-308U" in done
    assert "every 2s" not in done


def test_a_running_import_shows_rows_done_of_rows_to_htmx(login, coach):
    http = login(coach)
    _post(http, [GOOD])
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(status="running", rows_done=1, rows_total=3)
    fragment = _get(http, reverse("clients:import_run", args=[run.pk]), HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert "Imported 1 of 3 rows." in text
    assert "<html" not in text


def test_import_rows_tells_its_progress(coach, area):
    rows = [{**GOOD, "first_name": f"N{i}"} for i in range(importing.PROGRESS_EVERY + 3)]
    told = []
    importing.import_rows(actor=coach, area=area, rows=rows, progress=told.append)
    assert told == [importing.PROGRESS_EVERY, len(rows)]


def test_a_failed_import_forgets_the_file_and_says_so(login, coach, monkeypatch):
    http = login(coach)
    response = _post(http, [GOOD])

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(importing, "import_rows", broken)
    call_command("run_worker", "--once", "--no-periodic", verbosity=0)
    run = ImportRun.objects.get()
    assert (run.status, run.upload) == ("failed", "")
    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED
    assert "The import stopped on an error" in _get(http, response.url).content.decode()


def test_only_the_importer_sees_an_import(login, coach, manager):
    _post(login(coach), [GOOD])
    run = ImportRun.objects.get()
    assert login(manager).get(reverse("clients:import_run", args=[run.pk])).status_code == 404


def test_the_same_import_is_not_enqueued_twice(login, coach):
    from osmari.clients import jobs as client_jobs
    from osmari.core import jobs

    _post(login(coach), [GOOD])
    run = ImportRun.objects.get()
    jobs.enqueue(client_jobs.client_import, run.pk, "en", key=f"client-import:{run.pk}")
    assert DBTaskResult.objects.count() == 1


def test_a_finished_import_s_report_is_let_go_after_a_month(coach, area):
    from datetime import timedelta

    from django.utils import timezone

    from osmari.clients import jobs as client_jobs

    now = timezone.now()
    old = ImportRun.objects.create(area=area, actor=coach, status="done", finished_at=now)
    ImportRun.objects.filter(pk=old.pk).update(finished_at=now - timedelta(days=31))
    recent = ImportRun.objects.create(area=area, actor=coach, status="done", finished_at=now)
    running = ImportRun.objects.create(area=area, actor=coach, status="running")
    client_jobs.forget_import_reports.call()
    assert set(ImportRun.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}


def test_an_import_whose_worker_never_finished_lets_its_file_go_after_a_day(coach, area):
    from datetime import timedelta

    from django.utils import timezone

    from osmari.clients import jobs as client_jobs

    stalled = ImportRun.objects.create(area=area, actor=coach, status="running", upload="c2VjcmV0")
    ImportRun.objects.filter(pk=stalled.pk).update(created_at=timezone.now() - timedelta(days=2))
    fresh = ImportRun.objects.create(area=area, actor=coach, status="waiting", upload="c2VjcmV0")
    client_jobs.forget_import_reports.call()
    stalled.refresh_from_db()
    fresh.refresh_from_db()
    assert stalled.status == ImportRun.Status.FAILED and stalled.upload == ""
    assert stalled.finished_at is not None
    assert fresh.upload == "c2VjcmV0" and fresh.finished_at is None


def test_an_import_s_report_is_kept_out_of_caches_and_from_a_former_importer(login, coach):
    from osmari.accounts.models import Membership

    http = login(coach)
    _post(http, [GOOD])
    run = ImportRun.objects.get()
    page = _get(http, reverse("clients:import_run", args=[run.pk]))
    assert "no-store" in page["Cache-Control"]
    Membership.objects.filter(user=coach).delete()
    assert _get(http, reverse("clients:import_run", args=[run.pk])).status_code in (403, 404)
