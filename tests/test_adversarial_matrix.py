"""The URL matrix, played by an attacker: every URL behind a login, against objects the user
must not reach.

Two employment areas. The first keeps coaches to their own caseload and has two coaches,
a manager, an analyst, an administrator, a municipal representative and two host
organisations with a contact each; the second has its own coach, manager, analyst,
administrator and one organisation with its contact. Each area holds a full set of objects
(a client with spells, consents, a plan, a decision, a period, feedback, an agreement, a
place, events, subsidies, a programme); the first area holds two, one per coach and
organisation.

Each of these thirteen users requests every URL of the matrix except the public and token ones
(anonymous users and users without a role are the URL matrix's own cases): an object page
with each object set, the user's own, a colleague's (same area, other coach, other
organisation) and the other area's; an export in each format (CSV and XLSX); any other page
once. A form's URL is posted without data. The status must be what the matrix and the
scoping say (where allowed, 200 for a page and 200, 302 or 422 for a post; where not, 403 or
404), and no 200 response, export or file may carry the name of a client the user may not see.

Forms are also posted with another area's or organisation's ids in otherwise valid data: each
is refused (422) on the field that carried the id, and no record ends up linked across an
area's or an organisation's border.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

import pytest
from django.urls import reverse

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.employers.tests.builders import make_contact_person, make_organisation
from tests.conftest import build_objects
from tests.test_url_matrix import MATRIX, PUBLIC, TOKEN

# The first names of each set's client: distinctive, so a name in a page is a real leak.
OWN, COLLEAGUE, FOREIGN = "own", "colleague", "foreign"
FIRST_NAMES = {OWN: "Testi", COLLEAGUE: "Kaisu", FOREIGN: "Vieno"}

# Placeholders whose object belongs to one client: a coach kept to their own caseload
# reaches them only for their own clients.
CLIENT_SCOPED = {"client", "spell", "consent", "step", "decision", "placement", "invitation"}
CLIENT_SCOPED |= {"follow_up", "absence", "proposal", "participant_message"}
# A client import's page is its importer's alone: it lists identity codes.
CLIENT_SCOPED |= {"import_run"}
# Placeholders of a host organisation's own things: another organisation's contact never
# reaches them.
ORGANISATION_SCOPED = {"organisation", "position", "agreement", "signature", "contact"}
ORGANISATION_SCOPED |= {"registration", "certificate"}

# The matrix names its personas for the sample objects; these are their roles.
ROLE_OF_MATRIX_PERSONA = {
    "coach": "coach",
    "coach_other_area": "coach",
    "manager": "manager",
    "analyst": "analyst",
    "admin": "admin",
    "org_contact": "org_contact",
    "other_org_contact": "org_contact",
    "employer_services": "employer_services",
    "finance": "finance",
    "auditor": "auditor",
    "dpo": "dpo",
    "municipal": "municipal",
    "no_role_user": None,
}


@dataclass(frozen=True)
class Persona:
    name: str
    role: str | None
    area: str  # "a" or "b"
    object_set: str | None  # the object set that is this user's own (coach or organisation)


PERSONAS = [
    Persona("coach", "coach", "a", OWN),
    Persona("colleague_coach", "coach", "a", COLLEAGUE),
    Persona("manager", "manager", "a", None),
    Persona("analyst", "analyst", "a", None),
    Persona("admin", "admin", "a", None),
    Persona("org_contact", "org_contact", "a", OWN),
    Persona("other_org_contact", "org_contact", "a", COLLEAGUE),
    Persona("coach_b", "coach", "b", FOREIGN),
    Persona("manager_b", "manager", "b", None),
    Persona("analyst_b", "analyst", "b", None),
    Persona("admin_b", "admin", "b", None),
    Persona("org_contact_b", "org_contact", "b", FOREIGN),
    # Numbers of their own municipality only: never a person, of either area.
    Persona("municipal", "municipal", "a", None),
]
AREA_OF_SET = {OWN: "a", COLLEAGUE: "a", FOREIGN: "b"}
EXPORT_FORMATS = ("csv", "xlsx")


@pytest.fixture
def world(area, other_area, coach, manager, analyst, admin, organisation, other_organisation):
    """Both areas, their people and a full object set for each coach and organisation."""
    from osmari.employers.models import Organisation

    area.coaches_see_own_caseload_only = True
    area.save(update_fields=["coaches_see_own_caseload_only"])
    org_b = make_organisation(other_area, "Lappeen Korjaamo Oy", "0737546-2")
    users = {
        "coach": coach,
        "colleague_coach": make_person("kollega@test.osmari.fi", Role.COACH, area),
        "manager": manager,
        "analyst": analyst,
        "admin": admin,
        "org_contact": make_contact_person("org@test.osmari.fi", organisation),
        "other_org_contact": make_contact_person("org@other.osmari.fi", other_organisation),
        "coach_b": make_person("coach@b.osmari.fi", Role.COACH, other_area),
        "manager_b": make_person("manager@b.osmari.fi", Role.MANAGER, other_area),
        "analyst_b": make_person("analyst@b.osmari.fi", Role.ANALYST, other_area),
        "admin_b": make_person("admin@b.osmari.fi", Role.AREA_ADMIN, other_area),
        "org_contact_b": make_contact_person("org@b.osmari.fi", org_b),
        "municipal": make_person(
            "kunta@test.osmari.fi",
            Role.MUNICIPAL,
            area,
            municipality=area.municipalities.order_by("code").first(),
        ),
    }
    objects = {
        OWN: build_objects(area=area, coach=coach, organisation=organisation),
        COLLEAGUE: build_objects(
            area=area,
            coach=users["colleague_coach"],
            organisation=other_organisation,
            first_name=FIRST_NAMES[COLLEAGUE],
            last_name="Kollegansa",
            hetu="010190-123M",
            certificate_code="BCDEFGHJKLMN",
        ),
        FOREIGN: build_objects(
            area=other_area,
            coach=users["coach_b"],
            organisation=org_b,
            first_name=FIRST_NAMES[FOREIGN],
            last_name="Alueelta",
            hetu="150575-298N",
            certificate_code="CDEFGHJKLMNP",
        ),
    }
    assert Organisation.objects.filter(area=other_area).exists()
    return users, objects


def _expected_allowed(name: str, persona: Persona, object_set: str | None) -> bool:
    """What the matrix and the scoping rules say this persona may do with this object set
    (`None`: an area-wide page, which every persona with the role sees for their own area)."""
    rule = MATRIX[name]
    roles = {ROLE_OF_MATRIX_PERSONA[p] for p in rule.access}
    if persona.role not in roles:
        return False
    if object_set is None:
        return True
    if AREA_OF_SET[object_set] != persona.area:
        return False
    placeholders = set(rule.kwargs.values())
    if persona.role == "org_contact":
        if "org_contact" in rule.access and "other_org_contact" not in rule.access:
            # The sample object is the organisation contact's own: only its own organisation.
            return persona.object_set == object_set
        return True
    if persona.role == "coach" and placeholders & CLIENT_SCOPED and persona.area == "a":
        return persona.object_set == object_set
    return True


def _forbidden_names(persona: Persona) -> set[str]:
    """The client names this persona may never see anywhere."""
    names = {FIRST_NAMES[s] for s in FIRST_NAMES if AREA_OF_SET[s] != persona.area}
    if persona.role in ("org_contact", "analyst", "admin", "municipal"):
        # Each client agreed to share a profile with their own set's organisation only, to
        # be proposed there: an organisation sees nobody outside its own pages (see
        # `_shown_to_host`), and analysts, administrators and municipal representatives never
        # see a person.
        names |= {FIRST_NAMES[s] for s in FIRST_NAMES}
    elif persona.role == "coach" and persona.area == "a":
        names |= {FIRST_NAMES[s] for s in (OWN, COLLEAGUE) if s != persona.object_set}
    return names


# The host organisation's own page names the people working at its place to its contacts.
HOST_PAGES = {name for name in MATRIX if name.startswith("placements:host_")}


def _shown_to_host(name: str, persona: Persona, object_set: str | None) -> set[str]:
    """The names an organisation's contact may see: the people at their own place on the
    host's pages, and, once free again, the person who consented to share their profile
    with the organisation among the candidates for its own place."""
    if persona.role != "org_contact" or not persona.object_set:
        return set()
    if name in HOST_PAGES or (
        name == "matching:position_candidates" and object_set == persona.object_set
    ):
        return {FIRST_NAMES[persona.object_set]}
    return set()


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":  # an XLSX workbook: its strings are in the shared strings part
        with zipfile.ZipFile(io.BytesIO(body)) as book:
            return " ".join(
                book.read(part).decode("utf-8", "replace")
                for part in book.namelist()
                if part.endswith(".xml")
            )
    return body.decode("utf-8", "replace")


def _requests(name: str, objects: dict) -> list[tuple[str | None, str]]:
    """(object set, address) for each request the URL gets: each object set for an object
    page, each export format for an export, the address alone for an area-wide page."""
    rule = MATRIX[name]
    placeholders = {
        k: v for k, v in rule.kwargs.items() if isinstance(v, str) and v in objects[OWN]
    }
    if placeholders:
        requests: list[tuple[str | None, str]] = []
        for object_set in (OWN, COLLEAGUE, FOREIGN):
            address = reverse(
                name,
                kwargs={
                    k: objects[object_set][v] if k in placeholders else v
                    for k, v in rule.kwargs.items()
                },
            )
            # An area's own object (its draft of the agreement template) is the same for a
            # colleague's set: asked once, as a second POST would find it changed.
            if address not in {seen for _set, seen in requests}:
                requests.append((object_set, address))
        return requests
    if "fmt" in rule.kwargs:
        return [(None, reverse(name, kwargs={**rule.kwargs, "fmt": fmt})) for fmt in EXPORT_FORMATS]
    addresses = [(None, reverse(name, kwargs=rule.kwargs))]
    return addresses


URLS = [name for name, rule in MATRIX.items() if rule.access not in (PUBLIC, TOKEN)]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.name)
def test_no_persona_reaches_what_is_not_theirs(world, login, persona):
    users, objects = world
    http = login(users[persona.name])
    forbidden = _forbidden_names(persona)
    wrong = []
    for name in URLS:
        rule = MATRIX[name]
        for object_set, url in _requests(name, objects):
            response = http.post(url) if rule.method == "POST" else http.get(url)
            allowed = _expected_allowed(name, persona, object_set)
            ok = (200, 302, 422) if rule.method == "POST" else (200,)
            if allowed and response.status_code not in ok:
                wrong.append(f"{name} [{object_set}] refused with {response.status_code}")
            if not allowed and response.status_code not in (403, 404):
                wrong.append(f"{name} [{object_set}] answered {response.status_code}")
            if response.status_code == 200:
                text = _text(response)
                shown = forbidden - _shown_to_host(name, persona, object_set)
                leaked = sorted(n for n in shown if re.search(rf"\b{n}\b", text))
                if leaked:
                    wrong.append(f"{name} [{object_set}] shows {leaked}")
    assert wrong == []


# ---------------------------------------------------------------- forms that carry foreign ids


def _cross_area_links() -> list[str]:
    """Every record that points across an area's or an organisation's border."""
    from django.db.models import F

    from osmari.clients.models import Client
    from osmari.employers.models import Position
    from osmari.placements.models import Placement
    from osmari.reciprocity.models import Delivery, Event, Registration, SubsidyCommitment

    checks = {
        "period at another area's place": Placement.objects.exclude(
            position__organisation__area=F("area")
        ).exclude(client__area=F("area")),
        "period of another area's client": Placement.objects.exclude(client__area=F("area")),
        "client with another area's coach": Client.objects.exclude(coach__isnull=True).exclude(
            coach__memberships__area=F("area")
        ),
        "registration of another area's organisation": Registration.objects.exclude(
            organisation__area=F("event__area")
        ),
        "registration of another organisation's person": Registration.objects.exclude(
            contact__isnull=True
        ).exclude(contact__organisation=F("organisation")),
        "delivery of another area's benefit": Delivery.objects.exclude(
            benefit__area=F("organisation__area")
        ),
        "event of another area's benefit": Event.objects.exclude(benefit__area=F("area")),
        "place with another organisation's instructor": Position.objects.exclude(
            instructor__isnull=True
        ).exclude(instructor__organisation=F("organisation")),
        "place under another organisation's agreement": Position.objects.exclude(
            agreements__isnull=True
        ).exclude(agreements__organisation=F("organisation")),
        "subsidy for another area's organisation": SubsidyCommitment.objects.exclude(
            organisation__area=F("scheme__area")
        ),
    }
    return [what for what, rows in checks.items() if rows.exists()]


@pytest.mark.django_db
def test_forms_posted_with_another_areas_ids_link_nothing_across(world, login):
    from osmari.agreements.models import CooperationAgreement
    from osmari.employers.models import Contact, Position
    from osmari.reciprocity.models import Benefit, Event

    users, objects = world
    own, foreign = objects[OWN], objects[FOREIGN]
    foreign_position = Position.objects.get(pk=foreign["position"])
    foreign_contact = Contact.objects.get(pk=foreign["contact"])
    foreign_benefit = Benefit.objects.get(pk=foreign["benefit"])
    foreign_agreement = CooperationAgreement.objects.get(pk=foreign["agreement"])
    own_event = Event.objects.get(pk=own["event"])
    home_municipality = own_event.area.municipalities.order_by("code").first().pk
    posts = [
        (
            "coach",
            reverse("placements:create", args=[own["client"]]),
            {
                "position": foreign_position.pk,
                "kind": "work_trial",
                "start_on": "2027-01-04",
                "end_on": "2027-02-26",
                "days_per_week": 4,
                "hours_per_day": 6,
            },
        ),
        (
            "coach",
            reverse("clients:create"),
            {
                "personal_identity_code": "020282-1242",
                "first_name": "Uusi",
                "last_name": "Henkilö",
                "gender": "female",
                "preferred_language": "fi",
                "municipality": home_municipality,
                "coach": users["coach_b"].pk,
            },
        ),
        (
            "coach",
            reverse("clients:edit", args=[own["client"]]),
            {
                "first_name": FIRST_NAMES[OWN],
                "last_name": "Asiakas",
                "gender": "female",
                "preferred_language": "fi",
                "municipality": home_municipality,
                "coach": users["coach_b"].pk,
            },
        ),
        (
            "org_contact",
            reverse("reciprocity:event_register", args=[own_event.pk]),
            {"organisation": foreign_contact.organisation_id, "contact": foreign_contact.pk},
        ),
        (
            "coach",
            reverse("reciprocity:event_register", args=[own_event.pk]),
            {"organisation": own["organisation"], "contact": foreign_contact.pk},
        ),
        (
            "manager",
            reverse("reciprocity:delivery_add", args=[own["organisation"]]),
            {"benefit": foreign_benefit.pk, "delivered_on": "2026-11-20", "quantity": 1},
        ),
        (
            "coach",
            reverse("reciprocity:event_create"),
            {
                "benefit": foreign_benefit.pk,
                "title": "Koulutus",
                "starts_at": "2027-01-10T09:00",
                "ends_at": "2027-01-10T12:00",
                "place": "Sali",
                "capacity": 5,
            },
        ),
        (
            "coach",
            reverse("employers:position_edit", args=[own["organisation"], own["position"]]),
            {
                "kind": "work_trial",
                "title": "Varastotyöntekijä",
                "tasks": "Keräily",
                "days_per_week": 4,
                "hours_per_day": 6,
                "capacity": 1,
                "open_from": "2026-01-01",
                "instructor": foreign_contact.pk,
                "agreement": foreign_agreement.pk,
                "guidance": "regular",
                "language": "fi",
                "municipality": home_municipality,
            },
        ),
        (
            "coach",
            reverse("agreements:positions", args=[own["agreement"]]),
            {"positions": [own["position"], foreign_position.pk]},
        ),
        (
            "manager",
            reverse("reciprocity:scheme", args=[own["scheme"]]),
            {
                "organisation": foreign_contact.organisation_id,
                "decision_number": "2/2026",
                "decided_on": "2026-11-27",
                "months": 2,
            },
        ),
    ]
    foreign_fields = {"position", "coach", "organisation", "contact", "benefit", "instructor"}
    foreign_fields |= {"agreement", "positions"}
    for persona, url, data in posts:
        response = login(users[persona]).post(url, data)
        # Refused as a wrong choice, on the field that carried the foreign id and on no
        # other: the rest of the form was valid, so only the id could have been the reason.
        assert response.status_code == 422, (url, response.status_code)
        errors = set()
        for context in response.context:
            for value in context.flatten().values():
                if hasattr(value, "errors") and hasattr(value, "fields") and value.is_bound:
                    errors |= set(value.errors)
        assert errors and errors <= foreign_fields, (url, errors)
    assert _cross_area_links() == []
