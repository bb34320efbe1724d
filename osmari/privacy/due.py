"""Which records of an area are due for destruction today: each record type of the register
that holds people, with its rule (`osmari.privacy.retention`) turned into the records due.

The periods and their sources are the register's (`osmari.core.register`); docs/privacy.md
tables them. A record type without a rule here yet is listed as kept, with why.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Model, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from osmari.accounts.models import Membership, User
from osmari.clients.models import Client, Enrolment, StatusSpell
from osmari.core import register, retention_hooks
from osmari.core.models import AuditEvent, EmploymentArea
from osmari.employers.models import OrganisationMembership
from osmari.feedback.models import Invitation, Response
from osmari.placements.models import HOLDING_STATUSES, Placement, PlacementKind
from osmari.privacy import retention
from osmari.privacy.models import ProgrammePayment
from osmari.reciprocity.models import SubsidyCommitment

DESTROY = "destroy"
# The row stays as a bare reference, because other records point to it; its personal data go.
PSEUDONYMISE = "pseudonymise"
# Handed over to the area's archive, then removed here.
ARCHIVE = "archive"
KEPT = "kept"
# The actions that put records on a destruction list.
LISTED = (DESTROY, PSEUDONYMISE, ARCHIVE)

HELD_REASONS: dict[str, Promise] = {
    "open_service": _("a period or ESF+ participation has not ended"),
    "within_period": _("the retention period has not ended"),
    "no_programme": _("an ESF+ participation outside every programme of the area"),
    "payment_not_recorded": _("the programme's last payment has not been recorded"),
    "in_use": _("the account is in use"),
    "state_aid": _(
        "a wage subsidy or other state aid granted for a period: ten years from its decision"
    ),
}

TYPE_LABELS: dict[str, str | Promise] = {
    "client": register.CLIENT_RECORD.name,
    "feedback": register.FEEDBACK_RECORD_TYPE.name,
    "account": register.ACCOUNT_RECORD_TYPE.name,
    "log": register.LOG_RECORD_TYPE.name,
    "programme": register.PROGRAMME_RECORD_TYPE.name,
}


@dataclass(frozen=True)
class Due:
    """One record due: its model, key and whose it is (a bare reference, never a name)."""

    model_label: str
    pk: str
    person_ref: str = ""
    # How many records the entry stands for: one, except a range of the audit log's events,
    # which is listed as one entry (when, how many), never event by event.
    count: int = 1


@dataclass
class TypeReport:
    key: str
    record: register.RecordType
    retention: register.Retention
    action: str
    due: list[Due] = field(default_factory=list)
    # Records not destroyed by this command although their period has ended, and why.
    # None: no date rule for the type yet, so nothing is counted.
    kept_count: int | None = None
    note: str | Promise = ""
    held: dict[str, int] = field(default_factory=dict)

    @property
    def due_count(self) -> int:
        return sum(d.count for d in self.due)


def _label(model: type[Model]) -> str:
    return model._meta.label


def last_payments(area: EmploymentArea) -> list[tuple[retention_hooks.Programme, date | None]]:
    paid = dict(
        ProgrammePayment.objects.filter(programme__area=area).values_list(
            "programme_id", "last_paid_on"
        )
    )
    return [(p, paid.get(p.pk)) for p in retention_hooks.programmes(area)]


def client_facts(area: EmploymentArea) -> dict[int, retention.ClientFacts]:
    """Every client of the area with the days that decide when their record may go, in a
    handful of queries whatever their number."""
    days: dict[int, list[date]] = defaultdict(list)
    open_service: set[int] = set()
    for pk, created_at, last_service_on in Client.objects.filter(area=area).values_list(
        "pk", "created_at", "last_service_on"
    ):
        days[pk].append(timezone.localtime(created_at).date())
        if last_service_on:
            days[pk].append(last_service_on)
    aid: dict[int, list[date]] = defaultdict(list)
    periods = Placement.objects.filter(client__area=area).values_list(
        "client_id", "status", "end_on", "ended_on", "kind", "start_on", "official_on"
    )
    for client_id, status, end_on, ended_on, kind, start_on, official_on in periods:
        if status in HOLDING_STATUSES:
            open_service.add(client_id)
        days[client_id].append(ended_on or end_on)
        if kind == PlacementKind.WAGE_SUBSIDY:
            # A wage subsidy to a business is de minimis or block-exempted aid: counted from
            # its decision, else from the period's start when no decision date was recorded.
            aid[client_id].append(official_on or start_on)
    for client_id, end_on in (
        StatusSpell.objects.filter(client__area=area, end_on__isnull=False)
        .exclude(status="unemployed")
        .values_list("client_id", "end_on")
    ):
        days[client_id].append(end_on)
    programmes = last_payments(area)
    payments: dict[int, tuple[date | None, ...]] = {}
    for client_id, entered_on, left_on in Enrolment.objects.filter(client__area=area).values_list(
        "client_id", "entered_on", "left_on"
    ):
        if left_on is None:
            open_service.add(client_id)
        else:
            days[client_id].append(left_on)
        payments[client_id] = tuple(
            paid for p, paid in programmes if p.starts_on <= entered_on <= p.ends_on
        )
    for client_id, decided_on in SubsidyCommitment.objects.filter(
        placement__client__area=area
    ).values_list("placement__client_id", "decided_on"):
        aid[client_id].append(decided_on)
    return {
        pk: retention.ClientFacts(
            service_days=tuple(found),
            open_service=pk in open_service,
            participant=pk in payments,
            esf_last_payments=payments.get(pk, ()),
            aid_granted=tuple(aid.get(pk, ())),
        )
        for pk, found in days.items()
    }


def _clients(area: EmploymentArea, today: date) -> TypeReport:
    report = TypeReport("client", register.CLIENT_RECORD, register.CLIENT_SERVICE, DESTROY)
    held: dict[str, int] = defaultdict(int)
    for pk, facts in sorted(client_facts(area).items()):
        verdict = retention.client_verdict(
            facts,
            today,
            service_years=register.CLIENT_SERVICE.years,
            esf_years=register.ESF_PROJECT.years,
            aid_years=register.STATE_AID.years,
        )
        if verdict.due:
            report.due.append(Due(_label(Client), str(pk), f"client:{pk}"))
        elif verdict.held_because != "within_period":
            held[verdict.held_because] += 1
    report.held = dict(held)
    report.note = _(
        "With the client go everything recorded of them: periods, plans, journal, "
        "assessments, decisions, consents, ESF+ data and the feedback tied to their periods."
    )
    return report


def _feedback(area: EmploymentArea, today: date) -> TypeReport:
    report = TypeReport(
        "feedback", register.FEEDBACK_RECORD_TYPE, register.FEEDBACK_RECORD, DESTROY
    )
    before = retention.feedback_due_before(today, register.FEEDBACK_RECORD.years)
    for pk in Response.objects.filter(area=area, submitted_on__lt=before).values_list(
        "pk", flat=True
    ):
        report.due.append(Due(_label(Response), str(pk)))
    # An invitation holds where it went; it goes with its answer, or on its own when the
    # year it was due in is as old. Listed after the answers, which point to it.
    invitations = Invitation.objects.filter(area=area, due_on__lt=before).exclude(
        response__submitted_on__gte=before
    )
    for pk in invitations.values_list("pk", flat=True):
        report.due.append(Due(_label(Invitation), str(pk)))
    return report


def account_ends(area: EmploymentArea, today: date) -> dict[int, date | None]:
    """Each account holding a role in the area, or acting for one of its organisations, with
    the day its holder's last role ended (None while one is held). An account with roles in
    other areas too ends when its roles there have also ended."""
    in_area = Q(memberships__area=area) | Q(organisation_memberships__organisation__area=area)
    users = User.objects.filter(in_area, personal_data_removed_on__isnull=True).distinct()
    ends: dict[int, date | None] = {}
    lent_until: dict[int, list[date | None]] = defaultdict(list)
    for user_id, expires_on in Membership.objects.filter(user__in=users).values_list(
        "user_id", "expires_on"
    ):
        lent_until[user_id].append(expires_on)
    acting = set(
        OrganisationMembership.objects.filter(user__in=users).values_list("user_id", flat=True)
    )
    for pk, is_active, deactivated_on in users.values_list("pk", "is_active", "deactivated_on"):
        if not is_active:
            ends[pk] = deactivated_on
            continue
        roles = lent_until.get(pk, [])
        if pk in acting or not roles or any(d is None or d >= today for d in roles):
            ends[pk] = None
        else:
            ends[pk] = max(d for d in roles if d is not None)
    return ends


def _accounts(area: EmploymentArea, today: date) -> TypeReport:
    report = TypeReport(
        "account", register.ACCOUNT_RECORD_TYPE, register.ACCOUNT_RECORD, PSEUDONYMISE
    )
    held: dict[str, int] = defaultdict(int)
    for pk, ended_on in sorted(account_ends(area, today).items()):
        verdict = retention.account_verdict(ended_on, today, years=register.ACCOUNT_RECORD.years)
        if verdict.due:
            report.due.append(Due(_label(User), str(pk), f"user:{pk}"))
        elif verdict.held_because != "within_period":
            held[verdict.held_because] += 1
    report.held = dict(held)
    report.note = _(
        "The name, address, login and roles go; the account stays under a bare reference, "
        "because the records its holder made point to it. That is pseudonymous, not anonymous."
    )
    return report


LOG_RANGE = "before:"


def log_cutoff(today: date) -> datetime:
    """The moment before which the log's events have passed their period."""
    day = retention.log_due_before(today, register.LOG_RECORD.years)
    return timezone.make_aware(datetime.combine(day, time.min))


