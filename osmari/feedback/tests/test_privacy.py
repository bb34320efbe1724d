"""Feedback that nobody can trace back: anonymous answers keep no link to the person, free text
is read by quarter from big enough groups only, and the link limiter slows only guessing."""

import importlib
import re
from datetime import date, datetime, time

import pytest
import time_machine
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from osmari.core.models import AuditEvent
from osmari.feedback import selectors, services
from osmari.feedback.models import (
    Answer,
    FollowUpTask,
    Invitation,
    LinkMiss,
    Response,
    Survey,
)
from osmari.feedback.tokens import new_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-10-16 10:00 +0300", tick=False):
        yield


@pytest.fixture
def link(running_period):
    services.invitations_schedule(today=date(2026, 10, 16))
    invitation = Invitation.objects.get(survey__key="participant_middle")
    token = services.invitation_deliver(invitation=invitation, channel="link")
    return reverse("feedback:answer", args=[token])


# An answer that signals a problem: low wellbeing and wanting to stop.
WORRYING = {"q_wellbeing": "1", "q_guidance": "1", "q_continue": "stop", "lang": "sv"}


def _rows_pointing_at(model, pks) -> list[str]:
    """Every row of any table that refers to one of these rows."""
    found = []
    for other in apps.get_models():
        for f in other._meta.concrete_fields:
            if isinstance(f, models.ForeignKey) and f.related_model is model:
                for row in other.objects.filter(**{f"{f.name}__in": pks}):
                    found.append(f"{other._meta.label}.{f.name} #{row.pk}")
    return found


def test_an_unshared_answer_keeps_nothing_that_leads_back_to_the_person(
    client, login, coach, link, running_period
):
    page = client.post(link, {**WORRYING, "share_with_coach": "no"})
    assert page.status_code == 200

    response = Response.objects.get()
    answers = list(Answer.objects.filter(response=response))
    assert answers
    # What the results count by stays; nothing about who answered, or when to the day.
    assert (response.area_id, response.organisation_id) == (
        running_period.area_id,
        running_period.organisation_id,
    )
    assert response.survey.key == "participant_middle"
    assert (response.invitation_id, response.client_id, response.language) == (None, None, "")
    assert response.submitted_on == date(2026, 10, 1)
    linked = {
        f.name
        for f in Response._meta.concrete_fields
        if f.is_relation and getattr(response, f.attname) is not None
    }
    assert linked == {"version", "area", "survey", "organisation", "municipality"}
    # No row anywhere points at the response or its answers, other than its own answers.
    assert sorted(_rows_pointing_at(Response, [response.pk])) == sorted(
        f"feedback.Answer.response #{a.pk}" for a in answers
    )
    assert _rows_pointing_at(Answer, [a.pk for a in answers]) == []
    assert not FollowUpTask.objects.exists()
    ids = {str(response.pk), *(str(a.pk) for a in answers)}
    assert not AuditEvent.objects.filter(
        object_type__in=["feedback.response", "feedback.answer"], object_id__in=ids
    ).exists()
    # Nor any event of the answer at all: its time and address beside the coach's delivery
    # of the link would say whose it is.
    assert not AuditEvent.objects.filter(action="feedback.response").exists()
    # The invitation only knows it was answered, on which day: not the moment, which would
    # pair it with the response by the order the two were saved in.
    invitation = Invitation.objects.get(survey__key="participant_middle")
    assert not Invitation.objects.filter(response__isnull=False).exists()
    assert timezone.localtime(invitation.answered_at) == timezone.make_aware(datetime(2026, 10, 16))
    # The coach sees that it was answered, and nothing of what.
    period = login(coach).get(reverse("placements:detail", args=[running_period.pk]))
    text = period.content.decode()
    assert "Osallistuja ei antanut valmentajan nähdä vastauksia" in text
    assert "Haluan lopettaa" not in text and "Alhainen hyvinvointi" not in text


def test_a_shared_answer_stays_beside_the_period_with_its_follow_up(link, running_period, client):
    client.post(link, {**WORRYING, "share_with_coach": "yes"})
    response = Response.objects.get()
    invitation = Invitation.objects.get(survey__key="participant_middle")
    assert (response.invitation, response.client) == (invitation, running_period.client)
    assert response.language == "sv"
    assert set(FollowUpTask.objects.values_list("reason", flat=True)) == {
        "low_wellbeing",
        "missing_guidance",
        "wants_to_stop",
    }


