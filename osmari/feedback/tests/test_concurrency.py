"""Two runs of the daily mailing at the same moment: each invitation is mailed once."""

import threading
import time
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection, transaction
from psycopg import sql

from osmari.core.models import EmploymentArea
from osmari.feedback import services
from osmari.feedback.models import Invitation, Survey
from osmari.feedback.tokens import new_token

TODAY = date(2026, 9, 8)


class SlowMailServer(EmailBackend):
    """Takes a moment to accept each message, as a real one does, so that two runs overlap."""

    def send_messages(self, messages):
        time.sleep(0.05)
        return super().send_messages(messages)


@pytest.fixture(scope="module")
def tables_put_back_afterwards(django_db_setup, django_db_blocker):
    # A threaded test empties every table when it ends, and the tests after it expect what
    # the migrations and the reference load put there: set it aside and put it back.
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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_mail_each_invitation_exactly_once(tables_put_back_afterwards, settings):
    settings.EMAIL_BACKEND = f"{__name__}.SlowMailServer"
    area = EmploymentArea.objects.get(code="mikkeli")
    survey = Survey.objects.get(key="organisation_annual")
    version = survey.current_version()
    addresses = [f"yhteyshenkilo{n}@example.fi" for n in range(8)]
    for n, address in enumerate(addresses):
        Invitation.objects.create(
            area=area,
            survey=survey,
            version=version,
            due_key=f"organisation_annual:race{n}:2026",
            due_on=TODAY,
            expires_on=TODAY + timedelta(days=30),
            language="fi",
            email=address,
            token_hash=new_token()[1],
        )
    start = threading.Barrier(2)

    def run():
        try:
            start.wait()
            services.invitations_send(today=TODAY)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(addresses)
    assert not Invitation.objects.filter(sent_at__isnull=True).exists()
