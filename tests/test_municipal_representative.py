"""A municipal representative reaches no person record: not through access, not by any
page that shows a person (the URL matrix tries every URL; these name the person pages and
look for the person's name in the answer)."""

import pytest
from django.urls import reverse

from osmari.accounts import access
from osmari.clients.models import Client


@pytest.mark.django_db
def test_a_representative_reaches_no_person(municipal, sample):
    assert not access.clients_for(municipal).exists()
    assert not access.placements_for(municipal).exists()
    assert not access.host_placements_for(municipal).exists()
    assert not access.organisations_for(municipal).exists()
    for permission in access.PERMISSIONS:
        if permission.startswith(("client.", "placement.", "screening.", "matching.")):
            assert not access.may(municipal, permission)
    assert not access.may(municipal, "reporting.persons")
    assert not access.may(municipal, "reporting.view")


@pytest.mark.django_db
def test_every_page_of_the_persons_refuses_the_representative(login, municipal, sample):
    client = login(municipal)
    person = Client.objects.get(pk=sample["client"])
    for name, kwargs in [
        ("clients:list", {}),
        ("clients:detail", {"pk": sample["client"]}),
        ("clients:sensitive", {"pk": sample["client"]}),
        ("placements:list", {}),
        ("placements:detail", {"pk": sample["placement"]}),
        ("privacy:person_export", {"pk": sample["client"], "fmt": "json"}),
        ("reporting:people", {"pk": sample["programme"], "code": "EECO03"}),
        ("reporting:taking_part", {"pk": sample["programme"]}),
        ("reporting:indicators", {"pk": sample["programme"]}),
        ("matching:client_suggestions", {"client_pk": sample["client"]}),
    ]:
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code in (403, 404), name
        assert person.last_name not in response.content.decode()
