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


MAKE_FIELD_KEY = (
    "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
)
MAKE_LOOKUP_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"


@register(Tags.security)
def check_encryption_keys(app_configs, **kwargs):
    """Not only with --deploy: without its keys no page with an identity code or a health
    note can be shown, so `migrate` and `runserver` stop before anyone is answered."""
    from osmari.core.encryption import LOOKUP_KEY_MIN_LENGTH, is_field_key

    field_keys, lookup_key = list(settings.OSMARI_FIELD_KEYS), settings.OSMARI_LOOKUP_KEY
    public = set(settings.OSMARI_DEVELOPMENT_KEYS) if settings.DEPLOYMENT == "production" else set()
    malformed = [str(n) for n, key in enumerate(field_keys, start=1) if not is_field_key(key)]
    problem = ""
    if not field_keys:
        problem = "OSMARI_FIELD_KEYS is not set: identity codes and health notes can be neither "
        problem += "encrypted nor read."
    elif malformed:
        problem = f"OSMARI_FIELD_KEYS: key number {', '.join(malformed)} is not a Fernet key."
    elif public & set(field_keys):
        problem = "OSMARI_FIELD_KEYS holds the development key, which anyone can read in "
        problem += "Osmari's source."
    errors = []
    if problem:
        errors.append(
            Error(
                problem,
                hint=f"Make a key with {MAKE_FIELD_KEY}, put it first in OSMARI_FIELD_KEYS and "
                "run rotate_field_keys (docs/operations.md, Encryption at rest).",
                id="osmari.E020",
            )
        )
    if len(lookup_key) < LOOKUP_KEY_MIN_LENGTH or lookup_key in public:
        errors.append(
            Error(
                f"OSMARI_LOOKUP_KEY must be a secret of at least {LOOKUP_KEY_MIN_LENGTH} "
                "characters of your own: identity codes are found by its hash.",
                hint=f"Make one with {MAKE_LOOKUP_KEY} and run rotate_field_keys --rehash "
                "(docs/operations.md, Encryption at rest).",
                id="osmari.E021",
            )
        )
    return errors
