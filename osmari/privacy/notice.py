"""The public privacy notice of an employment area (GDPR art. 13 and 14).

Everything it says about processing is read from the register of personal data
(`core.register`, through `core.privacy_documents`), so a purpose, category, recipient or
retention declared next to a model appears on the notice without editing the page. What the
register cannot know, the area's own contacts, comes from the area.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from osmari.core import privacy_documents, register
from osmari.core.models import EmploymentArea
from osmari.core.privacy_documents import PurposeSection
from osmari.core.register import Term, Text

# Processing on either of these rests on art. 6(1)(e), which gives the right to object.
PUBLIC_TASK_BASES = (register.PUBLIC_TASK, register.HEALTH_GROUND)
CONSENT_BASES = (register.CONSENT,)


@dataclass(frozen=True)
class Right:
    """One of the data subject's rights, and the purposes it applies to where it is limited
    to some of them (empty: every purpose)."""

    code: str
    title: Text
    text: Text
    purposes: tuple[Term, ...] = ()


@dataclass(frozen=True)
class SupervisoryAuthority:
    name: Text
    postal_address: str
    visiting_address: str
    email: str
    phone: str
    web: str


DATA_PROTECTION_OMBUDSMAN = SupervisoryAuthority(
    name=_("Office of the Data Protection Ombudsman"),
    postal_address="PL 800, 00531 Helsinki",
    visiting_address="Lintulahdenkuja 4, 00530 Helsinki",
    email="tietosuoja@om.fi",
    phone="029 566 6700",
    web="https://tietosuoja.fi",
)

# The statutory records stay in the national system (docs/boundary.md); the notice says so,
# so that nobody looks for their plan or decision here.
NATIONAL_SYSTEM: Text = _(
    "The statutory records of the service (job-seeker registration, the employment plan, "
    "work-trial agreements and wage-subsidy decisions) are kept in the national client "
    "information system, whose controller for the area's clients is also the area; its own "
    "privacy notice describes them. Osmari keeps only their references."
)


@dataclass
class Notice:
    area: EmploymentArea
    sections: list[PurposeSection]
    rights: list[Right]
    sources: list[Text] = field(default_factory=lambda: list(privacy_documents.SOURCES))
    automated_decisions: Text = privacy_documents.PROFILING_NOTE
    transfers: Text = privacy_documents.TRANSFERS
    national_system: Text = NATIONAL_SYSTEM
    authority: SupervisoryAuthority = DATA_PROTECTION_OMBUDSMAN


def _purposes_on(sections: list[PurposeSection], bases: tuple[Term, ...]) -> tuple[Term, ...]:
    return tuple(s.purpose for s in sections if any(b in bases for b in s.legal_bases))


def rights_for(sections: list[PurposeSection]) -> list[Right]:
    """The rights a person has, limited where the law limits them by the legal basis that
    the register declares for each purpose."""
    rights = _rights_on_every_basis()
    public_task = _purposes_on(sections, PUBLIC_TASK_BASES)
    if public_task:
        rights.append(
            Right(
                "objection",
                _("Right to object (GDPR art. 21)"),
                _(
                    "Where the processing rests on the area's public task, you may object to "
                    "it on grounds relating to your particular situation; the area then stops "
                    "unless it has compelling legitimate grounds that override your interests."
                ),
                public_task,
            )
        )
    on_consent = _purposes_on(sections, CONSENT_BASES)
    if on_consent:
        rights.append(
            Right(
                "consent",
                _("Withdrawing a consent (GDPR art. 7(3) and 20)"),
                _(
                    "Where the processing rests on your consent, you may withdraw it at any "
                    "time, and it stops at once; what was done before stays lawful. You may "
                    "also receive the data you gave in a machine-readable file."
                ),
                on_consent,
            )
        )
    rights.append(
        Right(
            "complaint",
            _("Right to lodge a complaint (GDPR art. 77)"),
            _(
                "If you consider that the processing of your personal data breaks the law, you "
                "may lodge a complaint with the Data Protection Ombudsman."
            ),
        )
    )
    return rights


def _rights_on_every_basis() -> list[Right]:
    """The rights that hold whatever the legal basis, each with the limit the law sets."""
    return [
        Right(
            "access",
            _("Right of access (GDPR art. 15)"),
            _(
                "You may ask what data about you is held in Osmari and who has read it. The "
                "area gives you a copy of all of it, free of charge, as a file or on paper."
            ),
        ),
        Right(
            "rectification",
            _("Right to rectification (GDPR art. 16)"),
            _(
                "You may have wrong or incomplete data corrected. Data that comes from the "
                "national client information system is corrected there, and the next register "
                "extract brings the correction to Osmari."
            ),
        ),
        Right(
            "erasure",
            _("Right to erasure (GDPR art. 17)"),
            _(
                "Data processed for the area's public task or a legal obligation is kept for "
                "the retention period given above and then destroyed; it is not erased earlier "
                "on request (GDPR art. 17(3)(b)). Data that is no longer needed, or that was "
                "kept only on your consent, is erased when you ask."
            ),
        ),
        Right(
            "restriction",
            _("Right to restriction of processing (GDPR art. 18)"),
            _(
                "While the accuracy of your data or your objection is being checked, you may "
                "ask that your data is only kept and not otherwise used."
            ),
        ),
    ]


def privacy_notice(area: EmploymentArea) -> Notice:
    """The area's privacy notice: every purpose in the register with its legal bases, data
    subjects, categories, recipients and retention, and the rights that follow from them."""
    sections = privacy_documents.record_of_processing()
    return Notice(area=area, sections=sections, rights=rights_for(sections))
