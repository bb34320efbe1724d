import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from osmari.clients import services as client_services
from osmari.core.identity import hetu
from osmari.core.models import Municipality, Occupation
from osmari.employers import services
from osmari.employers.gaps import GapRow, gap_rows
from osmari.employers.selectors import gap_counts_for_user
from osmari.screening.services import decision_record

TODAY = date(2026, 11, 27)


def test_gap_rows_put_the_largest_shortfall_first():
    rows = gap_rows({("9", "491"): 3, ("5", "491"): 1}, {("9", "491"): 1, ("7", "178"): 2})
    assert rows[0] == GapRow("9", "491", 3, 1)
    assert (rows[0].missing, rows[-1].spare) == (2, 2)


@pytest.fixture
def dataset(coach, area, organisation):
    def occupation(isco):
        return Occupation.objects.filter(isco_group__code=isco).order_by("esco_code").first()

    mikkeli, juva = area.municipalities.get(code="491"), area.municipalities.get(code="178")
    people = {}
    for n, (place, iscos) in enumerate(
        [(mikkeli, ["9333", "5223"]), (mikkeli, ["9112"]), (juva, ["9333"]), (mikkeli, ["9333"])]
    ):
        client = client_services.client_create(
            actor=coach,
            area=area,
            personal_identity_code=hetu(date(1980, 1, 1), 100 + n),
            first_name="A",
            last_name=f"Asiakas{n}",
            municipality=place,
        )
        client.occupations.set([occupation(code) for code in iscos])
        people[n] = client
    client_services.client_stage_change(actor=coach, client=people[3], to_stage="ended")
    organisation.stage = "active_partner"
    organisation.save()
    prospect = services.organisation_create(
        actor=coach, area=area, business_id="1899013-7", name="Mahdollinen ry", municipality=mikkeli
    )

    def place_at(org, **overrides):
        fields = {
            "kind": "work_trial",
            "title": "Paikka",
            "tasks": "Työ",
            "days_per_week": 4,
            "hours_per_day": 6,
            "capacity": 1,
            "municipality": mikkeli,
            "open_from": date(2026, 1, 1),
            "occupation": occupation("9333"),
        }
        fields.update(overrides)
        return services.position_save(actor=coach, organisation=org, today=TODAY, **fields)

    place_at(organisation)
    paused = place_at(organisation, capacity=5)
    services.position_pause(actor=coach, position=paused, paused=True)
    place_at(organisation, capacity=4, open_from=date(2025, 1, 1), open_to=date(2025, 12, 31))
    place_at(prospect, capacity=3)
    decision_record(
        actor=coach,
        client=people[0],
        proposal="work_trial",
        reason="x",
        on=TODAY,
        include_sensitive=True,
    )
    return prospect


@pytest.mark.django_db
def test_demand_and_supply_match_a_hand_computed_dataset(coach, dataset):
    demand, supply = gap_counts_for_user(user=coach, today=TODAY)
    assert demand == {("9", "491"): 2, ("5", "491"): 1, ("9", "178"): 1}
    assert supply == {("9", "491"): 1}
    rows = {(r.isco_major, r.municipality): r.missing for r in gap_rows(demand, supply)}
    assert rows == {("9", "491"): 1, ("5", "491"): 1, ("9", "178"): 1}


@pytest.mark.django_db
def test_the_instrument_narrows_demand_to_the_latest_proposal(coach, dataset):
    demand, supply = gap_counts_for_user(user=coach, today=TODAY, instrument="work_trial")
    assert demand == {("9", "491"): 1, ("5", "491"): 1}
    assert supply == {("9", "491"): 1}


@pytest.mark.django_db
def test_the_gap_page_lists_pipeline_organisations_and_exports_the_same_numbers(
    login, coach, dataset
):
    http = login(coach)
    page = http.get(reverse("employers:gaps"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Mahdollinen ry" in page
    csv_text = http.get(reverse("employers:gaps_export", args=["csv"])).content.decode()
    lines = csv_text.strip().splitlines()
    assert len(lines) == 4
    assert any(line.startswith("9,") and line.endswith(",2,1,1") for line in lines)
    chart = http.get(reverse("employers:gaps_chart"))
    assert chart["Content-Type"] == "image/svg+xml"
    assert b"<svg" in chart.content


@pytest.mark.django_db
def test_a_hostile_place_name_comes_out_of_the_export_as_inert_text(login, coach, dataset):
    hostile = '=HYPERLINK("http://x","Avaa")'
    Municipality.objects.filter(code="491").update(name_fi=hostile, name_sv=hostile)
    http = login(coach)
    response = http.get(reverse("employers:gaps_export", args=["csv"]))
    assert response["Content-Disposition"] == 'attachment; filename="osmari-gaps.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert {row[3] for row in rows if row[2] == "491"} == {"'" + hostile}
    xlsx = http.get(reverse("employers:gaps_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [row[3] for row in sheet.iter_rows(min_row=2) if row[2].value == "491"]
    assert cells and all(c.value == hostile and c.data_type == "s" for c in cells)


@pytest.mark.django_db
def test_the_export_comes_only_as_csv_or_xlsx(login, coach):
    http = login(coach)
    assert http.get(reverse("employers:gaps_export", args=['csv";x=1'])).status_code == 404
