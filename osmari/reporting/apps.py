from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "osmari.reporting"
    label = "reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from osmari.core import retention_hooks
        from osmari.reporting import closed_periods

        # The end of retention keeps each closed period's numbers as reported, and hands
        # the programme's own records to the archive when their time comes.
        retention_hooks.register(
            programmes=closed_periods.programmes,
            closed_periods=closed_periods.closed_periods,
            programme_records=closed_periods.programme_records,
            programme_remove=closed_periods.programme_remove,
        )
