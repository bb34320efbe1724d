"""The second wall between areas: on PostgreSQL the application role sees, in the tables that
hold people, only the rows of the areas the request was given, even through a query that
forgot its area filter. The tests switch to a role like production's inside the test's
transaction, so the role and its grants vanish with it."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.core.signals import request_finished
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.urls import reverse

from osmari.accounts.middleware import AreaRowSecurityMiddleware, row_security_areas
from osmari.clients.models import Client, Enrolment, StatusSpell
from osmari.clients.services import enrolment_save
from osmari.clients.tests.builders import build_client, unemployed_since
from osmari.core.tests.builders import make_area

RLS = import_module("osmari.privacy.migrations.0004_row_level_security")
# Later migrations that give one more table the same policy, each naming it in `TABLE`.
LATER_POLICIES = [
    "osmari.participants.migrations.0003_message_row_security",
    "osmari.participants.migrations.0004_sign_in_link_revocation",
    "osmari.privacy.migrations.0005_appointment_row_security",
]


def covered_tables() -> set[str]:
    """Every table with the area policy: those of privacy 0004 and of the migrations after it."""
    later = {import_module(module).TABLE for module in LATER_POLICIES}
    return set(RLS.covered_tables()) | later


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row-level security and database roles are PostgreSQL's; SQLite has neither",
)

ROLE = "osmari_rls_under_test"


@pytest.fixture
def application_role(db):
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {ROLE} NOLOGIN")
    call_command("grant_application_role", ROLE)
    return ROLE


@contextmanager
def as_application(areas: str | None):
    """Run as the application role with `osmari.areas` set as a request sets it (None: not
    set at all, as a command runs)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {ROLE}")
        if areas is not None:
            cursor.execute("SELECT set_config('osmari.areas', %s, true)", [areas])
        yield
        # After an error, leaving the block rolls back to its savepoint, which undoes both.
        cursor.execute("RESET ROLE")
        cursor.execute("SELECT set_config('osmari.areas', '', true)")


def _person_of(area, actor, hetu: str, last_name: str) -> Client:
    client = build_client(actor=actor, area=area, hetu=hetu, last_name=last_name, coach=actor)
    unemployed_since(actor=actor, client=client, start=date(2025, 1, 1))
    enrolment_save(
        actor=actor,
        client=client,
        entered_on=date(2026, 1, 1),
        status_at_entry="unemployed",
        eura_entry="no",
    )
    return client


@pytest.fixture
def people(area, other_area, coach, coach_other_area):
    """One person in each of two areas, each with a status spell and an enrolment."""
    return (
        _person_of(area, coach, "131052-308T", "Mikkelinen"),
        _person_of(other_area, coach_other_area, "010101A123N", "Lappeelainen"),
    )


def _seen() -> dict[str, set[str]]:
    """What unfiltered queries return: no area filter anywhere."""
    return {
        "clients": set(Client.objects.values_list("last_name", flat=True)),
        "enrolments": set(Enrolment.objects.values_list("client__last_name", flat=True)),
        # Read by client_id alone, without a join to the client, so only the table's own
        # policy stands between the query and another area's rows.
        "spells": set(StatusSpell.objects.values_list("client_id", flat=True)),
    }


def _of(*clients: Client) -> dict[str, set]:
    names = {client.last_name for client in clients}
    return {"clients": names, "enrolments": names, "spells": {client.pk for client in clients}}


@postgresql_only
def test_a_query_without_an_area_filter_returns_only_the_requests_area(
    application_role, people, area
):
    mikkeli, _lappeenranta = people
    with as_application(str(area.pk)):
        assert _seen() == _of(mikkeli)


@postgresql_only
def test_another_areas_id_returns_nothing_of_the_first(application_role, people, other_area):
    _mikkeli, lappeenranta = people
    with as_application(str(other_area.pk)):
        assert _seen() == _of(lappeenranta)


@postgresql_only
def test_a_list_of_areas_returns_each_of_them(application_role, people, area, other_area):
    third = make_area("kotka")
    with as_application(f"{third.pk},{other_area.pk},{area.pk}"):
        assert _seen() == _of(*people)
    with as_application(str(third.pk)):
        assert _seen() == _of()


@postgresql_only
@pytest.mark.parametrize(
    ("areas", "sees_all"),
    [("*", True), (None, True), ("", True), ("none", False)],
    ids=["every-area", "unset-as-in-a-command", "reset-after-a-request", "no-area"],
)
def test_every_area_or_none(application_role, people, areas, sees_all):
    with as_application(areas):
        assert _seen() == (_of(*people) if sees_all else _of())


