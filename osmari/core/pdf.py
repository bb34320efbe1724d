"""A template rendered as a PDF: every PDF of the service goes through here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from osmari.core.exports import attachment


def pdf_render(template: str, context: dict, *, request: HttpRequest | None = None) -> bytes:
    """The template as PDF bytes; without a request (a command), links stay relative."""
    html = render_to_string(template, context, request=request)
    # Imported here: WeasyPrint needs the system's Pango, and nothing else in Osmari does.
    from weasyprint import HTML

    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base_url).write_pdf()


def pdf_download(request, template: str, context: dict, *, filename: str) -> HttpResponse:
    """`filename` is built from constants, dates and numeric ids (see `exports.attachment`)."""
    pdf = pdf_render(template, context, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    attachment(response, filename)
    return response
