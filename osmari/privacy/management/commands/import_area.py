"""Load an employment area's export into this (fresh, migrated, load_reference done)
installation, keeping the rows' keys, and check it against the export's manifest.

manage.py import_area mikkeli.osmari --passphrase-file handover.key
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from osmari.privacy.area_handover import HandoverError, import_area
from osmari.privacy.management.commands.export_area import passphrase_read


class Command(BaseCommand):
    help = (
        "Load an area's export (export_area) into this installation, all or nothing, and "
        "check every model's rows against the manifest's checksums."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the export_area file")
        parser.add_argument(
            "--passphrase-file", help="a file whose first line is the sealed file's passphrase"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            loaded = import_area(options["file"], passphrase_read(options["passphrase_file"]))
        except HandoverError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Loaded {loaded.area}: {sum(loaded.own.values())} rows in {len(loaded.own)} "
            f"models, {sum(loaded.shared_added.values())} shared rows added, "
            f"{sum(loaded.shared_kept.values())} already here, {loaded.files} files; "
            "every checksum matches the export."
        )
