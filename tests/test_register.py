"""The register of personal data is declared for every model and every field."""

import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from osmari.core import register


def test_every_model_and_every_field_of_a_personal_record_is_declared():
    assert register.problems() == [], (
        "Declare these in the register, next to the model (osmari/core/register.py explains how)"
    )


def test_the_check_catches_a_new_model_and_a_new_undeclared_field():
    class Probe(models.Model):
        name = models.CharField(max_length=10)
        nickname = models.CharField(max_length=10)

        class Meta:
            app_label = "clients"
            managed = False

        def __str__(self) -> str:
            return self.name

    try:
        assert "clients.Probe: the model is not declared" in register.problems()
        register.declare(Probe, register.CLIENT_RECORD, {register.CLIENT_IDENTITY: ["name"]})
        assert [p for p in register.problems() if "Probe" in p] == [
            "clients.Probe.nickname: no declaration"
        ]
        register.declare(
            Probe, register.CLIENT_RECORD, {register.CLIENT_IDENTITY: ["name", "nickname", "age"]}
        )
        assert [p for p in register.problems() if "Probe" in p] == [
            "clients.Probe.age: declared, but there is no such field"
        ]
    finally:
        register._DECLARATIONS.pop(Probe._meta.label, None)
        apps.all_models["clients"].pop("probe", None)
        apps.clear_cache()
    assert register.problems() == []


def test_health_and_identity_code_are_declared_as_what_they_are():
    by_field = {(e.model, e.field): e for e in register.inventory()}
    assert by_field[("clients.SensitiveData", "reduced_work_ability_notes")].category is (
        register.HEALTH
    )
    assert by_field[("clients.ClientRestriction", "code")].category is register.HEALTH
    assert by_field[("screening.NeedsAssessment", "work_ability")].category is register.HEALTH
    # Free text that so often speaks of health is declared as health, and stays with staff.
    for free_text in [
        ("screening.Decision", "reason"),
        ("placements.PlacementTransition", "note"),
        ("placements.Placement", "interruption_reason"),
    ]:
        assert by_field[free_text].category is register.HEALTH
        assert by_field[free_text].recipients == (register.AREA_STAFF,)
    identity_code = by_field[("clients.Client", "personal_identity_code")]
    assert identity_code.category is register.IDENTITY
    assert identity_code.legal_basis is register.PUBLIC_TASK
    # ESF+ data is the funder's requirement, kept as long as the project's records.
    esf = by_field[("clients.Enrolment", "situation_on_leaving")]
    assert esf.legal_basis is register.LEGAL_OBLIGATION_ESF
    assert esf.retention is register.ESF_PROJECT
    assert register.FUNDER in esf.recipients
    # Consent is the basis only where something is optional.
    assert {e.field for e in register.inventory() if e.legal_basis is register.CONSENT} <= {
        "client",
        "text",
        "purpose",
        "organisation",
        "given_at",
        "withdrawn_at",
    }


@pytest.mark.django_db
def test_record_of_processing_prints_the_inventory_as_json(capsys):
    call_command("record_of_processing", "--json")
    entries = json.loads(capsys.readouterr().out)
    keys = {"model", "field", "category", "purpose", "legal_basis", "recipients", "retention"}
    assert all(keys <= set(entry) for entry in entries)
    hetu = [
        e
        for e in entries
        if (e["model"], e["field"]) == ("clients.Client", "personal_identity_code")
    ]
    assert hetu == [
        {
            **hetu[0],
            "category": "identity",
            "purpose": "organising_service",
            "legal_basis": "public_task",
            "recipients": ["area_staff"],
            "retention": "client_service",
        }
    ]
    health = {(e["model"], e["field"]) for e in entries if e["category"] == "health"}
    assert ("clients.SensitiveData", "reduced_work_ability_notes") in health
    # Nothing that holds no personal data is listed.
    assert not [e for e in entries if e["model"] == "core.Municipality"]
