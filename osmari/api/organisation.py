"""The organisation token's operations (docs/api.md): a host organisation's own record, its
places (changed through the same form rules and services as the pages), its agreements and
their PDFs, the people working with it now and its responsibility profile.

Everything is read through the organisation the token is scoped to; anything else answers
404, so that another organisation's rows cannot be probed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Schema, Status
from pydantic import Field

from osmari.accounts.access import TokenHolder
from osmari.agreements.models import AgreementVersion, CooperationAgreement, Signature
from osmari.agreements.selectors import agreement_get_for_user, version_with_sections
from osmari.api.base import ERRORS, page_of, require, router_for
from osmari.api.v1 import api
from osmari.clients.choices import Language
from osmari.core.audit import download_recorded, persons_read
from osmari.core.models import Occupation, Skill
from osmari.core.pdf import pdf_download
from osmari.employers import services
from osmari.employers.forms import PositionForm
from osmari.employers.models import (
    Adjustment,
    Demand,
    Guidance,
    Organisation,
    Position,
    PositionKind,
)
from osmari.employers.selectors import organisation_get_for_user
from osmari.placements.host_selectors import host_placement_list_for_user, shared_profile
from osmari.placements.models import Placement
from osmari.reciprocity import levels
from osmari.reciprocity.selectors import hidden_outcomes, profile_assessment
from osmari.reciprocity.texts import CRITERIA, LEVEL_NAMES

# Another kind of token is refused here, and a reading one any write, before the body is read.
router = router_for("organisation")


def _organisation(request: HttpRequest, permission: str) -> tuple[TokenHolder, Organisation]:
    """The token's own organisation, if its kind may use the permission at all (else 403)."""
    caller = require(request, permission)
    if caller.organisation_id is None:
        raise Http404
    organisation = organisation_get_for_user(
        user=caller, pk=caller.organisation_id, permission=permission
    )
    return caller, organisation


# ------------------------------------------------------------------------ the organisation


class OrganisationOut(Schema):
    id: int
    name: str
    business_id: str
    municipality: str = Field(description="Statistics Finland's municipality code")
    kind: str
    size: str
    industry: str | None = Field(description="TOL 2008 code")
    street_address: str
    postal_code: str


@router.get(
    "/organisation",
    response={200: OrganisationOut, **ERRORS},
    summary="The token's organisation",
)
def organisation_own(request: HttpRequest):
    _caller, organisation = _organisation(request, "organisation.view")
    return Status(
        200,
        OrganisationOut(
            id=organisation.pk,
            name=organisation.name,
            business_id=organisation.business_id,
            municipality=organisation.municipality.code,
            kind=organisation.kind,
            size=organisation.size,
            industry=organisation.industry.code if organisation.industry_id else None,
            street_address=organisation.street_address,
            postal_code=organisation.postal_code,
        ),
    )


# ------------------------------------------------------------------------------ places


class OccupationOut(Schema):
    esco_code: str
    esco_uri: str
    label: str


class PositionOut(Schema):
    id: int
    title: str
    kind: str
    occupation: OccupationOut | None
    tasks: str
    learning_environment: str
    guidance: str
    helpful_competences: str
    required_competences: str
    language: str
    days_per_week: int
    hours_per_day: float
    capacity: int
    instructor: int | None = Field(description="The id of the organisation's contact")
    municipality: str = Field(description="Statistics Finland's municipality code")
    street_address: str
    public_transport: str
    open_from: date
    open_to: date | None
    is_paused: bool
    demands: list[str]
    adjustments: list[str]
    skills: list[str] = Field(description="ESCO URIs")
    created_at: datetime


class PositionPage(Schema):
    items: list[PositionOut]
    next: str | None


