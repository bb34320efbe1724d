"""A template rendered as a PDF download: every PDF of the service goes through here."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string

from osmari.core.exports import attachment


def pdf_download(request, template: str, context: dict, *, filename: str) -> HttpResponse:
    """`filename` is built from constants, dates and numeric ids (see `exports.attachment`)."""
    html = render_to_string(template, context, request=request)
    # Imported here: WeasyPrint needs the system's Pango, and nothing else in Osmari does.
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    attachment(response, filename)
    return response
