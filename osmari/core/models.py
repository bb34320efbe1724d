from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osmari.core import audit_actions, register
from osmari.core.i18n import localized


class ValueSource(models.TextChoices):
    """Where a value about a person came from; pages show it beside the value."""

    REGISTER_EXTRACT = "extract", _("Register extract")
    STAFF = "staff", _("Typed by staff")
    PARTICIPANT = "participant", _("Given by the participant")


class Region(models.Model):
    """A region (maakunta), identified by its NUTS3 code."""

    code = models.CharField(_("NUTS3 code"), max_length=5, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100)

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return localized(self, "name", ("fi",))


class Municipality(models.Model):
    """A municipality by Statistics Finland's three-digit code (kept as a string: "097")."""

    code = models.CharField(_("municipality code"), max_length=3, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return localized(self, "name", ("fi",))


class PostalCode(models.Model):
    """A Posti postcode and the one municipality Posti assigns it to."""

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("ordinary postcode")
        PO_BOX = "po_box", _("PO box")
        CORPORATE = "corporate", _("corporate postcode")
        OTHER = "other", _("special postcode")

    code = models.CharField(_("postcode"), max_length=5, unique=True)
    name_fi = models.CharField(_("post office in Finnish"), max_length=100)
    name_sv = models.CharField(_("post office in Swedish"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="postal_codes"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")

    def __str__(self) -> str:
        return f"{self.code} {localized(self, 'name', ('fi',))}"


class EmploymentArea(models.Model):
    """An employment area (työllisyysalue): the tenant whose staff and data belong together."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=150)
    name_sv = models.CharField(_("name in Swedish"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150)
    municipalities = models.ManyToManyField(
        Municipality, related_name="employment_areas", verbose_name=_("municipalities")
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("minimum group size"),
        default=5,
        help_text=_("Aggregates shown outside a coach's own caseload hide smaller groups."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    coaches_see_own_caseload_only = models.BooleanField(
        _("coaches see only their own caseload"),
        default=False,
        help_text=_("When on, a coach sees only the clients they are responsible for."),
    )
    worklist_inactive_days = models.PositiveSmallIntegerField(
        _("days without service before the worklist flags a client"), default=60
    )
    # What the programme's own evaluation flags (outcomes and fairness pages, the work-trial
    # patterns): rules of thumb an area may tune, never legal limits.
    fairness_threshold = models.DecimalField(
        _("fairness screening threshold"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.80"),
        validators=[MinValueValidator(Decimal("0.50")), MaxValueValidator(Decimal("1.00"))],
        help_text=_(
            "A group's rate below this share of the highest group's rate is worth a look "
            "(0.80 is the common four-fifths rule of thumb, not a legal limit)."
        ),
    )
    trial_successive_limit = models.PositiveSmallIntegerField(
        _("work trials in a row in the same tasks before a look"),
        default=3,
        validators=[MinValueValidator(2)],
    )
    trial_min_count = models.PositiveSmallIntegerField(
        _("work trials an organisation has before its onward share is judged"),
        default=5,
        validators=[MinValueValidator(2)],
    )
    trial_onward_share = models.DecimalField(
        _("lowest share of work trials leading onward before a look"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.20"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1.00"))],
        help_text=_("Onward means work, education or a further service, with any employer."),
    )
    # Published on the area's privacy notice and accessibility statement (GDPR art. 13(1)(a)
    # and (b); Act 306/2019, section 15): the offices' own addresses, never a person's.
    privacy_contact = models.TextField(
        _("contact for data protection questions"),
        blank=True,
        help_text=_("Postal address, e-mail and phone for questions about personal data."),
    )
    dpo_contact = models.TextField(
        _("data protection officer's contact"),
        blank=True,
        help_text=_("How to reach the area's data protection officer."),
    )
    accessibility_contact = models.TextField(
        _("contact for accessibility feedback"),
        blank=True,
        help_text=_("Where people send feedback on Osmari's accessibility (e-mail or form)."),
    )

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("employment area")
        verbose_name_plural = _("employment areas")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_group_size__gte=2), name="area_min_group_size_at_least_2"
            )
        ]

    def __str__(self) -> str:
        return localized(self, "name")


class OccupationGroup(models.Model):
    """An ISCO-08 group at level 1 (major) to 4 (unit), as published in ESCO."""

    code = models.CharField(_("ISCO-08 code"), max_length=4, unique=True)
    level = models.PositiveSmallIntegerField(_("level"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    label_fi = models.CharField(_("label in Finnish"), max_length=255)
    label_sv = models.CharField(_("label in Swedish"), max_length=255)
    label_en = models.CharField(_("label in English"), max_length=255)
    esco_uri = models.URLField(_("ESCO URI"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ISCO-08 occupation group")
        verbose_name_plural = _("ISCO-08 occupation groups")

    def __str__(self) -> str:
        return f"{self.code} {localized(self, 'label')}"


class Occupation(models.Model):
    """An ESCO occupation under an ISCO-08 unit group."""

    esco_uri = models.URLField(_("ESCO URI"), max_length=200, unique=True)
    esco_code = models.CharField(_("ESCO code"), max_length=40, db_index=True)
    isco_group = models.ForeignKey(
        OccupationGroup, on_delete=models.PROTECT, related_name="occupations"
    )
    broader = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="narrower"
    )
    label_fi = models.CharField(_("label in Finnish"), max_length=255)
    label_sv = models.CharField(_("label in Swedish"), max_length=255)
    label_en = models.CharField(_("label in English"), max_length=255)

    class Meta:
        ordering = ["esco_code"]
        verbose_name = _("ESCO occupation")
        verbose_name_plural = _("ESCO occupations")

    def __str__(self) -> str:
        return localized(self, "label")


class Skill(models.Model):
    """An ESCO skill or knowledge concept; looked up by URI (some labels repeat)."""

    esco_uri = models.URLField(_("ESCO URI"), max_length=200, unique=True)
    label_fi = models.CharField(_("label in Finnish"), max_length=255, db_index=True)
    label_sv = models.CharField(_("label in Swedish"), max_length=255)
    label_en = models.CharField(_("label in English"), max_length=255)

    class Meta:
        ordering = ["label_fi"]
        verbose_name = _("ESCO skill")
        verbose_name_plural = _("ESCO skills")

    def __str__(self) -> str:
        return localized(self, "label")


class Industry(models.Model):
    """A NACE Rev. 2 / TOL 2008 class at level 1 (section) to 4 (class)."""

    code = models.CharField(_("TOL 2008 code"), max_length=5, unique=True)
    level = models.PositiveSmallIntegerField(_("level"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    section = models.CharField(_("section"), max_length=1)
    label_fi = models.CharField(_("label in Finnish"), max_length=255)
    label_en = models.CharField(_("label in English"), max_length=255)

    class Meta:
        ordering = ["code"]
        verbose_name = _("industry (TOL 2008)")
        verbose_name_plural = _("industries (TOL 2008)")

    def __str__(self) -> str:
        # No Finland-Swedish labels exist in the source: Swedish falls back to Finnish.
        return f"{self.code} {localized(self, 'label', ('fi', 'en'))}"


class EducationLevel(models.Model):
    """Statistics Finland's education level (koulutusaste 2016, level 1) and its ISCED 2011."""

    class EsfBucket(models.TextChoices):
        ISCED_0_2 = "isced_0_2", _("lower secondary or less (ISCED 0–2)")
        ISCED_3_4 = "isced_3_4", _("upper secondary or post-secondary (ISCED 3–4)")
        ISCED_5_8 = "isced_5_8", _("tertiary (ISCED 5–8)")
        UNKNOWN = "unknown", _("unknown")

    code = models.CharField(_("code"), max_length=1, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    isced_level = models.PositiveSmallIntegerField(_("ISCED 2011 level"), null=True, blank=True)
    esf_bucket = models.CharField(_("ESF+ group"), max_length=10, choices=EsfBucket.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("education level")
        verbose_name_plural = _("education levels")

    def __str__(self) -> str:
        return f"{self.code} {localized(self, 'name')}"


class StatusChange(models.Model):
    """One move of a record along its pipeline (`core.pipeline`): every history has this
    shape, with `from_<field>` and `to_<field>` in the record's own states."""

    reason = models.CharField(_("reason"), max_length=300, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["-changed_at", "-id"]


class AuditEventQuerySet(models.QuerySet):
    """Audit events are append-only: bulk changes through the ORM are refused."""

    def update(self, **kwargs):
        raise AuditImmutableError

    def delete(self):
        raise AuditImmutableError


class AuditImmutableError(RuntimeError):
    def __init__(self) -> None:
        super().__init__("Audit events are append-only: they cannot be changed or deleted.")


class AuditEvent(models.Model):
    """One append-only record of who did what to which object, when, from where and why."""

    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    # A snapshot, so the row still says who acted if the account's address changes.
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    area = models.ForeignKey(
        EmploymentArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employment area"),
    )
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    # The person whose personal data was touched, as "<type>:<id>" (e.g. "client:42").
    person_ref = models.CharField(_("person concerned"), max_length=80, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    changes = models.JSONField(_("changed fields"), default=dict, blank=True)
    # Who received data that left the service (a file, a document, an e-mail), as
    # references like person_ref ("user:7", "client:42"), never as names or addresses.
    recipient = models.CharField(_("recipient"), max_length=200, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["area", "-occurred_at"], name="audit_area_time"),
            models.Index(fields=["person_ref", "-occurred_at"], name="audit_person_time"),
            models.Index(fields=["actor", "-occurred_at"], name="audit_actor_time"),
        ]

    def __str__(self) -> str:
        occurred = timezone.localtime(self.occurred_at)
        return f"{occurred:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        # Integrity, not business logic: an existing row is never rewritten.
        if self.pk is not None:
            raise AuditImmutableError
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError

    @property
    def action_label(self) -> str:
        return audit_actions.label(self.action)


class AuditLogExpiry(models.Model):
    """The log's events before `expired_before` were removed when their retention ended.

    The database lets an audit event go only when such a row covers it (the triggers of
    migration 0007), and only the database owner may add one (`grant_application_role`
    withholds it from the application's role). The row stays as the record of the removal."""

    expired_before = models.DateTimeField(_("events before"))
    removed = models.PositiveIntegerField(_("events removed"), default=0)
    carried_out_at = models.DateTimeField(_("carried out"), auto_now_add=True)

    class Meta:
        ordering = ["-carried_out_at", "-id"]
        verbose_name = _("audit log expiry")
        verbose_name_plural = _("audit log expiries")

    def __str__(self) -> str:
        return f"{timezone.localtime(self.expired_before):%Y-%m-%d}: {self.removed}"


# The register of personal data (docs/register.md).
for _reference in (
    Region,
    Municipality,
    PostalCode,
    OccupationGroup,
    Occupation,
    Skill,
    Industry,
    EducationLevel,
):
    register.no_personal_data(_reference, _("Public classification data"))
register.no_personal_data(EmploymentArea, _("The area's name and settings"))
register.no_personal_data(AuditLogExpiry, _("When the log's expired events were removed"))
register.declare(
    AuditEvent,
    register.LOG_RECORD_TYPE,
    {
        register.LOG_DATA: [
            "occurred_at",
            "actor",
            "actor_label",
            "area",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "person_ref",
            "reason",
            "changes",
            "recipient",
            "request_id",
            "ip_address",
        ]
    },
)