def _position_out(position: Position) -> PositionOut:
    occupation = position.occupation
    return PositionOut(
        id=position.pk,
        title=position.title,
        kind=position.kind,
        occupation=OccupationOut(
            esco_code=occupation.esco_code, esco_uri=occupation.esco_uri, label=str(occupation)
        )
        if occupation is not None
        else None,
        tasks=position.tasks,
        learning_environment=position.learning_environment,
        guidance=position.guidance,
        helpful_competences=position.helpful_competences,
        required_competences=position.required_competences,
        language=position.language,
        days_per_week=position.days_per_week,
        hours_per_day=float(position.hours_per_day),
        capacity=position.capacity,
        instructor=position.instructor_id,
        municipality=position.municipality.code,
        street_address=position.street_address,
        public_transport=position.public_transport,
        open_from=position.open_from,
        open_to=position.open_to,
        is_paused=position.is_paused,
        demands=sorted(d.code for d in position.demands.all()),
        adjustments=sorted(a.code for a in position.adjustments.all()),
        skills=sorted(s.esco_uri for s in position.skills.all()),
        created_at=position.created_at,
    )


def _positions(organisation: Organisation):
    return organisation.positions.select_related(
        "occupation", "municipality", "instructor"
    ).prefetch_related("demands", "adjustments", "skills")


def _position(organisation: Organisation, position_id: int) -> Position:
    position = _positions(organisation).filter(pk=position_id).first()
    if position is None:
        raise Http404
    return position


@router.get(
    "/positions",
    response={200: PositionPage, **ERRORS},
    summary="The organisation's places, newest first",
)
def organisation_position_list(
    request: HttpRequest, cursor: str | None = None, size: int = Query(50, ge=1, le=200)
):
    _caller, organisation = _organisation(request, "organisation.view")
    rows, following = page_of(
        _positions(organisation), time_field="created_at", cursor=cursor, size=size
    )
    return Status(200, PositionPage(items=[_position_out(p) for p in rows], next=following))


@router.get(
    "/positions/{position_id}",
    response={200: PositionOut, **ERRORS},
    summary="One of the organisation's places",
)
def organisation_position_get(request: HttpRequest, position_id: int):
    _caller, organisation = _organisation(request, "organisation.view")
    return Status(200, _position_out(_position(organisation, position_id)))


class PositionIn(Schema):
    """A new place. The same rules as on the organisation's page: a work trial keeps to the
    law's limits of days and hours and sets no required competences."""

    kind: PositionKind
    title: str = Field(max_length=150)
    occupation: str | None = Field(None, description="ESCO code or URI of the occupation")
    tasks: str
    learning_environment: str = ""
    guidance: Guidance = Guidance.REGULAR
    helpful_competences: str = ""
    required_competences: str = ""
    language: Language = Language.FINNISH
    days_per_week: int = 5
    hours_per_day: Decimal = Decimal(6)
    capacity: int = 1
    instructor: int | None = Field(
        None, description="The id of one of the organisation's workplace instructors"
    )
    municipality: str | None = Field(
        None, description="Municipality code; the organisation's own if left out"
    )
    street_address: str = ""
    public_transport: str = ""
    open_from: date
    open_to: date | None = None
    demands: list[Demand] = []
    adjustments: list[Adjustment] = []
    skills: list[str] = Field([], description="ESCO URIs of skills that help")


class PositionPatch(Schema):
    """Only the fields sent change; `null` empties an optional field."""

    kind: PositionKind | None = None
    title: str | None = Field(None, max_length=150)
    occupation: str | None = None
    tasks: str | None = None
    learning_environment: str | None = None
    guidance: Guidance | None = None
    helpful_competences: str | None = None
    required_competences: str | None = None
    language: Language | None = None
    days_per_week: int | None = None
    hours_per_day: Decimal | None = None
    capacity: int | None = None
    instructor: int | None = None
    municipality: str | None = None
    street_address: str | None = None
    public_transport: str | None = None
    open_from: date | None = None
    open_to: date | None = None
    demands: list[Demand] | None = None
    adjustments: list[Adjustment] | None = None
    skills: list[str] | None = None


def _form_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return [_form_value(item) for item in value]
    # Choices arrive as enum members; the form compares their values.
    return getattr(value, "value", value)


def _occupation(value: str | None) -> Occupation | None:
    if not value:
        return None
    return Occupation.objects.filter(Q(esco_uri=value) | Q(esco_code=value)).order_by("pk").first()


