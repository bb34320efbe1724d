"""Municipal shares and the municipal representative: their own municipality's numbers,
never a person, never another municipality's figures."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from osmari.accounts import access
from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.clients.models import Client, Enrolment
from osmari.core.models import AuditEvent
from osmari.reporting.models import MunicipalShare, WorkingTime
from osmari.reporting.municipal_selectors import municipal_shares, municipality_figures
from osmari.reporting.municipal_services import municipal_shares_save
from osmari.reporting.tests.builders import make_programme, make_staff_member

D = Decimal


@pytest.fixture
def places(area):
    """The representative's municipality and a neighbour of the same area."""
    own = area.municipalities.order_by("code").first()
    other = area.municipalities.exclude(pk=own.pk).order_by("code").first()
    return own, other


def _people(area, municipality, n, *, prefix, gender="female", left=None, situation=""):
    for i in range(n):
        client = Client.objects.create(
            area=area,
            personal_identity_code=f"{prefix}-{i}",
            # A name no random CSRF token on the page could hold by chance.
            first_name=f"Etunimi-{prefix}{i}",
            last_name="Kuntalainen",
            birth_date=date(1990, 1, 1),
            gender=gender,
            municipality=municipality,
        )
        Enrolment.objects.create(
            client=client,
            entered_on=date(2025, 9, 1),
            status_at_entry="unemployed",
            left_on=left,
            situation_on_leaving=situation,
        )


@pytest.fixture
def shares(programme, places, manager):
    own, other = places
    municipal_shares_save(
        actor=manager,
        programme=programme,
        basis="percent",
        shares={own: (D(60), "Kh 12.5.2025 § 88"), other: (D(40), "Kh 3.6.2025 § 41")},
    )
    member = make_staff_member(programme, hourly_rate=D("30.00"))
    # 100 h × 30 € = 3 000 €; with 40 % flat rate 4 200 €; the municipalities' 20 %: 840 €.
    WorkingTime.objects.create(
        staff=member,
        month=date(2025, 9, 1),
        hours=D(100),
        hourly_rate=D("30.00"),
        recorded_by=manager,
    )


# ---------------------------------------------------------------- who sees what


@pytest.mark.django_db
def test_a_representative_sees_only_their_own_municipality(area, places, municipal, manager):
    own, _other = places
    assert list(access.municipalities_for(municipal, "reporting.municipal", area)) == [own]
    assert set(access.municipalities_for(manager, "reporting.municipal", area)) == set(
        area.municipalities.all()
    )


