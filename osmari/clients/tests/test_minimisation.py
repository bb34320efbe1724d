"""Osmari asks nothing that EURA 2021 does not collect: the background answers of ESF+
(disability, minority, origin, citizenship, housing, rural residence) are neither asked on
the enrolment form nor kept in the database, and what was stored before is erased."""

from datetime import date
from importlib import import_module

import pytest
from django.apps import apps as live_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from osmari.clients.forms import EnrolmentForm

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


@pytest.fixture(scope="module")
def _tables_refilled(django_db_blocker):
    yield
    # A test that migrates empties every table when it ends: the tests after it get the
    # reference data and what the data migrations published back.
    from osmari.core.models import Municipality
    from osmari.core.reference import reference_load

    with django_db_blocker.unblock():
        if not Municipality.objects.exists():
            reference_load()
        for model, migration, function in (
            ("clients.ConsentText", "osmari.clients.migrations.0002_consent_texts", "publish"),
            (
                "agreements.AgreementTemplate",
                "osmari.agreements.migrations.0002_template_v1",
                "publish",
            ),
            ("feedback.Survey", "osmari.feedback.migrations.0002_ready_made_surveys", "load"),
        ):
            if not live_apps.get_model(model).objects.exists():
                getattr(import_module(migration), function)(live_apps, None)


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()
    return executor.loader.project_state(target).apps


def _columns() -> set[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, "clients_enrolment")
    return {column.name for column in description}


def _stored() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(UNCOLLECTED)} FROM clients_enrolment")  # noqa: S608
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_stored_background_answers_are_erased_and_their_columns_removed(_tables_refilled):
    from osmari.core.models import Municipality
    from osmari.core.reference import reference_load

    if not Municipality.objects.exists():
        reference_load()
    old = _migrate([BEFORE])
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
        _migrate([ERASED])
        assert _stored() == [("unknown",) * len(UNCOLLECTED)]
        _migrate([REMOVED])
        assert set(UNCOLLECTED).isdisjoint(_columns())
        # Back again: the columns return empty, nothing of the answers with them.
        _migrate([BEFORE])
        assert _stored() == [("unknown",) * len(UNCOLLECTED)]
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert set(UNCOLLECTED).isdisjoint(_columns())
