from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    name = "osmari.employers"
    label = "employers"
    verbose_name = _("Host organisations")

    def ready(self) -> None:
        from osmari.core import audit_actions

        audit_actions.register(
            {
                "organisation.reduction_add": _(
                    "Recorded a layoff or dismissal at an organisation"
                ),
                "organisation.letter_of_intent_add": _(
                    "Recorded an organisation's letter of intent"
                ),
                "organisation.letter_of_intent_download": _(
                    "Downloaded an organisation's letter of intent"
                ),
            }
        )