def _form_data(
    organisation: Organisation, position: Position | None, sent: dict[str, Any], errors: dict
) -> dict[str, Any]:
    """The page form's data: the place as saved (or the form's starting values for a new
    one) with the values sent in place of theirs."""
    if position is None:
        data: dict[str, Any] = {"municipality": organisation.municipality_id}
    else:
        data = model_to_dict(position, fields=PositionForm.Meta.fields)
        data["demands"] = [d.code for d in position.demands.all()]
        data["adjustments"] = [a.code for a in position.adjustments.all()]
    for name, value in sent.items():
        if name in ("occupation", "skills"):
            continue
        if name == "municipality":
            found = organisation.area.municipalities.filter(code=value).first() if value else None
            if value and found is None:
                invalid = forms.ModelChoiceField.default_error_messages["invalid_choice"]
                errors["municipality"] = [str(invalid)]
            data["municipality"] = found.pk if found else ""
            continue
        data[name] = _form_value(value)
    # The page takes the occupation and skills by their names; the API by ESCO code or URI.
    data["occupation_label"] = ""
    data["skill_labels"] = ""
    return data


def _esco(
    position: Position | None, sent: dict[str, Any], errors: dict
) -> tuple[Occupation | None, list[Skill] | None]:
    """The occupation and skills named by ESCO code or URI; skills None when not sent."""
    if "occupation" in sent:
        occupation = _occupation(sent["occupation"])
        if sent["occupation"] and occupation is None:
            errors["occupation"] = [_("No ESCO occupation has this code or URI.")]
    else:
        occupation = position.occupation if position is not None else None
    if "skills" not in sent:
        return occupation, None
    uris = list(dict.fromkeys(sent["skills"] or []))
    skills = list(Skill.objects.filter(esco_uri__in=uris))
    unknown = sorted(set(uris) - {s.esco_uri for s in skills})
    if unknown:
        errors["skills"] = [
            _("Not found in ESCO: %(names)s. Check the spelling or pick another name.")
            % {"names": ", ".join(unknown)}
        ]
    return occupation, skills


def _position_write(
    caller: TokenHolder,
    organisation: Organisation,
    sent: dict[str, Any],
    position: Position | None = None,
) -> Position:
    """Check the values as the page's form does and save them through the page's service:
    a refused value raises ValidationError (422), and nothing is saved."""
    errors: dict[str, list[str]] = {}
    data = _form_data(organisation, position, sent, errors)
    form = PositionForm(data, instance=position, organisation=organisation)
    valid = form.is_valid()
    for name, messages in form.errors.items():
        errors.setdefault("" if name == "__all__" else name, []).extend(messages)
    occupation, skills = _esco(position, sent, errors)
    if errors or not valid:
        raise forms.ValidationError(errors)
    fields = form.service_fields()
    fields["occupation"] = occupation
    fields["skills"] = skills
    if position is not None:
        # The form wrote the values onto the instance; the service compares with the saved ones.
        position.refresh_from_db()
    saved = services.position_save(
        actor=caller,
        organisation=organisation,
        position=position,
        today=timezone.localdate(),
        **fields,
    )
    return _position(organisation, saved.pk)


@router.post(
    "/positions",
    response={201: PositionOut, **ERRORS},
    summary="Add a place (a token that may write)",
)
def organisation_position_create(request: HttpRequest, payload: PositionIn):
    caller, organisation = _organisation(request, "organisation.view")
    require(request, "organisation.edit", organisation)
    sent = payload.model_dump()
    if sent["municipality"] is None:
        del sent["municipality"]
    return Status(201, _position_out(_position_write(caller, organisation, sent)))


@router.patch(
    "/positions/{position_id}",
    response={200: PositionOut, **ERRORS},
    summary="Change a place: only the fields sent (a token that may write)",
)
def organisation_position_update(request: HttpRequest, position_id: int, payload: PositionPatch):
    caller, organisation = _organisation(request, "organisation.view")
    position = _position(organisation, position_id)
    require(request, "organisation.edit", organisation)
    sent = payload.model_dump(exclude_unset=True)
    return Status(200, _position_out(_position_write(caller, organisation, sent, position)))


class PauseIn(Schema):
    paused: bool


@router.post(
    "/positions/{position_id}/pause",
    response={200: PositionOut, **ERRORS},
    summary="Pause a place, or open it again (a token that may write)",
)
def organisation_position_pause(request: HttpRequest, position_id: int, payload: PauseIn):
    caller, organisation = _organisation(request, "organisation.view")
    position = _position(organisation, position_id)
    require(request, "organisation.edit", organisation)
    services.position_pause(actor=caller, position=position, paused=payload.paused)
    return Status(200, _position_out(_position(organisation, position_id)))


