"""The demo shows client work: activities for most clients, group sessions with attendance."""

import pytest
from django.db.models import Count

from osmari.clients.models import ActivityParticipant, Client, CoachingActivity
from osmari.demo.tests.builders import seed_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_handful_of_activities_per_client_and_group_sessions():
    seed_demo("--scale", "demo", "--seed", "5")
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
    # Seeding again adds nothing.
    before = CoachingActivity.objects.count()
    seed_demo("--scale", "demo", "--seed", "5")
    assert CoachingActivity.objects.count() == before
