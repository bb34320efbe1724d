from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    """The participant's own Osmari: their path, consents, forms and data, on their phone."""

    name = "osmari.participants"
    label = "participants"
    verbose_name = _("Participant's own view")
