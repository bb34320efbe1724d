"""Planning, starting, extending, ending and reviewing a period, through the services."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from osmari.clients.models import Plan
from osmari.clients.tests.builders import make_jobseeker
from osmari.core.models import AuditEvent, Occupation
from osmari.core.tests.builders import TODAY
from osmari.employers.tests.builders import make_position
from osmari.placements import services
from osmari.placements.models import Placement, PlacementTransition, Review
from osmari.placements.tests.builders import trial
from osmari.screening.engine import Organisation as EngineOrganisation
from osmari.screening.engine import evaluate
from osmari.screening.records import case_for_client

pytestmark = pytest.mark.django_db


def _plan(coach, client, position, fields, **extra):
    return services.placement_create(
        actor=coach, client=client, position=position, fields=fields, **extra
    )


def _review(coach, placement, stage, held_on, **extra):
    fields = {
        "stage": stage,
        "held_on": held_on,
        "participant_present": True,
        "instructor_present": True,
        "coach_present": True,
        "participant_view": "",
        "instructor_view": "",
        "notes": "",
        "next_steps": "",
        "summary": "",
    }
    fields.update(extra)
    return services.review_record(actor=coach, placement=placement, today=TODAY, **fields)


def test_a_period_within_the_law_is_planned_and_audited(coach, jobseeker, place):
    placement = _plan(coach, jobseeker, place, trial(date(2026, 12, 1), date(2027, 5, 31)))
    assert placement.status == "planned"
    assert placement.rules_version == "2025-01-01"
    assert placement.organisation == place.organisation
    event = AuditEvent.objects.get(action="placement.create")
    assert event.person_ref == jobseeker.person_ref
    assert event.changes["period"] == [None, "2026-12-01–2027-05-31"]


def test_a_breach_is_refused_with_every_rule_and_nothing_is_saved(coach, jobseeker, place):
    with pytest.raises(services.PlacementRefused) as refused:
        _plan(
            coach,
            jobseeker,
            place,
            trial(date(2026, 12, 1), date(2027, 6, 1), days_per_week=6),
        )
    assert {r.code for r in refused.value.reasons} == {
        "pl_wt_same_organiser",
        "wt_days_per_week",
    }
    assert not Placement.objects.exists()
    assert not AuditEvent.objects.filter(action="placement.create").exists()


def test_without_an_active_agreement_a_person_must_confirm(coach, jobseeker, organisation):
    position = make_position(organisation, coach)
    with pytest.raises(services.AgreementConfirmationNeeded):
        _plan(coach, jobseeker, position, trial(date(2026, 12, 1), date(2027, 1, 31)))
    assert not Placement.objects.exists()
    placement = _plan(
        coach,
        jobseeker,
        position,
        trial(date(2026, 12, 1), date(2027, 1, 31)),
        confirm_without_agreement=True,
    )
    assert placement.without_agreement_confirmed
    event = AuditEvent.objects.get(action="placement.create")
    assert event.changes["without_agreement"] == [None, "confirmed"]


def test_a_full_place_refuses_a_second_person(coach, area, jobseeker, place):
    _plan(coach, jobseeker, place, trial(date(2026, 12, 1), date(2027, 2, 28)))
    second = make_jobseeker(coach, area, code="010170-100R")
    with pytest.raises(services.PlacementRefused) as refused:
        _plan(coach, second, place, trial(date(2027, 2, 1), date(2027, 3, 31)))
    assert [r.code for r in refused.value.reasons] == ["pl_capacity"]
    # After the first period ends, the place is free again.
    assert _plan(coach, second, place, trial(date(2027, 3, 1), date(2027, 3, 31)))


def test_starting_a_period_updates_the_status_periods(coach, jobseeker, place):
    placement = _plan(coach, jobseeker, place, trial(date(2026, 11, 2), date(2027, 2, 28)))
    services.placement_transition(
        actor=coach, placement=placement, to_status="active", on=date(2026, 11, 2), today=TODAY
    )
    spells = list(jobseeker.spells.order_by("start_on").values_list("status", "start_on", "end_on"))
    assert spells == [
        ("unemployed", date(2023, 1, 1), date(2026, 11, 1)),
        ("work_trial", date(2026, 11, 2), date(2027, 2, 28)),
    ]
    jobseeker.refresh_from_db()
    assert jobseeker.unemployed_since is None


def test_a_period_cannot_start_in_the_future(coach, jobseeker, place):
    placement = _plan(coach, jobseeker, place, trial(date(2026, 12, 1), date(2027, 2, 28)))
    with pytest.raises(ValidationError):
        services.placement_transition(
            actor=coach, placement=placement, to_status="active", on=date(2026, 12, 1), today=TODAY
        )


def test_extension_within_the_limit_and_past_it(coach, jobseeker, place):
    placement = _plan(coach, jobseeker, place, trial(date(2026, 11, 1), date(2027, 1, 31)))
    services.placement_transition(
        actor=coach, placement=placement, to_status="active", on=date(2026, 11, 1), today=TODAY
    )
    services.placement_extend(
        actor=coach, placement=placement, end_on=date(2027, 4, 30), note="Hyvä vauhti", today=TODAY
    )
    placement.refresh_from_db()
    assert placement.end_on == date(2027, 4, 30)
    assert jobseeker.spells.get(status="work_trial").end_on == date(2027, 4, 30)
    extension = PlacementTransition.objects.get(placement=placement, end_after__isnull=False)
    assert (extension.end_before, extension.end_after) == (date(2027, 1, 31), date(2027, 4, 30))

    with pytest.raises(services.PlacementRefused) as refused:
        services.placement_extend(
            actor=coach, placement=placement, end_on=date(2027, 5, 1), note="", today=TODAY
        )
    assert [r.code for r in refused.value.reasons] == ["pl_wt_same_organiser"]
    placement.refresh_from_db()
    assert placement.end_on == date(2027, 4, 30)
    assert jobseeker.spells.get(status="work_trial").end_on == date(2027, 4, 30)


def test_interruption_needs_a_reason_and_sets_what_follows(coach, jobseeker, place):
    placement = _plan(coach, jobseeker, place, trial(date(2026, 10, 1), date(2027, 1, 31)))
    services.placement_transition(
        actor=coach, placement=placement, to_status="active", on=date(2026, 10, 1), today=TODAY
    )
    with pytest.raises(ValidationError) as missing:
        services.placement_transition(
            actor=coach,
            placement=placement,
            to_status="interrupted",
            on=date(2026, 11, 13),
            today=TODAY,
        )
    assert "reason" in missing.value.message_dict
    services.placement_transition(
        actor=coach,
        placement=placement,
        to_status="interrupted",
        on=date(2026, 11, 13),
        today=TODAY,
        reason="found_job",
        outcome="employed_other",
    )
    placement.refresh_from_db()
    assert (placement.status, placement.ended_on, placement.outcome) == (
        "interrupted",
        date(2026, 11, 13),
        "employed_other",
    )
    spells = list(jobseeker.spells.order_by("start_on").values_list("status", "start_on", "end_on"))
    assert spells[-2:] == [
        ("work_trial", date(2026, 10, 1), date(2026, 11, 13)),
        ("employed", date(2026, 11, 14), None),
    ]
    # The place is free again from the day after.
    assert placement.status not in ("planned", "active")


def test_the_last_day_must_fall_within_the_period(coach, jobseeker, place):
    placement = _plan(coach, jobseeker, place, trial(date(2026, 10, 1), date(2026, 11, 15)))
    services.placement_transition(
        actor=coach, placement=placement, to_status="active", on=date(2026, 10, 1), today=TODAY
    )
    with pytest.raises(ValidationError) as late:
        services.placement_transition(
            actor=coach, placement=placement, to_status="ended", on=date(2026, 11, 16), today=TODAY
        )
    assert "on" in late.value.message_dict
    placement.refresh_from_db()
    assert placement.status == "active"


def test_moves_outside_the_life_cycle_are_refused(coach, jobseeker, place):
    placement = _plan(coach, jobseeker, place, trial(date(2026, 10, 1), date(2026, 11, 15)))
    with pytest.raises(ValidationError):
        services.placement_transition(
            actor=coach, placement=placement, to_status="ended", on=date(2026, 11, 1), today=TODAY
        )
    services.placement_transition(
        actor=coach, placement=placement, to_status="cancelled", on=TODAY, today=TODAY
    )
    with pytest.raises(ValidationError):
        services.placement_transition(
            actor=coach, placement=placement, to_status="active", on=TODAY, today=TODAY
        )


def test_the_end_review_goes_into_the_continuation_plan(coach, jobseeker, place):
    placement = _plan(coach, jobseeker, place, trial(date(2026, 9, 1), date(2026, 11, 20)))
    with pytest.raises(ValidationError):
        _review(coach, placement, "start", date(2026, 9, 8))  # not started yet
    services.placement_transition(
        actor=coach, placement=placement, to_status="active", on=date(2026, 9, 1), today=TODAY
    )
    _review(coach, placement, "start", date(2026, 9, 8), participant_view="Jännittää.")
    services.placement_transition(
        actor=coach,
        placement=placement,
        to_status="ended",
        on=date(2026, 11, 20),
        today=TODAY,
        outcome="education",
    )
    _review(
        coach,
        placement,
        "end",
        date(2026, 11, 20),
        summary="Varastotyö sopii; seuraavaksi trukkikortti.",
        next_steps="Hae trukkikorttikurssille\n\nPäivitä CV",
    )
    plan = Plan.objects.get(client=jobseeker, kind="continuation")
    assert "Varastotyö sopii; seuraavaksi trukkikortti." in plan.summary
    assert "Saimaan Puutyö Oy" in plan.summary
    assert sorted(plan.steps.values_list("text", flat=True)) == [
        "Hae trukkikorttikurssille",
        "Päivitä CV",
    ]
    with pytest.raises(ValidationError) as twice:
        _review(coach, placement, "end", date(2026, 11, 21))
    assert "stage" in twice.value.message_dict
    assert Review.objects.filter(placement=placement).count() == 2
    spells = list(jobseeker.spells.order_by("start_on").values_list("status", "end_on"))
    assert spells[-1] == ("education", None)


def test_wage_subsidy_with_its_track_and_the_three_year_rule(coach, jobseeker, place):
    fields = trial(
        date(2025, 2, 1),
        date(2025, 4, 30),
        kind="wage_subsidy",
        days_per_week=5,
        hours_per_day=Decimal("7.5"),
        track="professional_skills",
        subsidy_percent=50,
        monthly_pay=Decimal("2400"),
        monthly_subsidy=Decimal("1200"),
    )
    placement = _plan(coach, jobseeker, place, fields)
    assert placement.track == "professional_skills"
    later = trial(
        date(2027, 3, 1),
        date(2027, 5, 31),
        kind="wage_subsidy",
        days_per_week=5,
        hours_per_day=Decimal("7.5"),
        track="professional_skills",
        subsidy_percent=50,
        monthly_pay=Decimal("2400"),
        monthly_subsidy=Decimal("1200"),
    )
    with pytest.raises(services.PlacementRefused) as refused:
        _plan(coach, jobseeker, place, later)
    codes = {r.code for r in refused.value.reasons}
    assert "ws_repeat_same_employer" in codes


def test_earlier_periods_reach_the_eligibility_engine(coach, jobseeker, place):
    _plan(coach, jobseeker, place, trial(date(2026, 6, 1), date(2026, 11, 30)))
    organisation = place.organisation
    case = case_for_client(
        client=jobseeker,
        on=date(2026, 12, 15),
        include_sensitive=True,
        organisation=EngineOrganisation(organisation.business_id, organisation.kind),
    )
    reasons = {r.code: r for r in evaluate(case).work_trial.reasons}
    assert reasons["wt_same_organiser_months"].met is False


def test_a_running_period_takes_its_place_out_of_the_supply(coach, manager, jobseeker, place):
    from osmari.employers.selectors import gap_counts_for_user

    organisation = place.organisation
    organisation.stage = "active_partner"
    organisation.save(update_fields=["stage"])
    place.occupation = Occupation.objects.filter(isco_group__code="9333").first()
    place.capacity = 2
    place.save(update_fields=["occupation", "capacity"])
    key = ("9", organisation.municipality.code)
    assert gap_counts_for_user(user=manager, today=TODAY)[1][key] == 2
    placement = _plan(coach, jobseeker, place, trial(date(2026, 11, 2), date(2027, 2, 28)))
    services.placement_transition(
        actor=coach, placement=placement, to_status="active", on=date(2026, 11, 2), today=TODAY
    )
    assert gap_counts_for_user(user=manager, today=TODAY)[1][key] == 1
