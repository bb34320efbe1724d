"""Feedback's part of the day's work on the start pages (`osmari.accounts.work`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from osmari.accounts.work import WorkItem
from osmari.feedback.selectors import follow_ups_for_user

ITEMS = [
    WorkItem(
        "feedback_follow_ups",
        _("Feedback answers to follow up"),
        lambda user: follow_ups_for_user(user=user),
        "client__coach",
        lambda coach_id: f"{reverse('feedback:follow_ups')}?coach={coach_id or ''}",
        permission="feedback.follow_up",
    ),
]
