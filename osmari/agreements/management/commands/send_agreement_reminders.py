from django.core.management.base import BaseCommand
from django.utils import timezone

from osmari.agreements.services import agreement_reminders_send


class Command(BaseCommand):
    help = "Mark agreements whose review date has come and remind of validity ending (run daily)."

    def handle(self, *args, **options):
        sent = agreement_reminders_send(today=timezone.localdate())
        self.stdout.write(f"review reminders {sent['review']}, expiry reminders {sent['expiry']}")
