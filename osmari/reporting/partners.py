"""Host organisations' commitment against the programme's target of organisations taking
part: how many have signed a letter of intent, have a cooperation agreement in force and
have hosted a participant's period, by municipality and by sector (TOL 2008 section).

Organisations are businesses and public bodies, not people: the counts name no one and
need no suppression.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from osmari.agreements.models import AgreementStatus, CooperationAgreement
from osmari.core.i18n import localized
from osmari.core.models import Industry
from osmari.employers.models import LetterOfIntent, Organisation
from osmari.reporting.models import Programme
from osmari.reporting.selectors import organisations_taking_part

# An agreement counts once it is signed, and an ended one still counts for the time it was
# in force; a draft or one only sent for signing does not.
AGREED = (
    AgreementStatus.SIGNED,
    AgreementStatus.ACTIVE,
    AgreementStatus.REVIEW_DUE,
    AgreementStatus.ENDED,
)


@dataclass
class PartnerCount:
    """Organisations in one group: with a letter, an agreement, a period, and all three."""

    label: str
    letter: int = 0
    agreement: int = 0
    period: int = 0
    all_three: int = 0

    def add(self, partner: Partner) -> None:
        self.letter += partner.letter
        self.agreement += partner.agreement
        self.period += partner.period
        self.all_three += partner.letter and partner.agreement and partner.period


@dataclass(frozen=True)
class Partner:
    """One organisation with any of the three in the span."""

    pk: int
    name: str
    municipality: str
    sector: str
    letter: bool
    agreement: bool
    period: bool


@dataclass
class PartnerProgress:
    target: int
    start: date
    end: date
    total: PartnerCount
    by_municipality: list[PartnerCount] = field(default_factory=list)
    by_sector: list[PartnerCount] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)

    def share_of_target(self, count: int) -> int:
        """Per cent of the target, rounded down (a target of 0 counts as reached)."""
        return 100 if not self.target else count * 100 // self.target


def _with_letter(programme: Programme, end: date) -> set[int]:
    """Organisations with a letter of intent signed by the end of the span."""
    return set(
        LetterOfIntent.objects.filter(
            organisation__area=programme.area, signed_on__lte=end
        ).values_list("organisation_id", flat=True)
    )


def _with_agreement(programme: Programme, start: date, end: date) -> set[int]:
    """Organisations with a cooperation agreement in force at some time in the span."""
    return set(
        CooperationAgreement.objects.filter(
            organisation__area=programme.area, status__in=AGREED, valid_from__lte=end
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
        .values_list("organisation_id", flat=True)
    )


def _sector_labels() -> dict[str, str]:
    # The classification writes its sections in capitals; Swedish falls back to Finnish.
    return {
        section.code: f"{section.code} {localized(section, 'label', ('fi', 'en')).capitalize()}"
        for section in Industry.objects.filter(level=1)
    }


def _grouped(partners: Iterable[Partner], key: str) -> list[PartnerCount]:
    groups: dict[str, PartnerCount] = defaultdict(lambda: PartnerCount(label=""))
    for partner in partners:
        label = getattr(partner, key)
        groups[label].label = label
        groups[label].add(partner)
    return sorted(groups.values(), key=lambda row: (-row.letter, -row.all_three, row.label))


def partner_progress(programme: Programme, start: date, end: date) -> PartnerProgress:
    """Organisations of the programme's area with a letter of intent (signed by `end`), a
    cooperation agreement in force during the span, and a participant's period starting in
    the span (as the "organisations taking part" target counts them), against the
    programme's `target_organisations`; in total, by municipality and by sector."""
    letters = _with_letter(programme, end)
    agreements = _with_agreement(programme, start, end)
    periods = organisations_taking_part(programme, start, end)
    sectors = _sector_labels()
    no_sector = _("Sector not recorded")
    partners = [
        Partner(
            pk=organisation.pk,
            name=organisation.name,
            municipality=str(organisation.municipality),
            sector=(
                sectors.get(organisation.industry.section, no_sector)
                if organisation.industry
                else no_sector
            ),
            letter=organisation.pk in letters,
            agreement=organisation.pk in agreements,
            period=organisation.pk in periods,
        )
        for organisation in Organisation.objects.filter(
            area=programme.area, pk__in=letters | agreements | periods
        )
        .select_related("municipality", "industry")
        .order_by("name", "pk")
    ]
    total = PartnerCount(label=_("All organisations"))
    for partner in partners:
        total.add(partner)
    return PartnerProgress(
        target=programme.target_organisations,
        start=start,
        end=end,
        total=total,
        by_municipality=_grouped(partners, "municipality"),
        by_sector=_grouped(partners, "sector"),
        partners=partners,
    )
