"""Personas and shared fixtures for every test.

The reference data (municipalities, classifications, the Mikkeli area) is loaded once per
test database; each test runs in a transaction on top of it, or in a savepoint inside records
made once for many tests (`made_once_for_many_tests`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from importlib import import_module

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone, translation

from osmari.accounts.models import Role, User
from osmari.accounts.tests.builders import make_person
from osmari.core.models import EmploymentArea, Municipality
from osmari.core.reference import reference_load
from osmari.core.tests.builders import make_area
from osmari.employers.models import Organisation
from osmari.employers.tests.builders import make_contact_person, make_organisation

# The guard as the latest migration that sets it leaves it.
_GUARD = import_module("osmari.core.migrations.0007_audit_log_expiry")
SQLITE_NO_DELETE_UP = _GUARD.SQLITE_NO_DELETE
SQLITE_NO_DELETE_DOWN = _GUARD.SQLITE_DROP


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        reference_load()


# What every test runs with, made once for a module's shared world too (tests/conftest.py).
# Argon2 is right for production and needlessly slow for hundreds of test logins.
TEST_SETTINGS = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}


@pytest.fixture(autouse=True)
def _fast_tests(settings, tmp_path):
    for name, value in TEST_SETTINGS.items():
        setattr(settings, name, value)
    settings.MEDIA_ROOT = tmp_path / "media"
    # Each test starts in Finnish, whatever language an earlier request switched the thread to.
    translation.activate("fi")


def made_once_for_many_tests(django_db_blocker, media_root, make: Callable[[], object]) -> Iterator:
    """For a fixture of a wider scope than one test: what `make` makes, made with the tests'
    settings in a transaction held open until the scope's last test; each test runs in a
    savepoint inside it, rolled back when the test ends, as in Django's TestCase. Its tests
    read files from `media_root` (set it with the `settings` fixture)."""
    held = transaction.atomic()
    # As Django's TestCase marks its own: code that asks for a durable transaction runs in it.
    held._from_testcase = True
    with django_db_blocker.unblock():
        held.__enter__()
        try:
            with (
                override_settings(**TEST_SETTINGS, MEDIA_ROOT=media_root),
                translation.override("fi"),
            ):
                made = make()
        except BaseException:
            transaction.set_rollback(True)
            held.__exit__(None, None, None)
            raise
    yield made
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        held.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _force_login_counts_as_both_factors(monkeypatch):
    """`force_login` skips the password, so here it skips the second factor too: the user
    gets an authenticator and the session counts as verified with it. The login's own tests
    (accounts/tests/test_login.py, test_second_factor.py, the browser) go through both steps."""
    force_login = Client.force_login

    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login_verified)


@pytest.fixture(autouse=True)
def _audit_delete_guard(request):
    """SQLite refuses to delete audit rows. A test that commits is emptied with DELETE
    afterwards, so for it the guard is lifted just before that clean-up; every test that
    uses the database starts with the guard in place."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    committing = bool({"transactional_db", "live_server"} & names) or bool(
        marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )
    uses_db = committing or marker is not None or "db" in names
    if uses_db:
        # Requested here so that its clean-up (the DELETE) runs after this fixture's.
        request.getfixturevalue("transactional_db" if committing else "db")
        from django.db import connection

        if connection.vendor != "sqlite":
            uses_db = committing = False
        else:
            with connection.cursor() as cursor:
                cursor.execute(SQLITE_NO_DELETE_UP)
    yield
    if committing:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(SQLITE_NO_DELETE_DOWN)


@pytest.fixture(scope="module")
def tables_refilled_after_migrating(django_db_blocker):
    """A test that migrates empties every table when it ends: the tests after it get the
    reference data and what the data migrations published back."""
    yield

    from django.apps import apps

    with django_db_blocker.unblock():
        if not Municipality.objects.exists():
            reference_load()
        for model, migration, function in (
            ("clients.ConsentText", "osmari.clients.migrations.0002_consent_texts", "publish"),
            (
                "agreements.AgreementTemplate",
                "osmari.agreements.migrations.0002_template_v1",
                "publish",
            ),
            ("feedback.Survey", "osmari.feedback.migrations.0002_ready_made_surveys", "load"),
        ):
            if not apps.get_model(model).objects.exists():
                getattr(import_module(migration), function)(apps, None)
        # The first template was published by the migration that gave templates a status
        # ("published" for the rows then there); made again here it would start a draft, and
        # no new agreement could be made after this.
        apps.get_model("agreements.AgreementTemplate").objects.filter(
            version=1, area__isnull=True
        ).update(status="published")


