from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "osmari.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from osmari.core import audit_actions

        audit_actions.register(
            {
                "client.view_export": _("Gathered everything held about a client"),
                "person.export": _("Gave a person everything held about them"),
                "retention.prepare": _("Listed the records whose retention has ended"),
                "retention.approve": _("Approved a destruction list"),
                "retention.destroy": _("Destroyed a record whose retention had ended"),
                "retention.pseudonymise": _(
                    "Removed the personal data of an account whose retention had ended"
                ),
                "retention.archive": _("Handed a record over to the archive"),
                "retention.execute": _("Carried out a destruction list"),
                "retention.log_expire": _(
                    "Removed the audit log's events of an area whose retention had ended"
                ),
                "retention.last_payment": _("Recorded a programme's last payment"),
                "area.handover_export": _("Exported an employment area whole for its handover"),
                "area.handover_import": _("Loaded an employment area handed over"),
                "area.handover_erase": _("Erased an employment area handed over"),
            }
        )
