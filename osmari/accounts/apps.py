from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "osmari.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from osmari.core import audit_actions

        audit_actions.register(
            {
                "user.mfa_setup": _("Took an authenticator app into use"),
                "user.mfa_verified": _("Confirmed a login with the second factor"),
                "user.mfa_failed": _("Gave a wrong second-factor code"),
                "user.mfa_reset": _("Removed a user's two-step verification"),
                "user.recovery_codes": _("Made new recovery codes"),
                "user.login_refused": _("Login refused: too many failures from the address"),
                "user.password_reset_refused": _("Password reset refused: too many requests"),
            }
        )
