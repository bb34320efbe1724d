"""Demo letters of intent: every organisation the seed dated a letter for gets the letter,
signed by its signatory contact, and a few of the demo area's carry the signed document."""

from __future__ import annotations

import random
from datetime import date

from django.core.files.base import ContentFile

from osmari.accounts.models import User
from osmari.core.models import EmploymentArea
from osmari.core.uploads import PDF, stored_name
from osmari.demo import synthetic
from osmari.employers.models import Contact, LetterOfIntent, Organisation

WITH_DOCUMENT = 3


def _letter_pdf(organisation: Organisation) -> bytes:
    """A one-page PDF that says what it stands for: a real letter is a signed scan."""
    text = f"Aiesopimus (esimerkki): {organisation.name}".encode("latin-1", "replace")
    stream = b"BT /F1 14 Tf 72 770 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + content + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    body += f"startxref\n{xref}\n%%EOF\n".encode()
    return body


def seed_letters_of_intent(
    rng: random.Random, demo_area: EmploymentArea, recorded_by: User | None
) -> None:
    """One letter for each organisation with a letter date and no letter yet."""
    dated = list(
        Organisation.objects.filter(
            letter_of_intent_on__isnull=False, letters_of_intent__isnull=True
        ).order_by("pk")
    )
    if not dated:
        return
    signatories = dict(
        Contact.objects.filter(organisation__in=dated, role=Contact.Role.SIGNATORY)
        .order_by("organisation_id", "pk")
        .values_list("organisation_id", "name")
    )
    letters = []
    for organisation in dated:
        name = signatories.get(organisation.pk)
        if name is None:
            person = synthetic.person(rng, born_between=(date(1960, 1, 1), date(1990, 1, 1)))
            name = f"{person.first_name} {person.last_name}"
        letters.append(
            LetterOfIntent(
                organisation=organisation,
                signed_on=organisation.letter_of_intent_on,
                signatory=name,
                recorded_by=recorded_by if organisation.area_id == demo_area.pk else None,
            )
        )
    LetterOfIntent.objects.bulk_create(letters, batch_size=2000)
    for letter in LetterOfIntent.objects.filter(organisation__area=demo_area).order_by("pk")[
        :WITH_DOCUMENT
    ]:
        letter.document.save(stored_name(PDF), ContentFile(_letter_pdf(letter.organisation)))
