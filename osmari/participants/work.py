"""The participants' part of the day's work on the start pages (`osmari.accounts.work`):
what participants wrote to their coach from their own pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from osmari.accounts.work import WorkItem
from osmari.participants.selectors import messages_for_user

ITEMS = [
    WorkItem(
        "participant_messages",
        _("Messages from participants"),
        lambda user: messages_for_user(user=user),
        "client__coach",
        lambda coach_id: f"{reverse('participant_messages:list')}?coach={coach_id or ''}",
        permission="participants.messages",
    ),
]
