"""Write everything of one employment area to one file, for its handover.

manage.py export_area mikkeli --output mikkeli.tar
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from osmari.core.models import EmploymentArea
from osmari.privacy.area_handover import HandoverError, export_area


class Command(BaseCommand):
    help = (
        "Write every row and uploaded file of one employment area, and the shared rows they "
        "point to, to one tar file with a manifest of counts and checksums. The file holds "
        "personal data in clear: carry it as the database itself."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the area's code, e.g. mikkeli")
        parser.add_argument("--output", required=True, help="the file to write (.tar)")

    def handle(self, *args: Any, **options: Any) -> None:
        area = EmploymentArea.objects.filter(code=options["code"]).first()
        if area is None:
            raise CommandError(f"No employment area with the code {options['code']!r}.")
        path = Path(options["output"])
        if path.exists():
            raise CommandError(f"{path} exists: give a new file.")
        try:
            # Readable by the operator alone: the file holds the area's people in clear.
            with os.fdopen(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600), "wb") as out:
                done = export_area(area, out)
        except HandoverError as error:
            path.unlink(missing_ok=True)
            raise CommandError(str(error)) from error
        except BaseException:
            # No half-written file that could pass for an export.
            path.unlink(missing_ok=True)
            raise
        own = sum(e["rows"] for e in done.manifest["fixtures"] if e["kind"] == "own")
        shared = sum(e["rows"] for e in done.manifest["fixtures"] if e["kind"] == "shared")
        self.stdout.write(
            f"Wrote {path}: {own} rows of {area.code}, {shared} shared rows, "
            f"{len(done.manifest['media'])} files."
        )
        self.stdout.write(f"Handover reference (for erase_area): {done.reference}")
