"""The demo shows client work: activities for most clients, group sessions with attendance,
and coming appointments that the people see on their own pages."""

import pytest
from django.db.models import Count
from django.utils import timezone

from osmari.clients.models import ActivityParticipant, Appointment, Client, CoachingActivity
from osmari.demo.tests.builders import SHOWN_DEMO, seed_demo
from osmari.participants.selectors import own_appointments

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_handful_of_activities_per_client_and_group_sessions(demo):
    clients = Client.objects.filter(area__code="mikkeli")
    with_work = clients.annotate(n=Count("coaching_activities")).filter(n__gte=2).count()
    assert with_work > clients.count() * 0.7
    sessions = CoachingActivity.objects.filter(client__isnull=True, kind__is_group=True)
    assert sessions.exists()
    attendance = set(
        ActivityParticipant.objects.filter(activity__in=sessions).values_list(
            "attendance", flat=True
        )
    )
    assert attendance == {"present", "absent"}
    booked = Appointment.objects.filter(area__code="mikkeli")
    assert 3 <= booked.values("client").distinct().count() <= 8
    assert own_appointments(booked.first().client, timezone.now()).exists()
    # Seeding again adds nothing.
    before = CoachingActivity.objects.count(), Appointment.objects.count()
    seed_demo(*SHOWN_DEMO)
    assert (CoachingActivity.objects.count(), Appointment.objects.count()) == before
