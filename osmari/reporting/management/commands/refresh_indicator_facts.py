"""`python manage.py refresh_indicator_facts [--area CODE]`

Rewrites the ESF+ indicator facts of an area's enrolments (or of every area's) from the
records, by the registry's rules: after a load that bypassed the services, or after a change
of the ESF+ education buckets. The pages and the `indicators` command count from the facts.
"""

from django.core.management.base import BaseCommand, CommandError

from osmari.core.models import EmploymentArea
from osmari.reporting import facts


class Command(BaseCommand):
    help = "Rewrite the ESF+ indicator facts of an area (or all areas) from the records."

    def add_arguments(self, parser):
        parser.add_argument("--area", help="Employment area code; all areas if left out.")

    def handle(self, *args, **options):
        area = None
        if options["area"]:
            area = EmploymentArea.objects.filter(code=options["area"]).first()
            if area is None:
                raise CommandError(f"No employment area has the code {options['area']!r}.")
        written = facts.facts_refresh(area_id=area.pk if area else None)
        where = area.code if area else "all areas"
        self.stdout.write(f"Indicator facts rewritten: {written} ({where}).")
