import pytest

from osmari.core.models import (
    EducationLevel,
    EmploymentArea,
    Industry,
    Municipality,
    Occupation,
    OccupationGroup,
    PostalCode,
)
from osmari.core.reference import reference_load

pytestmark = pytest.mark.django_db


def test_all_308_municipalities_are_loaded_with_codes_names_region_and_coordinates():
    assert Municipality.objects.count() == 308
    hirvensalmi = Municipality.objects.select_related("region").get(code="097")
    assert hirvensalmi.name_fi == "Hirvensalmi"
    assert hirvensalmi.region.code == "FI1D1"
    assert hirvensalmi.region.name_fi == "Etelä-Savo"
    assert 61 < hirvensalmi.latitude < 62 and 26 < hirvensalmi.longitude < 28
    assert Municipality.objects.get(code="010").name_sv == "Alavo"


def test_the_demo_area_is_the_mikkeli_region_with_its_six_municipalities():
    area = EmploymentArea.objects.get(code="mikkeli")
    codes = sorted(area.municipalities.values_list("code", flat=True))
    assert codes == ["097", "178", "213", "491", "507", "623"]


def test_a_postcode_leads_to_its_municipality():
    assert PostalCode.objects.get(code="50100").municipality.code == "491"
    # Pertunmaa merged into Mäntyharju on 1.1.2025: its postcode now belongs to 507.
    assert PostalCode.objects.get(code="19430").municipality.code == "507"


def test_isco_has_four_levels_linked_parent_to_child():
    assert {
        level: OccupationGroup.objects.filter(level=level).count() for level in (1, 2, 3, 4)
    } == {
        1: 10,
        2: 43,
        3: 130,
        4: 436,
    }
    unit = OccupationGroup.objects.get(code="9112")
    assert [unit.parent.code, unit.parent.parent.code, unit.parent.parent.parent.code] == [
        "911",
        "91",
        "9",
    ]
    assert unit.label_fi.startswith("Toimisto- ja laitossiivoojat")


def test_esco_occupations_have_three_languages_and_sit_under_an_isco_unit_group():
    assert Occupation.objects.count() == 3007
    occupation = Occupation.objects.get(esco_code="0110.1")
    assert occupation.label_fi == "ilmavoimien upseeri"
    assert occupation.label_sv == "flygvapenofficer"
    assert occupation.isco_group.code == "0110"
    assert Occupation.objects.filter(broader__isnull=False).count() == 1247


def test_tol_2008_has_sections_to_classes():
    assert Industry.objects.count() == 996
    assert Industry.objects.get(code="78.1").label_fi == "Työnvälitystoiminta"
    assert Industry.objects.get(code="78.10").parent.code == "78.1"


def test_education_levels_map_to_isced_and_the_esf_groups():
    buckets = dict(EducationLevel.objects.values_list("code", "esf_bucket"))
    assert [buckets[str(code)] for code in range(10)] == (
        ["isced_0_2"] * 3 + ["isced_3_4"] * 2 + ["isced_5_8"] * 4 + ["unknown"]
    )
    assert EducationLevel.objects.get(code="9").isced_level is None


def test_loading_again_creates_nothing_twice_and_repairs_edited_rows():
    before = {
        model: model.objects.count()
        for model in (Municipality, PostalCode, OccupationGroup, Occupation, Industry)
    }
    Municipality.objects.filter(code="491").update(name_fi="Typo")
    reference_load()
    after = {model: model.objects.count() for model in before}
    assert after == before
    assert Municipality.objects.get(code="491").name_fi == "Mikkeli"
