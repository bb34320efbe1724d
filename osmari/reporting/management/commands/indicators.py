"""`python manage.py indicators --json [--area CODE] [--from YYYY-MM-DD] [--to YYYY-MM-DD]`

Computes every ESF+ indicator of the registry, as the indicator page does, and writes
{"from", "to", "area", "indicators": {CODE: {"total", "women", "men", "non_binary",
"missing", "not_collected"}}}. Entity indicators have no gender split: those three are null.
An indicator whose data are not collected (EECO12-EECO17: EURA 2021 does not ask them in
Finland) has "not_collected": true and every number null.
"""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from osmari.core.models import EmploymentArea
from osmari.reporting import indicators
from osmari.reporting.models import Programme
from osmari.reporting.selectors import indicator_results

# The 2021–2027 programming period: nothing before it counts for ESF+.
PERIOD_START = date(2021, 1, 1)


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{name} must be a date in the form YYYY-MM-DD, not {value!r}."
        ) from None


class Command(BaseCommand):
    help = "Compute the ESF+ indicators for an area (or all areas) and a period."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Write JSON.")
        parser.add_argument("--area", help="Employment area code; all areas if left out.")
        parser.add_argument(
            "--from",
            dest="start",
            help="First day, YYYY-MM-DD (default: the area's programme start, or 2021-01-01).",
        )
        parser.add_argument("--to", dest="end", help="Last day, YYYY-MM-DD (default: today).")

    def handle(self, *args, **options):
        area = None
        if options["area"]:
            area = EmploymentArea.objects.filter(code=options["area"]).first()
            if area is None:
                raise CommandError(f"No employment area has the code {options['area']!r}.")
        start = _day(options["start"], "--from")
        end = _day(options["end"], "--to") or timezone.localdate()
        if start is None:
            programme = Programme.objects.filter(area=area).order_by("starts_on").first()
            start = programme.starts_on if area is not None and programme else PERIOD_START
        if start > end:
            raise CommandError("--from must not be after --to.")
        results = indicator_results(area=area, start=start, end=end)
        if options["json"]:
            payload = {
                "from": start.isoformat(),
                "to": end.isoformat(),
                "area": area.code if area else None,
                "indicators": {
                    i.code: results[i.code].as_json(i.by_gender) for i in indicators.REGISTRY
                },
            }
            self.stdout.write(json.dumps(payload, indent=2))
            return
        self.stdout.write(f"{start} – {end}, {area.code if area else 'all areas'}")
        self.stdout.write(
            f"{'code':<8}{'total':>8}{'women':>8}{'men':>8}{'non-bin.':>9}{'missing':>9}  indicator"
        )
        for i in indicators.REGISTRY:
            r = results[i.code]
            if not r.collected:
                self.stdout.write(f"{i.code:<8}{i.not_collected('en'):>42}  {i.label('en')}")
                continue
            split = f"{r.women:>8}{r.men:>8}{r.non_binary:>9}" if i.by_gender else f"{'':>25}"
            self.stdout.write(f"{i.code:<8}{r.total:>8}{split}{r.missing:>9}  {i.label('en')}")
