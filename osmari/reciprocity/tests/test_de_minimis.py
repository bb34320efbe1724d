"""De minimis aid: the declaration is recorded with the decision, the three-year ceiling is
never passed, and the aid granted is listed for the national register."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from osmari.core.models import AuditEvent
from osmari.employers.tests.builders import make_organisation
from osmari.reciprocity import deminimis, selectors, services
from osmari.reciprocity.models import AidRefusal, SubsidyCommitment
from osmari.reciprocity.tests.builders import make_commitment, make_scheme

# ---------------------------------------------------------------- the arithmetic


def test_the_three_years_roll_with_each_grant():
    granted_on = date(2026, 11, 27)
    assert deminimis.window_start(granted_on) == date(2023, 11, 28)
    assert not deminimis.in_window(date(2023, 11, 27), granted_on)
    assert deminimis.in_window(date(2023, 11, 28), granted_on)
    assert deminimis.window_start(date(2028, 2, 29)) == date(2025, 3, 1)
    grants = [(date(2023, 11, 27), Decimal("100000")), (date(2024, 6, 1), Decimal("50000.50"))]
    assert deminimis.granted_within(grants, granted_on) == Decimal("50000.50")


def test_the_ceiling_is_reached_but_not_passed():
    at_ceiling = deminimis.check(Decimal("1000"), Decimal("250000"), Decimal("49000"))
    assert at_ceiling.allowed and at_ceiling.total == Decimal("300000.00")
    over = deminimis.check(Decimal("1000.01"), Decimal("250000"), Decimal("49000"))
    assert not over.allowed
    assert (over.over, over.room) == (Decimal("0.01"), Decimal("1000.00"))
    with pytest.raises(ValueError):
        deminimis.check(Decimal("-1"), Decimal(0), Decimal(0))


def test_who_is_an_undertaking():
    assert deminimis.is_subject("company", economic_activity=False)
    assert not deminimis.is_subject("municipality", economic_activity=True)
    assert not deminimis.is_subject("association", economic_activity=False)
    assert deminimis.is_subject("association", economic_activity=True)


# ---------------------------------------------------------------- decisions


@pytest.mark.django_db
def test_a_decision_over_the_ceiling_is_refused_with_the_figures(area, manager, organisation):
    scheme = make_scheme(area, manager, budget="10000.00")
    make_commitment(manager, scheme, organisation, "1/2026", months=3)  # 900.00
    with pytest.raises(ValidationError) as refused:
        make_commitment(
            manager,
            scheme,
            organisation,
            "2/2026",
            months=2,  # 600.00
            other_aid_declared=Decimal("298600.00"),
            other_aid_from="ELY-keskus",
        )
    message = " ".join(refused.value.messages)
    assert "300,100.00 €" in message and "100.00 € over the ceiling of 300,000.00 €" in message
    assert "Declared other aid 298,600.00 €, granted by the area 900.00 €" in message
    assert "At most 500.00 € can be granted now" in message
    assert SubsidyCommitment.objects.count() == 1
    refusal = AidRefusal.objects.get()
    assert (refusal.amount, refusal.granted_here, refusal.over) == (
        Decimal("600.00"),
        Decimal("900.00"),
        Decimal("100.00"),
    )
    assert AuditEvent.objects.filter(action="reciprocity.aid_refused").count() == 1
    # Within what is left, the same undertaking may still be granted aid.
    made = make_commitment(
        manager, scheme, organisation, "3/2026", months=1, other_aid_declared=Decimal("298600")
    )
    assert made.de_minimis and made.other_aid_declared == Decimal("298600.00")


@pytest.mark.django_db
def test_aid_older_than_three_years_and_cancelled_aid_do_not_count(area, manager, organisation):
    old_scheme = make_scheme(area, manager, budget="10000.00", year=2023)
    make_commitment(
        manager, old_scheme, organisation, "1/2023", months=6, decided_on=date(2023, 11, 27)
    )
    scheme = make_scheme(area, manager, budget="10000.00", name="Nuorten lisä")
    cancelled = make_commitment(manager, scheme, organisation, "1/2026", months=6)
    services.commitment_cancel(
        actor=manager, commitment=cancelled, on=date(2026, 11, 27), reason=""
    )
    assert selectors.aid_granted_here(organisation, date(2026, 11, 27)) == Decimal("0.00")
    # 1 800 € three years and a day ago would not fit; it is no longer counted.
    make_commitment(
        manager, scheme, organisation, "2/2026", months=1, other_aid_declared=Decimal("299700")
    )
    assert selectors.aid_granted_here(organisation, date(2026, 11, 27)) == Decimal("300.00")


@pytest.mark.django_db
def test_an_undertaking_must_declare_before_the_decision(area, manager, organisation):
    scheme = make_scheme(area, manager)
    with pytest.raises(ValidationError) as refused:
        services.commitment_make(
            actor=manager,
            scheme=scheme,
            organisation=organisation,
            decision_number="1/2026",
            decided_on=date(2026, 11, 27),
            months=1,
            declared_on=date(2026, 11, 28),
        )
    assert set(refused.value.message_dict) == {"other_aid_declared", "declared_on"}
    assert SubsidyCommitment.objects.count() == 0


@pytest.mark.django_db
def test_a_municipality_and_a_non_economic_association_are_not_subject(area, manager):
    scheme = make_scheme(area, manager, budget="10000.00")
    town = make_organisation(area, "Mikkelin kaupunki", "0165116-3", kind="municipality")
    club = make_organisation(area, "Mikkelin Palloilijat ry", "0190512-5", kind="association")
    for number, organisation in (("1/2026", town), ("2/2026", club)):
        made = services.commitment_make(
            actor=manager,
            scheme=scheme,
            organisation=organisation,
            decision_number=number,
            decided_on=date(2026, 11, 27),
            months=1,
        )
        assert not made.de_minimis and made.other_aid_declared is None
    shop = services.commitment_make(
        actor=manager,
        scheme=scheme,
        organisation=club,
        decision_number="3/2026",
        decided_on=date(2026, 11, 27),
        months=1,
        economic_activity=True,
        other_aid_declared=Decimal(0),
        declared_on=date(2026, 11, 1),
    )
    assert shop.de_minimis
    summary = selectors.de_minimis_summary(
        SimpleNamespace(area_id=area.pk), date(2026, 1, 1), date(2026, 12, 31)
    )
    assert [(u.organisation, u.amount) for u in summary.undertakings] == [(club, Decimal("300.00"))]


@pytest.mark.django_db
def test_the_progress_report_gets_aid_per_undertaking_and_the_refusals(
    area, manager, organisation, other_organisation
):
    scheme = make_scheme(area, manager, budget="10000.00")
    make_commitment(manager, scheme, organisation, "1/2026", months=2)
    make_commitment(manager, scheme, organisation, "2/2026", months=3)
    make_commitment(manager, scheme, other_organisation, "3/2026", months=1, economic_activity=True)
    gone = make_commitment(
        manager, scheme, other_organisation, "4/2026", months=6, economic_activity=True
    )
    services.commitment_cancel(actor=manager, commitment=gone, on=date(2026, 11, 27), reason="")
    with pytest.raises(ValidationError):
        make_commitment(
            manager, scheme, organisation, "5/2026", months=1, other_aid_declared=Decimal("299000")
        )
    summary = selectors.de_minimis_summary(
        SimpleNamespace(area_id=area.pk), date(2026, 1, 1), date(2026, 12, 31)
    )
    assert [(u.organisation, u.decisions, u.amount) for u in summary.undertakings] == [
        (organisation, 2, Decimal("1500.00")),
        (other_organisation, 1, Decimal("300.00")),
    ]
    assert summary.total == Decimal("1800.00") and summary.decisions == 3
    assert [r.decision_number for r in summary.refusals] == ["5/2026"]
    earlier = selectors.de_minimis_summary(
        SimpleNamespace(area_id=area.pk), date(2025, 1, 1), date(2025, 12, 31)
    )
    assert earlier.undertakings == [] and earlier.refusals == []


# ---------------------------------------------------------------- pages


@pytest.mark.django_db
def test_the_decision_form_records_the_declaration_and_shows_the_figures(
    login, manager, area, organisation
):
    scheme = make_scheme(area, manager)
    http = login(manager)
    http.cookies["django_language"] = "en"
    url = reverse("reciprocity:scheme", args=[scheme.pk])
    data = {
        "organisation": organisation.pk,
        "decision_number": "1/2026",
        "decided_on": "2026-11-27",
        "months": "2",
    }
    missing = http.post(url, data)
    assert missing.status_code == 422
    assert "Enter the other de minimis aid the undertaking declares" in missing.content.decode()
    assert SubsidyCommitment.objects.count() == 0
    data |= {"other_aid_declared": "299500", "declared_on": "2026-11-20", "preview": "1"}
    page = http.post(url, data).content.decode()
    assert "299,500.00 € before this decision and 600.00 € by it" in page
    assert "100.00 € over the ceiling: the decision would be refused" in page
    data |= {"other_aid_declared": "12000", "other_aid_from": "ELY-keskus"}
    del data["preview"]
    assert http.post(url, data).status_code == 302
    made = SubsidyCommitment.objects.get()
    assert (made.de_minimis, made.other_aid_declared, made.declared_on, made.other_aid_from) == (
        True,
        Decimal("12000.00"),
        date(2026, 11, 20),
        "ELY-keskus",
    )


@pytest.mark.django_db
def test_the_list_for_the_national_register_and_its_download(
    login, manager, coach, area, organisation
):
    scheme = make_scheme(area, manager, budget="10000.00")
    make_commitment(manager, scheme, organisation, "1/2026", months=2, other_aid_from="ELY")
    with pytest.raises(ValidationError):
        make_commitment(
            manager, scheme, organisation, "2/2026", months=1, other_aid_declared=Decimal("299900")
        )
    http = login(coach)
    http.cookies["django_language"] = "en"
    page = http.get(reverse("reciprocity:aid"), {"year": "2026"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Saimaan Puutyö Oy" in text and "2077474-0" in text and "600.00 €" in text
    assert "Not subject: municipalities" in text
    assert "Refused over the ceiling" in text and "2/2026" in text
    assert "Download CSV" not in text
    # A year that is not a number, or out of the ten kept, shows this year.
    assert http.get(reverse("reciprocity:aid"), {"year": "x'"}).status_code == 200
    http = login(manager)
    download = http.get(reverse("reciprocity:aid_export", args=["csv"]), {"year": "2026"})
    assert download.status_code == 200
    assert 'filename="osmari-de-minimis-2026.csv"' in download["Content-Disposition"]
    lines = download.content.decode().splitlines()
    assert len(lines) == 2 and "2077474-0" in lines[1] and "600.00" in lines[1]
    assert AuditEvent.objects.filter(action="reciprocity.aid_export", actor=manager).count() == 1
    assert http.get(reverse("reciprocity:aid_export", args=["pdf"])).status_code == 404
