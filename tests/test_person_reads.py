"""Every page that shows a person records it: one audit event per person, in the same
request, naming them; and such a page is never cached.

The walk is derived from the URL matrix, so a new page that shows a client is covered the
day it is classified: if the sample client's name is on the page, the event must be there.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from osmari.core.models import AuditEvent
from tests.test_url_matrix import MATRIX, PUBLIC, TOKEN

GET_PAGES = [
    (name, persona)
    for name, rule in MATRIX.items()
    if rule.method == "GET" and rule.access not in (PUBLIC, TOKEN)
    for persona in sorted(rule.access)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona"), GET_PAGES)
def test_a_page_that_shows_a_person_audits_the_read(login, world, name, persona):
    from osmari.clients.models import Client

    rule = MATRIX[name]
    user = world.person(persona)
    sample = world.sample
    kwargs = {key: sample.get(value, value) for key, value in rule.kwargs.items()}
    response = login(user).get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    if response.streaming:
        body = b"".join(response.streaming_content).decode(errors="replace")
    else:
        body = response.content.decode(errors="replace")
    person = Client.objects.get(pk=sample["client"])
    # The first name alone: an organisation's contact sees "Testi A.".
    if not re.search(rf"\b{person.first_name}\b", body):
        return
    events = AuditEvent.objects.filter(
        request_id=response["X-Request-ID"], actor=user, person_ref=person.person_ref
    )
    assert events.exists(), f"{name} shows {person} to {persona} without an audit event"
    assert response["Cache-Control"] == "no-store"


# Pages that show the sample client to the coach: the walk must find the person on each,
# or the check above would pass by seeing nobody.
SHOWN_TO_COACH = [
    "clients:detail",
    "clients:edit",
    "clients:sensitive",
    "clients:enrolment",
    "clients:list",
    "screening:eligibility",
    "screening:assessment_add",
    "screening:decision_add",
    "screening:decision_explanation",
    "placements:detail",
    "placements:list",
    "placements:review_add",
    "placements:create",
    "matching:client_suggestions",
    "feedback:follow_ups",
    "extracts:reconcile",
    "privacy:person_export",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", SHOWN_TO_COACH)
def test_the_walk_finds_the_person_on_the_pages_that_show_them(login, world, name):
    from osmari.clients.models import Client

    rule = MATRIX[name]
    sample = world.sample
    kwargs = {key: sample.get(value, value) for key, value in rule.kwargs.items()}
    response = login(world.person("coach")).get(reverse(name, kwargs=kwargs))
    person = Client.objects.get(pk=sample["client"])
    assert re.search(rf"\b{person.first_name}\b", response.content.decode())
    assert AuditEvent.objects.filter(
        request_id=response["X-Request-ID"], person_ref=person.person_ref
    ).exists()
