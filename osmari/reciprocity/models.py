"""TP4, the reciprocity model: what host organisations are offered, agreed, given and got."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from osmari.agreements.models import CooperationAgreement
from osmari.core import register
from osmari.core.i18n import current_language
from osmari.core.models import EmploymentArea
from osmari.employers.models import Contact, Organisation
from osmari.placements.models import Placement


def _in_language(obj, name: str) -> str:
    language = current_language()
    return getattr(obj, f"{name}_{language}", "") or getattr(obj, f"{name}_fi")


class BenefitKind(models.TextChoices):
    GUIDANCE_VISIT = "guidance_visit", _("Guidance-support visit")
    INSTRUCTOR_TRAINING = "instructor_training", _("Workplace-instructor training")
    NETWORKING = "networking", _("Networking event")
    RECOGNITION = "recognition", _("Recognition in the responsibility profile")
    RECRUITMENT_HELP = "recruitment_help", _("Recruitment help")
    LOCAL_SUBSIDY = "local_subsidy", _("Local subsidy")
    OTHER = "other", _("Other")


# Kinds delivered at an event that organisations register for.
EVENT_KINDS = (BenefitKind.INSTRUCTOR_TRAINING, BenefitKind.NETWORKING, BenefitKind.OTHER)


class Benefit(models.Model):
    """One entry of an area's benefit catalogue: what it gives and what it asks."""

    area = models.ForeignKey(EmploymentArea, on_delete=models.PROTECT, related_name="benefits")
    kind = models.CharField(_("kind"), max_length=24, choices=BenefitKind.choices)
    name_fi = models.CharField(_("name in Finnish"), max_length=150)
    name_sv = models.CharField(_("name in Swedish"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150)
    description_fi = models.TextField(_("description in Finnish"))
    description_sv = models.TextField(_("description in Swedish"))
    description_en = models.TextField(_("description in English"))
    asks_fi = models.TextField(_("what it asks, in Finnish"))
    asks_sv = models.TextField(_("what it asks, in Swedish"))
    asks_en = models.TextField(_("what it asks, in English"))
    is_active = models.BooleanField(_("offered now"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name_fi"]
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")
        constraints = [
            models.UniqueConstraint(fields=["area", "name_fi"], name="benefit_unique_name_per_area")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _in_language(self, "name")

    @property
    def description(self) -> str:
        return _in_language(self, "description")

    @property
    def asks(self) -> str:
        return _in_language(self, "asks")


class Event(models.Model):
    """A training or networking event that organisation contacts register people for."""

    area = models.ForeignKey(EmploymentArea, on_delete=models.PROTECT, related_name="+")
    benefit = models.ForeignKey(
        Benefit, on_delete=models.PROTECT, related_name="events", verbose_name=_("benefit")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="event_capacity_at_least_one"
            ),
        ]
        indexes = [models.Index(fields=["area", "starts_at"], name="event_area_start")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_training(self) -> bool:
        return self.benefit.kind == BenefitKind.INSTRUCTOR_TRAINING


class Registration(models.Model):
    """A person of a host organisation registered for an event, and whether they came."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="event_registrations"
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        related_name="registrations",
        verbose_name=_("person"),
    )
    # Kept as written so that the attendance list survives a removed contact.
    person_name = models.CharField(_("name"), max_length=150)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True)

    class Meta:
        ordering = ["person_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "contact"],
                condition=models.Q(cancelled_at__isnull=True),
                name="registration_once_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_name} – {self.event}"


class Delivery(models.Model):
    """A benefit given to an organisation: a visit, help, or attendance at an event."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="deliveries"
    )
    benefit = models.ForeignKey(
        Benefit, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("benefit")
    )
    delivered_on = models.DateField(_("date"))
    quantity = models.PositiveSmallIntegerField(_("how many"), default=1)
    notes = models.TextField(_("notes"), blank=True)
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, null=True, blank=True, related_name="delivery"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [models.Index(fields=["organisation", "delivered_on"], name="delivery_org_date")]

    def __str__(self) -> str:
        return f"{self.benefit} {self.delivered_on}"


class AgreedBenefit(models.Model):
    """A benefit promised in a cooperation agreement, so many times a year."""

    agreement = models.ForeignKey(
        CooperationAgreement, on_delete=models.CASCADE, related_name="agreed_benefits"
    )
    benefit = models.ForeignKey(Benefit, on_delete=models.PROTECT, related_name="+")
    per_year = models.PositiveSmallIntegerField(_("times a year"))

    class Meta:
        ordering = ["benefit__order", "benefit__name_fi"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "benefit"], name="agreed_benefit_once_per_agreement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.benefit} × {self.per_year}"


class SubsidyBasis(models.TextChoices):
    PERCENT = "percent", _("Percent of the monthly pay")
    AMOUNT = "amount", _("Fixed amount a month")


class SubsidyScheme(models.Model):
    """A local subsidy the area adds to the statutory wage subsidy, with a year's budget."""

    area = models.ForeignKey(
        EmploymentArea, on_delete=models.PROTECT, related_name="subsidy_schemes"
    )
    name = models.CharField(_("name"), max_length=150)
    year = models.PositiveSmallIntegerField(_("budget year"))
    who = models.TextField(_("who may receive it"))
    basis = models.CharField(_("basis"), max_length=8, choices=SubsidyBasis.choices)
    percent = models.PositiveSmallIntegerField(
        _("percent"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    monthly_amount = models.DecimalField(
        _("amount a month (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    max_months = models.PositiveSmallIntegerField(
        _("at most months"), validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    cap = models.DecimalField(
        _("at most per decision (€)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    budget = models.DecimalField(_("budget (€)"), max_digits=11, decimal_places=2)
    is_open = models.BooleanField(_("open for new decisions"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("local subsidy scheme")
        verbose_name_plural = _("local subsidy schemes")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "name", "year"], name="subsidy_scheme_unique_per_year"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(basis="percent", percent__isnull=False)
                    | models.Q(basis="amount", monthly_amount__isnull=False)
                ),
                name="subsidy_scheme_basis_has_value",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__gte=Decimal(0)),
                name="subsidy_scheme_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"


class SubsidyCommitment(models.Model):
    """Money bound by a subsidy decision; it counts against the budget until cancelled."""

    scheme = models.ForeignKey(SubsidyScheme, on_delete=models.PROTECT, related_name="commitments")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="subsidy_commitments",
        verbose_name=_("organisation"),
    )
    placement = models.ForeignKey(
        Placement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("period"),
    )
    decision_number = models.CharField(_("decision number"), max_length=40)
    decided_on = models.DateField(_("decided on"))
    months = models.PositiveSmallIntegerField(_("months"))
    monthly_pay = models.DecimalField(
        _("monthly pay (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    monthly_amount = models.DecimalField(_("a month (€)"), max_digits=8, decimal_places=2)
    amount = models.DecimalField(_("committed (€)"), max_digits=9, decimal_places=2)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    # De minimis aid (Regulation (EU) 2023/2831) when the organisation is an undertaking and
    # the aid goes to its economic activity; the undertaking's declaration of the other de
    # minimis aid it got in the three years before is recorded with the decision.
    de_minimis = models.BooleanField(_("de minimis aid"), default=False)
    other_aid_declared = models.DecimalField(
        _("other de minimis aid declared for the last three years (€)"),
        max_digits=11,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    declared_on = models.DateField(_("declaration signed on"), null=True, blank=True)
    other_aid_from = models.CharField(_("who granted the other aid"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("subsidy commitment")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "decision_number"], name="subsidy_decision_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=Decimal(0)), name="subsidy_commitment_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.decision_number


class SubsidyPayment(models.Model):
    commitment = models.ForeignKey(
        SubsidyCommitment, on_delete=models.PROTECT, related_name="payments"
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount (€)"), max_digits=9, decimal_places=2)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=Decimal(0)), name="subsidy_payment_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment} {self.paid_on} {self.amount}"


class PublicProfile(models.Model):
    """The organisation's consent to show its responsibility profile to anyone.

    The page exists only while consent stands; withdrawing it takes the page and every
    certificate's verification down at once. A new consent makes a new address."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="public_profile"
    )
    slug = models.CharField(max_length=24, unique=True)
    consent_given_at = models.DateTimeField()
    consent_given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def is_published(self) -> bool:
        return self.withdrawn_at is None


class Certificate(models.Model):
    """A dated statement of the organisation's level, checkable by its code."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="certificates"
    )
    code = models.CharField(max_length=12, unique=True)
    level = models.PositiveSmallIntegerField()
    # The facts the level rested on when it was issued, as shown on the certificate.
    facts = models.JSONField(default=dict)
    issued_on = models.DateField()
    valid_until = models.DateField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return self.code


class AidRefusal(models.Model):
    """A decision refused because it would have taken the undertaking over the de minimis
    ceiling, with the figures it was refused on."""

    scheme = models.ForeignKey(SubsidyScheme, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="aid_refusals"
    )
    decision_number = models.CharField(_("decision number"), max_length=40)
    decided_on = models.DateField(_("decided on"))
    amount = models.DecimalField(_("aid asked (€)"), max_digits=11, decimal_places=2)
    other_aid_declared = models.DecimalField(
        _("other de minimis aid declared (€)"), max_digits=11, decimal_places=2
    )
    granted_here = models.DecimalField(
        _("granted by the area in three years (€)"), max_digits=11, decimal_places=2
    )
    ceiling = models.DecimalField(_("ceiling (€)"), max_digits=11, decimal_places=2)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("refused de minimis aid")

    def __str__(self) -> str:
        return self.decision_number

    @property
    def total(self) -> Decimal:
        return self.other_aid_declared + self.granted_here + self.amount

    @property
    def over(self) -> Decimal:
        return self.total - self.ceiling


# The register of personal data (docs/register.md).
register.no_personal_data(Benefit, _("The area's published catalogue of benefits"))
register.declare(
    Event,
    register.COOPERATION_RECORD,
    {register.COOPERATION_HANDLED_BY: ["created_by"]},
    not_personal=[
        "area",
        "benefit",
        "title",
        "starts_at",
        "ends_at",
        "place",
        "description",
        "capacity",
        "cancelled_at",
        "created_at",
    ],
)
register.declare(
    Registration,
    register.COOPERATION_RECORD,
    {
        register.CONTACT_PERSON: [
            "event",
            "organisation",
            "contact",
            "person_name",
            "registered_at",
            "cancelled_at",
            "attended",
        ],
        register.COOPERATION_HANDLED_BY: ["registered_by"],
    },
)
register.declare(
    Delivery,
    register.COOPERATION_RECORD,
    {register.COOPERATION_HANDLED_BY: ["recorded_by"], register.CONTACT_PERSON: ["notes"]},
    not_personal=[
        "organisation",
        "benefit",
        "delivered_on",
        "quantity",
        "registration",
        "created_at",
    ],
)
register.no_personal_data(AgreedBenefit, _("What an agreement promises"))
register.declare(
    SubsidyScheme,
    register.COOPERATION_RECORD,
    {register.COOPERATION_HANDLED_BY: ["created_by"]},
    not_personal=[
        "area",
        "name",
        "year",
        "who",
        "basis",
        "percent",
        "monthly_amount",
        "max_months",
        "cap",
        "budget",
        "is_open",
        "created_at",
    ],
)
# A subsidy decision is aid: its record is kept the aid's ten years, whatever the period's.
register.declare(
    SubsidyCommitment,
    register.STATE_AID_RECORD,
    {
        register.PERIOD_TERMS: [
            "placement",
            "decision_number",
            "decided_on",
            "months",
            "monthly_pay",
            "monthly_amount",
            "amount",
            "cancelled_on",
            "created_at",
        ],
        register.HANDLED_BY: ["decided_by"],
    },
    not_personal=[
        "scheme",
        "organisation",
        "de_minimis",
        "other_aid_declared",
        "declared_on",
        "other_aid_from",
    ],
)
register.declare(
    AidRefusal,
    register.STATE_AID_RECORD,
    {register.AID_HANDLED_BY: ["refused_by"]},
    not_personal=[
        "scheme",
        "organisation",
        "decision_number",
        "decided_on",
        "amount",
        "other_aid_declared",
        "granted_here",
        "ceiling",
        "created_at",
    ],
)
register.declare(
    SubsidyPayment,
    register.PERIOD_RECORD,
    {
        register.PERIOD_TERMS: ["commitment", "paid_on", "amount", "reference", "created_at"],
        register.HANDLED_BY: ["recorded_by"],
    },
)
register.declare(
    PublicProfile,
    register.COOPERATION_RECORD,
    {register.CONTACT_PERSON: ["consent_given_by", "withdrawn_by"]},
    not_personal=["organisation", "slug", "consent_given_at", "withdrawn_at"],
)
register.declare(
    Certificate,
    register.COOPERATION_RECORD,
    {register.COOPERATION_HANDLED_BY: ["issued_by"]},
    not_personal=["organisation", "code", "level", "facts", "issued_on", "valid_until"],
)
