"""Records named by a moment (in the admin, in the audit log's "what" column, in messages)
name it in Finland's time, as every page does: a moment stored late in the evening UTC is
already the next day in Finland, and an appointment at 9.00 must not read 7.00."""

from datetime import UTC, datetime

import pytest

from osmari.accounts.models import Invitation, User
from osmari.clients.models import Appointment, ImportRun, JournalCorrection, JournalEntry
from osmari.core.models import AuditEvent, AuditLogExpiry, EmploymentArea
from osmari.matching.models import AssignmentProposal
from osmari.participants.models import SignInLinkRevocation, UsedSignInLink
from osmari.placements.models import PlanAcceptance, Proposal

# 22.30 UTC on 31 January is 00.30 on 1 February in Helsinki (UTC+2 in winter).
LATE_EVENING_UTC = datetime(2026, 1, 31, 22, 30, tzinfo=UTC)
AREA = EmploymentArea(code="testarea", name_fi="Testialue")


@pytest.mark.parametrize(
    ("record", "shown"),
    [
        (AuditEvent(occurred_at=LATE_EVENING_UTC, actor_label="a", action="b"), "2026-02-01 00:30"),
        (AuditLogExpiry(expired_before=LATE_EVENING_UTC, removed=3), "2026-02-01"),
        (Invitation(user=User(email="x@example.fi"), created_at=LATE_EVENING_UTC), "2026-02-01"),
        (
            JournalCorrection(entry=JournalEntry(text="x"), corrected_at=LATE_EVENING_UTC),
            "01.02.2026",
        ),
        (Appointment(way="phone", starts_at=LATE_EVENING_UTC), "2026-02-01 00:30"),
        (ImportRun(area=AREA, created_at=LATE_EVENING_UTC), "2026-02-01 00:30"),
        (PlanAcceptance(placement_id=1, accepted_at=LATE_EVENING_UTC), "01.02.2026"),
        (Proposal(proposed_at=LATE_EVENING_UTC), "01.02.2026"),
        (AssignmentProposal(area=AREA, made_at=LATE_EVENING_UTC), "2026-02-01 00:30"),
        (UsedSignInLink(digest="0123456789", used_at=LATE_EVENING_UTC), "2026-02-01 00:30"),
        (SignInLinkRevocation(client_id=1, revoked_at=LATE_EVENING_UTC), "2026-02-01 00:30"),
    ],
    ids=lambda value: type(value).__name__ if not isinstance(value, str) else value,
)
def test_a_record_named_by_a_moment_names_it_in_finnish_time(record, shown):
    assert shown in str(record)
    assert "31" not in str(record).replace("2026", "")
