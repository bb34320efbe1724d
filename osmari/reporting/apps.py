from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "osmari.reporting"
    label = "reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from osmari.core import retention_hooks
        from osmari.employers.page_notices import notice_register
        from osmari.reporting import closed_periods, facts, trial_texts

        # A person's indicator fact is rewritten in the transaction that saves its sources.
        facts.connect()

        # The end of retention keeps each closed period's numbers as reported, and hands
        # the programme's own records to the archive when their time comes.
        retention_hooks.register(
            programmes=closed_periods.programmes,
            closed_periods=closed_periods.closed_periods,
            programme_records=closed_periods.programme_records,
            programme_remove=closed_periods.programme_remove,
        )
        # An organisation's page says when its work trials are worth a look.
        notice_register(trial_texts.organisation_notices)
        # The manager's start page lists the work plan's overdue milestones.
        from osmari.accounts import work
        from osmari.reporting import workplan_selectors

        work.notice_register(workplan_selectors.overdue_notices)
        # A participant's page tells them the project code to give in EURA 2021.
        from osmari.clients import eura
        from osmari.reporting import selectors

        eura.project_code_source_register(selectors.eura_project_code)
