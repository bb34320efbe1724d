"""Write everything Osmari holds about one client, for their request to see it (GDPR art. 15).

manage.py export_person 42                      # JSON on standard output
manage.py export_person 42 --format pdf --output asiakas-42.pdf
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from osmari.privacy import services
from osmari.privacy.export import CONTENT_TYPES, client_for_export, export_file, person_export


class Command(BaseCommand):
    help = (
        "Write everything Osmari holds about one client (GDPR art. 15) as JSON or PDF, in "
        "the client's own language; the export is logged as a disclosure to the client."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "client_id", type=int, help="the client's id (the number in its address)"
        )
        parser.add_argument("--format", choices=sorted(CONTENT_TYPES), default="json")
        parser.add_argument(
            "--output", default="", help="the file to write; standard output if not given"
        )
        parser.add_argument(
            "--language",
            choices=["fi", "sv", "en"],
            default="",
            help="write in this language instead of the client's own",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        client = client_for_export(options["client_id"])
        if client is None:
            raise CommandError(f"No client with the id {options['client_id']}.")
        fmt: str = options["format"]
        content = export_file(person_export(client=client, language=options["language"]), fmt)
        # Made on the server for the person: they are the recipient.
        services.person_export_recorded(
            actor=None, client=client, fmt=fmt, recipient=client.person_ref
        )
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            self.stderr.write(f"Wrote {len(content)} bytes to {options['output']}.")
        elif fmt == "json":
            self.stdout.write(content.decode("utf-8"))
        else:
            # A PDF is bytes: straight to the stream under the command's output.
            stream: Any = self.stdout._out
            binary = getattr(stream, "buffer", stream)
            binary.write(content)
