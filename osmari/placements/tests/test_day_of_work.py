"""The day's work on the start pages: a coach's own items counted, each line leading to the
list of exactly what it counts; the manager's by coach."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from osmari.accounts.models import Role
from osmari.accounts.tests.builders import make_person
from osmari.accounts.tests.work_lists import own_count
from osmari.accounts.work import WORK_ITEMS
from osmari.clients.models import Client
from osmari.clients.tests.builders import make_jobseeker, numbered_hetu
from osmari.employers.services import sharing_consent_give
from osmari.employers.tests.builders import make_position
from osmari.placements.models import Absence
from osmari.placements.proposal_services import proposal_create
from osmari.placements.tests.builders import period_record

pytestmark = [pytest.mark.django_db]


def work_lines(page: str) -> dict[str, tuple[int, str]]:
    """The start page's lines of work: label -> (count, link)."""
    return {
        label.strip(): (int(count), url.replace("&amp;", "&"))
        for url, count, label in re.findall(
            r'<a href="([^"]+)"><span class="work-list__count">(\d+)</span>([^<]+)</a>', page
        )
    }


def listed(http, url: str) -> list[str]:
    return re.findall(r'<th scope="row"[^>]*><a href="[^"]+">([^<]+)</a>', http.get(url).text)


@pytest.fixture
def day(area, coach, organisation):
    today = timezone.localdate()
    colleague = make_person("kollega@test.osmari.fi", Role.COACH, area)
    place = make_position(organisation, coach)
    starting = period_record(
        make_jobseeker(coach, area, code="131052-308T"),
        place,
        today + timedelta(days=3),
        today + timedelta(days=60),
        status="planned",
    )
    later = period_record(
        make_jobseeker(coach, area, code="010101A123N"),
        make_position(organisation, coach, title="Siivooja"),
        today + timedelta(days=40),
        today + timedelta(days=90),
        status="planned",
    )
    ending = period_record(
        make_jobseeker(colleague, area, code="150570-2029"),
        make_position(organisation, coach, title="Kokki"),
        today - timedelta(days=50),
        today + timedelta(days=5),
    )
    Absence.objects.create(
        placement=ending,
        first_on=today - timedelta(days=2),
        last_on=today - timedelta(days=2),
        kind="unexplained",
        affects_benefits=True,
        recorded_by=coach,
    )
    return {"starting": starting, "later": later, "ending": ending, "colleague": colleague}


def test_the_coach_sees_their_own_work_counted_and_each_line_leads_to_it(login, coach, day):
    http = login(coach)
    lines = work_lines(http.get(reverse("accounts:home")).text)
    count, url = lines["Jaksot, jotka alkavat kahden viikon sisällä"]
    assert count == 1
    assert listed(http, url) == [str(day["starting"].client)]
    # The colleague's client's period ends soon, but it is not this coach's work.
    assert lines["Jaksot, jotka päättyvät kahden viikon sisällä"][0] == 0
    # Lines with something to do come first.
    counts = [count for count, _url in lines.values()]
    assert counts == sorted(counts, key=lambda n: n == 0)


def test_the_manager_sees_the_areas_work_by_coach(login, manager, day):
    http = login(manager)
    page = http.get(reverse("accounts:home")).text
    colleague = day["colleague"]
    assert f"{colleague}: 1" in page
    url = (f"{reverse('placements:list')}?absences=to_report&amp;coach={colleague.pk}").replace(
        "&amp;", "&"
    )
    assert listed(http, url) == [str(day["ending"].client)]
    ending_list = listed(http, f"{reverse('placements:list')}?soon=ending&coach=")
    assert ending_list == [str(day["ending"].client)]


def test_the_start_page_reads_a_fixed_number_of_times(
    login, coach, day, area, organisation, django_assert_max_num_queries
):
    http = login(coach)
    http.get(reverse("accounts:home"))
    for n in range(5):
        period_record(
            make_jobseeker(coach, area, code=numbered_hetu(n)),
            make_position(organisation, coach, title=f"Paikka {n}"),
            timezone.localdate() + timedelta(days=2),
            timezone.localdate() + timedelta(days=30),
            status="planned",
        )
    # One count per line of work, and the page's own reads.
    with django_assert_max_num_queries(8 + len(WORK_ITEMS)):
        http.get(reverse("accounts:home"))


def test_a_person_stops_waiting_for_a_proposal_once_the_coach_acts(
    login, coach, area, organisation
):
    today = timezone.localdate()
    long_ago = timezone.now() - timedelta(days=45)
    planned, proposed = (make_jobseeker(coach, area, code=numbered_hetu(n)) for n in (11, 12))
    Client.objects.filter(pk__in=[planned.pk, proposed.pk]).update(
        stage="in_service", created_at=long_ago
    )
    assert own_count(coach, "waiting_for_proposal")[0] == 2

    period_record(
        planned,
        make_position(organisation, coach, title="Varastotyöntekijä"),
        today + timedelta(days=10),
        today + timedelta(days=70),
        status="planned",
    )
    sharing_consent_give(actor=coach, client=proposed, organisation=organisation)
    proposal_create(
        actor=coach,
        client=proposed,
        position=make_position(organisation, coach, title="Siivooja"),
        kind="work_trial",
        note="Kokemusta siivouksesta, haluaa aamuvuoroja.",
    )
    count, url = own_count(coach, "waiting_for_proposal")
    assert count == 0
    assert login(coach).get(url).context["page"].paginator.count == 0
