from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from osmari.clients.models import Client
from osmari.core import register
from osmari.core.encryption import EncryptedJSONField, EncryptedTextField

SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]

# The domains of the needs assessment: (field stem, label, is special-category data).
DOMAINS = [
    ("work_ability", _("Work ability and health"), True),
    ("skills", _("Skills and education"), False),
    ("experience", _("Work experience"), False),
    ("motivation", _("Motivation and goals"), False),
    ("life_management", _("Life management"), False),
    ("social_support", _("Social support"), False),
    ("practical", _("Practical barriers (transport, childcare, language)"), False),
]


class NeedsAssessment(models.Model):
    """One dated assessment; each domain 1 (great need of support) to 5 (no need), with notes."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("date"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    work_ability = models.PositiveSmallIntegerField(
        _("work ability and health"), choices=SCORE_CHOICES
    )
    work_ability_notes = EncryptedTextField(_("notes"), blank=True)
    skills = models.PositiveSmallIntegerField(_("skills and education"), choices=SCORE_CHOICES)
    skills_notes = models.TextField(_("notes"), blank=True)
    experience = models.PositiveSmallIntegerField(_("work experience"), choices=SCORE_CHOICES)
    experience_notes = models.TextField(_("notes"), blank=True)
    motivation = models.PositiveSmallIntegerField(_("motivation and goals"), choices=SCORE_CHOICES)
    motivation_notes = models.TextField(_("notes"), blank=True)
    life_management = models.PositiveSmallIntegerField(_("life management"), choices=SCORE_CHOICES)
    life_management_notes = models.TextField(_("notes"), blank=True)
    social_support = models.PositiveSmallIntegerField(_("social support"), choices=SCORE_CHOICES)
    social_support_notes = models.TextField(_("notes"), blank=True)
    practical = models.PositiveSmallIntegerField(_("practical barriers"), choices=SCORE_CHOICES)
    practical_notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")

    def __str__(self) -> str:
        return f"{self.client} {self.assessed_on}"

    def scores(self) -> dict[str, int]:
        return {stem: getattr(self, stem) for stem, _label, _special in DOMAINS}


class Decision(models.Model):
    """A coach's recorded proposal, with the engine result and rule version it was made on."""

    class Proposal(models.TextChoices):
        WORK_TRIAL = "work_trial", _("Work trial")
        WAGE_SUBSIDY = "wage_subsidy", _("Wage-subsidised work")
        OTHER_SERVICE = "other_service", _("Other service")
        NOT_NOW = "not_now", _("Not now")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="decisions")
    proposal = models.CharField(_("proposal"), max_length=16, choices=Proposal.choices)
    reason = EncryptedTextField(_("reason"))
    decided_on = models.DateField(_("date"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rules_version = models.CharField(_("rules version"), max_length=20)
    # The full engine result at the time, kept to explain the decision later; not reported on.
    # It and the grounds are encrypted at rest: both speak of work ability.
    engine_result = EncryptedJSONField(_("eligibility result"))
    # The statutory act lives in the national client information system; Osmari keeps
    # its identifier and date so that anyone can find the official record.
    official_reference = models.CharField(_("decision reference"), max_length=40, blank=True)
    official_on = models.DateField(_("decision date in the national system"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.get_proposal_display()} – {self.client} {self.decided_on}"

    def explained_in(self, language: str) -> dict:
        """The engine's result as explained when the decision was made, in the language
        asked for, else in Finnish (each instrument with its reasons in words)."""
        results = self.engine_result.get("results", {})
        return results.get(language) or results.get("fi", {})


# The register of personal data (docs/register.md).
register.declare(
    NeedsAssessment,
    register.CLIENT_RECORD,
    {
        register.CLIENT_HEALTH: ["work_ability", "work_ability_notes"],
        register.CLIENT_ASSESSMENT: [
            "client",
            "assessed_on",
            "skills",
            "skills_notes",
            "experience",
            "experience_notes",
            "motivation",
            "motivation_notes",
            "life_management",
            "life_management_notes",
            "social_support",
            "social_support_notes",
            "practical",
            "practical_notes",
            "created_at",
        ],
        register.HANDLED_BY: ["assessor"],
    },
)
register.declare(
    Decision,
    register.CLIENT_RECORD,
    {
        register.CLIENT_SERVICE_DATA: [
            "client",
            "proposal",
            "decided_on",
            "official_reference",
            "official_on",
            "created_at",
        ],
        # The engine's result holds the facts it weighed, work ability among them; the
        # coach's grounds often speak of health or life.
        register.CLIENT_HEALTH: ["engine_result", "reason"],
        register.HANDLED_BY: ["decided_by"],
    },
    not_personal=["rules_version"],
)
