"""Pages anyone may open without login: a published profile and the certificate check."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from osmari.reciprocity import certificates, levels, selectors
from osmari.reciprocity.texts import LEVEL_NAMES
from osmari.reciprocity.views.profiles import profile_context


def public_profile(request, slug):
    profile = selectors.published_profile(slug)
    organisation = profile.organisation
    context = profile_context(organisation, timezone.localdate())
    context |= {
        "profile": profile,
        # Where the participants went is shown only for a group large enough not to
        # point at anyone.
        "show_moves": not selectors.hidden_outcomes(
            context["facts"], organisation.area.min_group_size
        ),
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
