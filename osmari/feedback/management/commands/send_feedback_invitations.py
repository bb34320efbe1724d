from django.core.management.base import BaseCommand
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
        "week later (run daily; running again, or after a crash, invites nobody twice). "
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
        sent, reminded = invitations_send(today=today)
        self.stdout.write(f"invitations made {made}, sent {sent}, reminders {reminded}")