@postgresql_only
def test_the_application_role_cannot_write_into_an_area_it_may_not_see(
    application_role, people, other_area
):
    mikkeli, _lappeenranta = people
    with as_application(str(other_area.pk)), connection.cursor() as cursor:
        cursor.execute("UPDATE clients_client SET last_name = 'x' WHERE id = %s", [mikkeli.pk])
        assert cursor.rowcount == 0
        cursor.execute("DELETE FROM clients_statusspell WHERE client_id = %s", [mikkeli.pk])
        assert cursor.rowcount == 0
    with (
        pytest.raises(DatabaseError, match="row-level security"),
        as_application(str(other_area.pk)),
        connection.cursor() as cursor,
    ):
        # Moving a visible person into an area the request may not see is refused too.
        cursor.execute(
            "UPDATE clients_client SET area_id = %s WHERE id = %s",
            [mikkeli.area_id, _lappeenranta.pk],
        )
    mikkeli.refresh_from_db()
    assert mikkeli.last_name == "Mikkelinen"
    assert StatusSpell.objects.filter(client=mikkeli).exists()


@postgresql_only
def test_the_owner_is_not_subject_to_the_policies(people, other_area):
    # ENABLE, not FORCE: migrations and the owner's commands see every row.
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('osmari.areas', %s, true)", [str(other_area.pk)])
    assert _seen() == _of(*people)


@postgresql_only
def test_a_role_that_bypasses_the_policies_is_refused_as_the_application_role(db):
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {ROLE} NOLOGIN BYPASSRLS")
    with pytest.raises(CommandError, match="BYPASSRLS"):
        call_command("grant_application_role", ROLE)


@postgresql_only
def test_every_covered_table_has_its_policy_enabled(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_policies p ON p.tablename = c.relname "
            "WHERE c.relrowsecurity AND NOT c.relforcerowsecurity AND p.policyname = %s",
            [RLS.POLICY],
        )
        enabled = {name for (name,) in cursor.fetchall()}
    assert enabled == covered_tables()


@postgresql_only
def test_an_appointment_of_another_area_is_not_seen(application_role, people, area):
    from django.utils import timezone

    from osmari.clients.models import Appointment

    for person in people:
        Appointment.objects.create(
            area_id=person.area_id,
            client=person,
            coach=person.coach,
            starts_at=timezone.now(),
            minutes=30,
            way="phone",
        )
    with as_application(str(area.pk)):
        seen = set(Appointment.objects.values_list("client_id", flat=True))
    assert seen == {people[0].pk}


@postgresql_only
def test_a_row_below_a_client_is_checked_by_the_area_it_carries(application_role, people, area):
    """The policy of a table below the client reads the area kept on the row and the
    request's areas once per query. Looking the client up for each row cost a coach's
    worklist 140 ms instead of 48 ms with 300 000 clients; parsing the setting for each row,
    a query that forgot its filter 160 ms instead of one index scan's 1 ms."""
    mikkeli, _lappeenranta = people
    with as_application(str(area.pk)), connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT id FROM clients_enrolment WHERE client_id = %s", [mikkeli.pk]
        )
        below = "\n".join(line for (line,) in cursor.fetchall())
        cursor.execute("EXPLAIN SELECT count(*) FROM clients_client")
        forgotten = "\n".join(line for (line,) in cursor.fetchall())
        assert Enrolment.objects.filter(client=mikkeli).count() == 1
    assert "clients_client" not in below
    assert "SubPlan" not in below and "InitPlan" in below
    assert "osmari_area_visible" not in forgotten and "InitPlan" in forgotten


@postgresql_only
def test_a_row_takes_the_area_of_the_row_above_it_when_made_or_moved(
    application_role, people, area, other_area
):
    from osmari.clients.models import Plan, PlanStep

    mikkeli, lappeenranta = people

    def seen_in(area_) -> dict[str, int]:
        with as_application(str(area_.pk)):
            return {"plans": Plan.objects.count(), "steps": PlanStep.objects.count()}

    with as_application(str(area.pk)):
        # Made by the application role, two levels below the client.
        plan = Plan.objects.create(client=mikkeli, kind=Plan.Kind.EMPLOYMENT)
        PlanStep.objects.create(plan=plan, text="CV", owner="Mikkelinen", due_on=date(2027, 1, 4))
    assert seen_in(area) == {"plans": 1, "steps": 1}
    assert seen_in(other_area) == {"plans": 0, "steps": 0}
    # Given to the other area's person, the plan takes that area, and its step with it.
    Plan.objects.filter(pk=plan.pk).update(client=lappeenranta)
    assert seen_in(area) == {"plans": 0, "steps": 0}
    assert seen_in(other_area) == {"plans": 1, "steps": 1}
    # A client's record moved to another area takes its rows below with it.
    Client.objects.filter(pk=lappeenranta.pk).update(area=area)
    assert seen_in(area) == {"plans": 1, "steps": 1}
    assert seen_in(other_area) == {"plans": 0, "steps": 0}
    with as_application(str(area.pk)):
        assert set(Enrolment.objects.values_list("client__last_name", flat=True)) == {
            "Mikkelinen",
            "Lappeelainen",
        }