# -------------------------------------------------------------------------- agreements


class SignatureOut(Schema):
    party: str
    signed_on: date


class VersionOut(Schema):
    number: int
    created_at: datetime
    change_summary: str
    signed: bool = Field(description="Both parties have signed this version")
    signatures: list[SignatureOut]


class AgreementOut(Schema):
    id: int
    status: str
    valid_from: date
    valid_until: date | None
    next_review_on: date | None
    review_every_months: int
    positions: list[int]
    versions: list[VersionOut]
    created_at: datetime


class AgreementPage(Schema):
    items: list[AgreementOut]
    next: str | None


BOTH_PARTIES = {Signature.Party.ORGANISATION, Signature.Party.AUTHORITY}


def _version_out(version: AgreementVersion) -> VersionOut:
    signatures = sorted(version.signatures.all(), key=lambda s: s.party)
    return VersionOut(
        number=version.number,
        created_at=version.created_at,
        change_summary=version.change_summary,
        signed={s.party for s in signatures} == BOTH_PARTIES,
        signatures=[SignatureOut(party=s.party, signed_on=s.signed_on) for s in signatures],
    )


def _agreement_out(agreement: CooperationAgreement) -> AgreementOut:
    return AgreementOut(
        id=agreement.pk,
        status=agreement.status,
        valid_from=agreement.valid_from,
        valid_until=agreement.valid_until,
        next_review_on=agreement.next_review_on,
        review_every_months=agreement.review_every_months,
        positions=sorted(p.pk for p in agreement.positions.all()),
        versions=[_version_out(v) for v in agreement.versions.all()],
        created_at=agreement.created_at,
    )


def _agreements(organisation: Organisation):
    return organisation.agreements.prefetch_related("positions", "versions__signatures")


def _agreement(request: HttpRequest, agreement_id: int) -> CooperationAgreement:
    _caller, organisation = _organisation(request, "agreement.view")
    agreement = _agreements(organisation).filter(pk=agreement_id).first()
    if agreement is None:
        raise Http404
    return agreement


@router.get(
    "/agreements",
    response={200: AgreementPage, **ERRORS},
    summary="The organisation's cooperation agreements, newest first",
)
def organisation_agreement_list(
    request: HttpRequest, cursor: str | None = None, size: int = Query(50, ge=1, le=200)
):
    _caller, organisation = _organisation(request, "agreement.view")
    rows, following = page_of(
        _agreements(organisation), time_field="created_at", cursor=cursor, size=size
    )
    return Status(200, AgreementPage(items=[_agreement_out(a) for a in rows], next=following))


@router.get(
    "/agreements/{agreement_id}",
    response={200: AgreementOut, **ERRORS},
    summary="One of the organisation's agreements",
)
def organisation_agreement_get(request: HttpRequest, agreement_id: int):
    return Status(200, _agreement_out(_agreement(request, agreement_id)))


