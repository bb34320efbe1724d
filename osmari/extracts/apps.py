from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExtractsConfig(AppConfig):
    name = "osmari.extracts"
    label = "extracts"
    verbose_name = _("Register extracts")

    def ready(self) -> None:
        from osmari.accounts.work import work_item_register
        from osmari.clients.follow_ups import extract_reader_register
        from osmari.core import audit_actions
        from osmari.extracts import work

        # The start pages count the differences still to resolve.
        for item in work.ITEMS:
            work_item_register(item)
        # The six-month follow-up list says which results the extract gives.
        from osmari.extracts.follow_ups import extract_answers

        extract_reader_register(extract_answers)

        audit_actions.register(
            {
                "extract.import": _("Imported a register extract"),
                "extract.fact": _("Imported a client's facts from a register extract"),
                "extract.mapping": _("Changed the register extract's column mapping"),
                "extract.accept": _("Accepted the register's value"),
                "extract.note": _("Noted why the register's value was not taken"),
                "client.view_reconcile": _("Saw a client among register differences"),
                "client.view_extract_import": _("Saw a client in an extract's row report"),
            }
        )
