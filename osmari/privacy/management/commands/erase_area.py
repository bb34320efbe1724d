"""Erase every row and file of an employment area whose export was handed over.

manage.py erase_area mikkeli --confirm-handover <the reference export_area printed>
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from osmari.core.models import EmploymentArea
from osmari.privacy.area_handover import HandoverError, erase_area


class Command(BaseCommand):
    help = (
        "Delete every row and uploaded file of one employment area, only after its export "
        "was written and while the area holds exactly what the export holds; the erasure "
        "is recorded in the audit log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the area's code")
        parser.add_argument(
            "--confirm-handover",
            required=True,
            dest="reference",
            help="the handover reference export_area printed (the manifest's checksum)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        area = EmploymentArea.objects.filter(code=options["code"]).first()
        if area is None:
            raise CommandError(f"No employment area with the code {options['code']!r}.")
        try:
            erased = erase_area(area, reference=options["reference"])
        except HandoverError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Erased {area.code}: {sum(erased.rows.values())} rows, {erased.files} files, "
            f"{erased.log_events} log events; {erased.accounts_ended} accounts ended."
        )
