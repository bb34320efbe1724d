"""System checks that hold a production deployment to its promises."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_production_settings(app_configs, **kwargs):
    if settings.DEPLOYMENT != "production":
        return []
    errors = []
    if settings.DEBUG:
        errors.append(Error("DEBUG is on in production.", hint="Unset DEBUG.", id="osmari.E001"))
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        errors.append(
            Error(
                "Production runs on PostgreSQL; DATABASE_URL points elsewhere.",
                hint="Set DATABASE_URL=postgres://…",
                id="osmari.E002",
            )
        )
    if settings.EMAIL_BACKEND.endswith(("console.EmailBackend", "locmem.EmailBackend")):
        errors.append(
            Error(
                "E-mail is not sent anywhere in production: password resets would be lost.",
                hint="Set EMAIL_BACKEND to the SMTP backend and EMAIL_HOST.",
                id="osmari.E003",
            )
        )
    if not settings.SECOND_FACTOR_REQUIRED:
        errors.append(
            Error(
                "Logging in without a second factor is allowed in production.",
                hint="Unset SECOND_FACTOR_REQUIRED: everyone who sees personal data logs in "
                "with an authenticator app.",
                id="osmari.E010",
            )
        )
    return errors


@register(Tags.security)
def check_allowed_hosts(app_configs, **kwargs):
    """Not only with --deploy: `migrate` and `runserver` stop too, before anyone is refused."""
    if settings.DEBUG or settings.ALLOWED_HOSTS:
        return []
    return [
        Error(
            "ALLOWED_HOSTS is not set and DEBUG is off: every request would be refused.",
            hint="Set ALLOWED_HOSTS to the host names the service answers to "
            "(e.g. osmari.example.fi), or DEBUG=1 on a developer's machine.",
            id="osmari.E004",
        )
    ]
