"""Two coaches taking the last place at the same moment: one gets it, the other is told."""

import threading
from datetime import date

import pytest
from django.db import connection

from osmari.agreements.tests.builders import make_active_agreement
from osmari.clients.tests.builders import make_jobseeker
from osmari.employers.tests.builders import make_position
from osmari.placements import services
from osmari.placements.models import Placement
from osmari.placements.tests.builders import trial


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_two_coaches_cannot_both_take_the_last_place(
    tables_put_back_afterwards, coach, area, organisation
):
    make_active_agreement(organisation, coach)
    position = make_position(organisation, coach, capacity=1)
    people = [make_jobseeker(coach, area), make_jobseeker(coach, area, code="010170-100R")]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(client):
        try:
            start.wait()
            services.placement_create(
                actor=coach,
                client=client,
                position=position,
                fields=trial(date(2026, 12, 1), date(2027, 1, 31)),
            )
            outcomes.append("planned")
        except services.PlacementRefused as refused:
            outcomes.append(",".join(r.code for r in refused.reasons))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["pl_capacity", "planned"]
    assert Placement.objects.count() == 1
