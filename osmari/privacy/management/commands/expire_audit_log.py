"""The end of the audit log's own retention (register.LOG_RECORD: five years from the event).

manage.py expire_audit_log --dry-run [--today YYYY-MM-DD]   # how many events are past it
manage.py expire_audit_log                  # carry out the log ranges of approved lists
manage.py expire_audit_log --without-area [--today YYYY-MM-DD]
                                            # events recorded without an area (sign-ins)

An area's events go only as a range on a destruction list the manager has approved
(`apply_retention --prepare`, then `/privacy/retention/`). `apply_retention` removes them
itself where the database lets it; on PostgreSQL the application's role may neither remove
events nor allow their removal, so the database owner (the role that runs `migrate`) runs
this command to carry out the approved ranges.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from osmari.core.audit import log_expire
from osmari.core.models import AuditEvent
from osmari.privacy import destruction, due
from osmari.privacy.models import DestructionEntry


def _refused(error: DatabaseError) -> CommandError:
    return CommandError(
        _(
            "The database refused: %(error)s. Run this command as the database owner, "
            "the role that runs migrate."
        )
        % {"error": error}
    )


class Command(BaseCommand):
    help = (
        "Remove the audit log's events whose retention (five years from the event) has ended: "
        "the ranges of approved destruction lists, or with --without-area the events recorded "
        "without an area; --dry-run counts them. On PostgreSQL, run as the database owner."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="count; change nothing")
        mode.add_argument(
            "--without-area",
            action="store_true",
            help="remove the events recorded without an area (on no area's list)",
        )
        parser.add_argument("--today", default="", help="the day to count from (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError as error:
            raise CommandError(
                _("Not a date (YYYY-MM-DD): %(value)s") % {"value": options["today"]}
            ) from error
        before = due.log_cutoff(today or timezone.localdate())
        day = before.date().isoformat()
        if options["dry_run"]:
            count = AuditEvent.objects.filter(occurred_at__lt=before).count()
            self.stdout.write(
                ngettext(
                    "%(count)s event occurred before %(day)s: its retention has ended.",
                    "%(count)s events occurred before %(day)s: their retention has ended.",
                    count,
                )
                % {"count": count, "day": day}
            )
            return
        if options["without_area"]:
            try:
                removed = log_expire(before=before, area=None)
            except DatabaseError as error:
                raise _refused(error) from error
            self.stdout.write(
                ngettext(
                    "%(count)s event without an area that occurred before %(day)s was removed.",
                    "%(count)s events without an area that occurred before %(day)s were removed.",
                    removed,
                )
                % {"count": removed, "day": day}
            )
            return
        self._approved_ranges()

    def _approved_ranges(self) -> None:
        entries = DestructionEntry.objects.filter(
            object_pk__startswith=due.LOG_RANGE,
            destroyed_at__isnull=True,
            destruction_list__approved_at__isnull=False,
        ).select_related("destruction_list__area")
        if not entries:
            self.stdout.write(_("No approved list holds the audit log's events: nothing removed."))
            return
        for entry in entries:
            try:
                removed = destruction.log_range_expire(actor=None, entry=entry)
            except DatabaseError as error:
                raise _refused(error) from error
            self.stdout.write(
                ngettext(
                    "List %(list)s (%(area)s): %(count)s event that occurred before %(day)s "
                    "was removed.",
                    "List %(list)s (%(area)s): %(count)s events that occurred before %(day)s "
                    "were removed.",
                    removed,
                )
                % {
                    "list": entry.destruction_list_id,
                    "area": entry.destruction_list.area.code,
                    "count": removed,
                    "day": entry.object_pk.removeprefix(due.LOG_RANGE),
                }
            )
