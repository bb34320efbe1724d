from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    """The participant's own Osmari: their path, consents, forms and data, on their phone."""

    name = "osmari.participants"
    label = "participants"
    verbose_name = _("Participant's own view")

    def ready(self) -> None:
        from osmari.core import audit_actions

        audit_actions.register(
            {
                "participant.link_made": _("Made a one-time sign-in link for a participant"),
                "participant.link_email": _("E-mailed a one-time sign-in link to a participant"),
                "participant.links_revoked": _("Revoked a participant's sign-in links"),
                "participant.sign_in": _("A participant signed in to their own view"),
                "participant.sign_in_refused": _(
                    "Strong identification found no client record to sign in to"
                ),
                "client.view_own": _("A participant viewed their own data"),
                "participant.message": _("A participant wrote to their coach"),
                "participant.message_handled": _("Dealt with a participant's message"),
                "client.view_participant_messages": _("Saw a client among participants' messages"),
            }
        )
        from osmari.accounts.work import work_item_register
        from osmari.participants import work

        for item in work.ITEMS:
            work_item_register(item)
