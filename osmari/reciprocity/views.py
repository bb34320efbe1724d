from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.agreements.selectors import agreement_get_for_user
from osmari.core.audit import download_recorded
from osmari.core.form_errors import add_service_error
from osmari.core.params import plain_text, whole_number
from osmari.core.pdf import pdf_download
from osmari.employers.models import Organisation
from osmari.employers.selectors import organisation_get_for_user
from osmari.placements.models import Outcome
from osmari.reciprocity import certificates, levels, selectors, services
from osmari.reciprocity.forms import (
    BenefitForm,
    CommitmentForm,
    DeliveryForm,
    EventForm,
    PaymentForm,
    RegistrationForm,
    SchemeForm,
)
from osmari.reciprocity.models import (
    Benefit,
    Certificate,
    Registration,
    SubsidyCommitment,
    SubsidyScheme,
)
from osmari.reciprocity.texts import CRITERIA, LEVEL_NAMES, format_threshold, format_value

# ---------------------------------------------------------------- catalogue


@access.permission_required("reciprocity.catalogue")
def catalogue(request):
    area = selectors.area_for(request.user, "reciprocity.catalogue")
    may_edit = access.may(request.user, "reciprocity.catalogue_edit", area)
    return render(
        request,
        "reciprocity/catalogue.html",
        {
            "benefits": selectors.catalogue(area, active_only=not may_edit),
            "may_edit": may_edit,
            "area": area,
        },
    )


@require_POST
@access.permission_required("reciprocity.catalogue_edit")
def catalogue_standard(request):
    area = access.areas_where(request.user, "reciprocity.catalogue_edit")[0]
    made = services.catalogue_standard_create(actor=request.user, area=area)
    messages.success(
        request, _("%(n)s benefits added from the standard catalogue.") % {"n": len(made)}
    )
    return redirect("reciprocity:catalogue")


