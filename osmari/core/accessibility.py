"""The accessibility statement (Act on the Provision of Digital Services 306/2019, section 15):
what it says about Osmari, kept here so that a fixed shortcoming is struck off in one place,
with the date of the review that found it fixed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from osmari.core.register import Text

PREPARED_ON = date(2026, 12, 1)
REVIEWED_ON = date(2026, 12, 1)

# The level Finnish law asks of a public body's service (EN 301 549, which refers to it).
STANDARD = "WCAG 2.1 AA"


@dataclass(frozen=True)
class Shortcoming:
    criterion: str
    what: Text
    instead: Text


SHORTCOMINGS: list[Shortcoming] = [
    # WeasyPrint writes the PDFs without a structure (no pdf_tags / PDF/UA variant).
    Shortcoming(
        "WCAG 1.3.1",
        _(
            "PDF documents (cooperation agreements, certificates, period summaries, programme "
            "reports and a person's own data) are not tagged, so a screen reader does not "
            "get their headings, tables and reading order."
        ),
        _(
            "Most of what the documents hold is also shown on the service's pages, and a "
            "person's own data is also given as a data file. Ask for any document in another "
            "format through the feedback channel below."
        ),
    ),
    Shortcoming(
        "WCAG 2.2.1",
        _(
            "A login session ends after %(minutes)d minutes without use, without a warning "
            "beforehand, and what was typed but not saved is lost."
        ),
        _("Save a long text in parts: every page opened or saved starts the time again."),
    ),
]

METHOD: Text = _(
    "The statement is based on a self-assessment. Automated axe-core checks run in the "
    "service's browser tests on every change and fail on any serious or critical finding; they "
    "cover the login, the start page, a client's page, matching, organisations, the "
    "participant's feedback form, feedback results, the reciprocity pages, the audit log, the "
    "password change and the lists of periods and proposed pairs. The same tests check "
    "keyboard use of the skip link and of tables that scroll, and the pages at a phone's "
    "width, where a table's rows read as cards naming each column. "
    "Changed pages are looked at by hand at desktop and phone widths. Automated checks find "
    "only part of the problems; no review with a screen reader or by users with disabilities "
    "has been made yet, and the technical administration site used by the system's "
    "administrators was not assessed."
)


@dataclass(frozen=True)
class Supervisor:
    name: Text
    unit: Text
    web: Text
    email: str
    phone: str


# Since 1 January 2025 Traficom supervises accessibility in place of the Regional State
# Administrative Agency for Southern Finland (government proposal HE 71/2024).
SUPERVISOR = Supervisor(
    name=_("Finnish Transport and Communications Agency Traficom"),
    unit=_("Digital Accessibility Supervision Unit"),
    web=_("https://www.webaccessibility.fi"),
    email="saavutettavuus@traficom.fi",
    phone="029 534 5000",
)


def shortcomings(session_minutes: int) -> list[tuple[str, str, str]]:
    """The shortcomings as they read today: (criterion, what, how to manage instead)."""
    return [
        (item.criterion, str(item.what) % {"minutes": session_minutes}, str(item.instead))
        for item in SHORTCOMINGS
    ]
