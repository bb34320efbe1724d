from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "osmari.feedback"
    label = "feedback"
    verbose_name = _("Feedback")

    def ready(self) -> None:
        from osmari.accounts.work import work_item_register
        from osmari.feedback import work

        for item in work.ITEMS:
            work_item_register(item)
