import pytest
from django.urls import reverse

from osmari.accounts import work

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "heading"),
    [
        ("coach", "Worklist: who needs attention and why"),
        ("manager", "ESF+ indicators"),
        ("analyst", "Anonymised aggregates"),
        ("admin", "Audit log"),
        ("org_contact", "Saimaan Puutyö Oy"),
        ("no_role_user", "No role yet"),
    ],
)
def test_each_role_sees_its_own_start_page(request, login, persona, heading):
    client = login(request.getfixturevalue(persona))
    response = client.get(reverse("accounts:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert heading in response.content.decode()


def test_a_coach_does_not_see_the_administrator_section(login, coach):
    text = login(coach).get(reverse("accounts:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Audit log" not in text


def test_start_page_is_finnish_by_default_and_switches_to_english(login, coach):
    client = login(coach)
    assert "Tervetuloa" in client.get(reverse("accounts:home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Welcome" in client.get(reverse("accounts:home")).content.decode()
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert "Välkommen" in client.get(reverse("accounts:home")).content.decode()


def test_start_page_query_count_is_bounded(login, coach, django_assert_max_num_queries):
    client = login(coach)
    # Each line of the coach's day is one count, whatever the number of clients.
    lines = len(work.WORK_ITEMS)
    with django_assert_max_num_queries(6 + lines):
        client.get(reverse("accounts:home"))
