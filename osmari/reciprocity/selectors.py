"""Reads for the reciprocity model: counted facts, agreed against delivered, budgets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from osmari.accounts import access
from osmari.agreements.models import AgreementStatus, CooperationAgreement
from osmari.core.models import EmploymentArea
from osmari.employers.models import Organisation, Position
from osmari.feedback.models import Answer, Audience, Invitation
from osmari.placements.models import Placement, PlacementKind, PlacementStatus, Review
from osmari.reciprocity import deminimis, levels
from osmari.reciprocity.models import (
    AidRefusal,
    Benefit,
    BenefitKind,
    Certificate,
    Delivery,
    Event,
    PublicProfile,
    Registration,
    SubsidyCommitment,
    SubsidyPayment,
    SubsidyScheme,
)

STARTED = (PlacementStatus.ACTIVE, PlacementStatus.ENDED, PlacementStatus.INTERRUPTED)
# Agreements whose promises are running now.
IN_FORCE = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE, AgreementStatus.REVIEW_DUE)
ZERO = Decimal("0.00")


def _periods(organisation: Organisation, since: date, until: date) -> list[Mapping[str, Any]]:
    return list(
        Placement.objects.filter(organisation=organisation, status__in=STARTED, start_on__lte=until)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=since))
        .values("pk", "client_id", "start_on", "end_on", "ended_on", "outcome")
    )


def _trained_instructors(organisation: Organisation, since: date, until: date) -> int:
    """People of the organisation who attended a workplace-instructor training."""
    return len(
        {
            contact_id or name
            for contact_id, name in Registration.objects.filter(
                organisation=organisation,
                attended=True,
                cancelled_at__isnull=True,
                event__benefit__kind=BenefitKind.INSTRUCTOR_TRAINING,
                event__starts_at__date__gte=since,
                event__starts_at__date__lte=until,
            ).values_list("contact_id", "person_name")
        }
    )


def _guidance_rating(
    organisation: Organisation, since: date, until: date
) -> tuple[float | None, int]:
    """The participants' mean rating of the guidance, and how many rated it; the mean only
    from a group of at least the area's minimum size."""
    rating = Answer.objects.filter(
        response__organisation=organisation,
        response__survey__audience=Audience.PARTICIPANT,
        response__submitted_on__gte=since,
        response__submitted_on__lte=until,
        question__key="guidance",
        number__isnull=False,
    ).aggregate(n=Count("pk"), mean=Avg("number"))
    shown = rating["n"] >= organisation.area.min_group_size and rating["mean"] is not None
    return (round(float(rating["mean"]), 2) if shown else None), rating["n"]


def profile_facts(organisation: Organisation, *, since: date, until: date) -> levels.Facts:
    """What the records say the organisation gave between `since` and `until`."""
    periods = _periods(organisation, since, until)
    positions = (
        Position.objects.filter(organisation=organisation, open_from__lte=until)
        .filter(Q(open_to__isnull=True) | Q(open_to__gte=since))
        .count()
    )
    due = {
        (p["pk"], stage)
        for p in periods
        for stage in levels.expected_reviews(p["start_on"], p["end_on"], p["ended_on"], until)
    }
    held = set(
        Review.objects.filter(placement_id__in=[p["pk"] for p in periods]).values_list(
            "placement_id", "stage"
        )
    )
    trained = _trained_instructors(organisation, since, until)
    # Asked means delivered: sent by e-mail or answered through a printed or given link.
    asked = Invitation.objects.filter(
        Q(placement__organisation=organisation) | Q(organisation=organisation),
        Q(sent_at__isnull=False) | Q(answered_at__isnull=False),
        survey__audience=Audience.INSTRUCTOR,
        due_on__gte=since,
        due_on__lte=until,
    ).aggregate(n=Count("pk"), given=Count("pk", filter=Q(answered_at__isnull=False)))
    rating, answers = _guidance_rating(organisation, since, until)
    ended = [p for p in periods if p["ended_on"] is not None and since <= p["ended_on"] <= until]
    return levels.Facts(
        positions_offered=positions,
        participants_hosted=len({p["client_id"] for p in periods}),
        participant_months=levels.participant_months(
            [(p["start_on"], p["ended_on"], p["end_on"]) for p in periods], since, until
        ),
        trained_instructors=trained,
        reviews_due=len(due),
        reviews_held=len(due & held),
        instructor_feedback_asked=asked["n"],
        instructor_feedback_given=asked["given"],
        guidance_rating=rating,
        guidance_answers=answers,
        moves_into_work_or_education=sum(
            1 for p in ended if p["outcome"] in levels.MOVES_INTO_WORK_OR_EDUCATION
        ),
        periods_ended=len(ended),
    )


