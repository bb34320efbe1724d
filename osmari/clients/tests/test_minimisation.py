"""Osmari asks nothing that EURA 2021 does not collect: the background answers of ESF+
(disability, minority, origin, citizenship, housing, rural residence) are neither asked on
the enrolment form nor kept in the database, and what was stored before is erased."""

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from osmari.clients.forms import EnrolmentForm
from osmari.core.tests.builders import migrate_to, migrate_to_latest

UNCOLLECTED = [
    "third_country_national",
    "foreign_background",
    "homeless",
    "rural_area",
    "disability",
    "minority",
]
BEFORE = ("clients", "0003_constraint_messages")
ERASED = ("clients", "0004_erase_uncollected_background")
REMOVED = ("clients", "0005_remove_uncollected_background")


@pytest.mark.django_db
def test_the_enrolment_form_no_longer_asks_about_background(login, coach, area):
    from osmari.clients.tests.builders import build_client

    client = build_client(actor=coach, area=area)
    page = login(coach).get(reverse("clients:enrolment", args=[client.pk])).content.decode()
    assert 'name="entered_on"' in page
    for name in UNCOLLECTED:
        assert f'name="{name}"' not in page
    assert set(UNCOLLECTED).isdisjoint(EnrolmentForm.base_fields)


def _columns() -> set[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, "clients_enrolment")
    return {column.name for column in description}


def _stored() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(UNCOLLECTED)} FROM clients_enrolment")  # noqa: S608
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_stored_background_answers_are_erased_and_their_columns_removed(
    tables_refilled_after_migrating,
):
    from osmari.core.models import Municipality
    from osmari.core.reference import reference_load

    if not Municipality.objects.exists():
        reference_load()
    old = migrate_to([BEFORE])
    area = old.get_model("core", "EmploymentArea").objects.get(code="mikkeli")
    client = old.get_model("clients", "Client").objects.create(
        area_id=area.pk,
        personal_identity_code="131052-308T",
        first_name="Aino",
        last_name="Esimerkki",
        birth_date=date(1952, 10, 13),
        municipality_id=area.municipalities.order_by("code").first().pk,
    )
    old.get_model("clients", "Enrolment").objects.create(
        client_id=client.pk,
        entered_on=date(2026, 3, 1),
        status_at_entry="unemployed",
        **dict.fromkeys(UNCOLLECTED, "yes"),
    )
    try:
        migrate_to([ERASED])
        assert _stored() == [("unknown",) * len(UNCOLLECTED)]
        migrate_to([REMOVED])
        assert set(UNCOLLECTED).isdisjoint(_columns())
        # Back again: the columns return empty, nothing of the answers with them.
        migrate_to([BEFORE])
        assert _stored() == [("unknown",) * len(UNCOLLECTED)]
    finally:
        migrate_to_latest()
    assert set(UNCOLLECTED).isdisjoint(_columns())
