from datetime import date
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from osmari.clients.importing import ImportFileError
from osmari.core.models import EmploymentArea
from osmari.extracts import services


class Command(BaseCommand):
    help = (
        "Import an employment area's extract of the national client information system from "
        "a CSV or XLSX file (docs/extracts.md). The same file again changes nothing. It runs "
        "without a user, for operations; the audit log records the import and each person's "
        "status periods taken from it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--area", required=True, help="the employment area's code")
        parser.add_argument(
            "--date", help="the day the extract was taken, YYYY-MM-DD (default: today)"
        )

    def handle(self, *args, file: str, area: str, date: str | None = None, **options):
        target = EmploymentArea.objects.filter(code=area).first()
        if target is None:
            raise CommandError(f"No employment area with the code {area!r}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        today = timezone.localdate()
        extracted_on = _day(date) if date else today
        if extracted_on > today:
            raise CommandError("The extract cannot be from a future day.")
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        try:
            report = services.extract_import(
                actor=None, area=target, upload=upload, extracted_on=extracted_on, today=today
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        if report.already_imported:
            imported_at = timezone.localtime(report.extract.imported_at)
            self.stdout.write(
                f"already imported on {imported_at:%Y-%m-%d %H:%M} "
                f"(extract of {report.extract.extracted_on}); nothing changed"
            )
            return
        self.stdout.write(
            f"rows {report.rows}: saved {report.saved}, refused {len(report.errors)}; "
            f"people {report.clients}; status periods taken from the extract for "
            f"{report.spells_replaced}, typed periods kept to reconcile for {report.to_reconcile}"
        )
        # Row numbers only: the identity codes stay out of terminals and job logs.
        for number, _code, messages in report.errors:
            self.stdout.write(f"  row {number}: {'; '.join(messages)}")
        if report.errors:
            raise CommandError(f"{len(report.errors)} rows were refused; the others were saved.")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Write the date as YYYY-MM-DD, not {text!r}.") from None
