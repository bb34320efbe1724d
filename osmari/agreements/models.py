from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from osmari.core import register
from osmari.core.i18n import localized
from osmari.core.models import StatusChange
from osmari.core.pipeline import Pipeline, moves
from osmari.employers.models import Organisation


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PILOT = "pilot", _("In pilot")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class AgreementTemplate(models.Model):
    """The agreement model (sopimusmalli). A version is edited while a draft; once piloted or
    published its sections never change, so every agreement keeps the text it was made with."""

    version = models.PositiveSmallIntegerField(_("version"), unique=True)
    # The area whose version it is: its manager drafts, pilots and publishes it, and only its
    # organisations' agreements use it. None for the shared version every area starts from.
    area = models.ForeignKey(
        "core.EmploymentArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TemplateStatus.choices, default=TemplateStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    piloted_from = models.DateField(_("piloted from"), null=True, blank=True)
    published_on = models.DateField(_("published"), null=True, blank=True)
    retired_on = models.DateField(_("retired"), null=True, blank=True)
    # While in pilot, these organisations' new agreements use this version.
    pilot_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("pilot organisations")
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("agreement template")
        verbose_name_plural = _("agreement templates")

    def __str__(self) -> str:
        return str(_("Agreement template, version %(version)s") % {"version": self.version})


class TemplateSection(models.Model):
    template = models.ForeignKey(
        AgreementTemplate, on_delete=models.PROTECT, related_name="sections"
    )
    key = models.SlugField(_("key"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"))
    title_fi = models.CharField(max_length=150)
    title_sv = models.CharField(max_length=150)
    title_en = models.CharField(max_length=150)
    guidance_fi = models.TextField()
    guidance_sv = models.TextField()
    guidance_en = models.TextField()
    # Selkokieli: the guidance in plain Finnish, where the section needs it.
    guidance_plain_fi = models.TextField(blank=True)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="template_section_unique_key")
        ]

    def __str__(self) -> str:
        return localized(self, "title")

    @property
    def guidance(self) -> str:
        return localized(self, "guidance")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent for signing")
    SIGNED = "signed", _("Signed")
    ACTIVE = "active", _("Active")
    REVIEW_DUE = "review_due", _("Review due")
    ENDED = "ended", _("Ended")
    TERMINATED = "terminated", _("Terminated")


# The agreement's life: one table of allowed moves, used by the one service that moves it.
AGREEMENT_LIFE = Pipeline(
    field="status",
    states=AgreementStatus,
    moves=moves(
        {
            AgreementStatus.DRAFT: {AgreementStatus.SENT, AgreementStatus.TERMINATED},
            AgreementStatus.SENT: {
                AgreementStatus.SIGNED,
                AgreementStatus.DRAFT,
                AgreementStatus.TERMINATED,
            },
            AgreementStatus.SIGNED: {AgreementStatus.ACTIVE, AgreementStatus.TERMINATED},
            AgreementStatus.ACTIVE: {
                AgreementStatus.REVIEW_DUE,
                AgreementStatus.ENDED,
                AgreementStatus.TERMINATED,
            },
            AgreementStatus.REVIEW_DUE: {
                AgreementStatus.ACTIVE,
                AgreementStatus.ENDED,
                AgreementStatus.TERMINATED,
            },
            AgreementStatus.ENDED: set(),
            AgreementStatus.TERMINATED: set(),
        }
    ),
    refusal=_("An agreement cannot move from “%(from)s” to “%(to)s”."),
    history="history",
)


class CooperationAgreement(models.Model):
    """A structured cooperation agreement (yhteistyösopimus) with one host organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="agreements"
    )
    template = models.ForeignKey(AgreementTemplate, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    review_every_months = models.PositiveSmallIntegerField(_("review every (months)"), default=12)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The organisation's places offered under this agreement.
    positions = models.ManyToManyField(
        "employers.Position",
        blank=True,
        related_name="agreements",
        verbose_name=_("places offered under it"),
    )

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="agreement_valid_until_not_before_valid_from",
                violation_error_message=_("The end of validity must not be before its start."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.valid_from})"


class AgreementVersion(models.Model):
    """One version of the agreement's text; an amendment is a new version."""

    agreement = models.ForeignKey(
        CooperationAgreement, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    change_summary = models.CharField(_("what changed"), max_length=300, blank=True)
    changed_sections = models.CharField(_("changed sections"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreement_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"


class SectionText(models.Model):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="texts")
    section_key = models.SlugField(max_length=40)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "section_key"], name="section_text_unique")
        ]

    def __str__(self) -> str:
        return self.section_key