def _log(area: EmploymentArea, today: date) -> TypeReport:
    report = TypeReport("log", register.LOG_RECORD_TYPE, register.LOG_RECORD, DESTROY)
    before = log_cutoff(today)
    count = AuditEvent.objects.filter(area=area, occurred_at__lt=before).count()
    if count:
        # One entry for the range: the events themselves are never copied to the list.
        report.due.append(
            Due(_label(AuditEvent), LOG_RANGE + before.date().isoformat(), count=count)
        )
    report.note = _(
        "The area's events older than the period go in batches once the list is approved, "
        "under a recorded expiry; the list keeps how many and from when, never what they "
        "said. On PostgreSQL the database owner carries this out with expire_audit_log."
    )
    return report


def _programme(area: EmploymentArea, today: date) -> TypeReport:
    report = TypeReport(
        "programme", register.PROGRAMME_RECORD_TYPE, register.PROGRAMME_RECORD, ARCHIVE
    )
    for programme in retention_hooks.programmes(area):
        if today > retention.kept_until(programme.ends_on, register.PROGRAMME_RECORD.years):
            report.due.append(Due("reporting.Programme", str(programme.pk)))
    report.note = _(
        "Handed over to the archive as a package with its checksum (ARCHIVE_ROOT), then "
        "removed here with its plan, staff, hours, payments and frozen periods."
    )
    return report


# In the order of destruction: the feedback first, then the people it may point to.
RULES = (_feedback, _clients, _accounts, _log, _programme)


def due_in(area: EmploymentArea, today: date) -> list[TypeReport]:
    """Every record type of the area: what is due today and what is kept."""
    return [rule(area, today) for rule in RULES]


def due_keys(area: EmploymentArea, today: date) -> set[tuple[str, str]]:
    return {(d.model_label, d.pk) for report in due_in(area, today) for d in report.due}
