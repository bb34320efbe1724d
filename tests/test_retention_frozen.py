"""Before anyone's rows are destroyed, the ESF+ indicators and targets of each closed
reporting period are frozen, so that what was reported stays as reported: tested on the
hand-built indicator dataset of the reporting tests. (Here, not in an app: the reporting
app is one that no other app imports.)"""

from __future__ import annotations

from datetime import date

import pytest

from osmari.clients.models import Enrolment
from osmari.privacy import destruction
from osmari.privacy.models import DestructionList, FrozenPeriod
from osmari.privacy.tests.test_retention import run
from osmari.reporting import periods, selectors
from osmari.reporting.tests.builders import build_dataset, make_programme

pytestmark = [pytest.mark.django_db]


def test_closed_periods_keep_their_reported_numbers_when_participants_are_destroyed(area, manager):
    programme = make_programme(area)  # 1.8.2025–31.7.2028, six-month claim periods
    build_dataset(area, recorded_by=manager)
    spans = periods.spans(programme.starts_on, programme.ends_on, programme.claim_period_months)
    reported = {
        span: {
            code: result.as_json()["total"]
            for code, result in selectors.indicator_results(
                area=area, start=span.start, end=span.end
            ).items()
        }
        for span in spans[:3]
    }
    today = date(2034, 1, 2)
    # Until the last payment is recorded, the participants are the project's documents.
    assert "the programme's last payment has not been recorded: 4" in run(
        "--dry-run", "--area", area.code, "--today", today.isoformat()
    )
    run("--last-payment", str(programme.pk), "2028-12-01")
    run("--prepare", "--area", area.code, "--today", today.isoformat())
    listing = DestructionList.objects.get()
    destruction.approve(actor=manager, listing=listing)
    run("--today", today.isoformat())

    left = Enrolment.objects.filter(client__area=area, left_on__isnull=False).count()
    assert left == 0  # those who left are gone; those still taking part are kept
    assert Enrolment.objects.filter(client__area=area).count() == 3
    for span in spans[:3]:
        frozen = FrozenPeriod.objects.get(programme=programme, start=span.start, end=span.end)
        assert {c: v["total"] for c, v in frozen.indicators.items()} == reported[span]
    second = spans[1]  # 2/2026–7/2026: people left in it, and are gone from the live rows
    live = selectors.indicator_results(area=area, start=second.start, end=second.end)
    frozen = FrozenPeriod.objects.get(programme=programme, start=second.start)
    # P4 and P5 entered in it and have left: the live count lost them, the reported did not.
    assert live["EECO01"].total == frozen.indicators["EECO01"]["total"] - 2
