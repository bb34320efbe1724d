"""The clients' background jobs: the client import runs here, beyond the request's time."""

from __future__ import annotations

import base64
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone, translation

from osmari.clients import importing
from osmari.clients.models import ImportRun
from osmari.core import jobs


@jobs.job()
def client_import(run_id: int, language: str) -> dict[str, int]:
    """Import the file of one ImportRun, telling its progress, and forget the file."""
    run = ImportRun.objects.select_related("actor", "area").get(pk=run_id)
    ImportRun.objects.filter(pk=run_id).update(status=ImportRun.Status.RUNNING)

    def progress(done: int) -> None:
        ImportRun.objects.filter(pk=run_id).update(rows_done=done)

    try:
        # The report's reasons are written in the language of the person who asked.
        with translation.override(language):
            rows = importing.read_rows(ContentFile(base64.b64decode(run.upload), name="import"))
            report = importing.import_rows(
                actor=run.actor, area=run.area, rows=rows, progress=progress
            )
    except Exception:
        run.status = ImportRun.Status.FAILED
        run.upload = ""
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "upload", "finished_at"])
        raise
    run.status = ImportRun.Status.DONE
    run.rows_done = len(rows)
    run.created = report.created
    run.updated = report.updated
    run.errors = [[number, code, problems] for number, code, problems in report.errors]
    run.upload = ""
    run.finished_at = timezone.now()
    run.save()
    return {"created": report.created, "updated": report.updated, "refused": len(report.errors)}


# A finished import's report lists identity codes: it is kept for its importer to read, then
# let go.
REPORT_KEPT = timedelta(days=30)
# An import runs for minutes; one unfinished after a day has lost its worker.
STALLED_AFTER = timedelta(days=1)


@jobs.periodic("forget_import_reports", every=timedelta(days=1))
@jobs.job()
def forget_import_reports() -> int:
    """Delete the imports that finished more than REPORT_KEPT ago, reports and all; and end
    an import whose job never finished (its worker killed, say) once a day has passed, so
    that its uploaded file does not stay on for ever."""
    now = timezone.now()
    ImportRun.objects.filter(finished_at__isnull=True, created_at__lt=now - STALLED_AFTER).update(
        status=ImportRun.Status.FAILED, upload="", finished_at=now
    )
    deleted, _by_model = ImportRun.objects.filter(finished_at__lt=now - REPORT_KEPT).delete()
    return deleted


def start_import(*, actor, area, upload, rows_total: int) -> ImportRun:
    """Keep the uploaded file, encrypted, and enqueue its import."""
    upload.seek(0)
    run = ImportRun.objects.create(
        actor=actor,
        area=area,
        rows_total=rows_total,
        upload=base64.b64encode(b"".join(upload.chunks())).decode("ascii"),
    )
    jobs.enqueue(
        client_import, run.pk, translation.get_language() or "fi", key=f"client-import:{run.pk}"
    )
    return run