def profile_assessment(organisation: Organisation, today: date | None = None):
    today = today or timezone.localdate()
    facts = profile_facts(organisation, since=levels.window_start(today), until=today)
    return facts, levels.assess(facts)


# Where people went after their period is about them: below the area's minimum group size
# the count is not shown, only whether the level's criterion is met.
OUTCOME_KEYS = frozenset({"moves_into_work_or_education"})


def hidden_outcomes(facts: levels.Facts, minimum: int) -> frozenset[str]:
    """The criteria whose numbers a profile does not show: too few periods have ended."""
    return OUTCOME_KEYS if facts.periods_ended < minimum else frozenset()


def agreement_in_force(organisation: Organisation) -> CooperationAgreement | None:
    return (
        organisation.agreements.filter(status__in=IN_FORCE).order_by("-valid_from", "-pk").first()
    )


@dataclass
class AgreedRow:
    benefit: Benefit
    agreed: int
    delivered: int

    @property
    def short(self) -> int:
        return max(self.agreed - self.delivered, 0)


def agreed_against_delivered(organisation: Organisation, *, since: date, until: date):
    """Each benefit agreed in the agreement in force, or delivered, with both counts."""
    agreement = agreement_in_force(organisation)
    agreed = {}
    if agreement is not None:
        agreed = {a.benefit_id: a for a in agreement.agreed_benefits.select_related("benefit")}
    delivered = {
        row["benefit"]: row["n"]
        for row in Delivery.objects.filter(
            organisation=organisation, delivered_on__gte=since, delivered_on__lte=until
        )
        .values("benefit")
        .annotate(n=Sum("quantity"))
    }
    benefits = Benefit.objects.in_bulk(set(agreed) | set(delivered))
    rows = [
        AgreedRow(
            benefit=benefits[pk],
            agreed=agreed[pk].per_year if pk in agreed else 0,
            delivered=delivered.get(pk, 0),
        )
        for pk in benefits
    ]
    rows.sort(key=lambda r: (r.benefit.order, r.benefit.name_fi))
    return agreement, rows


def deliveries(organisation: Organisation, limit: int = 50) -> QuerySet[Delivery]:
    return Delivery.objects.filter(organisation=organisation).select_related("benefit")[:limit]


def trainings_by_person(organisation: Organisation) -> dict[str, list[Registration]]:
    """Each instructor's completed trainings, by the name kept on the registration."""
    found: dict[str, list[Registration]] = {}
    for registration in (
        Registration.objects.filter(
            organisation=organisation,
            attended=True,
            cancelled_at__isnull=True,
            event__benefit__kind=BenefitKind.INSTRUCTOR_TRAINING,
        )
        .select_related("event")
        .order_by("person_name", "event__starts_at")
    ):
        found.setdefault(registration.person_name, []).append(registration)
    return found


# ---------------------------------------------------------------- catalogue and events


def area_for(user, permission: str) -> EmploymentArea:
    """The area a staff member works in (their first), or the organisation contact's area."""
    areas = access.areas_where(user, permission)
    if areas:
        return areas[0]
    for membership in access.own_organisation_memberships(user):
        return membership.area
    raise Http404


def own_organisations(user) -> list[Organisation]:
    return access.own_organisations(user)


def catalogue(area: EmploymentArea, *, active_only: bool = False) -> QuerySet[Benefit]:
    benefits = Benefit.objects.filter(area=area)
    return benefits.filter(is_active=True) if active_only else benefits


def events_for_area(area: EmploymentArea, *, upcoming: bool, now=None) -> QuerySet[Event]:
    now = now or timezone.now()
    events = (
        Event.objects.filter(area=area)
        .select_related("benefit")
        .annotate(
            registered=Count("registrations", filter=Q(registrations__cancelled_at__isnull=True)),
            attended=Count("registrations", filter=Q(registrations__attended=True)),
        )
    )
    if upcoming:
        return events.filter(ends_at__gte=now).order_by("starts_at")
    return events.filter(ends_at__lt=now).order_by("-starts_at")


def event_get_for_user(*, user, pk: int) -> Event:
    event = Event.objects.select_related("benefit", "area").filter(pk=pk).first()
    if event is None:
        raise Http404
    in_area = access.may(user, "reciprocity.events", event.area)
    own = any(o.area_id == event.area_id for o in own_organisations(user))
    if not (in_area or own):
        raise Http404
    return event


