from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API under /api/v1/ for host organisations' systems, reporting tools and the
    area's other systems (docs/api.md)."""

    name = "osmari.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from osmari.core import audit_actions

        audit_actions.register(
            {
                "api.token_issued": _("Issued an API token"),
                "api.token_revoked": _("Revoked an API token"),
                "api.call": _("A system called the API"),
                "api.call_refused": _("An API call was refused: no valid token"),
            }
        )
