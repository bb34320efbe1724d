"""Two runs of the daily mailing at the same moment: each invitation is mailed once."""

import threading
import time
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection

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
