"""Local subsidy budgets: visible before a decision, never over-committed."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from osmari.core.tests.builders import reference_area
from osmari.reciprocity import selectors, services
from osmari.reciprocity.models import SubsidyCommitment
from osmari.reciprocity.tests.builders import make_commitment, make_scheme


@pytest.fixture
def area(db):
    return reference_area()


@pytest.mark.django_db
def test_an_over_commitment_is_refused_and_nothing_is_bound(area, manager, organisation):
    scheme = make_scheme(area, manager)
    make_commitment(manager, scheme, organisation, "1/2026", months=3)  # 900.00
    with pytest.raises(ValidationError) as refused:
        make_commitment(manager, scheme, organisation, "2/2026", months=1)  # 300.00 > 100.00 left
    assert "300,00 € asked, 100,00 € left" in " ".join(refused.value.messages) or (
        "300.00 € asked, 100.00 € left" in " ".join(refused.value.messages)
    )
    assert SubsidyCommitment.objects.count() == 1
    assert selectors.scheme_budget(scheme).remaining == Decimal("100.00")


@pytest.mark.django_db
def test_cancelling_returns_the_money_and_payments_stay_within_the_decision(
    area, manager, organisation
):
    scheme = make_scheme(area, manager)
    first = make_commitment(manager, scheme, organisation, "1/2026", months=3)
    services.commitment_cancel(actor=manager, commitment=first, on=date(2026, 11, 27), reason="")
    second = make_commitment(manager, scheme, organisation, "2/2026", months=3)
    services.payment_record(
        actor=manager, commitment=second, paid_on=date(2026, 11, 27), amount=Decimal("600.00")
    )
    with pytest.raises(ValidationError):
        services.payment_record(
            actor=manager, commitment=second, paid_on=date(2026, 11, 27), amount=Decimal("300.01")
        )
    with pytest.raises(ValidationError):
        services.commitment_cancel(
            actor=manager, commitment=second, on=date(2026, 11, 27), reason=""
        )
    budget = selectors.scheme_budget(scheme)
    assert (budget.committed, budget.paid, budget.remaining) == (
        Decimal("900.00"),
        Decimal("600.00"),
        Decimal("100.00"),
    )


@pytest.mark.django_db
def test_a_percent_scheme_needs_the_pay_and_keeps_its_cap(area, manager, organisation):
    scheme = make_scheme(
        area,
        manager,
        budget="10000",
        basis="percent",
        percent=15,
        monthly_amount=None,
        max_months=12,
        cap=Decimal("3000.00"),
    )
    with pytest.raises(ValidationError) as refused:
        make_commitment(manager, scheme, organisation, "1/2026")
    assert "monthly_pay" in refused.value.message_dict
    made = services.commitment_make(
        actor=manager,
        scheme=scheme,
        organisation=organisation,
        decision_number="2/2026",
        decided_on=date(2026, 11, 27),
        months=12,
        monthly_pay=Decimal("2381.55"),
        other_aid_declared=Decimal(0),
        declared_on=date(2026, 11, 20),
    )
    assert made.monthly_amount == Decimal("357.23") and made.amount == Decimal("3000.00")


@pytest.mark.django_db
def test_the_page_shows_what_is_left_before_the_decision_is_recorded(
    login, manager, area, organisation
):
    scheme = make_scheme(area, manager)
    make_commitment(manager, scheme, organisation, "1/2026", months=2)
    http = login(manager)
    http.cookies["django_language"] = "en"
    url = reverse("reciprocity:scheme", args=[scheme.pk])
    data = {
        "organisation": organisation.pk,
        "decision_number": "2/2026",
        "decided_on": "2026-11-27",
        "months": "2",
        "preview": "1",
    }
    page = http.post(url, data).content.decode()
    assert "400.00 € is left in the budget" in page
    assert "600.00 € in all. -200.00 € would be left." in page
    assert "The budget does not cover this decision." in page
    assert SubsidyCommitment.objects.count() == 1
    del data["preview"]
    refused = http.post(url, data)
    assert refused.status_code == 422
    assert "600.00 € asked, 400.00 € left. Nothing was committed." in refused.content.decode()
    assert SubsidyCommitment.objects.count() == 1


@pytest.mark.django_db
def test_a_coach_sees_the_budget_but_cannot_decide(login, coach, manager, area, organisation):
    scheme = make_scheme(area, manager)
    http = login(coach)
    assert http.get(reverse("reciprocity:scheme", args=[scheme.pk])).status_code == 200
    assert (
        http.post(reverse("reciprocity:scheme", args=[scheme.pk]), {"months": "1"}).status_code
        == 404
    )
    assert SubsidyCommitment.objects.count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_cannot_exceed_the_budget(
    tables_put_back_afterwards, area, manager, organisation
):
    # Each fits alone (900 of 1000), both together would not.
    scheme = make_scheme(area, manager)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(number):
        try:
            start.wait()
            make_commitment(manager, scheme, organisation, number, months=3)
            outcomes.append("committed")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in ("1/2026", "2/2026")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["committed", "refused"]
    assert selectors.committed_total(scheme) == Decimal("900.00")
