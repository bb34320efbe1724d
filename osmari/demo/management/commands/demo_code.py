from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from osmari.accounts.models import User
from osmari.accounts.second_factor import current_code


class Command(BaseCommand):
    help = "Print the code a demo login's authenticator app shows now (development only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        # A code is as good as the phone that shows it: never printed for a real account.
        if settings.DEPLOYMENT == "production":
            raise CommandError(
                "Refusing to print login codes in a production deployment "
                "(OSMARI_DEPLOYMENT=production)."
            )
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No login {email}.")
        try:
            code = current_code(user=user)
        except ValueError as error:
            raise CommandError(f"{email} has no authenticator app.") from error
        self.stdout.write(code)
