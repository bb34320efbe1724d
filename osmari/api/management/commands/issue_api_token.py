from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from osmari.api.models import TokenKind
from osmari.api.tokens import DEFAULT_DAYS, issue_token
from osmari.core.audit import operator_name
from osmari.core.models import EmploymentArea
from osmari.employers.models import Organisation


class Command(BaseCommand):
    help = (
        "Issue an API token and print it on its own line (docs/api.md). It is shown only "
        "now: keep it in the calling system's secret store."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--area", required=True, help="The area's code.")
        parser.add_argument("--kind", required=True, choices=TokenKind.values)
        parser.add_argument("--organisation", type=int, help="The organisation's id.")
        parser.add_argument("--write", action="store_true", help="May also write.")
        parser.add_argument("--name", default="", help="The system that uses it.")
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS)

    def handle(self, *args, **options) -> None:
        area = EmploymentArea.objects.filter(code=options["area"]).first()
        if area is None:
            raise CommandError(f"No area {options['area']!r}.")
        organisation = None
        if options["organisation"] is not None:
            organisation = Organisation.objects.filter(
                pk=options["organisation"], area=area
            ).first()
            if organisation is None:
                raise CommandError(f"No organisation {options['organisation']} in {area.code}.")
        operator = operator_name()
        try:
            issued = issue_token(
                actor=None,
                area=area,
                kind=options["kind"],
                organisation=organisation,
                write=options["write"],
                name=options["name"] or f"{options['kind']} (issued by {operator})",
                days=options["days"],
                operator=operator,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(issued.key)
        self.stderr.write(f"Valid until {issued.token.expires_on:%Y-%m-%d}.")