@pytest.fixture(scope="module")
def tables_put_back_afterwards(django_db_setup, django_db_blocker):
    """For the threaded tests on PostgreSQL: such a test commits, and every table is emptied
    when it ends, yet the tests after it expect what the migrations and the reference load
    put there. Set it all aside first and put it back afterwards."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from psycopg import sql

    with django_db_blocker.unblock():
        tables = connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        with connection.cursor() as cursor:
            cursor.execute("CREATE SCHEMA set_aside")
            for table in tables:
                cursor.execute(
                    sql.SQL("CREATE TABLE {} AS TABLE {}").format(
                        sql.Identifier("set_aside", table), sql.Identifier(table)
                    )
                )
    yield
    with django_db_blocker.unblock():
        # Emptied again without the content types and permissions Django makes after a
        # flush: the ones set aside come back with everything else.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        with transaction.atomic(), connection.cursor() as cursor:
            for table in tables:
                cursor.execute(
                    sql.SQL("INSERT INTO {} SELECT * FROM {}").format(
                        sql.Identifier(table), sql.Identifier("set_aside", table)
                    )
                )
            cursor.execute("DROP SCHEMA set_aside CASCADE")
            # The flush restarted every key sequence: past the rows put back, so that a
            # test after this one does not draw a key already taken.
            from django.apps import apps
            from django.core.management.color import no_style

            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)


@pytest.fixture
def area(db) -> EmploymentArea:
    return EmploymentArea.objects.get(code="mikkeli")


def other_area_make() -> EmploymentArea:
    return make_area("lappeenranta")


def organisation_make(area) -> Organisation:
    return make_organisation(area, "Saimaan Puutyö Oy", "2077474-0")


def other_organisation_make(area) -> Organisation:
    return make_organisation(area, "Suomen eOppimiskeskus ry", "1899013-7")


@pytest.fixture
def other_area(db) -> EmploymentArea:
    return other_area_make()


@pytest.fixture
def organisation(area) -> Organisation:
    return organisation_make(area)


@pytest.fixture
def other_organisation(area) -> Organisation:
    return other_organisation_make(area)


def _auditor(area) -> User:
    until = timezone.localdate() + timedelta(days=30)
    return make_person("auditor@test.osmari.fi", Role.AUDITOR, area, expires_on=until)


def _municipal(area) -> User:
    """A municipal representative of the area's first municipality by code: the sample
    client's own."""
    own = area.municipalities.order_by("code").first()
    return make_person("kunta@test.osmari.fi", Role.MUNICIPAL, area, municipality=own)


# How each persona is made, from the fixtures its parameters name: the persona fixtures below
# make one for a test, and `tests/conftest.py`'s world makes them all once for a module.
PERSONA_MAKERS: dict[str, Callable[..., User | None]] = {
    "anonymous": lambda: None,
    "coach": lambda area: make_person("coach@test.osmari.fi", Role.COACH, area),
    "coach_other_area": lambda other_area: make_person(
        "coach@other.osmari.fi", Role.COACH, other_area
    ),
    "org_contact": lambda organisation: make_contact_person("org@test.osmari.fi", organisation),
    "other_org_contact": lambda other_organisation: make_contact_person(
        "org@other.osmari.fi", other_organisation
    ),
    "manager": lambda area: make_person("manager@test.osmari.fi", Role.MANAGER, area),
    "analyst": lambda area: make_person("analyst@test.osmari.fi", Role.ANALYST, area),
    "admin": lambda area: make_person("admin@test.osmari.fi", Role.AREA_ADMIN, area),
    "employer_services": lambda area: make_person(
        "employers@test.osmari.fi", Role.EMPLOYER_SERVICES, area
    ),
    "finance": lambda area: make_person("finance@test.osmari.fi", Role.FINANCE, area),
    "auditor": _auditor,
    "dpo": lambda area: make_person("dpo@test.osmari.fi", Role.DATA_PROTECTION_OFFICER, area),
    "municipal": _municipal,
    "no_role_user": lambda: make_person("nobody@test.osmari.fi", None),
}
PERSONAS = list(PERSONA_MAKERS)


@pytest.fixture
def coach(area) -> User:
    return PERSONA_MAKERS["coach"](area)


@pytest.fixture
def coach_other_area(other_area) -> User:
    return PERSONA_MAKERS["coach_other_area"](other_area)


@pytest.fixture
def manager(area) -> User:
    return PERSONA_MAKERS["manager"](area)


@pytest.fixture
def analyst(area) -> User:
    return PERSONA_MAKERS["analyst"](area)


@pytest.fixture
def admin(area) -> User:
    return PERSONA_MAKERS["admin"](area)


@pytest.fixture
def admin_other_area(other_area) -> User:
    return make_person("admin@other.osmari.fi", Role.AREA_ADMIN, other_area)


@pytest.fixture
def employer_services(area) -> User:
    return PERSONA_MAKERS["employer_services"](area)


@pytest.fixture
def finance(area) -> User:
    return PERSONA_MAKERS["finance"](area)


@pytest.fixture
def auditor(area) -> User:
    return PERSONA_MAKERS["auditor"](area)


@pytest.fixture
def dpo(area) -> User:
    return PERSONA_MAKERS["dpo"](area)


@pytest.fixture
def org_contact(area, organisation) -> User:
    return PERSONA_MAKERS["org_contact"](organisation)


@pytest.fixture
def other_org_contact(area, other_organisation) -> User:
    return PERSONA_MAKERS["other_org_contact"](other_organisation)


@pytest.fixture
def municipal(area) -> User:
    return PERSONA_MAKERS["municipal"](area)


@pytest.fixture
def no_role_user(db) -> User:
    return PERSONA_MAKERS["no_role_user"]()


@pytest.fixture
def anonymous() -> None:
    return None


@pytest.fixture
def login():
    """Return a test client logged in as the given user (or anonymous for None)."""

    def _login(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


# The fixtures through which a test reaches the database (pytest-django's own).
_DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
    }
)


def _reaches_the_database(item: pytest.Item) -> bool:
    from django.test import TransactionTestCase

    cls = getattr(item, "cls", None)
    return (
        item.get_closest_marker("django_db") is not None
        or bool(_DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))
        or (cls is not None and issubclass(cls, TransactionTestCase))
    )


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL, only the tests that reach the database: the others (pure rules, files,
    commands on a database of their own) run the same whatever the suite's database, and
    the SQLite run has run them."""
    from django.conf import settings

    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        return
    kept, left = [], []
    for item in items:
        (kept if _reaches_the_database(item) else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept
