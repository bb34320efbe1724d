"""One company of the demo whose work trials are worth a look: five people in a row in the
same place, none hired, the last while the company laid off staff in those tasks, as the
coach recorded it.

The demo's other periods are drawn at random and fill some places four times in a row; the
demo area therefore looks at five in a row (the area's setting, three by default), so that
the page shows one organisation worth a look and the others' plain figures."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from osmari.accounts.models import User
from osmari.clients.models import Client
from osmari.core.models import EmploymentArea
from osmari.employers.models import Organisation, Position, StaffReduction
from osmari.employers.services import staff_reduction_add
from osmari.placements.models import Placement

# The trials' first days, in days before today; each lasts three months.
STARTS = (900, 720, 540, 360, 180)
SUCCESSIVE_LIMIT = len(STARTS)
DEMO_HOST_CONTACT = "org@demo.osmari.fi"


def seed_trial_patterns(area: EmploymentArea, coach: User, today: date) -> Organisation | None:
    if StaffReduction.objects.filter(organisation__area=area).exists():
        return None
    position = (
        Position.objects.filter(
            organisation__area=area,
            organisation__kind="company",
            kind__in=["work_trial", "both"],
        )
        # Not the demo contact's own place, whose page shows the people working there now.
        .exclude(organisation__memberships__user__email=DEMO_HOST_CONTACT)
        .exclude(placements__isnull=False)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
        .first()
    )
    # People with no period and no programme dates, so that no record contradicts another.
    people = list(
        Client.objects.filter(area=area, placements__isnull=True, enrolment__isnull=True).order_by(
            "pk"
        )[: len(STARTS)]
    )
    if position is None or len(people) < len(STARTS):
        return None
    area.trial_successive_limit = SUCCESSIVE_LIMIT
    area.save(update_fields=["trial_successive_limit"])
    organisation = position.organisation
    periods = []
    for person, days in zip(people, STARTS, strict=True):
        start = today - timedelta(days=days)
        end = start + timedelta(days=90)
        periods.append(
            Placement(
                area=area,
                client=person,
                position=position,
                organisation=organisation,
                kind="work_trial",
                status="ended",
                start_on=start,
                end_on=end,
                ended_on=end,
                days_per_week=4,
                hours_per_day=Decimal(6),
                outcome="job_seeking",
                rules_version="2025-01-01",
                created_by=coach,
            )
        )
    Placement.objects.bulk_create(periods)
    last_start = today - timedelta(days=STARTS[-1])
    staff_reduction_add(
        actor=coach,
        organisation=organisation,
        kind="layoff",
        first_on=last_start + timedelta(days=15),
        last_on=last_start + timedelta(days=75),
        position=position,
        tasks=position.tasks[:200],
        note="Kaksi työntekijää lomautettu tilauskannan vuoksi.",
    )
    return organisation
