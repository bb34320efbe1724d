"""The client record's part of the day's work on the start pages (`osmari.accounts.work`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from osmari.accounts.work import WorkItem
from osmari.clients.selectors import eura_pending_for_user

ITEMS = [
    WorkItem(
        "esf_data_to_enter",
        _("ESF+ start or exit data still to enter in EURA 2021"),
        lambda user: eura_pending_for_user(user=user),
        "client__coach",
        lambda coach_id: reverse("clients:eura_pending"),
    ),
]
