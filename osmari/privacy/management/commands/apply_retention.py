"""The end of retention, per area and record type.

manage.py apply_retention --dry-run [--area CODE] [--today YYYY-MM-DD]   # what is due, and why
manage.py apply_retention --prepare [--area CODE]    # a destruction list for the manager
manage.py apply_retention [--area CODE] [--list ID]  # carry out the approved lists
manage.py apply_retention --last-payment PROGRAMME_ID YYYY-MM-DD  # ESF+ retention starts
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from osmari.core import retention_hooks
from osmari.core.models import EmploymentArea
from osmari.privacy import destruction, due
from osmari.privacy.models import DestructionList


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(_("Not a date (YYYY-MM-DD): %(value)s") % {"value": value}) from error


class Command(BaseCommand):
    help = (
        "Destroy the records whose retention has ended, per the register: --dry-run shows "
        "what is due, --prepare lists it for the manager's approval, and without either the "
        "approved lists are carried out."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="show what is due; change nothing")
        mode.add_argument("--prepare", action="store_true", help="make a destruction list")
        mode.add_argument(
            "--last-payment",
            nargs=2,
            metavar=("PROGRAMME_ID", "DATE"),
            help="record the day of a programme's last payment from the funder",
        )
        parser.add_argument("--area", default="", help="the area's code; every area if not given")
        parser.add_argument("--list", type=int, default=0, help="carry out only this list")
        parser.add_argument("--today", default="", help="the day to count from (YYYY-MM-DD)")
        parser.add_argument(
            "--language", choices=["fi", "sv", "en"], default="", help="the language of the output"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["language"]:
            with translation.override(options["language"]):
                self._handle(options)
        else:
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        today = _day(options["today"]) if options["today"] else timezone.localdate()
        if options["last_payment"]:
            self._last_payment(*options["last_payment"])
            return
        areas = EmploymentArea.objects.order_by("code")
        if options["area"]:
            areas = areas.filter(code=options["area"])
            if not areas.exists():
                raise CommandError(_("No area with the code %(code)s.") % {"code": options["area"]})
        if options["dry_run"]:
            for area in areas:
                self._dry_run(area, today)
        elif options["prepare"]:
            for area in areas:
                listing = destruction.prepare(actor=None, area=area, today=today)
                self.stdout.write(
                    _(
                        "%(area)s: destruction list %(list)s prepared with %(count)s records; "
                        "it waits for the manager's approval."
                    )
                    % {"area": area.code, "list": listing.pk, "count": listing.total}
                )
        else:
            self._execute(areas, options["list"], today)

    def _last_payment(self, programme_id: str, day: str) -> None:
        paid_on = _day(day)
        for area in EmploymentArea.objects.all():
            for programme in retention_hooks.programmes(area):
                if str(programme.pk) == programme_id:
                    destruction.payment_record(
                        actor=None, area=area, programme_id=programme.pk, last_paid_on=paid_on
                    )
                    self.stdout.write(
                        _("Programme %(programme)s: last payment %(day)s recorded.")
                        % {"programme": programme_id, "day": day}
                    )
                    return
        raise CommandError(_("No programme %(programme)s.") % {"programme": programme_id})

    def _dry_run(self, area: EmploymentArea, today: date) -> None:
        self.stdout.write(
            _("%(area)s: retention on %(day)s (dry run)")
            % {"area": f"{area.code} {area}", "day": today.isoformat()}
        )
        for report in due.due_in(area, today):
            retention = report.retention
            if report.action in due.LISTED:
                action = _("%(count)s due, %(action)s") % {
                    "count": report.due_count,
                    "action": retention.at_end,
                }
            elif report.kept_count is None:
                action = _("kept, not counted")
            else:
                action = _("kept: %(count)s past their period") % {"count": report.kept_count}
            self.stdout.write(f"  {report.record.name}: {action}")
            self.stdout.write(f"    {retention.period}; {retention.label}")
            if retention.confirm:
                self.stdout.write("    " + _("to confirm: %(what)s") % {"what": retention.confirm})
            for reason, count in sorted(report.held.items()):
                self.stdout.write(
                    "    "
                    + _("kept, %(reason)s: %(count)s")
                    % {"reason": due.HELD_REASONS[reason], "count": count}
                )
            if report.note:
                self.stdout.write(f"    {report.note}")
        self.stdout.write("  " + _("Sources: docs/privacy.md. Nothing was changed."))

    def _execute(self, areas: Any, only: int, today: date) -> None:
        lists = DestructionList.objects.filter(area__in=areas, executed_at__isnull=True)
        if only:
            listing = DestructionList.objects.filter(pk=only, area__in=areas).first()
            if listing is None:
                raise CommandError(_("No destruction list %(list)s.") % {"list": only})
            lists = DestructionList.objects.filter(pk=only)
        waiting = [str(x.pk) for x in lists if x.approved_at is None]
        if only and waiting:
            raise CommandError(
                _(
                    "Destruction list %(list)s has not been approved by the manager: "
                    "nothing was destroyed."
                )
                % {"list": only}
            )
        done = 0
        for listing in lists.filter(approved_at__isnull=False).order_by("pk"):
            outcome = destruction.execute(actor=None, listing=listing, today=today)
            if outcome.already_done:
                self.stdout.write(
                    _("List %(list)s: carried out already; nothing more destroyed.")
                    % {"list": listing.pk}
                )
                continue
            done += 1
            counts = ", ".join(f"{k} {n}" for k, n in sorted(outcome.destroyed.items())) or "0"
            self.stdout.write(
                _("List %(list)s (%(area)s): destroyed %(counts)s.")
                % {"list": listing.pk, "area": listing.area.code, "counts": counts}
            )
            for key, n in sorted(outcome.no_longer_due.items()):
                self.stdout.write(
                    "  " + _("kept, no longer due: %(what)s") % {"what": f"{key} {n}"}
                )
            if outcome.waiting_for_owner:
                self.stdout.write(
                    "  "
                    + _(
                        "The database refused to remove the audit log's events for this "
                        "role: the database owner runs expire_audit_log to carry out list "
                        "%(list)s."
                    )
                    % {"list": listing.pk}
                )
        if waiting:
            self.stdout.write(
                _("Waiting for the manager's approval, nothing destroyed: list %(lists)s.")
                % {"lists": ", ".join(waiting)}
            )
        if not done and not waiting:
            self.stdout.write(_("Nothing to destroy: every approved list has been carried out."))