@access.permission_required("reciprocity.catalogue_edit")
def benefit_edit(request, pk=None):
    area = access.areas_where(request.user, "reciprocity.catalogue_edit")[0]
    benefit = get_object_or_404(Benefit, pk=pk, area=area) if pk else None
    form = BenefitForm(request.POST or None, instance=benefit)
    if request.method == "POST" and form.is_valid():
        try:
            services.benefit_save(
                actor=request.user, area=area, benefit=benefit, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The catalogue is saved."))
            return redirect("reciprocity:catalogue")
    return render(
        request,
        "reciprocity/benefit_form.html",
        {"form": form, "benefit": benefit},
        status=422 if form.is_bound else 200,
    )


# ---------------------------------------------------------------- events


@access.permission_required("reciprocity.register")
def events(request):
    area = selectors.area_for(request.user, "reciprocity.register")
    now = timezone.now()
    return render(
        request,
        "reciprocity/events.html",
        {
            "upcoming": selectors.events_for_area(area, upcoming=True, now=now),
            "past": selectors.events_for_area(area, upcoming=False, now=now)[:30],
            "may_manage": access.may(request.user, "reciprocity.events", area),
        },
    )


@access.permission_required("reciprocity.events")
def event_create(request):
    area = access.areas_where(request.user, "reciprocity.events")[0]
    form = EventForm(request.POST or None, area=area)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.user, area=area, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The event is published to the area's organisations."))
            return redirect("reciprocity:event", event.pk)
    return render(
        request, "reciprocity/event_form.html", {"form": form}, status=422 if form.is_bound else 200
    )


def _registering(user, event):
    """Whether the user runs the event, and the organisations they may register people of:
    every organisation of the area for its staff, their own for a contact."""
    manages = access.may(user, "reciprocity.events", event.area)
    own = [o for o in selectors.own_organisations(user) if o.area_id == event.area_id]
    organisations = (
        Organisation.objects.filter(area=event.area).order_by("name")
        if manages
        else Organisation.objects.filter(pk__in=[o.pk for o in own])
    )
    return manages, own, organisations


def _event_context(request, event, form=None):
    manages, own, organisations = _registering(request.user, event)
    now = timezone.now()
    is_open = event.cancelled_at is None and event.starts_at > now
    left = selectors.places_left(event)
    if form is None and is_open and left:
        form = RegistrationForm(organisations=organisations)
    return {
        "event": event,
        "registrations": selectors.registrations(event, None if manages else own),
        "manages": manages,
        "places_left": left,
        "is_open": is_open,
        "has_started": event.starts_at <= now,
        "form": form if is_open else None,
    }


@access.permission_required("reciprocity.register")
def event_detail(request, pk):
    event = selectors.event_get_for_user(user=request.user, pk=pk)
    return render(request, "reciprocity/event_detail.html", _event_context(request, event))


@require_POST
@access.permission_required("reciprocity.register")
def event_register(request, pk):
    event = selectors.event_get_for_user(user=request.user, pk=pk)
    _manages, _own, organisations = _registering(request.user, event)
    form = RegistrationForm(request.POST, organisations=organisations)
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_add(
                actor=request.user,
                event=event,
                organisation=data["organisation"],
                contact=data["contact"],
                new_name=data["new_name"],
                new_email=data["new_email"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is registered for %(event)s.")
                % {"name": registration.person_name, "event": event.title},
            )
            return redirect("reciprocity:event", event.pk)
    context = _event_context(request, event, form=form)
    return render(request, "reciprocity/event_detail.html", context, status=422)


@require_POST
@access.permission_required("reciprocity.register")
def registration_cancel(request, pk):
    registration = get_object_or_404(Registration.objects.select_related("event__area"), pk=pk)
    event = selectors.event_get_for_user(user=request.user, pk=registration.event_id)
    if not (
        access.may(request.user, "reciprocity.events", event.area)
        or access.may(request.user, "reciprocity.register", registration.organisation)
    ):
        raise Http404
    try:
        services.registration_cancel(actor=request.user, registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The registration is cancelled."))
    return redirect("reciprocity:event", event.pk)


@require_POST
@access.permission_required("reciprocity.events")
def event_attendance(request, pk):
    event = selectors.event_get_for_user(user=request.user, pk=pk)
    if not access.may(request.user, "reciprocity.events", event.area):
        raise Http404
    present = {n for n in map(whole_number, request.POST.getlist("present")) if n is not None}
    try:
        services.attendance_record(actor=request.user, event=event, present=present)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Attendance is saved."))
    return redirect("reciprocity:event", event.pk)


# ---------------------------------------------------------------- responsibility profile


# Where people went after their period is about them: below the area's minimum group size
# the count is not shown, only whether the level's criterion is met.
OUTCOME_KEYS = frozenset({"moves_into_work_or_education"})


def hidden_outcomes(facts: levels.Facts, minimum: int) -> frozenset[str]:
    return OUTCOME_KEYS if facts.periods_ended < minimum else frozenset()


def criterion_rows(results, *, hide: frozenset[str] = frozenset()) -> list[dict]:
    return [
        {
            "label": CRITERIA[r.key],
            "value": "–" if r.key in hide else format_value(r.key, r.value),
            "threshold": format_threshold(r.key, r.threshold),
            "met": r.met,
            "key": r.key,
        }
        for r in results
    ]


def published_criteria() -> list[dict]:
    return [
        {
            "number": level.number,
            "name": LEVEL_NAMES[level.key],
            "criteria": [
                {"label": CRITERIA[c.key], "threshold": format_threshold(c.key, c.threshold)}
                for c in level.criteria
            ],
        }
        for level in levels.LEVELS
    ]


def _profile_context(organisation, today):
    facts, assessment = selectors.profile_assessment(organisation, today)
    hidden = hidden_outcomes(facts, organisation.area.min_group_size)
    return {
        "organisation": organisation,
        "facts": facts,
        "assessment": assessment,
        "level_name": LEVEL_NAMES[assessment.level.key],
        "next_name": LEVEL_NAMES[assessment.next_level.key] if assessment.next_level else "",
        "reached": criterion_rows(assessment.reached, hide=hidden),
        "to_next": criterion_rows(assessment.to_next, hide=hidden),
        "levels": published_criteria(),
        "since": levels.window_start(today),
        "today": today,
        "minimum": organisation.area.min_group_size,
    }


@access.permission_required("reciprocity.profile")
def profile(request, pk):
    organisation = organisation_get_for_user(
        user=request.user, pk=pk, permission="reciprocity.profile"
    )
    today = timezone.localdate()
    context = _profile_context(organisation, today)
    agreement, agreed = selectors.agreed_against_delivered(
        organisation, since=date(today.year, 1, 1), until=today
    )
    public = getattr(organisation, "public_profile", None)
    context |= {
        "agreement": agreement,
        "agreed": agreed,
        "deliveries": selectors.deliveries(organisation),
        "trainings": selectors.trainings_by_person(organisation),
        "public": public if public and public.is_published else None,
        "certificates": organisation.certificates.all()[:5],
        "may_deliver": access.may(request.user, "reciprocity.delivery", organisation),
        "may_publish": access.may(request.user, "reciprocity.publish", organisation),
        "may_withdraw": access.may(request.user, "reciprocity.withdraw", organisation),
        "may_certify": access.may(request.user, "reciprocity.certificate", organisation),
        "may_agree": agreement is not None
        and access.may(request.user, "reciprocity.agreed", organisation),
        "delivery_form": DeliveryForm(area=organisation.area, initial={"delivered_on": today})
        if access.may(request.user, "reciprocity.delivery", organisation)
        else None,
        "years": list(range(today.year, today.year - 3, -1)),
    }
    return render(request, "reciprocity/profile.html", context)


@require_POST
@access.permission_required("reciprocity.delivery")
def delivery_add(request, pk):
    organisation = organisation_get_for_user(
        user=request.user, pk=pk, permission="reciprocity.delivery"
    )
    form = DeliveryForm(request.POST, area=organisation.area)
    if form.is_valid():
        try:
            services.delivery_record(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The delivery is recorded."))
            return redirect("reciprocity:profile", organisation.pk)
    return render(
        request,
        "reciprocity/delivery_form.html",
        {"form": form, "organisation": organisation},
        status=422,
    )


@require_POST
@access.permission_required("reciprocity.publish")
def profile_publish(request, pk):
    organisation = organisation_get_for_user(
        user=request.user, pk=pk, permission="reciprocity.publish"
    )
    if request.POST.get("consent") != "yes":
        messages.error(request, _("Tick the box to give your organisation's consent."))
        return redirect("reciprocity:profile", organisation.pk)
    services.profile_publish(actor=request.user, organisation=organisation)
    messages.success(request, _("The profile is public. You can withdraw it at any time."))
    return redirect("reciprocity:profile", organisation.pk)


@require_POST
@access.permission_required("reciprocity.withdraw")
def profile_withdraw(request, pk):
    organisation = organisation_get_for_user(
        user=request.user, pk=pk, permission="reciprocity.withdraw"
    )
    try:
        services.profile_withdraw(actor=request.user, organisation=organisation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The public profile is withdrawn; its certificates can no longer be checked."),
        )
    return redirect("reciprocity:profile", organisation.pk)


@require_POST
@access.permission_required("reciprocity.certificate")
def certificate_issue(request, pk):
    organisation = organisation_get_for_user(
        user=request.user, pk=pk, permission="reciprocity.certificate"
    )
    try:
        certificate = services.certificate_issue(
            actor=request.user, organisation=organisation, today=timezone.localdate()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reciprocity:profile", organisation.pk)
    return redirect("reciprocity:certificate_pdf", certificate.code)


def verify_url(code: str) -> str:
    return settings.OSMARI_BASE_URL.rstrip("/") + reverse("reciprocity:verify_code", args=[code])


@access.permission_required("reciprocity.certificate")
def certificate_pdf(request, code):
    certificate = get_object_or_404(Certificate.objects.select_related("organisation"), code=code)
    organisation = certificate.organisation
    if not access.may(request.user, "reciprocity.certificate", organisation):
        raise Http404
    import segno

    url = verify_url(certificate.code)
    qr = segno.make(url, error="m").svg_inline(scale=4, title=_("QR code of the verification page"))
    level = levels.LEVELS[certificate.level]
    download_recorded(
        actor=request.user,
        action="reciprocity.certificate_download",
        obj=organisation,
        area=organisation.area,
        changes={"code": [None, certificate.code]},
    )
    return pdf_download(
        request,
        "reciprocity/certificate_pdf.html",
        {
            "certificate": certificate,
            "organisation": organisation,
            "level_name": LEVEL_NAMES[level.key],
            "code": certificates.display(certificate.code),
            "url": url,
            "qr": qr,
            "facts": [
                (CRITERIA[key], format_value(key, value))
                for key, value in certificate.facts.items()
                if key in CRITERIA
            ],
        },
        filename=f"vastuullisuustodistus-{certificate.pk}.pdf",
    )


@access.permission_required("reciprocity.profile")
def partner_summary_pdf(request, pk, year):
    organisation = organisation_get_for_user(
        user=request.user, pk=pk, permission="reciprocity.profile"
    )
    today = timezone.localdate()
    if not 2000 <= year <= today.year:
        raise Http404
    summary = selectors.partner_summary(organisation, year, today)
    outcomes = None
    if summary["outcomes"] is not None:
        outcomes = [
            (label, summary["outcomes"].get(value, 0))
            for value, label in Outcome.choices
            if summary["outcomes"].get(value)
        ]
    facts = summary["facts"]
    gave = [
        (CRITERIA[key], format_value(key, getattr(facts, key)))
        for key in (
            "positions_offered",
            "participants_hosted",
            "participant_months",
            "reviews_held_share",
            "instructor_feedback_share",
            "trained_instructors",
        )
    ]
    download_recorded(
        actor=request.user,
        action="reciprocity.summary_download",
        obj=organisation,
        area=organisation.area,
        changes={"year": [None, year]},
    )
    return pdf_download(
        request,
        "reciprocity/summary_pdf.html",
        {"organisation": organisation, "summary": summary, "gave": gave, "outcomes": outcomes},
        filename=f"kumppanikooste-{organisation.pk}-{year}.pdf",
    )


# ---------------------------------------------------------------- agreed benefits


@access.permission_required("reciprocity.agreed")
def agreed_benefits(request, pk):
    agreement = agreement_get_for_user(user=request.user, pk=pk, permission="reciprocity.agreed")
    area = agreement.organisation.area
    benefits = list(selectors.catalogue(area, active_only=True))
    current = {a.benefit_id: a.per_year for a in agreement.agreed_benefits.all()}
    errors = []
    if request.method == "POST":
        chosen = {}
        for benefit in benefits:
            times = whole_number(
                (request.POST.get(f"b{benefit.pk}") or "0").strip() or "0", maximum=52
            )
            if times is None:
                errors.append(
                    _("%(name)s: enter a whole number from 0 to 52.") % {"name": benefit.name}
                )
                continue
            chosen[benefit.pk] = times
        if not errors:
            try:
                services.agreed_benefits_set(
                    actor=request.user, agreement=agreement, per_year=chosen
                )
            except ValidationError as error:
                errors += error.messages
            else:
                messages.success(
                    request,
                    _(
                        "The benefits are agreed and written into the agreement's "
                        "reciprocity section."
                    ),
                )
                return redirect("agreements:detail", agreement.pk)
        current = dict(chosen) | {
            b.pk: request.POST.get(f"b{b.pk}", "") for b in benefits if b.pk not in chosen
        }
    rows = [(b, current.get(b.pk, 0)) for b in benefits]
    return render(
        request,
        "reciprocity/agreed_benefits.html",
        {"agreement": agreement, "rows": rows, "errors": errors},
        status=422 if errors else 200,
    )


# ---------------------------------------------------------------- local subsidies


@access.permission_required("reciprocity.subsidies")
def subsidies(request):
    area = access.areas_where(request.user, "reciprocity.subsidies")[0]
    return render(
        request,
        "reciprocity/subsidies.html",
        {
            "budgets": selectors.scheme_budgets(area),
            "may_decide": access.may(request.user, "reciprocity.subsidy_decide", area),
        },
    )


@access.permission_required("reciprocity.subsidy_decide")
def scheme_create(request):
    area = access.areas_where(request.user, "reciprocity.subsidy_decide")[0]
    form = SchemeForm(
        request.POST or None, initial={"year": timezone.localdate().year, "max_months": 12}
    )
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.scheme_create(actor=request.user, area=area, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The scheme is saved."))
            return redirect("reciprocity:scheme", scheme.pk)
    return render(
        request,
        "reciprocity/scheme_form.html",
        {"form": form},
        status=422 if form.is_bound else 200,
    )


def _scheme_for_user(user, pk, permission="reciprocity.subsidies") -> SubsidyScheme:
    scheme = SubsidyScheme.objects.select_related("area").filter(pk=pk).first()
    if scheme is None or not access.may(user, permission, scheme.area):
        raise Http404
    return scheme


@access.permission_required("reciprocity.subsidies")
def scheme_detail(request, pk):
    scheme = _scheme_for_user(request.user, pk)
    may_decide = access.may(request.user, "reciprocity.subsidy_decide", scheme.area)
    form, preview, status = None, None, 200
    if may_decide:
        form = CommitmentForm(
            request.POST or None,
            scheme=scheme,
            placements=selectors.subsidised_periods_for_user(user=request.user, scheme=scheme),
            initial={"decided_on": timezone.localdate()},
        )
        if request.method == "POST":
            status = 422
            if form.is_valid():
                data = form.cleaned_data
                try:
                    if "preview" in request.POST:
                        preview = services.commitment_preview(
                            scheme, data["months"], data.get("monthly_pay")
                        )
                        status = 200
                    else:
                        services.commitment_make(actor=request.user, scheme=scheme, **data)
                        messages.success(
                            request, _("The decision is recorded and the money committed.")
                        )
                        return redirect("reciprocity:scheme", scheme.pk)
                except ValidationError as error:
                    add_service_error(form, error)
    elif request.method == "POST":
        raise Http404
    budget = selectors.scheme_budget(scheme)
    return render(
        request,
        "reciprocity/scheme_detail.html",
        {
            "scheme": scheme,
            "budget": budget,
            "commitments": selectors.commitments(scheme),
            "form": form,
            "preview": preview,
            "left_after": budget.remaining - preview.total if preview else None,
            "payment_form": PaymentForm(initial={"paid_on": timezone.localdate()}),
            "may_decide": may_decide,
        },
        status=status,
    )


def _commitment_for_manager(user, pk) -> SubsidyCommitment:
    commitment = SubsidyCommitment.objects.select_related("scheme__area").filter(pk=pk).first()
    if commitment is None or not access.may(
        user, "reciprocity.subsidy_decide", commitment.scheme.area
    ):
        raise Http404
    return commitment


@require_POST
@access.permission_required("reciprocity.subsidy_decide")
def payment_add(request, pk):
    commitment = _commitment_for_manager(request.user, pk)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            services.payment_record(actor=request.user, commitment=commitment, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
    if form.errors:
        problems = [str(m) for errors in form.errors.values() for m in errors]
        messages.error(
            request, _("The payment was not recorded: %(why)s") % {"why": " ".join(problems)}
        )
    else:
        messages.success(request, _("The payment is recorded."))
    return redirect("reciprocity:scheme", commitment.scheme_id)


@require_POST
@access.permission_required("reciprocity.subsidy_decide")
def commitment_cancel(request, pk):
    commitment = _commitment_for_manager(request.user, pk)
    try:
        services.commitment_cancel(
            actor=request.user,
            commitment=commitment,
            on=timezone.localdate(),
            reason=plain_text(request.POST.get("reason", "")),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The decision is cancelled and its money is back in the budget.")
        )
    return redirect("reciprocity:scheme", commitment.scheme_id)


# ---------------------------------------------------------------- public pages


def public_profile(request, slug):
    profile = selectors.published_profile(slug)
    organisation = profile.organisation
    context = _profile_context(organisation, timezone.localdate())
    facts = context["facts"]
    context |= {
        "profile": profile,
        # Where the participants went is shown only for a group large enough not to
        # point at anyone.
        "show_moves": facts.periods_ended >= organisation.area.min_group_size,
    }
    return render(request, "reciprocity/public_profile.html", context)


def verify(request, code=None):
    """Anyone may check a certificate's code against the public page."""
    typed = code if code is not None else request.GET.get("code", "")
    normal = certificates.normalise(typed)
    context = {"typed": typed, "checked": bool(typed)}
    status = 200
    if typed:
        well_formed = certificates.is_well_formed(normal)
        certificate = selectors.certificate_for_code(normal) if well_formed else None
        if not well_formed:
            context["problem"] = _(
                "This is not a certificate code: check it for typos. A code has twelve letters "
                "and digits, like ABCD-EFGH-JKLM."
            )
            status = 404
        elif certificate is None:
            context["problem"] = _(
                "No public certificate has this code. It was never issued, or the organisation "
                "has withdrawn its public profile."
            )
            status = 404
        else:
            level = levels.LEVELS[certificate.level]
            context |= {
                "certificate": certificate,
                "code": certificates.display(certificate.code),
                "level_name": LEVEL_NAMES[level.key],
                "expired": certificate.valid_until < timezone.localdate(),
                "profile": certificate.organisation.public_profile,
            }
    return render(request, "reciprocity/verify.html", context, status=status)