@pytest.mark.django_db
def test_another_municipality_or_area_is_not_found(
    login, area, other_area, places, programme, municipal
):
    own, other = places
    client = login(municipal)
    assert (
        client.get(reverse("reporting:municipality", args=[programme.pk, own.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("reporting:municipality", args=[programme.pk, other.pk])).status_code
        == 404
    )
    foreign = make_programme(other_area)
    foreign_place = other_area.municipalities.order_by("code").first()
    assert client.get(reverse("reporting:municipal", args=[foreign.pk])).status_code == 403
    response = client.get(reverse("reporting:municipality", args=[foreign.pk, foreign_place.pk]))
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_representative_sees_their_share_and_not_the_neighbours(
    login, places, programme, shares, municipal, manager
):
    own, other = places
    page = login(municipal).get(
        reverse("reporting:municipal", args=[programme.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert str(own) in text and "Kh 12.5.2025" in text
    # 60 % of the municipalities' 840 € so far.
    assert "504.00" in text
    assert str(other) not in text and "Kh 3.6.2025" not in text and "336.00" not in text
    # Nor the programme's whole, from which the neighbour's part would follow.
    assert "840.00" not in text
    whole = login(manager).get(
        reverse("reporting:municipal", args=[programme.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert str(other) in whole.content.decode() and "336.00" in whole.content.decode()
    assert "840.00" in whole.content.decode()


# ---------------------------------------------------------------- small groups


@pytest.mark.django_db
def test_small_groups_of_the_municipality_are_hidden(area, places, programme):
    own, other = places
    _people(area, own, 6, prefix="W", gender="female", left=date(2026, 1, 31), situation="employed")
    _people(area, own, 2, prefix="M", gender="male")
    _people(area, other, 9, prefix="N")
    with translation.override("en"):
        figures = municipality_figures(
            programme, own, date(2025, 8, 1), date(2026, 11, 30), minimum=5, persons_allowed=False
        )
    participants = [figure.value for figure in figures.participants]
    # 8 in all, 6 women and 2 men: the two men are hidden, and the women with them, since
    # the total would give them away; no one outside the municipality is counted.
    assert participants == [8, None, None, 0]
    assert figures.hidden
    by_label = {figure.label: figure.value for figure in figures.outcomes}
    assert by_label["In employment on leaving"] == 6
    _people(area, own, 3, prefix="E", left=date(2026, 2, 28), situation="education")
    with translation.override("en"):
        figures = municipality_figures(
            programme, own, date(2025, 8, 1), date(2026, 11, 30), minimum=5, persons_allowed=False
        )
    assert {f.label: f.value for f in figures.outcomes}[
        "In education or training on leaving"
    ] is None


@pytest.mark.django_db
def test_the_municipality_page_shows_numbers_only(login, area, places, programme, municipal):
    own, _other = places
    _people(area, own, 6, prefix="W")
    page = login(municipal).get(
        reverse("reporting:municipality", args=[programme.pk, own.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Kuntalainen" not in text and "Etunimi" not in text
    assert ">6<" in text
    # No tab leads to a page the representative may not open.
    assert f'href="{reverse("reporting:dashboard", args=[programme.pk])}"' not in text


# ---------------------------------------------------------------- shares and costs


@pytest.mark.django_db
def test_actual_costs_follow_the_shares(places, programme, shares):
    own, other = places
    result = municipal_shares(programme, date(2025, 8, 1), date(2025, 12, 31))
    assert result.actual.municipal_share == D("840.00")
    rows = {row.municipality: row for row in result.rows}
    assert rows[own].actual == D("504.00") and rows[other].actual == D("336.00")
    assert result.actual_unassigned == 0
    # A period without hours has no costs to split.
    later = municipal_shares(programme, date(2026, 1, 1), date(2026, 6, 30))
    assert [row.actual for row in later.rows] == [D(0), D(0)]


@pytest.mark.django_db
def test_shares_over_a_hundred_per_cent_are_refused(places, programme, manager):
    own, other = places
    with pytest.raises(ValidationError) as error:
        municipal_shares_save(
            actor=manager,
            programme=programme,
            basis="percent",
            shares={own: (D(70), ""), other: (D(40), "")},
        )
    assert "110" in str(error.value)
    assert not MunicipalShare.objects.exists()


@pytest.mark.django_db
def test_the_manager_records_shares_in_euros(login, area, places, programme, manager):
    own, other = places
    data = {"basis": "amount", f"value_{own.pk}": "30000", f"decision_{own.pk}": "Kv § 5"}
    response = login(manager).post(reverse("reporting:municipal_shares", args=[programme.pk]), data)
    assert response.status_code == 302
    share = MunicipalShare.objects.get(programme=programme)
    assert (share.municipality, share.amount, share.percent) == (own, D(30000), None)
    assert AuditEvent.objects.filter(action="programme.municipal_shares").exists()
    # A bad value keeps what was saved and says why.
    data = {"basis": "percent", f"value_{own.pk}": "150", f"value_{other.pk}": "x"}
    response = login(manager).post(
        reverse("reporting:municipal_shares", args=[programme.pk]), data, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    assert "at most 100 per cent" in response.content.decode()
    assert MunicipalShare.objects.get(programme=programme).amount == D(30000)


@pytest.mark.django_db
def test_a_representative_needs_a_municipality_of_the_area(area, other_area):
    with pytest.raises(ValidationError):
        make_person("a@test.osmari.fi", Role.MUNICIPAL, area)
    foreign = other_area.municipalities.exclude(pk__in=area.municipalities.all()).first()
    with pytest.raises(ValidationError):
        make_person("b@test.osmari.fi", Role.MUNICIPAL, area, municipality=foreign)
