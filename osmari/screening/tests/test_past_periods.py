"""Which recorded periods the law counts, and to which day: said once for every case."""

from __future__ import annotations

from datetime import date

import pytest

from osmari.screening.cases import past_period
from osmari.screening.engine import PastPlacement


def _period(status: str, ended: date | None = None) -> PastPlacement | None:
    return past_period(
        kind="work_trial",
        status=status,
        organisation="1234567-1",
        organisation_kind="company",
        tasks="Varastotyö",
        start=date(2026, 1, 1),
        planned_end=date(2026, 6, 30),
        ended=ended,
    )


@pytest.mark.parametrize("status", ["planned", "active"])
def test_a_planned_or_running_period_counts_to_its_planned_end(status: str) -> None:
    assert _period(status) == PastPlacement(
        "work_trial", "1234567-1", "company", "Varastotyö", date(2026, 1, 1), date(2026, 6, 30)
    )


@pytest.mark.parametrize("status", ["ended", "interrupted"])
def test_a_finished_period_counts_to_its_actual_end(status: str) -> None:
    period = _period(status, ended=date(2026, 3, 15))
    assert period is not None
    assert period.end == date(2026, 3, 15)


def test_a_period_cancelled_before_its_start_does_not_count() -> None:
    assert _period("cancelled") is None
