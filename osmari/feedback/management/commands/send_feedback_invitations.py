from django.core.management.base import BaseCommand
from django.utils import timezone

from osmari.feedback.services import invitations_schedule, invitations_send


class Command(BaseCommand):
    help = (
        "Make the feedback invitations due from period dates, e-mail them, and remind once a "
        "week later (run daily; running again, or after a crash, invites nobody twice)."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        made = invitations_schedule(today=today)
        sent, reminded = invitations_send(today=today)
        self.stdout.write(f"invitations made {made}, sent {sent}, reminders {reminded}")
