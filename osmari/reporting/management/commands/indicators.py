"""`python manage.py indicators --json [--area CODE] [--from YYYY-MM-DD] [--to YYYY-MM-DD]`

Computes every ESF+ indicator of the registry, as the indicator page does, and writes
{"from", "to", "area", "indicators": {CODE: {"total", "women", "men", "non_binary",
"missing", "not_collected"}}}. Entity indicators have no gender split: those three are null.
An indicator whose data are not collected (EECO12-EECO17: EURA 2021 does not ask them in
Finland) has "not_collected": true and every number null.
"""

import json

from django.core.management.base import BaseCommand

from osmari.reporting import facts, indicators
from osmari.reporting.management.arguments import add_area_and_period, area_and_period
from osmari.reporting.selectors import indicator_results


class Command(BaseCommand):
    help = "Compute the ESF+ indicators for an area (or all areas) and a period."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Write JSON.")
        add_area_and_period(parser)

    def handle(self, *args, **options):
        area, start, end = area_and_period(options)
        # What is reported is counted from facts rewritten now, whatever wrote the records.
        facts.facts_refresh(area_id=area.pk if area else None)
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
