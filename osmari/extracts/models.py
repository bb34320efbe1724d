"""Extracts of the national client information system, their facts, each area's way of
reading them, and what staff decided about the differences."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from osmari.clients.models import Client
from osmari.core import register
from osmari.core.models import EmploymentArea
from osmari.extracts import mapping


class FactKind(models.TextChoices):
    STATUS = mapping.STATUS, _("Job-seeker status")
    SERVICE = mapping.SERVICE, _("Service received")
    PLAN = mapping.PLAN, _("Employment plan")
    DECISION = mapping.DECISION, _("Decision")


def _column(label, default: str):
    return models.CharField(label, max_length=60, default=default)


class ExtractMapping(models.Model):
    """An area's column names and code tables; without one the defaults of `mapping` apply."""

    area = models.OneToOneField(
        EmploymentArea, on_delete=models.CASCADE, related_name="extract_mapping"
    )
    column_identity = _column(_("identity code column"), mapping.DEFAULT_COLUMNS["identity"])
    column_kind = _column(_("kind column"), mapping.DEFAULT_COLUMNS["kind"])
    column_code = _column(_("code column"), mapping.DEFAULT_COLUMNS["code"])
    column_start = _column(_("start date column"), mapping.DEFAULT_COLUMNS["start"])
    column_end = _column(_("end date column"), mapping.DEFAULT_COLUMNS["end"])
    column_reference = _column(_("reference column"), mapping.DEFAULT_COLUMNS["reference"])
    column_decided = _column(_("decision date column"), mapping.DEFAULT_COLUMNS["decided"])
    kind_status = _column(_("value for a job-seeker status"), mapping.DEFAULT_KIND_VALUES["status"])
    kind_service = _column(_("value for a service"), mapping.DEFAULT_KIND_VALUES["service"])
    kind_plan = _column(_("value for an employment plan"), mapping.DEFAULT_KIND_VALUES["plan"])
    kind_decision = _column(_("value for a decision"), mapping.DEFAULT_KIND_VALUES["decision"])
    # One `code = value` a line: a small table an administrator edits as text; nobody
    # reports on it.
    status_codes = models.TextField(
        _("status codes"), default=mapping.format_codes(mapping.DEFAULT_STATUS_CODES)
    )
    service_codes = models.TextField(
        _("service codes"), default=mapping.format_codes(mapping.DEFAULT_SERVICE_CODES)
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("register extract mapping")
        verbose_name_plural = _("register extract mappings")

    def __str__(self) -> str:
        return str(self.area)

    def as_mapping(self) -> mapping.Mapping:
        return mapping.Mapping(
            columns={
                name: mapping.normalise(getattr(self, f"column_{name}")) for name in mapping.FIELDS
            },
            kinds={
                kind: mapping.normalise(getattr(self, f"kind_{kind}")) for kind in mapping.KINDS
            },
            status_codes=mapping.parse_codes(self.status_codes, mapping.STATUS_TARGETS)[0],
            service_codes=mapping.parse_codes(self.service_codes, mapping.SERVICE_TARGETS)[0],
        )


class Extract(models.Model):
    """One imported file of an area's register extract."""

    area = models.ForeignKey(EmploymentArea, on_delete=models.PROTECT, related_name="extracts")
    extracted_on = models.DateField(_("extracted on"))
    file_name = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_saved = models.PositiveIntegerField(_("rows saved"), default=0)
    rows_refused = models.PositiveIntegerField(_("rows refused"), default=0)
    clients_covered = models.PositiveIntegerField(_("people"), default=0)

    class Meta:
        ordering = ["-extracted_on", "-imported_at", "-id"]
        verbose_name = _("register extract")
        verbose_name_plural = _("register extracts")
        constraints = [
            models.UniqueConstraint(fields=["area", "sha256"], name="extract_once_per_area")
        ]

    def __str__(self) -> str:
        # Also the audit log's name for it: the file's name is whatever the uploader called
        # it (a person's name, at worst) and shows only on the extracts page.
        return f"extract {self.pk}"


class RegisterFact(models.Model):
    """One row of an extract about one client: a status spell, a service, a plan or a
    decision, with the national system's reference where it has one."""

    extract = models.ForeignKey(Extract, on_delete=models.CASCADE, related_name="facts")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="register_facts")
    kind = models.CharField(_("kind"), max_length=12, choices=FactKind.choices)
    code = models.CharField(_("code"), max_length=60, blank=True)
    # The status or service the code means in Osmari; empty for a plan.
    value = models.CharField(_("meaning"), max_length=24, blank=True)
    start_on = models.DateField(_("from"), null=True, blank=True)
    end_on = models.DateField(_("until"), null=True, blank=True)
    official_reference = models.CharField(_("reference"), max_length=40, blank=True)
    official_on = models.DateField(_("date of the act"), null=True, blank=True)
    # The facts of the latest extract that covers the client; an earlier extract's facts
    # are kept for the record but no longer compared.
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "start_on", "id"]
        indexes = [
            models.Index(fields=["client", "is_current"], name="registerfact_client_current"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.code} {self.start_on or ''}"


class Resolution(models.Model):
    """What a person did about one difference: took the register's value, or noted why not.

    A difference is identified by its key and both values: when a newer extract brings a
    different value, the difference is open again."""

    class Action(models.TextChoices):
        ACCEPTED = "accepted", _("Register's value taken")
        NOTED = "noted", _("Noted why not")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="resolutions")
    extract = models.ForeignKey(Extract, on_delete=models.CASCADE, related_name="resolutions")
    key = models.CharField(max_length=80)
    osmari_value = models.CharField(max_length=200, blank=True)
    register_value = models.CharField(max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    note = models.TextField(_("note"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved"), auto_now_add=True)

    class Meta:
        ordering = ["-resolved_at", "-id"]
        indexes = [models.Index(fields=["client", "key"], name="resolution_client_key")]

    def __str__(self) -> str:
        return f"{self.key} {self.action}"


# The register of personal data (docs/register.md). The extract's facts are the national
# system's records of a client's service, copied here to be compared with Osmari's.
register.no_personal_data(ExtractMapping, _("How an area's register extract is read"))
register.declare(
    Extract,
    register.CLIENT_RECORD,
    {register.HANDLED_BY: ["imported_by"]},
    not_personal=[
        "area",
        "extracted_on",
        "file_name",
        "sha256",
        "imported_at",
        "rows_total",
        "rows_saved",
        "rows_refused",
        "clients_covered",
    ],
)
register.declare(
    RegisterFact,
    register.CLIENT_RECORD,
    {
        register.CLIENT_SERVICE_DATA: [
            "extract",
            "client",
            "kind",
            "code",
            "value",
            "start_on",
            "end_on",
            "official_reference",
            "official_on",
            "is_current",
        ]
    },
)
register.declare(
    Resolution,
    register.CLIENT_RECORD,
    {
        register.CLIENT_SERVICE_DATA: [
            "client",
            "extract",
            "key",
            "osmari_value",
            "register_value",
            "action",
            "note",
            "resolved_at",
        ],
        register.HANDLED_BY: ["resolved_by"],
    },
)
