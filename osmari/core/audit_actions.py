"""Readable names of audit actions. Each app adds its own actions with `register`."""

from django.utils.translation import gettext_lazy as _

_LABELS = {
    "user.login": _("Logged in"),
    "user.login_failed": _("Failed login"),
    "user.logout": _("Logged out"),
    "user.password_changed": _("Changed password"),
    "user.password_reset": _("Set a password through a reset link"),
    "user.password_reset_requested": _("Asked for a password reset link"),
    "user.create": _("Created a login"),
    "membership.grant": _("Granted a role"),
    "membership.revoke": _("Removed a role"),
    "membership.update": _("Changed a role"),
    "audit.export": _("Exported the audit log"),
    "demo.seed": _("Created demo data"),
    # Reads of a person, one event per person shown (`core.audit.persons_read`).
    "client.view": _("Viewed a client's record"),
    "client.view_sensitive": _("Viewed a client's sensitive data"),
    "client.view_edit": _("Opened a client's form"),
    "client.view_enrolment": _("Opened a client's enrolment data"),
    "client.view_list": _("Saw a client in a list"),
    "client.view_worklist": _("Saw a client on the worklist"),
    "client.view_eligibility": _("Viewed a client's eligibility"),
    "client.view_assessment": _("Opened a needs assessment form"),
    "client.view_decision": _("Viewed a decision"),
    "client.view_placement": _("Viewed a period"),
    "client.view_review": _("Opened a three-way review form"),
    "client.view_suggestions": _("Viewed suggested places for a client"),
    "client.view_candidates": _("Saw a client among suggested people for a place"),
    "client.view_assignment": _("Saw a client in the regional assignment"),
    "client.view_follow_ups": _("Saw a client among feedback follow-ups"),
    "client.view_indicator_people": _("Saw a client behind an indicator"),
    "client.view_report": _("Exported a progress report naming a client"),
    "client.view_lookup": _("Found a client by identity code"),
    "reporting.indicators_export": _("Exported the ESF+ indicators"),
    # Disclosures: data that left the service, with its recipient.
    "feedback.email": _("E-mailed a feedback link"),
    "agreement.notice_email": _("E-mailed an agreement notice"),
    # Links to the statutory acts in the national client information system.
    "placement.reference": _("Recorded a period's reference in the national system"),
    "plan.reference": _("Recorded the employment plan's reference in the national system"),
    "decision.reference": _("Recorded a decision's reference in the national system"),
}


def register(labels: dict) -> None:
    _LABELS.update(labels)


def label(action: str) -> str:
    return str(_LABELS.get(action, action))
