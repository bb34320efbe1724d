from django import template

from osmari.clients.models import Client
from osmari.participants.models import MessageToCoach

register = template.Library()


@register.simple_tag
def open_messages_of(client: Client) -> int:
    """How many of what the person wrote on their own pages wait for their coach: shown on
    the client's page, which its reader may already see."""
    return MessageToCoach.objects.filter(client=client, handled_at__isnull=True).count()
