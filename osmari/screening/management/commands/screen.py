import json
import sys

from django.core.management.base import BaseCommand, CommandError

from osmari.screening.cases import case_from_json, result_to_json
from osmari.screening.engine import CaseError, evaluate


class Command(BaseCommand):
    help = "Read one JSON case on standard input; write its eligibility result as JSON."
    # Rules over standard input, with no database and no web server: the deployment checks
    # (a web host's ALLOWED_HOSTS, for one) do not concern it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--language", choices=["fi", "sv", "en"], default="fi", help="language of explanations"
        )

    def handle(self, *args, language: str, **options):
        try:
            data = json.loads(sys.stdin.read())
        except json.JSONDecodeError as error:
            raise CommandError(f"case: not valid JSON ({error.msg}, line {error.lineno})") from None
        except RecursionError:
            raise CommandError("case: not a case (lists or objects nested too deep)") from None
        except ValueError:
            # A number of thousands of digits, which Python refuses to read.
            raise CommandError("case: not a case (a number with too many digits)") from None
        try:
            result = evaluate(case_from_json(data))
        except CaseError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            json.dumps(result_to_json(result, language), ensure_ascii=False, indent=2)
        )
