from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "osmari.screening"
    label = "screening"
    verbose_name = _("Identification and eligibility")

    def ready(self) -> None:
        from osmari.accounts.work import work_item_register
        from osmari.clients.selectors import list_column_register
        from osmari.screening import work
        from osmari.screening.selectors import LATEST_PROPOSAL_COLUMN

        # The client list finds people by their latest proposal, which this app records.
        list_column_register(LATEST_PROPOSAL_COLUMN)
        # The start pages count people waiting for a proposal.
        for item in work.ITEMS:
            work_item_register(item)
