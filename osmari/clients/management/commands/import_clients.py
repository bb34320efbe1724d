from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from osmari.clients import importing
from osmari.core.models import EmploymentArea


class Command(BaseCommand):
    help = (
        "Import clients from a CSV or XLSX file into an employment area (safe to run again). "
        "For operations: it runs without a user, so it may create new clients and update any "
        "client of the area, whoever their coach; the audit log records these changes without "
        "a user. Only the columns in the file are changed; an empty cell never clears a "
        "stored value (leave the column out to keep it). On the import page, a coach updates "
        "only the clients they may edit, and a manager may only add new clients."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--area", required=True, help="the employment area's code")

    def handle(self, *args, file: str, area: str, **options):
        target = EmploymentArea.objects.filter(code=area).first()
        if target is None:
            raise CommandError(f"No employment area with the code {area!r}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        try:
            rows = importing.read_rows(upload)
        except importing.ImportFileError as error:
            raise CommandError(str(error)) from None
        # No actor: the import runs as operations, for the whole area (see the help).
        report = importing.import_rows(actor=None, area=target, rows=rows)
        self.stdout.write(
            f"created {report.created}, updated {report.updated}, refused {len(report.errors)}"
        )
        for number, code, messages in report.errors:
            self.stdout.write(f"  row {number} ({code or '—'}): {'; '.join(messages)}")
        if report.errors:
            raise CommandError(f"{len(report.errors)} rows were refused; the others were saved.")
