from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from osmari.core.models import EmploymentArea
from osmari.feedback.services import (
    invitations_schedule,
    invitations_send,
    organisation_survey_schedule,
)


class Command(BaseCommand):
    help = (
        "Make the feedback invitations due from period dates, e-mail them, and remind once a "
        "week later with the same link (run daily; running again, after a crash, or while "
        "another run is going, mails nobody twice; a mail the server refuses is tried again "
        "on the next run). "
        "With --annual, also invite every partner organisation to this year's survey."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--annual",
            action="store_true",
            help="invite the partner organisations of every area to the annual survey",
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        made = invitations_schedule(today=today)
        if options["annual"]:
            for area in EmploymentArea.objects.filter(is_active=True):
                made += organisation_survey_schedule(area=area, year=today.year, today=today)
        run = invitations_send(today=today)
        self.stdout.write(
            f"invitations made {made}, sent {run.sent}, reminders {run.reminded}, "
            f"not accepted by the mail server {run.failed}"
        )
        if run.failed:
            # A failing exit makes cron or the systemd timer report it; the next run retries.
            raise CommandError(
                f"The mail server did not accept {run.failed} e-mails; "
                "they stay unsent and the next run tries them again."
            )
