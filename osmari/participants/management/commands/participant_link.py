from django.core.management.base import BaseCommand, CommandError

from osmari.clients.models import Client
from osmari.core.audit import operator_name
from osmari.participants.links import link_lifetime_seconds, sign_in_link_make


class Command(BaseCommand):
    help = "Print a one-time sign-in link for a participant (a client), valid once and briefly."

    def add_arguments(self, parser) -> None:
        parser.add_argument("client_id", type=int)

    def handle(self, *args, client_id: int, **options) -> None:
        client = Client.objects.select_related("area").filter(pk=client_id).first()
        if client is None:
            raise CommandError(f"No client {client_id}.")
        link = sign_in_link_make(actor=None, client=client, operator=operator_name())
        self.stdout.write(link)
        minutes = link_lifetime_seconds() // 60
        self.stderr.write(f"Valid once, for {minutes} minutes.")