PDF_RESPONSE = {
    "responses": {
        200: {
            "description": "The version as the PDF a person would sign",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get(
    "/agreements/{agreement_id}/versions/{version}/pdf",
    response={200: None, **ERRORS},
    summary="A version of an agreement as PDF",
    openapi_extra=PDF_RESPONSE,
)
def organisation_agreement_pdf(request: HttpRequest, agreement_id: int, version: int):
    caller = require(request, "agreement.view")
    # The page's own read: the scope is checked on the agreement's organisation.
    agreement = agreement_get_for_user(user=caller, pk=agreement_id)
    found = agreement.versions.filter(number=version).first()
    if found is None:
        raise Http404
    response: HttpResponse = pdf_download(
        request,
        "agreements/agreement_pdf.html",
        {
            "agreement": agreement,
            "version": found,
            "sections": version_with_sections(found),
            "signatures": found.signatures.all(),
        },
        filename=f"yhteistyosopimus-{agreement.pk}-v{version}.pdf",
    )
    download_recorded(
        actor=caller,
        action="agreement.download",
        obj=agreement,
        area=agreement.organisation.area,
        changes={"version": [None, str(version)]},
    )
    return response


# ------------------------------------------------------------------------ participants


class SharedProfileOut(Schema):
    education: str
    occupations: list[str]
    skills: list[str]
    languages: list[str]
    driving_licence: bool


class PlacePlaced(Schema):
    id: int
    title: str


class ParticipantOut(Schema):
    placement: int
    name: str
    position: PlacePlaced
    start_on: date
    last_day: date
    status: str
    days_per_week: int
    hours_per_day: float
    instructor: str | None
    profile: SharedProfileOut | None = Field(
        description="Only while the person consents to share their profile with the organisation"
    )


class ParticipantPage(Schema):
    items: list[ParticipantOut]
    next: str | None


def _participant_out(placement: Placement) -> ParticipantOut:
    profile = shared_profile(placement)
    return ParticipantOut(
        placement=placement.pk,
        # The name as the host's own page shows it, whatever the consent: they work together.
        name=str(placement.client),
        position=PlacePlaced(id=placement.position_id, title=placement.position.title),
        start_on=placement.start_on,
        last_day=placement.last_day,
        status=placement.status,
        days_per_week=placement.days_per_week,
        hours_per_day=float(placement.hours_per_day),
        instructor=placement.instructor.name if placement.instructor_id else None,
        profile=SharedProfileOut(
            education=profile.education,
            occupations=profile.occupations,
            skills=profile.skills,
            languages=profile.languages,
            driving_licence=profile.driving_licence,
        )
        if profile is not None
        else None,
    )


@router.get(
    "/participants",
    response={200: ParticipantPage, **ERRORS},
    summary="The people working with the organisation now, coming, or ended in the last 30 days",
)
def organisation_participant_list(
    request: HttpRequest, cursor: str | None = None, size: int = Query(50, ge=1, le=200)
):
    caller, _own = _organisation(request, "placement.host")
    placements = host_placement_list_for_user(
        user=caller, today=timezone.localdate()
    ).prefetch_related("client__occupations", "client__skills", "client__languages")
    rows, following = page_of(placements, time_field="created_at", cursor=cursor, size=size)
    persons_read(actor=caller, persons=[p.client for p in rows], part="host_list")
    return Status(200, ParticipantPage(items=[_participant_out(p) for p in rows], next=following))


# -------------------------------------------------------------- responsibility profile


class LevelOut(Schema):
    number: int
    key: str
    name: str


class CriterionOut(Schema):
    key: str
    label: str
    threshold: float
    value: float | None = Field(
        description="null when not known, or when too few periods have ended to show it"
    )
    met: bool
    hidden: bool


class ProfileOut(Schema):
    since: date
    until: date
    level: LevelOut
    reached: list[CriterionOut] = Field(description="The level's criteria, each met")
    next_level: LevelOut | None
    to_next: list[CriterionOut] = Field(description="What the next level asks")


def _level_out(level: levels.Level) -> LevelOut:
    return LevelOut(number=level.number, key=level.key, name=str(LEVEL_NAMES[level.key]))


def _criteria_out(results, hide: frozenset[str]) -> list[CriterionOut]:
    return [
        CriterionOut(
            key=r.key,
            label=str(CRITERIA[r.key]),
            threshold=r.threshold,
            value=None if r.key in hide else r.value,
            met=r.met,
            hidden=r.key in hide,
        )
        for r in results
    ]


@router.get(
    "/responsibility-profile",
    response={200: ProfileOut, **ERRORS},
    summary="The organisation's responsibility profile: its level and what the next asks",
)
def organisation_responsibility_profile(request: HttpRequest):
    _caller, organisation = _organisation(request, "reciprocity.profile")
    today = timezone.localdate()
    facts, assessment = profile_assessment(organisation, today)
    hidden = hidden_outcomes(facts, organisation.area.min_group_size)
    return Status(
        200,
        ProfileOut(
            since=levels.window_start(today),
            until=today,
            level=_level_out(assessment.level),
            reached=_criteria_out(assessment.reached, hidden),
            next_level=_level_out(assessment.next_level) if assessment.next_level else None,
            to_next=_criteria_out(assessment.to_next, hidden),
        ),
    )


api.add_router("", router)
