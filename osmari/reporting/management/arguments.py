"""The area and period arguments of the reporting commands, read one way for all of them."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from osmari.core.models import EmploymentArea
from osmari.reporting.models import Programme

# The 2021–2027 programming period: nothing before it counts for ESF+.
PERIOD_START = date(2021, 1, 1)


def add_area_and_period(parser: ArgumentParser) -> None:
    parser.add_argument("--area", help="Employment area code; all areas if left out.")
    parser.add_argument(
        "--from",
        dest="start",
        help="First day, YYYY-MM-DD (default: the area's programme start, or 2021-01-01).",
    )
    parser.add_argument("--to", dest="end", help="Last day, YYYY-MM-DD (default: today).")


def day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{name} must be a date in the form YYYY-MM-DD, not {value!r}."
        ) from None


def area_and_period(options: dict[str, Any]) -> tuple[EmploymentArea | None, date, date]:
    """The area (None: all areas) and the first and last day, both included."""
    area = None
    if options["area"]:
        area = EmploymentArea.objects.filter(code=options["area"]).first()
        if area is None:
            raise CommandError(f"No employment area has the code {options['area']!r}.")
    start = day(options["start"], "--from")
    end = day(options["end"], "--to") or timezone.localdate()
    if start is None:
        programme = Programme.objects.filter(area=area).order_by("starts_on").first()
        start = programme.starts_on if area is not None and programme else PERIOD_START
    if start > end:
        raise CommandError("--from must not be after --to.")
    return area, start, end
