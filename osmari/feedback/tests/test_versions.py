"""A survey's versions made in the application: draft, pilot, publish, compare."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from osmari.core.models import AuditEvent
from osmari.core.tests.builders import make_area
from osmari.feedback import services, version_services
from osmari.feedback.models import Invitation, ServiceChange, Survey, VersionStatus
from osmari.feedback.tests.builders import make_response
from osmari.feedback.version_selectors import survey_version_changes
from osmari.feedback.versioning import Pilot, difference, version_for

pytestmark = pytest.mark.django_db


def _version_url(name, version, **extra):
    return reverse(name, kwargs={"key": version.survey.key, "number": version.number, **extra})


def _draft(manager, area, key="participant_end"):
    survey = Survey.objects.get(key=key)
    version = version_services.version_draft(actor=manager, area=area, survey=survey)
    version_services.version_edit(
        actor=manager,
        version=version,
        change_summary="Ohjausta koskeva kysymys selkeämmäksi.",
        change_reason="Vastaajat ymmärsivät kysymyksen eri tavoin.",
    )
    version.refresh_from_db()
    return version


# ---------------------------------------------------------------- pure rules


def test_a_reworded_question_is_changed_and_a_new_key_is_added():
    before = [
        {"key": "wellbeing", "order": 1, "text_fi": "Miten voit?"},
        {"key": "comment", "order": 2, "text_fi": "Kommentti"},
    ]
    after = [
        {"key": "wellbeing", "order": 1, "text_fi": "Miten olet voinut?"},
        {"key": "safety", "order": 2, "text_fi": "Tunsitko olosi turvalliseksi?"},
    ]
    found = difference({"guidance_fi": ""}, {"guidance_fi": "Vastaa rehellisesti."}, before, after)
    assert found.added == ("safety",)
    assert found.removed == ("comment",)
    assert [c.key for c in found.changed] == ["wellbeing"]
    assert found.changed[0].changes[0].after == "Miten olet voinut?"
    assert [t.name for t in found.texts] == ["guidance_fi"]


def test_a_pilot_covers_its_organisations_only_within_its_days():
    pilot = Pilot(2, frozenset({10}), date(2026, 9, 1), date(2026, 9, 30))
    assert version_for(1, [pilot], 10, date(2026, 9, 15)) == 2
    assert version_for(1, [pilot], 10, date(2026, 10, 1)) == 1
    assert version_for(1, [pilot], 11, date(2026, 9, 15)) == 1
    assert version_for(1, [pilot], None, date(2026, 9, 15)) == 1


# ---------------------------------------------------------------- the manager's pages


def test_the_manager_drafts_edits_pilots_and_publishes_in_the_application(
    login, manager, area, organisation, other_organisation, running_period
):
    client = login(manager)
    survey = Survey.objects.get(key="participant_end")
    response = client.post(reverse("feedback:survey_draft", kwargs={"key": survey.key}))
    draft = survey.versions.get(number=2)
    assert response.status_code == 302
    assert draft.status == VersionStatus.DRAFT and draft.area == area

    change = ServiceChange.objects.create(
        area=area,
        title="Ohjaajan tapaaminen ensimmäisellä viikolla",
        description="Palautteessa toivottiin enemmän ohjausta alussa.",
        changed_on=date(2026, 8, 1),
        recorded_by=manager,
    )
    page = client.post(
        _version_url("feedback:survey_version", draft),
        {
            "change_summary": "Ohjausta koskeva kysymys kysyy nyt ensimmäisestä viikosta.",
            "change_reason": "Haluamme nähdä, auttoiko ohjaajan tapaaminen.",
            "prompted_by_change": change.pk,
            "prompted_by_theme": "ohjaus alussa",
            "guidance_fi": "Ajattele koko jaksoa.",
            "notice_fi": draft.notice_fi,
            "notice_sv": draft.notice_sv,
            "notice_en": draft.notice_en,
        },
    )
    assert page.status_code == 302
    page = client.post(
        _version_url("feedback:survey_question", draft, question="guidance"),
        {
            "q-guidance-text_fi": "Saitko ohjausta ensimmäisellä viikolla?",
            "q-guidance-text_sv": "Fick du handledning den första veckan?",
            "q-guidance-text_en": "Did you get guidance in the first week?",
        },
    )
    assert page.status_code == 302
    page = client.post(
        _version_url("feedback:survey_question_add", draft),
        {
            "new-key": "safety",
            "new-kind": "scale5",
            "new-text_fi": "Tunsitko olosi turvalliseksi?",
            "new-text_sv": "Kände du dig trygg?",
            "new-text_en": "Did you feel safe?",
        },
    )
    assert page.status_code == 302
    draft.refresh_from_db()
    assert draft.guidance_fi == "Ajattele koko jaksoa."
    assert draft.questions.get(key="guidance").text_fi.endswith("ensimmäisellä viikolla?")
    assert draft.questions.filter(key="safety").exists()
    # The version in use is untouched.
    assert survey.versions.get(number=1).questions.get(key="guidance").text_fi != (
        "Saitko ohjausta ensimmäisellä viikolla?"
    )

    page = client.post(
        _version_url("feedback:survey_pilot", draft),
        {"pilot-organisations": [running_period.organisation_id], "pilot-starts": "2026-09-01"},
    )
    assert page.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PILOT
    # The pilot organisation's invitations use the pilot; the wording is fixed from now on.
    services.invitations_schedule(today=date(2026, 12, 7))
    assert Invitation.objects.get(survey=survey).version == draft
    refused = client.post(
        _version_url("feedback:survey_question_add", draft),
        {
            "new-key": "late",
            "new-kind": "scale5",
            "new-text_fi": "x",
            "new-text_sv": "x",
            "new-text_en": "x",
        },
    )
    assert refused.status_code == 302
    assert not draft.questions.filter(key="late").exists()

    assert client.post(_version_url("feedback:survey_publish", draft)).status_code == 302
    draft.refresh_from_db()
    first = survey.versions.get(number=1)
    # The area uses its own version now; the shared first one stays for the other areas.
    assert draft.status == VersionStatus.PUBLISHED and first.status == VersionStatus.PUBLISHED
    assert survey.current_version(draft.area) == draft
    assert survey.current_version(make_area("lappeenranta")) == first
    assert AuditEvent.objects.filter(action="feedback.survey_pilot").exists()
    assert AuditEvent.objects.filter(action="feedback.survey_version").exists()

    shown = client.get(_version_url("feedback:survey_version", draft), HTTP_ACCEPT_LANGUAGE="en")
    assert shown.status_code == 200
    assert "Ohjaajan tapaaminen ensimmäisellä viikolla" in shown.content.decode()
    assert other_organisation.name not in shown.content.decode()


def test_other_organisations_keep_the_version_in_use_during_a_pilot(
    manager, area, other_organisation, running_period
):
    draft = _draft(manager, area)
    version_services.version_pilot(
        actor=manager,
        version=draft,
        organisations=[other_organisation],
        starts=None,
        ends=None,
        today=date(2026, 9, 1),
    )
    services.invitations_schedule(today=date(2026, 12, 7))
    assert Invitation.objects.get(survey=draft.survey).version.number == 1


def test_a_pilot_or_publication_needs_the_change_record(login, manager, area, organisation):
    survey = Survey.objects.get(key="participant_end")
    draft = version_services.version_draft(actor=manager, area=area, survey=survey)
    client = login(manager)
    page = client.post(
        _version_url("feedback:survey_publish", draft), follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Say what changed and why" in page.content.decode()
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert survey.current_version().number == 1


def test_one_version_at_a_time_is_worked_on(login, manager, area):
    _draft(manager, area)
    client = login(manager)
    page = client.post(
        reverse("feedback:survey_draft", kwargs={"key": "participant_end"}),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "already has a version in draft or pilot" in page.content.decode()
    assert Survey.objects.get(key="participant_end").versions.count() == 2


def test_a_bad_question_is_refused_with_a_message_and_the_draft_keeps_its_questions(
    login, manager, area
):
    draft = _draft(manager, area)
    before = draft.questions.count()
    client = login(manager)
    page = client.post(
        _version_url("feedback:survey_question_add", draft),
        {"new-key": "wellbeing", "new-kind": "scale5", "new-text_fi": "Uusi"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 422
    text = page.content.decode()
    assert "already has a question with this key" in text
    assert "This field is required" in text
    assert draft.questions.count() == before


def test_a_coach_reads_the_versions_but_cannot_change_them(login, coach, manager, area):
    draft = _draft(manager, area)
    client = login(coach)
    assert client.get(reverse("feedback:surveys")).status_code == 200
    assert client.get(_version_url("feedback:survey_version", draft)).status_code == 200
    assert client.post(_version_url("feedback:survey_publish", draft)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


# ---------------------------------------------------------------- comparing


def test_comparing_shows_the_difference_and_results_with_small_groups_hidden(
    login, manager, area, organisation
):
    draft = _draft(manager, area)
    question = draft.questions.get(key="guidance")
    version_services.question_edit(
        actor=manager, question=question, text_en="Did you get guidance in the first week?"
    )
    version_services.version_publish(actor=manager, version=draft, today=date(2026, 9, 1))
    first = draft.survey.versions.get(number=1)
    minimum = area.min_group_size
    for _n in range(minimum):
        make_response(area, organisation, version=first, answers={"guidance": 2})
    make_response(area, organisation, version=draft, answers={"guidance": 5})
    page = login(manager).get(
        reverse("feedback:survey_compare", kwargs={"key": "participant_end"}),
        {"a": 1, "b": 2},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 200
    comparison = page.context["comparison"]
    assert [c["question"].key for c in comparison.changed] == ["guidance"]
    result = next(r for r in comparison.results if r.key == "guidance")
    assert result.before.n == minimum and result.before.mean == 2
    assert result.after.n is None and result.after.mean is None  # one answer: hidden
    text = page.content.decode()
    assert "Did you get guidance in the first week?" in text
    assert f"fewer than {minimum}" in text


def test_the_progress_report_gets_the_changes_of_the_period_with_what_prompted_them(manager, area):
    draft = _draft(manager, area)
    draft.prompted_by_theme = "ohjaus alussa"
    draft.save()
    version_services.question_add(
        actor=manager,
        version=draft,
        key="safety",
        kind="scale5",
        text_fi="Tunsitko olosi turvalliseksi?",
        text_sv="Kände du dig trygg?",
        text_en="Did you feel safe?",
    )
    version_services.version_publish(actor=manager, version=draft, today=date(2026, 10, 5))

    class Programme:
        area_id = area.pk

    with translation.override("en"):
        found = survey_version_changes(Programme(), date(2026, 10, 1), date(2026, 12, 31))
    assert len(found) == 1
    assert found[0].number == 2 and found[0].added == 1
    assert found[0].why == "Vastaajat ymmärsivät kysymyksen eri tavoin."
    assert "ohjaus alussa" in found[0].prompted_by
    assert survey_version_changes(Programme(), date(2026, 1, 1), date(2026, 9, 30)) == []


@pytest.mark.django_db
def test_an_areas_version_is_its_own_work_and_use(login, manager, area):
    from osmari.accounts.models import Role
    from osmari.accounts.tests.builders import make_person

    survey = Survey.objects.get(key="participant_end")
    shared = survey.current_version(area)
    other_area = make_area("lappeenranta")
    other_manager = make_person("manager@other.osmari.fi", Role.MANAGER, other_area)
    theirs = version_services.version_draft(actor=other_manager, area=other_area, survey=survey)
    # Another area's draft does not stop this one's.
    ours = version_services.version_draft(actor=manager, area=area, survey=survey)
    ours.change_summary, ours.change_reason = "Selkeämpi", "Palaute"
    ours.save()
    version_services.version_publish(actor=manager, version=ours, today=date(2026, 9, 9))
    assert survey.current_version(area) == ours
    assert survey.current_version(other_area) == shared
    # The other area's manager neither sees nor reaches this area's version.
    response = login(other_manager).get(_version_url("feedback:survey_version", ours))
    assert response.status_code == 404
    assert theirs.status == VersionStatus.DRAFT
