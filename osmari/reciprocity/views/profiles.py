"""An organisation's responsibility profile: its level, deliveries, publication, and the
certificate and yearly summary it can download."""

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
from osmari.core.audit import download_recorded
from osmari.core.form_errors import add_service_error
from osmari.core.pdf import pdf_download
from osmari.employers.selectors import organisation_get_for_user
from osmari.placements.models import Outcome
from osmari.reciprocity import certificates, levels, selectors, services
from osmari.reciprocity.forms import DeliveryForm
from osmari.reciprocity.models import Certificate
from osmari.reciprocity.texts import (
    CRITERIA,
    LEVEL_NAMES,
    criterion_rows,
    format_value,
    published_criteria,
)


def profile_context(organisation, today):
    """What the staff page and the public page both show of an organisation's level."""
    facts, assessment = selectors.profile_assessment(organisation, today)
    hidden = selectors.hidden_outcomes(facts, organisation.area.min_group_size)
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
    context = profile_context(organisation, today)
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
