"""The end of the audit log's own retention (register.LOG_RECORD: five years from the event).

manage.py expire_audit_log --dry-run [--today YYYY-MM-DD]   # how many events are past it
manage.py expire_audit_log [--today YYYY-MM-DD]             # remove them

On PostgreSQL, run it as the database owner (the role that runs `migrate`): the
application's role may neither remove events nor allow their removal.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from osmari.core import register
from osmari.core.audit import log_expire
from osmari.core.models import AuditEvent
from osmari.privacy import retention


class Command(BaseCommand):
    help = (
        "Remove the audit log's events whose retention (five years from the event) has ended; "
        "--dry-run counts them. On PostgreSQL, run as the database owner."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count; change nothing")
        parser.add_argument("--today", default="", help="the day to count from (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError as error:
            raise CommandError(
                _("Not a date (YYYY-MM-DD): %(value)s") % {"value": options["today"]}
            ) from error
        today = today or timezone.localdate()
        day = retention.log_due_before(today, register.LOG_RECORD.years)
        before = timezone.make_aware(datetime.combine(day, time.min))
        due = AuditEvent.objects.filter(occurred_at__lt=before).count()
        if options["dry_run"]:
            self.stdout.write(
                ngettext(
                    "%(count)s event occurred before %(day)s: its retention has ended.",
                    "%(count)s events occurred before %(day)s: their retention has ended.",
                    due,
                )
                % {"count": due, "day": day.isoformat()}
            )
            return
        try:
            removed = log_expire(before=before)
        except DatabaseError as error:
            raise CommandError(
                _(
                    "The database refused: %(error)s. Run this command as the database owner, "
                    "the role that runs migrate."
                )
                % {"error": error}
            ) from error
        self.stdout.write(
            ngettext(
                "%(count)s event that occurred before %(day)s was removed.",
                "%(count)s events that occurred before %(day)s were removed.",
                removed,
            )
            % {"count": removed, "day": day.isoformat()}
        )