def registrations(event: Event, organisations: list[Organisation] | None = None):
    """Live registrations; an organisation contact sees only their own organisation's."""
    found = event.registrations.filter(cancelled_at__isnull=True).select_related("organisation")
    if organisations is not None:
        found = found.filter(organisation__in=organisations)
    return found.order_by("organisation__name", "person_name")


def places_left(event: Event) -> int:
    taken = event.registrations.filter(cancelled_at__isnull=True).count()
    return max(event.capacity - taken, 0)


# ---------------------------------------------------------------- local subsidies


@dataclass
class SchemeBudget:
    scheme: SubsidyScheme
    committed: Decimal
    paid: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.scheme.budget - self.committed

    @property
    def used_percent(self) -> int:
        if not self.scheme.budget:
            return 100
        return round(self.committed * 100 / self.scheme.budget)


def committed_total(scheme: SubsidyScheme) -> Decimal:
    return SubsidyCommitment.objects.filter(scheme=scheme, cancelled_on__isnull=True).aggregate(
        s=Coalesce(Sum("amount"), ZERO)
    )["s"]


def scheme_budgets(area: EmploymentArea) -> list[SchemeBudget]:
    schemes = SubsidyScheme.objects.filter(area=area).annotate(
        committed=Coalesce(
            Sum("commitments__amount", filter=Q(commitments__cancelled_on__isnull=True)), ZERO
        ),
    )
    paid = {
        row["commitment__scheme"]: row["s"]
        for row in SubsidyPayment.objects.filter(commitment__scheme__area=area)
        .values("commitment__scheme")
        .annotate(s=Sum("amount"))
    }
    return [SchemeBudget(s, s.committed, paid.get(s.pk, ZERO)) for s in schemes]


def scheme_budget(scheme: SubsidyScheme) -> SchemeBudget:
    paid = SubsidyPayment.objects.filter(commitment__scheme=scheme).aggregate(
        s=Coalesce(Sum("amount"), ZERO)
    )["s"]
    return SchemeBudget(scheme, committed_total(scheme), paid)


def commitments(scheme: SubsidyScheme):
    return (
        scheme.commitments.select_related("organisation")
        .annotate(paid=Coalesce(Sum("payments__amount"), ZERO))
        .order_by("-decided_on", "-pk")
    )


def subsidies_for_organisation(organisation: Organisation, year: int) -> dict[str, Decimal]:
    committed = SubsidyCommitment.objects.filter(
        organisation=organisation, decided_on__year=year, cancelled_on__isnull=True
    ).aggregate(s=Coalesce(Sum("amount"), ZERO))["s"]
    paid = SubsidyPayment.objects.filter(
        commitment__organisation=organisation, paid_on__year=year
    ).aggregate(s=Coalesce(Sum("amount"), ZERO))["s"]
    return {"committed": committed, "paid": paid}


# ---------------------------------------------------------------- public profile


def published_profile(slug: str) -> PublicProfile:
    profile = (
        PublicProfile.objects.select_related("organisation__municipality", "organisation__area")
        .filter(slug=slug, withdrawn_at__isnull=True)
        .first()
    )
    if profile is None:
        raise Http404
    return profile


def certificate_for_code(code: str) -> Certificate | None:
    """The certificate with this code, only while its organisation publishes its profile."""
    return (
        Certificate.objects.select_related("organisation__public_profile")
        .filter(
            code=code,
            organisation__public_profile__withdrawn_at__isnull=True,
        )
        .first()
    )


# ---------------------------------------------------------------- annual partner summary


def partner_summary(organisation: Organisation, year: int, today: date) -> dict:
    """What the organisation gave, got and what its participants went on to in a year.

    Outcomes are itemised only when at least the area's minimum group size of periods
    ended: the organisation knows who its participants were, so a count of one would
    tell it where that person went."""
    since = date(year, 1, 1)
    until = min(date(year, 12, 31), today)
    facts = profile_facts(organisation, since=since, until=until)
    got = list(
        Delivery.objects.filter(
            organisation=organisation, delivered_on__gte=since, delivered_on__lte=until
        )
        .values("benefit")
        .annotate(n=Sum("quantity"))
        .order_by("benefit__order")
    )
    benefits = Benefit.objects.in_bulk([row["benefit"] for row in got])
    trainings = (
        Registration.objects.filter(
            organisation=organisation,
            attended=True,
            event__starts_at__date__gte=since,
            event__starts_at__date__lte=until,
        )
        .select_related("event")
        .order_by("event__starts_at", "person_name")
    )
    ended = (
        Placement.objects.filter(
            organisation=organisation, ended_on__gte=since, ended_on__lte=until
        )
        .values("outcome")
        .annotate(n=Count("pk"))
    )
    outcomes = {row["outcome"] or "unknown": row["n"] for row in ended}
    ended_total = sum(outcomes.values())
    minimum = organisation.area.min_group_size
    return {
        "year": year,
        "since": since,
        "until": until,
        "facts": facts,
        "got": [(benefits[row["benefit"]], row["n"]) for row in got],
        "trainings": list(trainings),
        "subsidies": subsidies_for_organisation(organisation, year),
        "outcomes": outcomes if ended_total >= minimum else None,
        "ended_total": ended_total,
        "minimum": minimum,
    }


