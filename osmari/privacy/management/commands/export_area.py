"""Write everything of one employment area to one file, for its handover.

manage.py export_area mikkeli --output mikkeli.osmari --passphrase-file handover.key
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from osmari.core.models import EmploymentArea
from osmari.privacy.area_handover import HandoverError, export_area, seal


def passphrase_read(path: str | None) -> str | None:
    """The passphrase's first line, from a file: never an argument, which the process list
    and the shell's history would show."""
    if path is None:
        return None
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()[0].strip()
    except (OSError, IndexError, UnicodeDecodeError) as error:
        raise CommandError(f"The passphrase file {path} cannot be read: {error}") from None


class Command(BaseCommand):
    help = (
        "Write every row and uploaded file of one employment area, and the shared rows they "
        "point to, to one file with a manifest of counts and checksums, sealed with a "
        "passphrase (AES-256-GCM, scrypt). --clear writes the tar unsealed: carry it then as "
        "the database itself."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the area's code, e.g. mikkeli")
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument(
            "--passphrase-file",
            help="a file whose first line is the passphrase (16 characters or more)",
        )
        parser.add_argument(
            "--clear",
            action="store_true",
            help="write the area's people unsealed, in a plain tar",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        passphrase = passphrase_read(options["passphrase_file"])
        if (passphrase is None) == (not options["clear"]):
            raise CommandError(
                "Give --passphrase-file to seal the file, or --clear to write the area's "
                "people unsealed (one of the two)."
            )
        area = EmploymentArea.objects.filter(code=options["code"]).first()
        if area is None:
            raise CommandError(f"No employment area with the code {options['code']!r}.")
        path = Path(options["output"])
        if path.exists():
            raise CommandError(f"{path} exists: give a new file.")
        try:
            # Readable by the operator alone, sealed or not.
            with os.fdopen(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600), "wb") as out:
                if passphrase is None:
                    done = export_area(area, out)
                else:
                    tar = io.BytesIO()
                    done = export_area(area, tar)
                    out.write(seal(tar.getvalue(), passphrase))
        except HandoverError as error:
            path.unlink(missing_ok=True)
            raise CommandError(str(error)) from error
        except BaseException:
            # No half-written file that could pass for an export.
            path.unlink(missing_ok=True)
            raise
        own = sum(e["rows"] for e in done.manifest["fixtures"] if e["kind"] == "own")
        shared = sum(e["rows"] for e in done.manifest["fixtures"] if e["kind"] == "shared")
        sealed = "unsealed" if passphrase is None else "sealed with the passphrase"
        self.stdout.write(
            f"Wrote {path} ({sealed}): {own} rows of {area.code}, {shared} shared rows, "
            f"{len(done.manifest['media'])} files."
        )
        self.stdout.write(f"Handover reference (for erase_area): {done.reference}")
