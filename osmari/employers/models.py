from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from osmari.accounts.models import Role
from osmari.core import register
from osmari.core.models import EmploymentArea, Industry, Municipality, StatusChange
from osmari.core.pipeline import Pipeline, moves


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    ASSOCIATION = "association", _("Association")
    FOUNDATION = "foundation", _("Foundation")
    RELIGIOUS_COMMUNITY = "religious_community", _("Religious community")
    MUNICIPALITY = "municipality", _("Municipality")
    WELLBEING_SERVICES_COUNTY = "wellbeing_services_county", _("Wellbeing services county")
    STATE = "state", _("State")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    PRIVATE_TRADER = "private_trader", _("Private trader")


class EnterpriseSize(models.TextChoices):
    """The EU size class of an enterprise (Recommendation 2003/361/EC): ESF+ counts SMEs."""

    MICRO = "micro", _("Micro (under 10 persons)")
    SMALL = "small", _("Small (under 50 persons)")
    MEDIUM = "medium", _("Medium-sized (under 250 persons)")
    LARGE = "large", _("Large")
    UNKNOWN = "unknown", _("Not known")


class PipelineStage(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    CONTACTED = "contacted", _("Contacted")
    INTERESTED = "interested", _("Interested")
    AGREEMENT_IN_PREPARATION = "agreement_in_preparation", _("Agreement in preparation")
    ACTIVE_PARTNER = "active_partner", _("Active partner")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


# The engagement pipeline: one table of allowed moves, used by the one service that moves it.
ENGAGEMENT = Pipeline(
    field="stage",
    states=PipelineStage,
    moves=moves(
        {
            PipelineStage.PROSPECT: {PipelineStage.CONTACTED, PipelineStage.ENDED},
            PipelineStage.CONTACTED: {
                PipelineStage.INTERESTED,
                PipelineStage.PAUSED,
                PipelineStage.ENDED,
            },
            PipelineStage.INTERESTED: {
                PipelineStage.AGREEMENT_IN_PREPARATION,
                PipelineStage.PAUSED,
                PipelineStage.ENDED,
            },
            PipelineStage.AGREEMENT_IN_PREPARATION: {
                PipelineStage.ACTIVE_PARTNER,
                PipelineStage.PAUSED,
                PipelineStage.ENDED,
            },
            PipelineStage.ACTIVE_PARTNER: {PipelineStage.PAUSED, PipelineStage.ENDED},
            PipelineStage.PAUSED: {
                PipelineStage.CONTACTED,
                PipelineStage.INTERESTED,
                PipelineStage.AGREEMENT_IN_PREPARATION,
                PipelineStage.ACTIVE_PARTNER,
                PipelineStage.ENDED,
            },
            PipelineStage.ENDED: {PipelineStage.PROSPECT},
        }
    ),
    refusal=_("An organisation cannot move from “%(from)s” to “%(to)s”."),
    history="pipeline_history",
)


class Organisation(models.Model):
    """A host organisation (järjestäjä) that offers work-trial or wage-subsidy places."""

    area = models.ForeignKey(
        EmploymentArea,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("employment area"),
    )
    name = models.CharField(_("name"), max_length=200)
    business_id = models.CharField(_("business ID"), max_length=9)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=OrganisationKind.choices, default=OrganisationKind.COMPANY
    )
    size = models.CharField(
        _("enterprise size"),
        max_length=8,
        choices=EnterpriseSize.choices,
        default=EnterpriseSize.UNKNOWN,
    )
    industry = models.ForeignKey(
        Industry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("industry (TOL 2008)"),
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=5, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    stage = models.CharField(
        _("pipeline stage"),
        max_length=30,
        choices=PipelineStage.choices,
        default=PipelineStage.PROSPECT,
    )
    # The latest letter's signing date, kept by the letter service so that lists need no
    # join; the letters themselves, with their documents, are `LetterOfIntent`.
    letter_of_intent_on = models.DateField(_("letter of intent"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible staff member"),
    )
    # Kept by the activity service so that the due list is one indexed query.
    next_contact_on = models.DateField(_("next contact"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, null=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "business_id"], name="organisation_unique_business_id_per_area"
            )
        ]
        indexes = [
            models.Index(fields=["area", "stage"], name="organisation_area_stage"),
            models.Index(fields=["area", "next_contact_on"], name="organisation_area_next"),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    class Role(models.TextChoices):
        SIGNATORY = "signatory", _("Signatory")
        CONTACT_PERSON = "contact_person", _("Contact person")
        WORKPLACE_INSTRUCTOR = "workplace_instructor", _("Workplace instructor")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        ordering = ["role", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class OrganisationMembership(models.Model):
    """A user who acts for a host organisation: its contact in Osmari. The role is always
    the organisation contact's, and the area is the organisation's own."""

    role = Role.ORG_CONTACT

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="organisation_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {Role.ORG_CONTACT.label} – {self.organisation}"

    @property
    def area_id(self) -> int:
        return self.organisation.area_id

    @property
    def area(self) -> EmploymentArea:
        return self.organisation.area


class ConsentRecipient(models.Model):
    """The one host organisation a client's consent to share their profile names; a sharing
    consent without one reaches any host the coach proposes."""

    consent = models.OneToOneField(
        "clients.Consent", on_delete=models.CASCADE, related_name="recipient"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )

    class Meta:
        verbose_name = _("consent recipient")
        verbose_name_plural = _("consent recipients")

    def __str__(self) -> str:
        return str(self.organisation)


class PipelineTransition(StatusChange):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="pipeline_history"
    )
    from_stage = models.CharField(max_length=30, choices=PipelineStage.choices)
    to_stage = models.CharField(max_length=30, choices=PipelineStage.choices)

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


class Activity(models.Model):
    """A call, visit or e-mail with an organisation, and when to get in touch next."""

    class Kind(models.TextChoices):
        CALL = "call", _("Call")
        VISIT = "visit", _("Visit")
        EMAIL = "email", _("E-mail")
        MEETING = "meeting", _("Meeting")
        EVENT = "event", _("Event")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    next_contact_on = models.DateField(_("next contact"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"


class PositionKind(models.TextChoices):
    WORK_TRIAL = "work_trial", _("Work trial")
    WAGE_SUBSIDY = "wage_subsidy", _("Wage-subsidised work")
    BOTH = "both", _("Work trial or wage-subsidised work")


class Demand(models.TextChoices):
    """What the work asks of a person, in words that meet the clients' restrictions."""

    HEAVY_LIFTING = "heavy_lifting", _("Heavy lifting")
    STANDING = "standing", _("Standing work")
    SHIFTS = "shifts", _("Shift work")
    NOISE = "noise", _("Noisy environment")
    FULL_TIME = "full_time", _("Full time only")
    OUTDOOR = "outdoor", _("Outdoor work")
    CUSTOMER_WORK = "customer_work", _("Customer service")
    FAST_PACE = "fast_pace", _("Fast pace")


class Adjustment(models.TextChoices):
    """What the place can arrange, in words that meet the clients' restrictions."""

    PART_TIME = "part_time", _("Part time")
    FLEXIBLE_HOURS = "flexible_hours", _("Flexible hours")
    QUIET_SPACE = "quiet_space", _("Quiet space")
    ACCESSIBLE_PREMISES = "accessible_premises", _("Accessible premises")
    REGULAR_BREAKS = "regular_breaks", _("Regular breaks")
    LIGHT_TASKS = "light_tasks", _("Light tasks")


# A client's restriction → the demand that conflicts with it, and the adjustment that meets it.
RESTRICTION_CONFLICTS = {
    "no_heavy_lifting": Demand.HEAVY_LIFTING,
    "no_standing": Demand.STANDING,
    "no_shifts": Demand.SHIFTS,
    "quiet_environment": Demand.NOISE,
    "part_time_only": Demand.FULL_TIME,
    "no_outdoor_work": Demand.OUTDOOR,
    "no_customer_work": Demand.CUSTOMER_WORK,
    "regular_breaks": Demand.FAST_PACE,
}
RESTRICTION_ADJUSTMENTS = {
    "no_heavy_lifting": Adjustment.LIGHT_TASKS,
    "part_time_only": Adjustment.PART_TIME,
    "quiet_environment": Adjustment.QUIET_SPACE,
    "accessible_premises": Adjustment.ACCESSIBLE_PREMISES,
    "regular_breaks": Adjustment.REGULAR_BREAKS,
}


class Guidance(models.TextChoices):
    """How much guidance the place gives; matched against the needs assessment."""

    CLOSE = "close", _("Close guidance every day")
    REGULAR = "regular", _("Regular guidance")
    INDEPENDENT = "independent", _("Mostly independent work")


class Position(models.Model):
    """A work-trial or wage-subsidy place an organisation offers."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="positions"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PositionKind.choices)
    title = models.CharField(_("title"), max_length=150)
    occupation = models.ForeignKey(
        "core.Occupation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("occupation (ESCO)"),
    )
    tasks = models.TextField(_("tasks"))
    learning_environment = models.TextField(_("learning environment"), blank=True)
    guidance = models.CharField(
        _("guidance given"), max_length=12, choices=Guidance.choices, default=Guidance.REGULAR
    )
    skills = models.ManyToManyField(
        "core.Skill", blank=True, related_name="+", verbose_name=_("skills that help (ESCO)")
    )
    helpful_competences = models.TextField(_("competences that help"), blank=True)
    required_competences = models.TextField(_("required competences"), blank=True)
    language = models.CharField(_("working language"), max_length=8, default="fi")
    days_per_week = models.PositiveSmallIntegerField(_("days per week"), default=5)
    hours_per_day = models.DecimalField(
        _("hours per day"), max_digits=3, decimal_places=1, default=6
    )
    capacity = models.PositiveSmallIntegerField(_("places at once"), default=1)
    instructor = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("workplace instructor"),
    )
    street_address = models.CharField(_("address"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    public_transport = models.CharField(_("public transport"), max_length=200, blank=True)
    open_from = models.DateField(_("open from"))
    open_to = models.DateField(_("open until"), null=True, blank=True)
    is_paused = models.BooleanField(_("paused"), default=False)
    # The cooperation agreement a place is offered under is recorded on the agreement's side
    # (`CooperationAgreement.positions`).
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(open_to__isnull=True)
                | models.Q(open_to__gte=models.F("open_from")),
                name="position_open_to_not_before_open_from",
                violation_error_message=_("The closing date must not be before the opening date."),
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="position_capacity_at_least_one"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "is_paused"], name="position_org_paused")]

    def __str__(self) -> str:
        return self.title

    @property
    def offers_work_trial(self) -> bool:
        return self.kind in (PositionKind.WORK_TRIAL, PositionKind.BOTH)


class PositionDemand(models.Model):
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="demands")
    code = models.CharField(_("demand"), max_length=20, choices=Demand.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["position", "code"], name="position_demand_unique")
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class PositionAdjustment(models.Model):
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="adjustments")
    code = models.CharField(_("adjustment"), max_length=24, choices=Adjustment.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["position", "code"], name="position_adjustment_unique")
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class ReductionKind(models.TextChoices):
    LAYOFF = "layoff", _("Layoff")
    DISMISSAL = "dismissal", _("Dismissal")
    OTHER = "other", _("Other reduction of staff")


class StaffReduction(models.Model):
    """Layoffs or dismissals at a host organisation, as a coach or employer services learned
    of them. A work trial may not stand in for staff laid off or dismissed in the same tasks;
    the work-trial figures compare the trials with these records (it names no one)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="staff_reductions"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ReductionKind.choices)
    first_on = models.DateField(_("from"))
    last_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Leave empty while it goes on.")
    )
    position = models.ForeignKey(
        Position,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place concerned"),
    )
    occupation = models.ForeignKey(
        "core.Occupation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("occupation concerned (ESCO)"),
    )
    tasks = models.CharField(_("tasks concerned"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-first_on", "-id"]
        verbose_name = _("layoff or dismissal")
        verbose_name_plural = _("layoffs and dismissals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_on__isnull=True)
                | models.Q(last_on__gte=models.F("first_on")),
                name="staff_reduction_last_not_before_first",
                violation_error_message=_("The last day must not be before the first day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.first_on:%d.%m.%Y}"


class LetterOfIntent(models.Model):
    """An organisation's signed letter of intent: its interest in hosting, verified. The
    pipeline lets an organisation become interested only once one is recorded."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="letters_of_intent"
    )
    signed_on = models.DateField(_("signed on"))
    # Empty only on letters carried over from the time when just the date was kept.
    signatory = models.CharField(_("signed by"), max_length=150, blank=True)
    # Stored outside the static files and served only through a permission-checked view.
    document = models.FileField(_("letter"), upload_to="letters-of-intent/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("letter of intent")
        verbose_name_plural = _("letters of intent")

    def __str__(self) -> str:
        return f"{self.organisation} {self.signed_on:%d.%m.%Y}"


# The register of personal data (docs/register.md).
register.declare(
    Organisation,
    register.COOPERATION_RECORD,
    {register.COOPERATION_HANDLED_BY: ["owner"]},
    # A business's own data; a sole trader's name is in the public trade register.
    not_personal=[
        "area",
        "name",
        "business_id",
        "municipality",
        "kind",
        "size",
        "industry",
        "street_address",
        "postal_code",
        "latitude",
        "longitude",
        "stage",
        "letter_of_intent_on",
        "next_contact_on",
        "created_at",
    ],
)
register.declare(
    Contact,
    register.COOPERATION_RECORD,
    {
        register.CONTACT_PERSON: ["organisation", "name", "role"],
        register.CONTACT_DETAILS: ["email", "phone"],
    },
)
register.declare(
    OrganisationMembership,
    register.ACCOUNT_RECORD_TYPE,
    {register.USER_ACCOUNT: ["user", "organisation", "created_at"]},
)
register.declare(
    ConsentRecipient,
    register.CLIENT_RECORD,
    {register.CLIENT_CONSENT: ["organisation"]},
    # The key of the consent it belongs to, which is declared with the client's record.
    not_personal=["consent"],
)
register.declare(
    PipelineTransition,
    register.COOPERATION_RECORD,
    {register.COOPERATION_HANDLED_BY: ["changed_by"]},
    not_personal=["organisation", "from_stage", "to_stage", "reason", "changed_at"],
)
register.declare(
    Activity,
    register.COOPERATION_RECORD,
    # Notes of a contact with an organisation may name its people.
    {register.CONTACT_PERSON: ["notes"], register.COOPERATION_HANDLED_BY: ["owner"]},
    not_personal=["organisation", "kind", "occurred_on", "next_contact_on", "created_at"],
)
register.declare(
    Position,
    register.COOPERATION_RECORD,
    {register.CONTACT_PERSON: ["instructor"]},
    not_personal=[
        "organisation",
        "kind",
        "title",
        "occupation",
        "tasks",
        "learning_environment",
        "guidance",
        "helpful_competences",
        "required_competences",
        "language",
        "days_per_week",
        "hours_per_day",
        "capacity",
        "street_address",
        "municipality",
        "public_transport",
        "open_from",
        "open_to",
        "is_paused",
        "created_at",
        "skills",
    ],
)
register.no_personal_data(PositionDemand, _("What a position asks of its work"))
register.no_personal_data(PositionAdjustment, _("What a position can adjust"))
register.declare(
    StaffReduction,
    register.COOPERATION_RECORD,
    {register.COOPERATION_HANDLED_BY: ["recorded_by"]},
    # The organisation's staff numbers in its tasks, never who was laid off: the form asks
    # that the note name no one.
    not_personal=[
        "organisation",
        "kind",
        "first_on",
        "last_on",
        "position",
        "occupation",
        "tasks",
        "note",
        "recorded_at",
    ],
)
register.declare(
    LetterOfIntent,
    register.COOPERATION_RECORD,
    # The letter names and is signed by the organisation's representative.
    {
        register.CONTACT_PERSON: ["signatory", "document"],
        register.COOPERATION_HANDLED_BY: ["recorded_by"],
    },
    not_personal=["organisation", "signed_on", "recorded_at"],
)