def subsidised_periods_for_user(*, user, scheme) -> QuerySet:
    """The wage-subsidised periods of the scheme's area that the user may see, to tie a
    local subsidy to one."""
    return (
        access.placements_for(user, "placement.view")
        .filter(area=scheme.area, kind=PlacementKind.WAGE_SUBSIDY)
        .select_related("organisation")
    )


# ---------------------------------------------------------------- de minimis aid


def _same_undertaking(organisation: Organisation) -> Q:
    """The area's records of one undertaking: the organisation, and any other record of the
    area under the same business ID."""
    same = Q(organisation=organisation)
    if organisation.business_id:
        same |= Q(
            organisation__area_id=organisation.area_id,
            organisation__business_id=organisation.business_id,
        )
    return same


def aid_granted_here(organisation: Organisation, granted_on: date) -> Decimal:
    """The de minimis aid the area has granted the undertaking in the three years ending on
    `granted_on`, cancelled decisions left out."""
    return SubsidyCommitment.objects.filter(
        _same_undertaking(organisation),
        de_minimis=True,
        cancelled_on__isnull=True,
        decided_on__gte=deminimis.window_start(granted_on),
        decided_on__lte=granted_on,
    ).aggregate(s=Coalesce(Sum("amount"), ZERO))["s"]


def aid_granted(area_id: int, start: date, end: date) -> QuerySet[SubsidyCommitment]:
    """The de minimis aid granted by the area between two days, as the national register
    asks for it: one row a decision. A cancelled decision stays, marked, so that a line
    already reported can be corrected."""
    return (
        SubsidyCommitment.objects.filter(
            scheme__area_id=area_id, de_minimis=True, decided_on__gte=start, decided_on__lte=end
        )
        .select_related("organisation", "scheme")
        .order_by("decided_on", "pk")
    )


def aid_refusals(area_id: int, start: date, end: date) -> QuerySet[AidRefusal]:
    return (
        AidRefusal.objects.filter(
            scheme__area_id=area_id, decided_on__gte=start, decided_on__lte=end
        )
        .select_related("organisation", "scheme")
        .order_by("decided_on", "pk")
    )


@dataclass(frozen=True)
class UndertakingAid:
    organisation: Organisation
    decisions: int
    amount: Decimal


@dataclass(frozen=True)
class AidSummary:
    """De minimis aid of a period: granted per undertaking, and the decisions refused."""

    start: date
    end: date
    undertakings: list[UndertakingAid]
    refusals: list[AidRefusal]
    ceiling: Decimal = deminimis.CEILING

    @property
    def total(self) -> Decimal:
        return sum((u.amount for u in self.undertakings), ZERO)

    @property
    def decisions(self) -> int:
        return sum(u.decisions for u in self.undertakings)


def de_minimis_summary(programme: Any, start: date, end: date) -> AidSummary:
    """For the progress report: the de minimis aid the programme's area granted between
    `start` and `end` (cancelled decisions left out), per undertaking, largest first, and
    the decisions refused for the ceiling, with their figures."""
    area_id = programme.area_id
    granted: dict[int, list[SubsidyCommitment]] = {}
    for commitment in aid_granted(area_id, start, end).filter(cancelled_on__isnull=True):
        granted.setdefault(commitment.organisation_id, []).append(commitment)
    undertakings = [
        UndertakingAid(
            organisation=rows[0].organisation,
            decisions=len(rows),
            amount=sum((c.amount for c in rows), ZERO),
        )
        for rows in granted.values()
    ]
    undertakings.sort(key=lambda u: (-u.amount, u.organisation.name, u.organisation.pk))
    return AidSummary(
        start=start,
        end=end,
        undertakings=undertakings,
        refusals=list(aid_refusals(area_id, start, end)),
    )