def test_links_stored_before_are_erased_from_unshared_answers(running_period):
    erase = importlib.import_module(
        "osmari.feedback.migrations.0005_erase_links_of_unshared_responses"
    ).erase_links
    services.invitations_schedule(today=date(2026, 10, 16))
    made = {}
    for key, shared in (("participant_middle", False), ("instructor_middle", False)):
        invitation = Invitation.objects.get(survey__key=key)
        invitation.answered_at = timezone.make_aware(datetime(2026, 10, 14, 13, 37, 5))
        invitation.save(update_fields=["answered_at"])
        made[key] = Response.objects.create(
            invitation=invitation,
            version=invitation.version,
            area=invitation.area,
            survey=invitation.survey,
            organisation=running_period.organisation,
            submitted_on=date(2026, 10, 14),
            language="sv",
            client=running_period.client if key.startswith("participant") else None,
            share_with_coach=shared,
        )
    FollowUpTask.objects.create(
        area=running_period.area,
        client=running_period.client,
        placement=running_period,
        response=made["participant_middle"],
        reason="low_wellbeing",
    )

    erase(apps, None)

    participant = Response.objects.get(pk=made["participant_middle"].pk)
    assert (participant.invitation_id, participant.client_id, participant.language) == (
        None,
        None,
        "",
    )
    assert participant.submitted_on == date(2026, 10, 1)
    assert not FollowUpTask.objects.exists()
    answered = Invitation.objects.get(survey__key="participant_middle").answered_at
    assert timezone.localtime(answered).time() == time.min
    # The instructor's view of the period stays beside the period, with its month only.
    instructor = Response.objects.get(pk=made["instructor_middle"].pk)
    assert instructor.invitation.survey.key == "instructor_middle"
    assert instructor.submitted_on == date(2026, 10, 1)


# ---------------------------------------------------------------- free text on the results page


def _answered(area, organisation, month: int, texts: list[str]):
    """One response per text to the participant's end survey in that month of 2026."""
    survey = Survey.objects.get(key="participant_end")
    version = survey.current_version()
    comment = version.questions.get(key="comment")
    for text in texts:
        response = Response.objects.create(
            version=version,
            area=area,
            survey=survey,
            organisation=organisation,
            submitted_on=date(2026, month, 1),
        )
        if text:
            response.answer(comment, text=text).save()


@pytest.fixture
def texts_by_quarter(area, organisation):
    # Q2: exactly the minimum number of answers, the texts given out of alphabetical order.
    minimum = area.min_group_size
    _answered(area, organisation, 4, ["Ohjaus oli hyvää"])
    _answered(area, organisation, 5, ["Aamut olivat raskaita", ""])
    _answered(area, organisation, 6, ["bussit kulkivat huonosti"] + [""] * (minimum - 4))
    # Q3: one answer short of the minimum.
    _answered(area, organisation, 8, ["Esimies huusi minulle"] + [""] * (minimum - 2))
    return minimum


def test_free_text_is_shown_by_quarter_only_from_a_big_enough_group(
    login, manager, area, texts_by_quarter
):
    groups = selectors.free_texts(
        area=area, survey=Survey.objects.get(key="participant_end"), year=2026
    )
    # Labelled in the reader's language (Finnish unless said otherwise).
    assert [(str(g.label), g.hidden) for g in groups] == [
        ("2026/3. neljännes", True),
        ("2026/2. neljännes", False),
    ]
    assert groups[0].texts == []
    # Alphabetical, so the order tells nothing of who answered first.
    assert groups[1].texts == [
        "Aamut olivat raskaita",
        "bussit kulkivat huonosti",
        "Ohjaus oli hyvää",
    ]

    page = (
        login(manager)
        .get(
            reverse("feedback:results"),
            {"survey": "participant_end", "year": 2026},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        .content.decode()
    )
    section = page.split('id="texts-title"')[1].split("</section>")[0]
    assert "2026 Q2" in section and "2026 Q3" in section
    assert section.index("Aamut") < section.index("bussit") < section.index("Ohjaus")
    assert "Esimies huusi" not in page
    assert f"fewer than {texts_by_quarter} people answered in this quarter" in section
    assert not re.search(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}|2026-\d\d", section)


# ---------------------------------------------------------------- guessing links


def _guess(client, **headers):
    return client.get(reverse("feedback:answer", args=[new_token()[0]]), **headers)


def test_behind_the_proxy_each_person_is_slowed_down_separately(client, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.FEEDBACK_TOKEN_ATTEMPTS = 3
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    guesser = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    neighbour = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.8"}
    assert [_guess(client, **guesser).status_code for _ in range(4)] == [404, 404, 404, 429]
    assert _guess(client, **neighbour).status_code == 404
    assert dict(LinkMiss.objects.values_list("address", "count")) == {
        "198.51.100.7": 3,
        "198.51.100.8": 1,
    }


def test_a_working_link_opens_after_many_wrong_ones_from_the_same_address(client, settings, link):
    settings.FEEDBACK_TOKEN_ATTEMPTS = 3
    for _ in range(6):
        _guess(client)
    assert _guess(client).status_code == 429
    form = client.get(link)
    assert form.status_code == 200
    assert "Miten olet viihtynyt työpaikalla?" in form.content.decode()
    sent = client.post(link, {"q_wellbeing": "4", "q_guidance": "4", "lang": "fi"})
    assert "Kiitos!" in sent.content.decode()


def test_too_many_wrong_links_are_refused_in_plain_words(client, settings):
    settings.FEEDBACK_TOKEN_ATTEMPTS = 2
    _guess(client)
    _guess(client)
    refused = _guess(client)
    assert refused.status_code == 429
    assert "Tästä yhteydestä on avattu liian monta toimimatonta linkkiä" in (
        refused.content.decode()
    )
    assert int(refused["Retry-After"]) == settings.FEEDBACK_TOKEN_WINDOW
