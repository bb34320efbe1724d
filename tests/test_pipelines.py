"""Every status pipeline is one declaration of the same kind, keeps its history in the same
shape and refuses a move it does not allow in the user's language, saving nothing."""

import importlib

import pytest
from django.apps import apps
from django.utils import translation

from osmari.core.models import StatusChange
from osmari.core.pipeline import InvalidTransition, Pipeline, move


def _declared() -> dict[str, tuple[type, Pipeline]]:
    found = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("osmari."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.models")
        except ModuleNotFoundError:
            continue
        for name, value in vars(module).items():
            if isinstance(value, Pipeline):
                owner = next(
                    model
                    for model in config.get_models()
                    if any(
                        rel.get_accessor_name() == value.history
                        for rel in model._meta.related_objects
                    )
                    and any(field.name == value.field for field in model._meta.fields)
                )
                found[f"{config.label}.{name}"] = (owner, value)
    return found


def test_the_four_pipelines_are_declared_alike():
    assert sorted(_declared()) == [
        "agreements.AGREEMENT_LIFE",
        "clients.SERVICE_PATH",
        "employers.ENGAGEMENT",
        "placements.PERIOD_LIFE",
    ]


@pytest.mark.parametrize("name", sorted(_declared()))
def test_each_pipeline_moves_between_its_own_states_and_keeps_one_history_shape(name):
    owner, pipeline = _declared()[name]
    states = set(pipeline.states.values)
    assert set(pipeline.moves) <= states
    assert all(targets <= states for targets in pipeline.moves.values())
    assert set(owner._meta.get_field(pipeline.field).choices) == set(pipeline.states.choices)
    history = next(
        rel.related_model
        for rel in owner._meta.related_objects
        if rel.get_accessor_name() == pipeline.history
    )
    assert issubclass(history, StatusChange)
    fields = {field.name for field in history._meta.fields}
    assert {
        f"from_{pipeline.field}",
        f"to_{pipeline.field}",
        "reason",
        "changed_by",
        "changed_at",
    } <= fields


@pytest.mark.django_db
def test_a_move_not_in_the_table_is_refused_in_the_users_language_and_nothing_is_saved(
    organisation, coach
):
    from osmari.employers.models import ENGAGEMENT

    with translation.override("fi"), pytest.raises(InvalidTransition) as refused:
        move(organisation, ENGAGEMENT, "active_partner", actor=coach)
    assert "Organisaatio ei voi siirtyä" in refused.value.messages[0]
    organisation.refresh_from_db()
    assert organisation.stage == "prospect"
    assert not organisation.pipeline_history.exists()
    with translation.override("en"), pytest.raises(InvalidTransition) as refused:
        move(organisation, ENGAGEMENT, "active_partner", actor=coach)
    assert refused.value.messages == [
        "An organisation cannot move from “Prospect” to “Active partner”."
    ]
