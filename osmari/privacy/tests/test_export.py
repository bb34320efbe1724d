"""Everything held about a person: every declared field, nobody else's, who read it, and a
fixed number of queries."""

from __future__ import annotations

import io
import json

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from osmari.clients.models import Client
from osmari.core import register
from osmari.core.audit import disclosure_recorded, persons_read, recipient_ref
from osmari.employers.tests.builders import make_instructor
from osmari.feedback.tests.builders import make_invitation
from osmari.placements.models import Placement
from osmari.privacy.export import export_file, person_export
from osmari.privacy.tests.builders import LATER, person_with_everything

pytestmark = [pytest.mark.django_db]

FROZEN = "2026-12-15 10:00 +0200"

SECTIONS = [
    "person",
    "status_periods",
    "register_facts",
    "consents",
    "assessments",
    "decisions",
    "journal",
    "plans",
    "plan_steps",
    "placements",
    "placement_history",
    "reviews",
    "feedback_invitations",
    "feedback_responses",
    "feedback_answers",
    "feedback_follow_ups",
]


@pytest.fixture
def person(area, coach, organisation):
    with time_machine.travel(FROZEN, tick=False):
        return person_with_everything(area=area, coach=coach, organisation=organisation)


@pytest.fixture
def other_person(area, coach, organisation, person):
    with time_machine.travel(FROZEN, tick=False):
        return person_with_everything(
            area=area,
            coach=coach,
            organisation=organisation,
            first_name="Veikko",
            last_name="Mäkelä",
            hetu="010101A123N",
            certificate_code="BCDEFGHJKLMN",
        )


def _data(client: Client) -> dict:
    return json.loads(export_file(person_export(client=client), "json"))


def _linked_to_client(model, seen=()) -> bool:
    """Whether the model's rows lead to a client through foreign keys: worked out here
    apart from the export, so that the test checks the export's walk."""
    if model is Client:
        return True
    for field in model._meta.concrete_fields:
        target = field.related_model
        related = (field.many_to_one or field.one_to_one) and target not in (None, model, *seen)
        if related and _linked_to_client(target, (*seen, model)):
            return True
    return False


def test_every_section_of_the_record_is_there_with_the_persons_records(person):
    data = _data(person)
    for key in SECTIONS:
        assert data["sections"][key]["records"], f"{key} is empty"
    assert data["sections"]["person"]["records"][0]["values"]["personal_identity_code"] == (
        "131052-308T"
    )
    assert data["schema"] == "osmari.person-export/1"
    assert data["person_ref"] == person.person_ref


def test_every_declared_personal_field_of_every_record_about_the_person_is_in_the_file(person):
    data = _data(person)
    by_model = {section["model"]: section for section in data["sections"].values()}
    checked = 0
    for declaration in register.declarations():
        model = declaration.model
        if not declaration.personal or not _linked_to_client(model):
            continue
        assert declaration.label in by_model, f"{declaration.label} is not exported"
        section = by_model[declaration.label]
        assert list(section["fields"]) == list(declaration.fields)
        for record in section["records"]:
            assert set(record["values"]) == set(declaration.fields), declaration.label
            extra = set(section["extra_fields"])
            assert set(record["texts"]) == set(declaration.fields) | extra, declaration.label
        checked += 1
    assert checked >= 20
    # Every row of the person's own that the database holds is in the file.
    for label, section in by_model.items():
        model = apps.get_model(label)
        path = next(s for s in [_path_of(model)] if s is not None)
        ids = {r["id"] for r in section["records"]}
        own = model._default_manager.filter(**{path: person.pk})
        if label == "feedback.Invitation":
            own = own.filter(survey__audience="participant")
        rows = set(own.values_list("pk", flat=True))
        assert ids == rows, label


def _path_of(model) -> str | None:
    from osmari.privacy.export import reaches

    for reach in reaches():
        if reach.model is model:
            return f"{reach.path}__pk" if reach.path else "pk"
    return None


def test_a_field_declared_later_is_exported_without_a_change_to_the_export(person, monkeypatch):
    declaration = next(d for d in register.declarations() if d.label == "screening.Decision")
    assert "rules_version" not in _data(person)["sections"]["decisions"]["fields"]
    # The rules' version, declared personal from now on: it is in each proposal.
    monkeypatch.setattr(
        declaration, "fields", {**declaration.fields, "rules_version": register.CLIENT_SERVICE_DATA}
    )
    decisions = _data(person)["sections"]["decisions"]
    assert decisions["fields"]["rules_version"] == "Sääntöjen versio"
    decision = person.decisions.get()
    assert decisions["records"][0]["values"]["rules_version"] == decision.rules_version


def test_nothing_about_another_person_with_records_alike_is_in_the_file(person, other_person):
    text = export_file(person_export(client=person), "json").decode()
    for trace in ("Veikko", "Mäkelä", "010101A123N", f'"{other_person.person_ref}"'):
        assert trace not in text
    mine, theirs = _data(person), _data(other_person)
    for key, section in mine["sections"].items():
        own = {r["id"] for r in section["records"]}
        other = {r["id"] for r in theirs["sections"][key]["records"]}
        assert not own & other, key