@postgresql_only
def test_a_row_loaded_with_an_empty_search_path_takes_its_area(application_role, people, area):
    """pg_dump's scripts load with an empty search path: the trigger still finds the parent."""
    from osmari.clients.models import Plan, PlanStep

    mikkeli, _lappeenranta = people
    plan = Plan.objects.create(client=mikkeli, kind=Plan.Kind.EMPLOYMENT)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        (schema,) = cursor.fetchone()
        cursor.execute("SET LOCAL search_path TO ''")
        cursor.execute(
            f"INSERT INTO {schema}.clients_planstep (plan_id, text, owner, due_on) "  # noqa: S608
            "VALUES (%s, 'CV', 'Mikkelinen', '2027-01-04')",
            [plan.pk],
        )
        # SET LOCAL outlives the savepoint; the test's transaction goes on.
        cursor.execute("RESET search_path")
    with as_application(str(area.pk)):
        assert PlanStep.objects.filter(plan=plan).count() == 1


@postgresql_only
def test_a_row_whose_kept_area_is_not_its_parents_is_reported(people, other_area):
    from io import StringIO

    from osmari.clients.models import Plan, PlanStep

    mikkeli, _lappeenranta = people
    plan = Plan.objects.create(client=mikkeli, kind=Plan.Kind.EMPLOYMENT)
    PlanStep.objects.create(plan=plan, text="CV", owner="Mikkelinen", due_on=date(2027, 1, 4))
    out = StringIO()
    call_command("check_row_areas", stdout=out)
    assert "tables agree" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE clients_planstep SET row_area = %s WHERE plan_id = %s", [other_area.pk, plan.pk]
        )
    with pytest.raises(CommandError, match="clients_planstep 1"):
        call_command("check_row_areas")


@postgresql_only
def test_survey_answers_are_kept_apart_by_their_own_area(
    application_role, area, other_area, organisation
):
    from osmari.feedback.models import Answer
    from osmari.feedback.tests.builders import make_response

    make_response(area, organisation, on=date(2026, 5, 1), answers={"wellbeing": 4})
    make_response(other_area, None, on=date(2026, 5, 1), answers={"wellbeing": 1})
    with as_application(str(area.pk)), connection.cursor() as cursor:
        assert list(Answer.objects.values_list("number", flat=True)) == [4]
        cursor.execute("EXPLAIN SELECT number FROM feedback_answer")
        plan = "\n".join(line for (line,) in cursor.fetchall())
    # Read by the answer's own area, not through every response in the country.
    assert "feedback_response" not in plan
    with as_application(str(other_area.pk)):
        assert list(Answer.objects.values_list("number", flat=True)) == [1]


# Tables of the person-holding apps that point at an area or at a covered table and still
# hold no policy, each with its reason. A new table there fails the test below until it is
# covered by a migration or listed here.
NOT_A_PERSON = {
    "clients_consenttext": "the published wording of a consent",
    "clients_activitykind": "the area's list of kinds of activity",
    "extracts_extractmapping": "how the area's extract file is read",
    "feedback_surveyversion": "a survey's questions",
    "feedback_servicechange": "what the service changed after feedback",
}
# Tables that hold people and wait for a policy in a later migration.
NOT_YET_COVERED: dict[str, str] = {}
PERSON_APPS = {"clients", "screening", "placements", "extracts", "matching", "feedback"}


def test_every_table_reaching_a_person_or_an_area_is_covered():
    covered = covered_tables()
    skipped = covered | set(NOT_A_PERSON) | set(NOT_YET_COVERED)
    uncovered = []
    for model in apps.get_models():
        table = model._meta.db_table
        if model._meta.app_label not in PERSON_APPS or table in skipped:
            continue
        targets = {
            field.related_model._meta.db_table
            for field in model._meta.concrete_fields
            if field.is_relation
        }
        if "core_employmentarea" in targets or targets & covered:
            uncovered.append(table)
    assert uncovered == [], "add a policy in a new migration, or say why in NOT_A_PERSON"


