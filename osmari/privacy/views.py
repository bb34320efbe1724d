from django.http import Http404, HttpResponse
from django.utils import timezone

from osmari.accounts import access
from osmari.clients.selectors import client_get_for_user
from osmari.core.exports import attachment
from osmari.privacy import services
from osmari.privacy.export import CONTENT_TYPES, export_file, person_export


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
