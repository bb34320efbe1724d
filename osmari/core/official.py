"""The national system's reference and date of a statutory act, as Osmari keeps them.

The act itself (an employment plan, a work-trial agreement, a wage-subsidy decision, the
notice that a period ended) is made in the national client information system; Osmari keeps
its identifier and date beside its own record so that anyone can find the official one
(docs/boundary.md). Every such pair is checked here, by the forms and again by the services.
"""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from osmari.core.audit import Actor, audit_record
from osmari.core.validators import date_in_range

REFERENCE_MAX = 40
# Identifiers of the national system are letters, digits and a few separators; anything
# else (control characters, markup, quotes) is a typing or pasting error.
_PRINTABLE = re.compile(r"(?:[^\W_]|[-/. ])*")
_SPACES = re.compile(r" {2,}")
# A personal identity code's shape (ddmmyy, century sign, number, check character): a
# reference is a case number, and must not carry the person it is about.
_IDENTITY_CODE = re.compile(r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]", re.IGNORECASE)

REFERENCE_CHARACTERS = _(
    "Use only letters, digits, hyphens (-), slashes (/), full stops (.) and spaces."
)
REFERENCE_TOO_LONG = _("The reference can be at most %(max)s characters.")
DATE_WITHOUT_REFERENCE = _("Give the reference with its date.")
REFERENCE_WITH_IDENTITY_CODE = _(
    "The reference must not contain a personal identity code: write only the identifier "
    "of the agreement, decision or plan."
)


def reference_clean(value: str | None) -> str:
    """The reference trimmed, with runs of spaces made one; ValidationError if it is not one."""
    text = _SPACES.sub(" ", (value or "").strip())
    if len(text) > REFERENCE_MAX:
        raise ValidationError(
            REFERENCE_TOO_LONG, code="reference_too_long", params={"max": REFERENCE_MAX}
        )
    if not _PRINTABLE.fullmatch(text):
        raise ValidationError(REFERENCE_CHARACTERS, code="reference_characters")
    if _IDENTITY_CODE.search(text):
        raise ValidationError(REFERENCE_WITH_IDENTITY_CODE, code="reference_identity_code")
    return text


def reference_checked(reference: str | None, on: date | None) -> tuple[str, date | None]:
    """The pair as it is stored, or ValidationError naming the field that is wrong."""
    try:
        reference = reference_clean(reference)
    except ValidationError as error:
        raise ValidationError({"official_reference": error.messages}) from None
    try:
        date_in_range(on)
    except ValidationError as error:
        raise ValidationError({"official_on": error.messages}) from None
    if on is not None and not reference:
        raise ValidationError({"official_reference": DATE_WITHOUT_REFERENCE})
    return reference, on


def reference_changes(old_ref: str, old_on: date | None, new_ref: str, new_on: date | None) -> dict:
    """The pair's change as the audit log records it: which of the two changed."""
    changes = {}
    if old_ref != new_ref:
        changes["official_reference"] = [old_ref or None, new_ref or None]
    if old_on != new_on:
        changes["official_on"] = [
            old_on.isoformat() if old_on else None,
            new_on.isoformat() if new_on else None,
        ]
    return changes


def link_recorded(
    *,
    actor: Actor,
    record,
    official_reference: str | None,
    official_on: date | None,
    action: str,
    client,
) -> dict:
    """Set a record's link to its statutory act (checked) and audit the change as being about
    the client, in the caller's transaction. Returns what changed; nothing is logged when
    nothing did."""
    reference, on = reference_checked(official_reference, official_on)
    changes = reference_changes(record.official_reference, record.official_on, reference, on)
    record.official_reference, record.official_on = reference, on
    record.save(update_fields=["official_reference", "official_on"])
    if changes:
        audit_record(
            actor=actor,
            action=action,
            obj=client,
            area=client.area,
            person_ref=client.person_ref,
            changes=changes,
        )
    return changes


class OfficialReferenceFields(forms.Form):
    """The two fields, for any form that asks for an act's reference; the subclass names them."""

    official_reference = forms.CharField(
        label=_("Reference in the national client information system"),
        required=False,
        max_length=REFERENCE_MAX,
    )
    official_on = forms.DateField(
        label=_("Date in the national client information system"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[date_in_range],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # After the form's own fields: the reference is the last thing asked.
        for name in ("official_reference", "official_on"):
            self.fields[name] = self.fields.pop(name)

    def clean_official_reference(self) -> str:
        return reference_clean(self.cleaned_data.get("official_reference"))

    def clean(self):
        data = super().clean()
        if (
            data.get("official_on")
            and not data.get("official_reference")
            and "official_reference" not in self.errors
        ):
            self.add_error("official_reference", DATE_WITHOUT_REFERENCE)
        return data

    def name_reference(self, reference_label, date_label, help_text=None) -> None:
        self.fields["official_reference"].label = reference_label
        self.fields["official_on"].label = date_label
        if help_text is not None:
            self.fields["official_reference"].help_text = help_text

    def reference_values(self) -> dict:
        return {
            "official_reference": self.cleaned_data.get("official_reference", ""),
            "official_on": self.cleaned_data.get("official_on"),
        }