# ---------------------------------------------------------------- the request's setting


def _request(user, path: str = "/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def test_a_user_is_given_the_areas_of_their_roles(db, coach, area, other_area):
    from osmari.accounts.models import Role
    from osmari.accounts.services import membership_grant

    assert row_security_areas(_request(coach)) == str(area.pk)
    membership_grant(actor=None, user=coach, role=Role.MANAGER, area=other_area)
    # A new request reads the roles anew.
    again = type(coach).objects.get(pk=coach.pk)
    expected = ",".join(str(pk) for pk in sorted([area.pk, other_area.pk]))
    assert row_security_areas(_request(again)) == expected


def test_an_organisation_contact_is_given_their_organisations_area(org_contact, area):
    assert row_security_areas(_request(org_contact)) == str(area.pk)


def test_a_visitor_or_a_user_without_a_role_is_given_no_area(db, django_user_model):
    assert row_security_areas(_request(AnonymousUser())) == "none"
    no_role = django_user_model.objects.create_user(email="norole@test.osmari.fi", password="x")
    assert row_security_areas(_request(no_role)) == "none"


def test_a_superuser_is_given_every_area(db, django_user_model):
    root = django_user_model.objects.create_superuser(email="root@test.osmari.fi", password="x")
    assert row_security_areas(_request(root)) == "*"


def test_a_survey_link_is_read_across_areas_as_its_token_is_its_scope(db):
    path = reverse("feedback:answer", args=["sometoken"])
    assert row_security_areas(_request(AnonymousUser(), path)) == "*"


@postgresql_only
def test_the_middleware_sets_the_areas_for_the_request_and_resets_them(coach, area):
    seen = []

    def view(request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('osmari.areas', true)")
            seen.append(cursor.fetchone()[0])
        return HttpResponse("ok")

    AreaRowSecurityMiddleware(view)(_request(coach))
    assert seen == [str(area.pk)]
    assert _current_areas() == ""


@postgresql_only
def test_the_middleware_resets_the_areas_when_the_view_fails(coach):
    def view(request):
        raise RuntimeError("the view broke")

    with pytest.raises(RuntimeError):
        AreaRowSecurityMiddleware(view)(_request(coach))
    assert _current_areas() == ""


@postgresql_only
def test_a_streamed_response_keeps_the_areas_until_it_is_closed(coach, area):
    def rows():
        yield _current_areas()

    response = AreaRowSecurityMiddleware(lambda request: StreamingHttpResponse(rows()))(
        _request(coach)
    )
    assert b"".join(response.streaming_content) == str(area.pk).encode()
    # As the test client does: the signal would close the test's connection.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    assert _current_areas() == ""


def _current_areas() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('osmari.areas', true)")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_a_page_sets_the_areas_once_and_resets_them_once(login, coach, area, monkeypatch):
    from osmari.accounts import middleware

    statements = []
    monkeypatch.setattr(middleware, "_set_row_security_areas", statements.append)
    response = login(coach).get(reverse("clients:list"))
    assert response.status_code == 200
    # The same two statements however many queries the page makes; none on SQLite.
    assert statements == ([str(area.pk), ""] if connection.vendor == "postgresql" else [])


@postgresql_only
def test_a_coachs_pages_work_as_the_application_role(application_role, login, coach, people):
    mikkeli, lappeenranta = people
    browser = login(coach)
    with as_application(None):
        listed = browser.get(reverse("clients:list"))
        own = browser.get(reverse("clients:detail", args=[mikkeli.pk]))
        other = browser.get(reverse("clients:detail", args=[lappeenranta.pk]))
    assert listed.status_code == 200
    assert "Mikkelinen" in listed.content.decode()
    assert own.status_code == 200
    assert other.status_code == 404


@postgresql_only
def test_a_connection_opened_during_a_request_starts_with_the_requests_areas(coach, area):
    # After a restart of the database a request opens a new connection: unset, it would
    # mean every area.
    from django.db import connections

    seen = []

    def view(request):
        fresh = connections.create_connection("default")
        try:
            with fresh.cursor() as cursor:
                cursor.execute("SELECT current_setting('osmari.areas', true)")
                seen.append(cursor.fetchone()[0])
        finally:
            fresh.close()
        return HttpResponse("ok")

    AreaRowSecurityMiddleware(view)(_request(coach))
    assert seen == [str(area.pk)]
    outside = connections.create_connection("default")
    try:
        with outside.cursor() as cursor:
            cursor.execute("SELECT current_setting('osmari.areas', true)")
            assert cursor.fetchone()[0] in (None, "")  # a command's connection: unset
    finally:
        outside.close()