class AgreementTransition(StatusChange):
    agreement = models.ForeignKey(
        CooperationAgreement, on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(max_length=12, choices=AgreementStatus.choices)
    to_status = models.CharField(max_length=12, choices=AgreementStatus.choices)

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class Signature(models.Model):
    class Party(models.TextChoices):
        ORGANISATION = "organisation", _("Host organisation")
        AUTHORITY = "authority", _("Employment authority")

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.PROTECT, related_name="signatures"
    )
    party = models.CharField(_("party"), max_length=12, choices=Party.choices)
    signer_name = models.CharField(_("signed by"), max_length=150)
    signed_on = models.DateField(_("signed on"))
    # Stored outside the static files and served only through a permission-checked view.
    scan = models.FileField(_("signed scan"), upload_to="agreements/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="signature_one_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.signer_name}"


class Meeting(models.Model):
    """An information-exchange meeting held under the agreement."""

    agreement = models.ForeignKey(
        CooperationAgreement, on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(_("date"))
    participants = models.CharField(_("participants"), max_length=300)
    notes = models.TextField(_("what was agreed"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("information-exchange meeting")
        verbose_name_plural = _("information-exchange meetings")

    def __str__(self) -> str:
        return f"{self.agreement} {self.held_on}"


class Reminder(models.Model):
    """A reminder sent once: the scheduled command can run again without sending twice."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("Review due")
        EXPIRY = "expiry", _("Validity ends soon")

    agreement = models.ForeignKey(
        CooperationAgreement, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "due_on"], name="reminder_once_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_on}"


class TemplateChange(models.Model):
    """Why a template version differs from the one before it, and what prompted it."""

    template = models.OneToOneField(
        AgreementTemplate, on_delete=models.CASCADE, related_name="change"
    )
    what_changed = models.TextField(_("what changed"), blank=True)
    why = models.TextField(_("why"), blank=True)
    prompted_by_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreement review or meeting that prompted it"),
    )
    prompted_by_feedback = models.CharField(
        _("feedback that prompted it"), max_length=300, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.template)


# The register of personal data (docs/register.md).
register.no_personal_data(AgreementTemplate, _("The published agreement model"))
register.no_personal_data(TemplateSection, _("The published agreement model"))
register.declare(
    CooperationAgreement,
    register.COOPERATION_RECORD,
    {register.COOPERATION_HANDLED_BY: ["created_by"]},
    not_personal=[
        "organisation",
        "template",
        "status",
        "valid_from",
        "valid_until",
        "review_every_months",
        "next_review_on",
        "created_at",
        "positions",
    ],
)
register.declare(
    AgreementVersion,
    register.COOPERATION_RECORD,
    {register.COOPERATION_HANDLED_BY: ["created_by"]},
    not_personal=["agreement", "number", "change_summary", "changed_sections", "created_at"],
)
register.declare(
    SectionText,
    register.COOPERATION_RECORD,
    # An agreement's text names its contact people.
    {register.CONTACT_PERSON: ["text"]},
    not_personal=["version", "section_key"],
)
register.declare(
    AgreementTransition,
    register.COOPERATION_RECORD,
    {register.COOPERATION_HANDLED_BY: ["changed_by"]},
    not_personal=["agreement", "from_status", "to_status", "reason", "changed_at"],
)
register.declare(
    Signature,
    register.COOPERATION_RECORD,
    {
        register.CONTACT_PERSON: ["signer_name", "signed_on", "scan"],
        register.COOPERATION_HANDLED_BY: ["recorded_by"],
    },
    not_personal=["version", "party"],
)
register.declare(
    Meeting,
    register.COOPERATION_RECORD,
    {
        register.CONTACT_PERSON: ["participants", "notes"],
        register.COOPERATION_HANDLED_BY: ["recorded_by"],
    },
    not_personal=["agreement", "held_on"],
)
register.no_personal_data(Reminder, _("When an agreement's review is due"))
register.declare(
    TemplateChange,
    register.COOPERATION_RECORD,
    {register.COOPERATION_HANDLED_BY: ["created_by"]},
    not_personal=[
        "template",
        "what_changed",
        "why",
        "prompted_by_meeting",
        "prompted_by_feedback",
        "updated_at",
    ],
)
