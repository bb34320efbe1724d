"""Consents in one place: which wording is current in an area, who holds a valid consent
for a purpose, and publishing an area's new wording.

Every use of data a consent covers asks `has_consent` or filters by `consenting`, both read
at the moment of use: a withdrawn consent stops the use at once, with nothing to re-plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from osmari.accounts.models import User
from osmari.clients.choices import ConsentPurpose
from osmari.clients.models import Client, Consent, ConsentText
from osmari.core.audit import audit_record
from osmari.core.models import EmploymentArea

# ---------------------------------------------------------------- reads


def current_text(area: EmploymentArea | None, purpose: str) -> ConsentText | None:
    """The wording a consent given today in the area is given on: the area's own latest
    version, else the national one."""
    texts = ConsentText.objects.filter(purpose=purpose).order_by("-version")
    own = texts.filter(area=area).first() if area is not None else None
    return own or texts.filter(area__isnull=True).first()


def valid_consents(purpose: str) -> QuerySet[Consent]:
    """The consents for the purpose that hold now (not withdrawn)."""
    return Consent.objects.filter(purpose=purpose, withdrawn_at__isnull=True)


def consenting(purpose: str) -> QuerySet[Consent]:
    """The ids of the clients holding a valid consent, for `client_id__in=` filters."""
    return valid_consents(purpose).values("client_id")


def has_consent(client: Client, purpose: str) -> bool:
    return valid_consents(purpose).filter(client=client).exists()


@dataclass(frozen=True)
class Version:
    text: ConsentText
    given: int  # consents given on this wording in the area
    current: bool


@dataclass(frozen=True)
class PurposeWordings:
    purpose: str
    label: str
    current: ConsentText | None
    versions: list[Version]


def wordings_of_area(area: EmploymentArea) -> list[PurposeWordings]:
    """Each purpose with the wordings that apply or applied in the area: the national ones
    and the area's own, newest first, with how many consents the area's people gave on each."""
    texts = (
        ConsentText.objects.filter(Q(area=area) | Q(area__isnull=True))
        .annotate(given=Count("consents", filter=Q(consents__client__area=area)))
        .order_by("purpose", "-published_on", "-version", "-pk")
    )
    by_purpose: dict[str, list[ConsentText]] = {}
    for text in texts:
        by_purpose.setdefault(text.purpose, []).append(text)
    result = []
    for purpose, label in ConsentPurpose.choices:
        current = current_text(area, purpose)
        versions = [
            Version(text=t, given=t.given, current=current is not None and t.pk == current.pk)
            for t in by_purpose.get(purpose, [])
        ]
        result.append(PurposeWordings(purpose, str(label), current, versions))
    return result


def follow_up_refused() -> str:
    return _(
        "The six-month follow-up can be recorded only while the person consents to being "
        "contacted for it. Record their consent first."
    )


# ---------------------------------------------------------------- writes


@transaction.atomic
def consent_text_publish(
    *,
    actor: User,
    area: EmploymentArea,
    purpose: str,
    text_fi: str,
    text_sv: str,
    text_en: str,
    today: date,
) -> ConsentText:
    """Publish the area's new wording of a purpose. Consents given from now on are given on
    it; consents given earlier keep the wording they were given on."""
    if purpose not in ConsentPurpose.values:
        raise ValidationError({"purpose": _("Choose a purpose from the list.")})
    texts = {"text_fi": text_fi.strip(), "text_sv": text_sv.strip(), "text_en": text_en.strip()}
    missing = {name: _("Write the wording in every language.") for name in texts if not texts[name]}
    if missing:
        raise ValidationError(missing)
    # One publisher at a time per area, so two drafts cannot take the same version number.
    EmploymentArea.objects.select_for_update().filter(pk=area.pk).first()
    before = current_text(area, purpose)
    latest = ConsentText.objects.filter(Q(area=area) | Q(area__isnull=True), purpose=purpose)
    version = (latest.aggregate(v=Max("version"))["v"] or 0) + 1
    text = ConsentText.objects.create(
        area=area, purpose=purpose, version=version, published_on=today, **texts
    )
    audit_record(
        actor=actor,
        action="consent.publish",
        obj=text,
        area=area,
        changes={
            "purpose": [None, purpose],
            "text_version": [str(before.version) if before else None, str(version)],
        },
    )
    return text


# ---------------------------------------------------------------- giving and withdrawing


class ConsentMissingError(ValidationError):
    """A use of data that needs a consent the person has not given (or has withdrawn)."""


@transaction.atomic
def consent_give(
    *, actor: User | None, client: Client, purpose: str, shown: ConsentText | None = None
) -> Consent:
    """Record a consent to the wording of its purpose now current in the client's area: by
    a staff member (`actor`), or by the person themself (None) on their own pages, where
    `shown` is the wording they read, which must still be the current one."""
    text = current_text(client.area, purpose)
    if text is None:
        raise ValidationError(_("No consent text has been published for this purpose."))
    if shown is not None and shown.pk != text.pk:
        raise ValidationError(_("The text of this consent has just changed. Read the new text."))
    consent = Consent.objects.create(
        client=client,
        text=text,
        purpose=purpose,
        given_at=timezone.now(),
        given_by=actor,
    )
    audit_record(
        actor=actor,
        action="consent.give",
        obj=client,
        area=client.area,
        person_ref=client.person_ref,
        changes={
            "purpose": [None, purpose],
            "text_version": [None, str(text.version)],
            **({"by": [None, "participant"]} if actor is None else {}),
        },
    )
    return consent


# What else ends with a consent, registered by the apps that hold it (a proposal to a host
# that the person no longer lets see their profile): run in the withdrawal's transaction.
CONSENT_WITHDRAWN_HOOKS: dict[str, Callable[[User | None, Consent], None]] = {}


def consent_withdrawn_register(name: str, hook: Callable[[User | None, Consent], None]) -> None:
    CONSENT_WITHDRAWN_HOOKS[name] = hook


@transaction.atomic
def consent_withdraw(*, actor: User | None, consent: Consent) -> Consent:
    """Withdraw a consent, by a staff member (`actor`) or by the person themself (None, from
    their own view)."""
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = actor
        consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
        audit_record(
            actor=actor,
            action="consent.withdraw",
            obj=consent.client,
            area=consent.client.area,
            person_ref=consent.client.person_ref,
            changes={
                "purpose": [consent.purpose, None],
                **({"by": [None, "participant"]} if actor is None else {}),
            },
        )
        for hook in CONSENT_WITHDRAWN_HOOKS.values():
            hook(actor, consent)
    return consent
