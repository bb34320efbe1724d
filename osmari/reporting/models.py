from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from osmari.core import register
from osmari.core.models import EmploymentArea


class Programme(models.Model):
    """An ESF+ project run by an employment area: its dates, targets and cost model."""

    area = models.ForeignKey(
        EmploymentArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    name = models.CharField(_("name"), max_length=200)
    project_code = models.CharField(_("EURA 2021 project code"), max_length=20, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    claim_period_months = models.PositiveSmallIntegerField(
        _("payment-claim period in months"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    flat_rate_percent = models.DecimalField(
        _("flat rate on salary costs (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(40),
        validators=[MinValueValidator(0), MaxValueValidator(40)],
    )
    public_percent = models.DecimalField(
        _("EU and state share (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(80),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    target_participants = models.PositiveIntegerField(_("participants"), default=350)
    target_job_searching = models.PositiveIntegerField(_("job searching on leaving"), default=20)
    target_education = models.PositiveIntegerField(
        _("in education or training on leaving"), default=20
    )
    target_employed = models.PositiveIntegerField(_("in employment on leaving"), default=70)
    target_organisations = models.PositiveIntegerField(_("organisations taking part"), default=30)
    publishes_open_data = models.BooleanField(
        _("publish open data"),
        default=False,
        help_text=_(
            "Each quarter's ESF+ indicators and outcomes are published for anyone to download, "
            "as totals only: groups smaller than the area's minimum group size are hidden, "
            "and no person can be found in them. A quarter is published a month after it ends "
            "and never changes after that."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="programme_ends_after_start",
                violation_error_message=_("The last day must be after the first day."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class PlannedYear(models.Model):
    """The funding decision's eligible salary costs for one implementation year."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="plan")
    year = models.PositiveSmallIntegerField(_("implementation year"))
    salary_costs = models.DecimalField(
        _("eligible salary costs (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        ordering = ["year"]
        verbose_name = _("planned year")
        verbose_name_plural = _("planned years")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="plan_one_row_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year}"


class StaffMember(models.Model):
    """A person working for the programme and paid from it, with their hourly rate."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="staff")
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=150)
    hourly_rate = models.DecimalField(
        _("hourly rate (€)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    starts_on = models.DateField(_("in the programme from"))
    ends_on = models.DateField(_("in the programme until"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme staff member")
        verbose_name_plural = _("programme staff")

    def __str__(self) -> str:
        return self.name


class WorkingTime(models.Model):
    """Hours worked for the programme in one month; the unit-cost model requires them."""

    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="hours")
    month = models.DateField(_("month"))  # the first day of the month
    hours = models.DecimalField(
        _("hours"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("250"))],
    )
    # The rate in force when the hours were recorded: a later change of rate does not
    # change a month already claimed.
    hourly_rate = models.DecimalField(_("hourly rate (€)"), max_digits=7, decimal_places=2)
    # Hours recorded before the work plan, or not yet allocated, have no package: they
    # count in the programme's costs and show as "not allocated" by package.
    package = models.ForeignKey(
        "WorkPackage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hours",
        verbose_name=_("work package"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("working-time record")
        verbose_name_plural = _("working-time records")
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "month", "package"], name="working_time_one_per_package"
            ),
            # NULLs are distinct in a unique constraint: one unallocated record a month.
            models.UniqueConstraint(
                fields=["staff", "month"],
                condition=Q(package__isnull=True),
                name="working_time_one_unallocated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.month:%m/%Y}"


class CompetenceGoal(models.Model):
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="goals")
    goal = models.CharField(_("competence goal"), max_length=300)
    due_on = models.DateField(_("due"))
    achieved_on = models.DateField(_("achieved"), null=True, blank=True)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("competence goal")
        verbose_name_plural = _("competence goals")

    def __str__(self) -> str:
        return self.goal


class StaffTraining(models.Model):
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(_("training"), max_length=200)
    provider = models.CharField(_("provider"), max_length=150, blank=True)
    completed_on = models.DateField(_("completed"))
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    goal = models.ForeignKey(
        CompetenceGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name=_("serves the goal"),
    )
    # One of the competence topics (competence_models.TrainingTopic), so that the paid
    # staff's trainings count in the area's matrix too; earlier ones are "other".
    topic = models.CharField(_("topic"), max_length=20, default="other")

    class Meta:
        ordering = ["-completed_on"]
        verbose_name = _("staff training")
        verbose_name_plural = _("staff trainings")

    def __str__(self) -> str:
        return self.title


# The area's competence and the programme's dissemination live in their own module.
from osmari.reporting.competence_models import (  # noqa: E402, F401
    AreaTraining,
    Dissemination,
    TopicGoal,
)


class ReportSection(models.TextChoices):
    """The progress report's sections that carry the manager's own words: the whole, each
    work package of the plan, and the programme's management."""

    SUMMARY = "summary", _("Summary")
    TP1 = "tp1", _("TP1 Identification")
    TP2 = "tp2", _("TP2 Feedback")
    TP3 = "tp3", _("TP3 Cooperation agreements")
    TP4 = "tp4", _("TP4 Reciprocity")
    MANAGEMENT = "management", _("Management, communication and competence")


class ReportNarrative(models.Model):
    """What the manager writes about one section of the progress report for one period;
    the numbers beside it are always computed when the report is made."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="narratives")
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    section = models.CharField(_("section"), max_length=12, choices=ReportSection.choices)
    text = models.TextField(_("text"), max_length=6000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start", "section"]
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "start", "end", "section"],
                name="report_narrative_one_per_section",
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.start}–{self.end} {self.section}"


# ---------------------------------------------------------------- the work plan


class WorkPackage(models.Model):
    """One work package of the programme's plan (TP1–TP4 and management): its goals,
    deliverables and the share of the planned salary costs it was given."""

    class Kind(models.TextChoices):
        IDENTIFICATION = "identification", _("Identification (TP1)")
        FEEDBACK = "feedback", _("Feedback (TP2)")
        AGREEMENTS = "agreements", _("Cooperation agreements (TP3)")
        RECIPROCITY = "reciprocity", _("Reciprocity (TP4)")
        MANAGEMENT = "management", _("Management")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="work_packages")
    code = models.CharField(_("code"), max_length=10, help_text=_("For example TP1."))
    kind = models.CharField(_("model"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    goals = models.TextField(_("goals"), help_text=_("What the package achieves, concretely."))
    deliverables = models.TextField(_("deliverables"), blank=True)
    planned_salary_costs = models.DecimalField(
        _("planned salary costs (€)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
        help_text=_("The package's share of the funding decision's eligible salary costs."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("work package")
        verbose_name_plural = _("work packages")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="work_package_code_once",
                violation_error_message=_("The programme already has a package with this code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class Milestone(models.Model):
    package = models.ForeignKey(WorkPackage, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due"))
    owner = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class MilestoneUpdate(models.Model):
    """A status update of a milestone with what shows it: a page or record in Osmari, a
    document, or a number."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=20, choices=MilestoneStatus.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("what was done"))
    evidence_link = models.CharField(
        _("evidence: link"),
        max_length=500,
        blank=True,
        help_text=_(
            "A page in Osmari (copy the address from the browser) or a document's https address."
        ),
    )
    evidence_number = models.DecimalField(
        _("evidence: number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    evidence_number_label = models.CharField(
        _("what the number counts"), max_length=200, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("milestone update")
        verbose_name_plural = _("milestone updates")

    def __str__(self) -> str:
        return f"{self.milestone} {self.on}"


# The register of personal data (docs/register.md).
register.no_personal_data(Programme, _("The programme's plan and targets"))
register.no_personal_data(PlannedYear, _("The programme's budget plan"))
register.declare(
    StaffMember,
    register.PROGRAMME_RECORD_TYPE,
    {register.PROJECT_STAFF: ["programme", "name", "title", "hourly_rate", "starts_on", "ends_on"]},
)
register.declare(
    WorkingTime,
    register.PROGRAMME_RECORD_TYPE,
    {
        register.PROJECT_STAFF: [
            "staff",
            "month",
            "hours",
            "hourly_rate",
            "package",
            "recorded_at",
        ],
        register.HANDLED_BY: ["recorded_by"],
    },
)
register.declare(
    CompetenceGoal,
    register.PROGRAMME_RECORD_TYPE,
    {register.PROJECT_STAFF: ["staff", "goal", "due_on", "achieved_on"]},
)
register.declare(
    StaffTraining,
    register.PROGRAMME_RECORD_TYPE,
    {
        register.PROJECT_STAFF: [
            "staff",
            "title",
            "topic",
            "provider",
            "completed_on",
            "hours",
            "goal",
        ]
    },
)
register.declare(
    ReportNarrative,
    register.PROGRAMME_RECORD_TYPE,
    {register.HANDLED_BY: ["updated_by", "updated_at"]},
    not_personal=["programme", "start", "end", "section", "text"],
)
register.no_personal_data(WorkPackage, _("The programme's work plan"))
register.declare(
    Milestone,
    register.PROGRAMME_RECORD_TYPE,
    {register.PROJECT_STAFF: ["owner"]},
    not_personal=["package", "title", "due_on", "status", "done_on"],
)
register.declare(
    MilestoneUpdate,
    register.PROGRAMME_RECORD_TYPE,
    {register.HANDLED_BY: ["recorded_by", "recorded_at"]},
    not_personal=[
        "milestone",
        "status",
        "on",
        "note",
        "evidence_link",
        "evidence_number",
        "evidence_number_label",
    ],
)


class MunicipalShare(models.Model):
    """One municipality's part of the programme's municipal co-financing, as the
    municipalities decided it: a share of it (%) or a sum in euros. The actual costs are
    split in the same proportion."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="municipal_shares"
    )
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    percent = models.DecimalField(
        _("share of the municipal co-financing (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    amount = models.DecimalField(
        _("amount (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    decision = models.CharField(_("decision"), max_length=200, blank=True)

    class Meta:
        ordering = ["municipality__name_fi"]
        verbose_name = _("municipal share")
        verbose_name_plural = _("municipal shares")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "municipality"], name="municipal_share_one_per_municipality"
            ),
            models.CheckConstraint(
                condition=Q(percent__isnull=True, amount__isnull=False)
                | Q(percent__isnull=False, amount__isnull=True),
                name="municipal_share_percent_or_amount",
                violation_error_message=_("Give either a share in per cent or an amount."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.municipality}"


register.no_personal_data(MunicipalShare, _("The municipalities' co-financing of the programme"))

# The indicators' facts, one row per enrolment, live in their own module.
from osmari.reporting.fact_models import (  # noqa: E402, F401
    IndicatorFact,
    IndicatorFactMark,
    IndicatorMonth,
)


class OpenDataQuarter(models.Model):
    """One whole calendar quarter of a programme's area as it is published and as reporting
    tokens get it: the indicators and outcomes frozen once the quarter is closed, with the
    small groups already hidden (None), so that nothing unsuppressed is ever stored for the
    public and an answer given today says what it said when first given. Every programme's
    quarters are frozen; only a publishing programme's are open data."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="open_data_quarters"
    )
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    frozen_at = models.DateTimeField(_("frozen at"))
    # The area's minimum group size when the quarter was frozen: the files say which rule hid
    # what, even after the area changes it.
    min_group_size = models.PositiveSmallIntegerField(_("minimum group size"))
    # {code: {total, women, men, non_binary, missing, hidden, not_collected}}
    indicators = models.JSONField(_("indicators"), default=dict)
    # {grouping: {"groups": {key: {count: n | None}}, "total": {count: n | None}}}
    outcomes = models.JSONField(_("outcomes"), default=dict)
    # The programme's own progress at the quarter's end: {target: {"reached": n,
    # "by_year": [n, ...]}}. Totals only, never by municipality.
    targets = models.JSONField(_("targets"), default=dict)

    class Meta:
        ordering = ["programme", "start"]
        verbose_name = _("published quarter")
        verbose_name_plural = _("published quarters")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "start"], name="open_data_one_row_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="open_data_quarter_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.start}–{self.end}"


register.no_personal_data(
    OpenDataQuarter, _("The programme's published quarterly totals, small groups hidden")
)
