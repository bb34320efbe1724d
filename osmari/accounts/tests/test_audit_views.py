import csv
import io
import re

import pytest
from django.urls import reverse

from osmari.core.audit import audit_record
from osmari.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(coach, coach_other_area, area, other_area):
    audit_record(actor=coach, action="client.view", area=area, person_ref="client:1")
    audit_record(actor=coach, action="client.update", area=area, person_ref="client:2")
    audit_record(
        actor=coach_other_area, action="client.view", area=other_area, person_ref="client:9"
    )


def test_an_area_administrator_sees_their_own_areas_events_only(login, admin, events):
    response = login(admin).get(reverse("accounts:audit_list"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "client:1" in text and "client:2" in text
    assert "client:9" not in text


def test_the_log_filters_by_action_and_person(login, admin, events):
    client = login(admin)
    text = client.get(reverse("accounts:audit_list"), {"action": "client.update"}).content.decode()
    assert "client:2" in text and "client:1" not in text
    text = client.get(reverse("accounts:audit_list"), {"person_ref": "client:1"}).content.decode()
    assert "client:1" in text and "client:2" not in text


def test_htmx_filtering_returns_only_the_rows(login, admin, events):
    response = login(admin).get(
        reverse("accounts:audit_list"), {"action": "client"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "<table" in response.content.decode()


def test_an_impossible_date_range_is_explained_in_finnish(login, admin, events):
    response = login(admin).get(
        reverse("accounts:audit_list"), {"date_from": "2026-12-01", "date_to": "2026-11-01"}
    )
    assert response.status_code == 422
    assert "Alkupäivä ei voi olla loppupäivän jälkeen." in response.content.decode()


def test_csv_export_holds_the_filtered_events_and_is_itself_audited(login, admin, events):
    response = login(admin).get(reverse("accounts:audit_export"), {"action": "client"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["time", "actor", "area", "action"]
    assert sorted(row[7] for row in rows[1:]) == ["client:1", "client:2"]
    export = AuditEvent.objects.get(action="audit.export", actor=admin)
    # The file left the service to the admin: the disclosure names them as its recipient.
    assert export.recipient == f"user:{admin.pk}"
    assert rows[0][9] == "recipient"


def test_the_streamed_export_writes_a_hostile_reason_as_inert_text(login, admin, coach, area):
    # A reason about an organisation's agreement is kept (one about a person is not).
    audit_record(actor=coach, action="agreement.transition", area=area, reason="@SUM(1)")
    response = login(admin).get(reverse("accounts:audit_export"), {"action": "agreement"})
    assert response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="osmari-audit-')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row[8] for row in rows[1:]] == ["'@SUM(1)"]


@pytest.mark.parametrize("persona", ["coach", "manager", "analyst", "org_contact"])
def test_other_roles_cannot_read_the_log(request, login, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get(reverse("accounts:audit_list")).status_code == 403
    assert client.get(reverse("accounts:audit_export")).status_code == 403


def test_audit_list_query_count_does_not_grow_with_rows(
    login, admin, coach, area, django_assert_max_num_queries
):
    for n in range(60):
        audit_record(actor=coach, action="client.view", area=area, person_ref=f"client:{n}")
    client = login(admin)
    with django_assert_max_num_queries(8):
        client.get(reverse("accounts:audit_list"))


# Actions of core and of the apps that register their own names (accounts, extracts,
# privacy), with their names in Finnish.
FINNISH_NAMES = {
    "user.login": "Kirjautui sisään",
    "client.view": "Katsoi asiakkaan tietoja",
    "client.update": "Muutti asiakkaan tietoja",
    "decision.record": "Kirjasi ehdotuksen",
    "user.mfa_setup": "Otti todennussovelluksen käyttöön",
    "extract.import": "Toi rekisteriotteen",
    "retention.approve": "Hyväksyi hävitettävien tietojen luettelon",
}


def test_the_log_names_each_action_in_the_users_language_never_by_its_code(
    login, admin, coach, area
):
    for action in FINNISH_NAMES:
        audit_record(actor=coach, action=action, area=area)
    text = login(admin).get(reverse("accounts:audit_list")).content.decode()
    for action, name in FINNISH_NAMES.items():
        assert name in text
        assert action not in text


def test_the_log_is_searched_by_the_words_it_shows(login, admin, coach, area):
    for action in FINNISH_NAMES:
        audit_record(actor=coach, action=action, area=area)
    text = login(admin).get(reverse("accounts:audit_list"), {"action": "ASIAKKAAN"}).content
    rows = text.decode().partition("<tbody>")[2].partition("</tbody>")[0]
    assert "Katsoi asiakkaan tietoja" in rows and "Muutti asiakkaan tietoja" in rows
    assert "Kirjautui sisään" not in rows and rows.count("<tr>") == 2


def test_the_export_names_each_action_in_words_beside_its_code(login, admin, coach, area):
    audit_record(actor=coach, action="extract.import", area=area)
    response = login(admin).get(reverse("accounts:audit_export"), {"action": "extract"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][-1] == "action_name"
    assert [(row[3], row[-1]) for row in rows[1:]] == [("extract.import", "Toi rekisteriotteen")]


def _refs(response) -> list[str]:
    body = response.content.decode().partition("<tbody>")[2].partition("</tbody>")[0]
    return re.findall(r"client:\d+", body)


def _link(response, rel: str) -> str | None:
    found = re.search(rf'href="\?([^"]*)" rel="{rel}"', response.content.decode())
    return found.group(1).replace("&amp;", "&") if found else None


def test_the_log_pages_by_where_the_last_page_ended_and_back(login, admin, coach, area):
    # Events in the same microsecond are told apart by their id, so none is skipped.
    for n in range(120):
        audit_record(actor=coach, action="client.view", area=area, person_ref=f"client:{n}")
    client = login(admin)
    url = reverse("accounts:audit_list")
    first = client.get(url, {"action": "client.view"})
    seen, pages, response = _refs(first), [first], first
    assert seen[0] == "client:119" and _link(first, "prev") is None
    while _link(response, "next"):
        response = client.get(f"{url}?{_link(response, 'next')}")
        pages.append(response)
        seen += _refs(response)
    assert seen == [f"client:{n}" for n in range(119, -1, -1)]
    assert len(pages) == 3
    # The filter travels with the links, and "newer" leads back to the page before.
    assert "action=client.view" in _link(pages[1], "next")
    back = client.get(f"{url}?{_link(pages[2], 'prev')}")
    assert _refs(back) == _refs(pages[1])


def test_a_deep_page_asks_the_database_no_more_than_the_first(
    login, admin, coach, area, django_assert_max_num_queries
):
    for n in range(130):
        audit_record(actor=coach, action="client.view", area=area, person_ref=f"client:{n}")
    client = login(admin)
    url = reverse("accounts:audit_list")
    second = _link(client.get(url), "next")
    third = _link(client.get(f"{url}?{second}"), "next")
    with django_assert_max_num_queries(8):
        assert _refs(client.get(f"{url}?{third}"))


@pytest.mark.parametrize(
    "cursor", ["abc", "1.x", "99999999999999999999.1", "-5", "².1", "1.²", "1.2.3"]
)
def test_a_broken_page_link_shows_the_newest_events_and_says_so(login, admin, events, cursor):
    response = login(admin).get(reverse("accounts:audit_list"), {"older": cursor})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Sivun linkki ei ollut kelvollinen" in text
    assert "client:1" in text and "client:2" in text
