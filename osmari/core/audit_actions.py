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
}


def register(labels: dict) -> None:
    _LABELS.update(labels)


def label(action: str) -> str:
    return str(_LABELS.get(action, action))
