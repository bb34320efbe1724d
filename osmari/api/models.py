from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osmari.core import register
from osmari.core.models import EmploymentArea
from osmari.employers.models import Organisation


class TokenKind(models.TextChoices):
    ORGANISATION = "organisation", _("A host organisation's system")
    REPORTING = "reporting", _("Reporting (aggregated figures only)")
    SYSTEM = "system", _("The area's other system (clients and periods)")


class ApiToken(models.Model):
    """A key another system uses to call the API. Only its digest is kept: the key itself is
    shown once, when issued. It is scoped to an area, or to one host organisation of it, and
    to reading or also writing, and it ends on its expiry day or when revoked."""

    area = models.ForeignKey(
        EmploymentArea, on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("area")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TokenKind.choices)
    write = models.BooleanField(_("may also write"), default=False)
    name = models.CharField(
        _("what it is for"),
        max_length=100,
        help_text=_("The system that uses it, so that whoever reads the log knows it."),
    )
    # The first characters of the key: shown beside the name, so that a key found in a
    # configuration file can be told apart without the whole key.
    prefix = models.CharField(_("begins with"), max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_by_label = models.CharField(_("issued by"), max_length=254, blank=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_on = models.DateField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    # The calls of the current minute, for the rate limit: kept on the token's own row so
    # that every web process counts the same calls.
    window_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    window_calls = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="organisation", organisation__isnull=False)
                    | (~models.Q(kind="organisation") & models.Q(organisation__isnull=True))
                ),
                name="api_token_organisation_only_for_its_kind",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="reporting", write=True),
                name="api_token_reporting_reads_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def label(self) -> str:
        # How the audit log names a call made with this token.
        return f"API: {self.name} ({self.prefix}…)"[:254]

    def valid_on(self, day) -> bool:
        return self.revoked_at is None and self.expires_on >= day


register.declare(
    ApiToken,
    register.ACCOUNT_RECORD_TYPE,
    {register.USER_ACCOUNT: ["issued_by", "issued_by_label"]},
    # A system's key: its scope, its digest and when it was used name no person.
    not_personal=[
        "area",
        "organisation",
        "kind",
        "write",
        "name",
        "prefix",
        "digest",
        "issued_at",
        "expires_on",
        "revoked_at",
        "last_used_at",
        "window_started_at",
        "window_calls",
    ],
)
