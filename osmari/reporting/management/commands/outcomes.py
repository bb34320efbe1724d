"""`python manage.py outcomes --json [--area CODE] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
--by gender|age_band|language|municipality`

Counts the programme's participants by group, as the ESF+ indicators count them, and writes
{"from", "to", "area", "by", "groups": {KEY: {"entered", "left", "employed", "education",
"job_searching", "employed_6_months"}}}. `entered` counts entries within the period; the
others count those who left within it, by their situation on leaving (`employed` includes
self-employment) and by the six-month follow-up. Gender, age band and language always have
all their keys; municipalities (three-digit codes) appear where someone entered or left.

Every count is written as it is, for the operators who answer for the programme's figures (as
`indicators` does). `--hide-small` writes them as the reporting pages show them to those who
see aggregates only: a count of a group under the area's minimum group size is null ("–" in the
table), with enough others that it cannot be worked out from the total. Without `--area` the
largest minimum of all areas is used.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from osmari.core.models import EmploymentArea
from osmari.reporting import outcomes
from osmari.reporting.management.arguments import add_area_and_period, area_and_period
from osmari.reporting.selectors import HIDDEN, outcome_groups


class Command(BaseCommand):
    help = "Count entries and outcomes by group for an area (or all areas) and a period."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Write JSON.")
        add_area_and_period(parser)
        # Checked in handle(), not by argparse's choices, so that a wrong value gets the same
        # kind of message as every other wrong argument.
        parser.add_argument(
            "--by", required=True, help=f"Group by one of: {', '.join(outcomes.BY)}."
        )
        parser.add_argument(
            "--hide-small",
            action="store_true",
            help="Hide groups under the area's minimum group size, as the pages do.",
        )

    def handle(self, *args, **options):
        by = options["by"]
        if by not in outcomes.BY:
            raise CommandError(f"--by must be one of {', '.join(outcomes.BY)}, not {by!r}.")
        area, start, end = area_and_period(options)
        groups = outcome_groups(area=area, start=start, end=end, by=by)
        if options["hide_small"]:
            groups, _total = outcomes.hide_small(groups, minimum(area))
        if options["json"]:
            payload = {
                "from": start.isoformat(),
                "to": end.isoformat(),
                "area": area.code if area else None,
                "by": by,
                "groups": groups,
            }
            self.stdout.write(json.dumps(payload, indent=2))
            return
        self.stdout.write(f"{start} – {end}, {area.code if area else 'all areas'}, by {by}")
        self.stdout.write(f"{'group':<12}" + "".join(f"{name:>18}" for name in outcomes.COUNTS))
        for key, counts in groups.items():
            self.stdout.write(
                f"{key:<12}" + "".join(f"{_cell(counts[n]):>18}" for n in outcomes.COUNTS)
            )


def _cell(value: int | None) -> str:
    return HIDDEN if value is None else str(value)


def minimum(area: EmploymentArea | None) -> int:
    if area is not None:
        return area.min_group_size
    return max(EmploymentArea.objects.values_list("min_group_size", flat=True), default=5)
