from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from osmari.accounts import access
from osmari.clients.selectors import client_get_for_user
from osmari.core.exports import attachment
from osmari.core.models import EmploymentArea
from osmari.privacy import services
from osmari.privacy.export import CONTENT_TYPES, export_file, person_export
from osmari.privacy.notice import privacy_notice


@access.permission_required("client.export_person")
def person_export_download(request, pk: int, fmt: str) -> HttpResponse:
    """Everything held about the person, as a file to give them (GDPR art. 15), in their
    language; the read and the file leaving the service are both logged."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    client = client_get_for_user(user=request.user, pk=pk, permission="client.export_person")
    content = export_file(person_export(client=client), fmt)
    services.person_export_recorded(actor=request.user, client=client, fmt=fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    attachment(response, f"osmari-{client.pk}-{timezone.localdate():%Y-%m-%d}.{fmt}")
    return response


@require_GET
def notice_index(request):
    """The privacy notices, one per area: a user goes straight to their own area's, and
    anyone to the only one where the service has one area."""
    if request.user.is_authenticated:
        own = access.primary_area(request.user)
        if own is not None and own.is_active:
            return redirect("privacy:notice", code=own.code)
    areas = list(EmploymentArea.objects.filter(is_active=True))
    if len(areas) == 1:
        return redirect("privacy:notice", code=areas[0].code)
    return render(request, "privacy/notice_index.html", {"areas": areas})


@require_GET
def notice(request, code: str):
    """An area's privacy notice (GDPR art. 13-14), public, generated from the register."""
    area = get_object_or_404(EmploymentArea, code=code, is_active=True)
    return render(request, "privacy/notice.html", {"notice": privacy_notice(area)})
