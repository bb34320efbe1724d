from django import template

from osmari.participants.ftn import ftn_enabled

register = template.Library()


@register.simple_tag
def strong_identification_on() -> bool:
    """Whether the button for signing in with bank codes or a mobile certificate is shown."""
    return ftn_enabled()
