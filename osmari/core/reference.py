"""Load the classification files shipped in osmari/core/data into the database.

Every loader upserts by the natural key (code or URI), so running it again changes only
what changed in the files and never creates a second row.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from osmari.core.models import (
    EducationLevel,
    EmploymentArea,
    Industry,
    Municipality,
    Occupation,
    OccupationGroup,
    PostalCode,
    Region,
    Skill,
)

DATA_DIR = Path(__file__).resolve().parent / "data"

_POSTCODE_KIND = {
    "1": PostalCode.Kind.ORDINARY,
    "2": PostalCode.Kind.PO_BOX,
    "3": PostalCode.Kind.CORPORATE,
}


def _rows(name: str) -> Iterator[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _upsert(model, objs, unique: str, fields: list[str]) -> dict[str, int]:
    model.objects.bulk_create(
        objs, update_conflicts=True, unique_fields=[unique], update_fields=fields, batch_size=500
    )
    return dict(model.objects.values_list(unique, "pk"))


def _load_regions_and_municipalities() -> dict[str, int]:
    rows = list(_rows("municipalities_fi.csv"))
    regions = {
        row["nuts3_code"]: Region(
            code=row["nuts3_code"], name_fi=row["region_fi"], name_sv=row["region_sv"]
        )
        for row in rows
    }
    region_ids = _upsert(Region, list(regions.values()), "code", ["name_fi", "name_sv"])
    municipalities = [
        Municipality(
            code=row["code"],
            name_fi=row["name_fi"],
            name_sv=row["name_sv"],
            region_id=region_ids[row["nuts3_code"]],
            latitude=Decimal(row["centroid_lat"]),
            longitude=Decimal(row["centroid_lon"]),
        )
        for row in rows
    ]
    return _upsert(
        Municipality,
        municipalities,
        "code",
        ["name_fi", "name_sv", "region", "latitude", "longitude"],
    )


def _load_postal_codes(municipality_ids: dict[str, int]) -> int:
    objs = [
        PostalCode(
            code=row["postcode"],
            name_fi=row["name_fi"],
            name_sv=row["name_sv"],
            kind=_POSTCODE_KIND.get(row["posti_type_code"], PostalCode.Kind.OTHER),
            municipality_id=municipality_ids[row["municipality_code"]],
        )
        for row in _rows("postal_codes_fi.csv")
    ]
    _upsert(PostalCode, objs, "code", ["name_fi", "name_sv", "kind", "municipality"])
    return len(objs)


def _load_hierarchy(model, rows: list[dict[str, str]], make, fields: list[str]) -> dict[str, int]:
    """Load a code tree level by level, so that every parent exists before its children."""
    ids: dict[str, int] = {}
    for level in sorted({int(row["level"]) for row in rows}):
        objs = []
        for row in rows:
            if int(row["level"]) != level:
                continue
            obj = make(row)
            obj.parent_id = ids[row["parent_code"]] if row["parent_code"] else None
            objs.append(obj)
        ids = _upsert(model, objs, "code", [*fields, "parent"])
    return ids


def _load_occupations() -> tuple[int, int]:
    group_rows = list(_rows("isco08.csv"))
    group_ids = _load_hierarchy(
        OccupationGroup,
        group_rows,
        lambda row: OccupationGroup(
            code=row["code"],
            level=int(row["level"]),
            label_fi=row["label_fi"],
            label_sv=row["label_sv"],
            label_en=row["label_en"],
            esco_uri=row["esco_uri"],
        ),
        ["level", "label_fi", "label_sv", "label_en", "esco_uri"],
    )
    rows = list(_rows("esco_occupations_fi.csv"))
    objs = [
        Occupation(
            esco_uri=row["esco_uri"],
            esco_code=row["esco_code"],
            isco_group_id=group_ids[row["isco08_code"]],
            label_fi=row["label_fi"],
            label_sv=row["label_sv"],
            label_en=row["label_en"],
        )
        for row in rows
    ]
    ids = _upsert(
        Occupation,
        objs,
        "esco_uri",
        ["esco_code", "isco_group", "label_fi", "label_sv", "label_en"],
    )
    # A broader concept that is another occupation (not an ISCO group) becomes the parent.
    with_parent = []
    for row in rows:
        parents = [uri for uri in row["broader_uris"].split(";") if "/occupation/" in uri]
        obj = Occupation(
            pk=ids[row["esco_uri"]], broader_id=ids.get(parents[0]) if parents else None
        )
        with_parent.append(obj)
    Occupation.objects.bulk_update(with_parent, ["broader"], batch_size=500)
    return len(group_rows), len(rows)


def _load_skills() -> int:
    objs = [
        Skill(
            esco_uri=row["esco_uri"],
            label_fi=row["label_fi"],
            label_sv=row["label_sv"],
            label_en=row["label_en"],
        )
        for row in _rows("esco_skills_fi.csv")
    ]
    Skill.objects.bulk_create(
        objs,
        update_conflicts=True,
        unique_fields=["esco_uri"],
        update_fields=["label_fi", "label_sv", "label_en"],
        batch_size=1000,
    )
    return len(objs)


def _load_industries() -> int:
    rows = list(_rows("nace2_tol2008_fi.csv"))
    _load_hierarchy(
        Industry,
        rows,
        lambda row: Industry(
            code=row["code"],
            level=int(row["level"]),
            section=row["section"],
            label_fi=row["label_fi"],
            label_en=row["label_en"],
        ),
        ["level", "section", "label_fi", "label_en"],
    )
    return len(rows)


def _load_education_levels() -> int:
    objs = [
        EducationLevel(
            code=row["code"],
            name_fi=row["name_fi"],
            name_sv=row["name_sv"],
            name_en=row["name_en"],
            isced_level=int(row["isced_levels"]) if row["isced_levels"] else None,
            esf_bucket=row["esf_bucket"],
        )
        for row in _rows("education_levels.csv")
    ]
    _upsert(
        EducationLevel, objs, "code", ["name_fi", "name_sv", "name_en", "isced_level", "esf_bucket"]
    )
    return len(objs)


def _load_employment_areas(municipality_ids: dict[str, int]) -> int:
    count = 0
    for row in _rows("employment_areas.csv"):
        area, _ = EmploymentArea.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_fi": row["name_fi"],
                "name_sv": row["name_sv"],
                "name_en": row["name_en"],
            },
        )
        area.municipalities.set(
            [municipality_ids[code] for code in row["municipality_codes"].split()]
        )
        count += 1
    return count


@transaction.atomic
def reference_load() -> dict[str, int]:
    """Load or refresh every shipped classification; returns the row count per kind."""
    municipality_ids = _load_regions_and_municipalities()
    groups, occupations = _load_occupations()
    return {
        "regions": Region.objects.count(),
        "municipalities": len(municipality_ids),
        "postal_codes": _load_postal_codes(municipality_ids),
        "isco_groups": groups,
        "esco_occupations": occupations,
        "esco_skills": _load_skills(),
        "industries": _load_industries(),
        "education_levels": _load_education_levels(),
        "employment_areas": _load_employment_areas(municipality_ids),
    }
