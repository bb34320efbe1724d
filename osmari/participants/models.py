from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osmari.clients.models import Client, PlanStep
from osmari.core import register
from osmari.core.encryption import EncryptedTextField
from osmari.core.models import EmploymentArea


class UsedSignInLink(models.Model):
    """A one-time sign-in link that has been used. Only the link's digest is kept: the row
    says nothing about whose link it was, and a link is refused once its digest is here."""

    digest = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(_("used"), auto_now_add=True)

    class Meta:
        verbose_name = _("used sign-in link")
        verbose_name_plural = _("used sign-in links")

    def __str__(self) -> str:
        return f"{self.digest[:8]}… {timezone.localtime(self.used_at):%Y-%m-%d %H:%M}"


register.no_personal_data(
    UsedSignInLink, _("Only a used link's digest: it names no one and cannot be reversed")
)


class SignInLinkRevocation(models.Model):
    """When a coach last revoked a client's sign-in links: a link made before then no longer
    works. One row per client, moved forward by each revocation; the log keeps each one."""

    client = models.OneToOneField(
        Client,
        on_delete=models.CASCADE,
        related_name="sign_in_link_revocation",
        verbose_name=_("client"),
    )
    revoked_at = models.DateTimeField(_("revoked"))

    class Meta:
        verbose_name = _("revocation of sign-in links")
        verbose_name_plural = _("revocations of sign-in links")

    def __str__(self) -> str:
        return f"{self.client_id} {timezone.localtime(self.revoked_at):%Y-%m-%d %H:%M}"


register.declare(
    SignInLinkRevocation,
    register.CLIENT_RECORD,
    {register.CLIENT_SERVICE_DATA: ["client", "revoked_at"]},
)


class MessageKind(models.TextChoices):
    NOTE = "note", _("A note to the coach")
    CORRECTION = "correction", _("A request to correct data")
    STEP_DONE = "step_done", _("A plan step marked done")
    EURA_DONE = "eura_done", _("EURA 2021 form filled in")


class MessageToCoach(models.Model):
    """Something a participant tells their coach from their own pages: a note, a request to
    correct their data (GDPR art. 16), a plan step they did, or that they filled in their
    EURA 2021 form. It waits on the coach's work list until the coach marks it handled."""

    area = models.ForeignKey(
        EmploymentArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="messages_to_coach", verbose_name=_("client")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=MessageKind.choices)
    # The participant's own words can speak of health or life: encrypted at rest.
    text = EncryptedTextField(_("message"), blank=True)
    step = models.ForeignKey(
        PlanStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The coach's answer may repeat what the message said: encrypted like it.
    handled_note = EncryptedTextField(_("what was done"), blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("message to the coach")
        verbose_name_plural = _("messages to the coach")
        indexes = [models.Index(fields=["area", "handled_at"], name="message_area_open")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.client}"


register.declare(
    MessageToCoach,
    register.CLIENT_RECORD,
    {
        register.CLIENT_SERVICE_DATA: [
            "area",
            "client",
            "kind",
            "step",
            "sent_at",
            "handled_at",
        ],
        # A participant's own words, and the coach's answer to them: a correction request
        # or a note may speak of health.
        register.CLIENT_HEALTH: ["text", "handled_note"],
        register.HANDLED_BY: ["handled_by"],
    },
)
