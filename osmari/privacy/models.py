from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from osmari.core import register
from osmari.core.models import EmploymentArea


class ProgrammePayment(models.Model):
    """The day of a programme's last payment from the funder: the ESF+ project's documents,
    its participants' records among them, are kept five years from the end of that year
    (Regulation (EU) 2021/1060, art. 82). Until it is recorded, participants are kept."""

    # By name: the reporting app is one nobody imports (tests/test_architecture.py).
    programme = models.OneToOneField(
        "reporting.Programme",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("programme"),
    )
    last_paid_on = models.DateField(_("last payment"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("programme's last payment")
        verbose_name_plural = _("programmes' last payments")

    def __str__(self) -> str:
        return f"{self.programme} {self.last_paid_on}"


class DestructionList(models.Model):
    """The records of an area whose retention ended on `due_on`, listed for the manager's
    approval before anything is destroyed."""

    area = models.ForeignKey(
        EmploymentArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    due_on = models.DateField(_("retention ended by"))
    created_at = models.DateTimeField(_("prepared"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    executed_at = models.DateTimeField(_("carried out"), null=True, blank=True)
    # Per record type (its key in `osmari.privacy.due`): how many records were listed.
    counts = models.JSONField(_("records per type"), default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("destruction list")
        verbose_name_plural = _("destruction lists")

    def __str__(self) -> str:
        return f"{self.area} {self.due_on}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class DestructionEntry(models.Model):
    """One record on a list, and when it was destroyed: the proof that it went, without its
    content. `person_ref` is the bare reference (`client:42`) the audit log also uses."""

    destruction_list = models.ForeignKey(
        DestructionList, on_delete=models.PROTECT, related_name="entries"
    )
    record_type = models.CharField(max_length=40)
    model_label = models.CharField(max_length=100)
    object_pk = models.CharField(max_length=64)
    person_ref = models.CharField(max_length=80, blank=True)
    destroyed_at = models.DateTimeField(null=True, blank=True)
    # A record handed over to the archive rather than destroyed: the package it went in
    # (relative to ARCHIVE_ROOT) and the SHA-256 of its records, for the archive to check.
    archived_to = models.CharField(max_length=300, blank=True)
    checksum = models.CharField(max_length=64, blank=True)
    # How many records the entry stands for: 1, or for a range of the audit log (its
    # `object_pk` is `before:YYYY-MM-DD`) the number of the area's events in it.
    records = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["destruction_list", "model_label", "object_pk"],
                name="destruction_entry_once_per_list",
            )
        ]

    def __str__(self) -> str:
        return f"{self.model_label}:{self.object_pk}"


class FrozenPeriod(models.Model):
    """A closed reporting period's ESF+ indicators and targets as computed before anyone's
    rows were destroyed, so that what was reported stays as reported."""

    programme = models.ForeignKey("reporting.Programme", on_delete=models.PROTECT, related_name="+")
    start = models.DateField()
    end = models.DateField()
    frozen_at = models.DateTimeField(auto_now_add=True)
    # {code: {"total", "women", "men", "non_binary", "missing", "population", ...}}
    indicators = models.JSONField(default=dict)
    # [{"field", "target", "in_period", "to_date"}]
    targets = models.JSONField(default=list)

    class Meta:
        ordering = ["programme", "start"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "start", "end"], name="frozen_period_once")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.start}–{self.end}"


# The register of personal data (docs/register.md).
register.declare(
    ProgrammePayment,
    register.PROGRAMME_RECORD_TYPE,
    {register.PROJECT_STAFF: ["recorded_by"]},
    not_personal=["programme", "last_paid_on", "recorded_at"],
)
register.declare(
    DestructionList,
    register.LOG_RECORD_TYPE,
    {register.LOG_DATA: ["created_by", "approved_by"]},
    not_personal=["area", "due_on", "created_at", "approved_at", "executed_at", "counts"],
)
register.declare(
    DestructionEntry,
    register.LOG_RECORD_TYPE,
    # A bare reference to whose record went: the log of destruction, not its content.
    {register.LOG_DATA: ["person_ref", "object_pk"]},
    not_personal=[
        "destruction_list",
        "record_type",
        "model_label",
        "destroyed_at",
        "archived_to",
        "checksum",
        "records",
    ],
)
register.no_personal_data(FrozenPeriod, _("Aggregates of a closed reporting period"))
