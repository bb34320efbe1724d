from django.core.management.base import BaseCommand

from osmari.core.reference import reference_load


class Command(BaseCommand):
    help = "Load or refresh the shipped classifications (safe to run again)."

    def handle(self, *args, **options):
        counts = reference_load()
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