def test_an_instructors_invitation_to_the_persons_period_is_not_theirs(person, area, coach):
    placement = Placement.objects.get(client=person)
    instructor = make_instructor(placement.organisation, coach, email="ohjaaja@example.fi")
    make_invitation(
        area, "instructor_end", placement=placement, email=instructor.email, due_on=LATER
    )
    assert "ohjaaja@example.fi" not in export_file(person_export(client=person), "json").decode()


def test_consents_come_with_their_wording_and_proposals_with_the_engines_full_reasons(person):
    data = _data(person)
    consent = data["sections"]["consents"]["records"][0]
    from osmari.clients.models import ConsentText

    text = ConsentText.objects.get(pk=consent["values"]["text"])
    assert consent["details"]["wording"] == text.text_fi
    decision = data["sections"]["decisions"]["records"][0]
    reasons = decision["details"]["explanation"]["work_trial"]["reasons"]
    assert reasons and all(r["explanation"] and r["legal_basis"] for r in reasons)
    # In the person's language, as the printed explanation says them.
    assert reasons[0]["explanation"] in decision["texts"]["explanation"]
    assert "ei ole lakisääteinen päätös" in decision["texts"]["explanation"].lower()
    # The stored result, in full, every language included.
    assert set(decision["values"]["engine_result"]["results"]) == {"fi", "sv", "en"}
    answers = data["sections"]["feedback_answers"]["records"]
    assert {a["details"]["question_key"] for a in answers} == {"wellbeing", "comment"}
    assert all(a["details"]["question"] for a in answers)


def test_the_access_log_says_who_read_and_who_received_by_role_and_organisation(
    person, coach, org_contact, organisation, area
):
    for user, name in ((coach, "Kaisa Valmentaja"), (org_contact, "Olli Yhteyshenkilö")):
        user.full_name = name
        user.save(update_fields=["full_name"])
    persons_read(actor=coach, persons=[person])
    persons_read(actor=org_contact, persons=[person], part="candidates")
    instructor = make_instructor(organisation, coach)
    disclosure_recorded(
        actor=coach,
        action="feedback.email",
        recipient=recipient_ref(instructor),
        obj=person,
        area=area,
        person_ref=person.person_ref,
    )
    log = _data(person)["access_log"]
    read = [e for e in log if e["action"] == "client.view"][-1]
    assert read["kind"] == "read"
    assert (read["role"], read["organisation"]) == ("Työvalmentaja", str(area))
    assert read["what"] == "Katsoi asiakkaan tietoja"
    by_contact = [e for e in log if e["action"] == "client.view_candidates"][-1]
    assert by_contact["organisation"] == organisation.name
    disclosed = [e for e in log if e["kind"] == "disclosure"][-1]
    assert disclosed["recipient"] == f"Työpaikkaohjaaja, {organisation.name}"
    assert disclosed["role"] == "Työvalmentaja"
    # By role, not by name: the staff's names and addresses are theirs (C-579/21).
    listed = json.dumps(log, ensure_ascii=False)
    for name in (coach.full_name, coach.email, org_contact.full_name, org_contact.email):
        assert name not in listed


def test_the_records_of_staff_name_their_role_not_their_name(person, coach):
    journal = _data(person)["sections"]["journal"]["records"][0]
    assert journal["texts"]["author"] == f"Työvalmentaja, {person.area}"
    assert coach.full_name not in journal["texts"]["author"]


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        ("fi", ["Henkilötiedot", "Suostumukset", "Kolmikantakeskustelut", "Palautevastaukset"]),
        ("sv", ["Personuppgifter", "Samtycken", "Trepartssamtal", "Responssvar"]),
    ],
)
def test_the_pdf_is_in_the_persons_language(person, language, headings):
    person.preferred_language = language
    person.save(update_fields=["preferred_language"])
    pdf = PdfReader(io.BytesIO(export_file(person_export(client=person), "pdf")))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    for heading in headings:
        assert heading in text
    assert "Asiakas" in text


def test_the_export_reads_a_fixed_number_of_queries_however_many_records(area, coach, organisation):
    with time_machine.travel(FROZEN, tick=False):
        few = person_with_everything(area=area, coach=coach, organisation=organisation)
        many = person_with_everything(
            area=area,
            coach=coach,
            organisation=organisation,
            first_name="Monta",
            last_name="Merkintää",
            hetu="010101A123N",
            certificate_code="BCDEFGHJKLMN",
            journal=25,
        )
    for _n in range(30):
        persons_read(actor=coach, persons=[many], part="list")
    counts = []
    for client in (few, many):
        client = Client.objects.get(pk=client.pk)
        with CaptureQueriesContext(connection) as queries:
            person_export(client=client).json_text()
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # One query a section, whatever it holds, and a few for the access log.
    assert counts[1] <= 45
