from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "osmari.clients"
    label = "clients"
    verbose_name = _("Clients")

    def ready(self) -> None:
        from osmari.accounts.work import work_item_register
        from osmari.clients import work
        from osmari.core import audit_actions

        for item in work.ITEMS:
            work_item_register(item)

        audit_actions.register(
            {
                "coaching.record": _("Recorded a coaching activity"),
                "coaching.kinds_seeded": _("Gave the area the standard kinds of coaching activity"),
                "coaching.kind_add": _("Added a kind of coaching activity"),
                "coaching.kind_retire": _("Retired a kind of coaching activity"),
                "coaching.kind_restore": _("Took a kind of coaching activity back into use"),
                "client.view_coaching": _("Opened the form to record a client's activity"),
                "journal.correct": _("Corrected a journal entry"),
                "plan.step_edit": _("Changed a plan step"),
                "plan.summary": _("Changed a plan's summary"),
                "client.view_journal_entry": _("Viewed a journal entry and its corrections"),
                "client.view_plan_step": _("Opened a plan step to change it"),
                "client.view_plan": _("Opened a plan to change its summary"),
                "appointment.book": _("Booked an appointment with a client"),
                "appointment.cancel": _("Cancelled an appointment with a client"),
                "client.view_appointment": _("Opened the form to book an appointment"),
            }
        )
