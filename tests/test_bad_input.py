"""Each server error the hostile-input walk (`test_hostile_input.py`) found, on the page where it
was found: the bad value now gets the form's message (422), is ignored by a filter, or finds
nothing (404), and nothing already saved changes.

"²" is a digit to `str.isdigit()` but not to `int()`; "١٢" is twelve to both and to Django's
IntegerField. PostgreSQL refuses a NUL character in any text, so the NUL cases fail only there.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

NUL = "a\x00b"


def _as(login, user):
    # Messages new with these fixes are asserted in English, the language they are written in.
    http = login(user)
    http.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return http


# ---------------------------------------------------------------- numbers in the address


@pytest.mark.parametrize("position", ["abc", "1x", "²", "99999999999999999999", "-1", NUL])
def test_a_garbled_place_in_a_suggestion_link_opens_the_empty_form(login, coach, sample, position):
    url = reverse("placements:create", args=[sample["client"]])
    response = login(coach).get(url, {"position": position, "score": "nan"})
    assert response.status_code == 200
    assert response.context["form"].initial.get("position") is None


def test_a_unicode_digit_place_in_a_suggestion_link_is_read_as_a_number(login, coach, sample):
    from osmari.employers.models import Position

    digits = "".join(chr(0x0660 + int(c)) for c in str(sample["position"]))  # Arabic-Indic
    assert Position.objects.filter(pk=sample["position"]).exists()
    url = reverse("placements:create", args=[sample["client"]])
    response = login(coach).get(url, {"position": digits})
    assert response.status_code == 200
    assert response.context["form"].initial["position"] == sample["position"]


@pytest.mark.parametrize("municipality", ["²", "1x", "99999999999999999999"])
def test_a_garbled_municipality_in_the_people_list_is_not_found(
    login, manager, sample, municipality
):
    url = reverse("reporting:people", args=[sample["programme"], "EECO03"])
    assert login(manager).get(url, {"municipality": municipality}).status_code == 404


# ---------------------------------------------------------------- numbers posted by hand


def test_agreed_benefits_refuse_a_superscript_number_and_keep_what_was_agreed(login, coach, sample):
    from osmari.reciprocity.models import AgreedBenefit, Benefit

    benefit = Benefit.objects.filter(is_active=True).order_by("pk").first()
    url = reverse("reciprocity:agreed_benefits", args=[sample["agreement"]])
    response = _as(login, coach).post(url, {f"b{benefit.pk}": "²"})
    assert response.status_code == 422
    assert "enter a whole number from 0 to 52" in response.content.decode()
    assert not AgreedBenefit.objects.filter(agreement_id=sample["agreement"]).exists()


def test_attendance_ignores_a_garbled_registration_number(login, coach, sample):
    from osmari.reciprocity.models import Event, Registration

    Event.objects.filter(pk=sample["event"]).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    url = reverse("reciprocity:attendance", args=[sample["event"]])
    response = login(coach).post(url, {"present": ["²", "99999999999999999999"]})
    assert response.status_code == 302
    assert Registration.objects.get(pk=sample["registration"]).attended is False


def test_removing_an_interest_by_a_garbled_number_removes_nothing(login, coach, sample):
    from osmari.clients.models import Client
    from osmari.core.models import Occupation

    client = Client.objects.get(pk=sample["client"])
    occupation = Occupation.objects.order_by("pk").first()
    client.occupations.add(occupation)
    url = reverse("clients:interest_remove", args=[client.pk])
    for value in ("²", "99999999999999999999", NUL):
        response = login(coach).post(url, {"kind": "occupation", "id": value})
        assert response.status_code == 302
    assert list(client.occupations.all()) == [occupation]


@pytest.fixture
def feedback_link(sample):
    """An open feedback link of the sample's period, and its questions' keys."""
    from osmari.feedback.models import Invitation, Survey
    from osmari.feedback.tokens import new_token
    from osmari.placements.models import Placement

    placement = Placement.objects.get(pk=sample["placement"])
    survey = Survey.objects.get(key="participant_start")
    token, digest = new_token()
    today = timezone.localdate()
    invitation = Invitation.objects.create(
        area=placement.area,
        survey=survey,
        version=survey.current_version(),
        placement=placement,
        due_key="bad-input",
        due_on=today,
        expires_on=today + timedelta(days=30),
        language="fi",
        token_hash=digest,
    )
    return reverse("feedback:answer", args=[token]), invitation


def test_a_superscript_number_on_a_feedback_scale_is_asked_again(login, feedback_link):
    from osmari.feedback.models import Answer, Response

    url, invitation = feedback_link
    saved = (Response.objects.count(), Answer.objects.count())
    response = login(None).post(url, {"q_wellbeing": "²", "q_guidance": "3"})
    assert response.status_code == 422
    assert "Valitse luku 1–5." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.answered_at is None
    assert (Response.objects.count(), Answer.objects.count()) == saved


def test_a_nul_character_in_a_feedback_comment_is_dropped_and_the_answer_saved(
    login, feedback_link
):
    from osmari.feedback.models import Answer

    url, invitation = feedback_link
    response = login(None).post(
        url, {"q_wellbeing": "4", "q_guidance": "١", "q_comment": f"Hyvä {NUL}"}
    )
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.answered_at is not None
    # An answer given without a yes to sharing keeps no link to its invitation.
    answers = Answer.objects.all()
    assert "Hyvä ab" in [a.text for a in answers]
    assert 1 in [a.number for a in answers]  # "١", an Arabic-Indic one


# ---------------------------------------------------------------- dates at the calendar's ends


@pytest.mark.parametrize("field", ["date_from", "date_to"])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_an_audit_filter_date_at_the_calendars_end_is_refused(login, admin, field, day):
    response = _as(login, admin).get(reverse("accounts:audit_list"), {field: day})
    assert response.status_code == 422
    assert "Enter a date between 1.1.1900 and 31.12.2099." in response.content.decode()


def test_an_audit_export_from_the_year_1_is_written_whole(login, admin):
    response = login(admin).get(reverse("accounts:audit_export"), {"date_from": "0001-01-01"})
    assert response.status_code == 200
    # The rows are written as the file streams: a failing query would cut it short.
    assert b"".join(response.streaming_content).startswith(b"time,actor")


def test_a_period_extended_to_the_year_9999_is_refused_and_keeps_its_end(login, coach, sample):
    from osmari.placements.models import Placement

    url = reverse("placements:extend", args=[sample["placement"]])
    response = _as(login, coach).post(url, {"end_on": "9999-12-31", "note": "Jatko"})
    assert response.status_code == 422
    assert "Enter a date between 1.1.1900 and 31.12.2099." in response.content.decode()
    assert Placement.objects.get(pk=sample["placement"]).end_on == date(2027, 1, 31)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("0001-01-01", "Enter a date between 1.1.1900 and 31.12.2099."),
        ("2020-01-01", "No rules for work trials and wage subsidy are in force on 01.01.2020"),
    ],
)
def test_a_period_started_before_the_rules_is_refused_and_stays_planned(
    login, coach, sample, day, message
):
    from osmari.placements.models import Placement

    url = reverse("placements:transition", args=[sample["placement"]])
    response = _as(login, coach).post(url, {"to_status": "active", "on": day})
    assert response.status_code == 422
    assert message in response.content.decode()
    placement = Placement.objects.get(pk=sample["placement"])
    assert (placement.status, placement.start_on) == ("planned", date(2026, 12, 1))


def test_a_new_period_before_the_rules_is_refused_with_its_date_named(login, coach, sample):
    from osmari.placements.models import Placement

    url = reverse("placements:create", args=[sample["client"]])
    response = _as(login, coach).post(
        url,
        {
            "position": sample["position"],
            "kind": "work_trial",
            "start_on": "2020-01-01",
            "end_on": "2020-02-28",
            "days_per_week": "4",
            "hours_per_day": "6",
            "confirm_without_agreement": "1",
        },
    )
    assert response.status_code == 422
    assert "No rules for work trials and wage subsidy are in force on 01.01.2020" in (
        response.content.decode()
    )
    assert Placement.objects.filter(client_id=sample["client"]).count() == 1


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_an_event_at_the_calendars_end_is_refused(login, coach, sample, moment):
    from osmari.reciprocity.models import Benefit, Event

    benefit = Benefit.objects.get(pk=sample["benefit"] + 1)
    response = _as(login, coach).post(
        reverse("reciprocity:event_create"),
        {
            "benefit": benefit.pk,
            "title": "Koulutus",
            "starts_at": moment,
            "ends_at": "2026-12-20T12:00",
            "place": "Sali",
            "capacity": "10",
        },
    )
    assert response.status_code == 422
    assert "Enter a date between 1.1.1900 and 31.12.2099." in response.content.decode()
    assert Event.objects.count() == 1


def test_a_programme_ending_in_the_year_9999_is_refused_and_its_pages_still_open(
    login, manager, sample
):
    from osmari.reporting.models import Programme

    url = reverse("reporting:programme_edit", args=[sample["programme"]])
    http = _as(login, manager)
    form = http.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    response = http.post(url, {**data, "ends_on": "9999-12-31"})
    assert response.status_code == 422
    assert "Enter a date between 1.1.1900 and 31.12.2099." in response.content.decode()
    assert Programme.objects.get(pk=sample["programme"]).ends_on == date(2028, 7, 31)
    assert http.get(reverse("reporting:dashboard", args=[sample["programme"]])).status_code == 200


def test_indicators_for_a_period_to_the_year_9999_show_the_programme_so_far(login, manager, sample):
    url = reverse("reporting:indicators", args=[sample["programme"]])
    response = _as(login, manager).get(url, {"start": "2025-08-01", "end": "9999-12-31"})
    assert response.status_code == 200
    assert "Enter a date between 1.1.1900 and 31.12.2099." in response.content.decode()


# ---------------------------------------------------------------- NUL in hand-read text


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("clients:list", {"q": NUL}),
        ("clients:list", {"municipality": NUL}),
        ("employers:list", {"q": NUL}),
        ("employers:list", {"stage": NUL}),
        ("core:occupation_options", {"occupation_label": NUL}),
        ("core:skill_options", {"label": NUL}),
        ("matching:assignment", {"municipality": NUL}),
    ],
)
def test_a_nul_character_in_a_search_finds_as_without_it(login, coach, sample, name, params):
    assert login(coach).get(reverse(name), params).status_code == 200


def test_a_nul_character_in_an_interest_finds_nothing_and_adds_nothing(login, coach, sample):
    from osmari.clients.models import Client

    url = reverse("clients:interest_add", args=[sample["client"]])
    response = login(coach).post(url, {"kind": "skill", "label": NUL})
    assert response.status_code in (200, 302, 422)
    assert not Client.objects.get(pk=sample["client"]).skills.exists()


def test_a_nul_character_in_a_follow_up_note_is_dropped(login, coach, sample):
    from osmari.feedback.models import FollowUpTask

    url = reverse("feedback:follow_up_done", args=[sample["follow_up"]])
    assert login(coach).post(url, {"note": f"Soitettu {NUL}"}).status_code == 302
    assert FollowUpTask.objects.get(pk=sample["follow_up"]).note == "Soitettu ab"


def test_a_nul_character_in_a_cancellation_reason_is_dropped(login, manager, sample):
    from osmari.core.models import AuditEvent
    from osmari.reciprocity.models import SubsidyCommitment

    url = reverse("reciprocity:commitment_cancel", args=[sample["commitment"]])
    assert login(manager).post(url, {"reason": f"Peruttu {NUL}"}).status_code == 302
    assert SubsidyCommitment.objects.get(pk=sample["commitment"]).cancelled_on is not None
    event = AuditEvent.objects.get(action="reciprocity.commitment_cancel")
    assert event.reason == "Peruttu ab"
