from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from osmari.demo import seeding
from osmari.reporting import facts


class Command(BaseCommand):
    help = "Create deterministic synthetic demo data and demo logins for every role."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(seeding.SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though the settings say this is a production deployment.",
        )

    def handle(self, *args, scale, seed: int, force: bool, **options):
        if settings.DEPLOYMENT == "production" and not force:
            raise CommandError(
                "Refusing to seed demo data into a production deployment "
                "(OSMARI_DEPLOYMENT=production). Use --force only on a copy."
            )
        # The indicator facts are written once, for everyone, when the records are all there.
        with facts.paused():
            logins = seeding.seed(scale=scale, seed=seed)
        facts.facts_refresh()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready (scale {scale}, seed {seed})."))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {seeding.DEMO_PASSWORD})")
        width = max(len(login.email) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.email:<{width}}  {login.role} – {login.where}")
        self.stdout.write("")
        self.stdout.write(
            "Each login also asks for a code from an authenticator app. Add this key to one "
            "(time-based, the same for every demo login):"
        )
        self.stdout.write(f"  {seeding.DEMO_AUTHENTICATOR_KEY}")
        self.stdout.write("or print the code it shows now: python manage.py demo_code EMAIL")
