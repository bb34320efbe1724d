from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from osmari.clients.models import Client
from osmari.core import register
from osmari.core.encryption import EncryptedCharField
from osmari.core.models import EmploymentArea, StatusChange
from osmari.core.pipeline import Pipeline, moves
from osmari.employers.models import Contact, Organisation, Position


class PlacementKind(models.TextChoices):
    WORK_TRIAL = "work_trial", _("Work trial")
    WAGE_SUBSIDY = "wage_subsidy", _("Wage-subsidised work")


class SubsidyTrack(models.TextChoices):
    """The wage-subsidy tracks of the law; the percentages and caps live in the rule set."""

    PROFESSIONAL_SKILLS = "professional_skills", _("Lack of professional skills")
    REDUCED_WORK_ABILITY = "reduced_work_ability", _("Reduced work ability")
    ASSOCIATION = "association", _("Association, foundation or religious community")
    AGE_55_PLUS = "age_55_plus", _("Aged 55 or over")


class PlacementStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", pgettext_lazy("placement status", "Active")
    ENDED = "ended", pgettext_lazy("placement status", "Ended")
    INTERRUPTED = "interrupted", _("Interrupted")
    CANCELLED = "cancelled", _("Cancelled before start")


# A placement's life: one table of allowed moves, used by the one service that moves it.
PERIOD_LIFE = Pipeline(
    field="status",
    states=PlacementStatus,
    moves=moves(
        {
            PlacementStatus.PLANNED: {PlacementStatus.ACTIVE, PlacementStatus.CANCELLED},
            PlacementStatus.ACTIVE: {PlacementStatus.ENDED, PlacementStatus.INTERRUPTED},
            PlacementStatus.ENDED: set(),
            PlacementStatus.INTERRUPTED: set(),
            PlacementStatus.CANCELLED: set(),
        }
    ),
    refusal=_("A period cannot move from “%(from)s” to “%(to)s”."),
    history="history",
)
# Planned and active periods hold a place and count against the law's limits.
HOLDING_STATUSES = (PlacementStatus.PLANNED, PlacementStatus.ACTIVE)
# Past planning the agreement or decision has been made in the national system, so the
# period should carry its reference; a planned period may not have one yet, and a cancelled
# one never will.
REFERENCE_EXPECTED = (PlacementStatus.ACTIVE, PlacementStatus.ENDED, PlacementStatus.INTERRUPTED)


class PlacementQuerySet(models.QuerySet):
    def without_reference(self):
        """Periods past planning still without their reference in the national system."""
        return self.filter(status__in=REFERENCE_EXPECTED, official_reference="")


class InterruptionReason(models.TextChoices):
    FOUND_JOB = "found_job", _("Found a job")
    EDUCATION = "education", _("Started education")
    HEALTH = "health", _("Health")
    DID_NOT_SUIT = "did_not_suit", _("The place did not suit")
    NO_SHOW = "no_show", _("Did not come")
    ORGANISATION = "organisation", _("The organisation ended it")
    OTHER = "other", _("Other reason")


class Outcome(models.TextChoices):
    """Where the person went after the period: the programme's results are built on this."""

    EMPLOYED_SAME = "employed_same", _("Employed by the same organisation")
    EMPLOYED_OTHER = "employed_other", _("Employed elsewhere")
    ENTREPRENEUR = "entrepreneur", _("Self-employed")
    EDUCATION = "education", _("Education or training")
    NEXT_SERVICE = "next_service", _("Another service or period")
    JOB_SEEKING = "job_seeking", _("Job seeking")
    OUTSIDE_LABOUR_FORCE = "outside_labour_force", _("Outside the labour force")
    UNKNOWN = "unknown", _("Not known")


class Placement(models.Model):
    """A client's work-trial or wage-subsidy period in a position (jakso)."""

    area = models.ForeignKey(EmploymentArea, on_delete=models.PROTECT, related_name="placements")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="placements")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="placements")
    # Kept beside the position: the law counts months per organiser, and reads must be cheap.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="placements"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PlacementKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=PlacementStatus.choices, default=PlacementStatus.PLANNED
    )
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("planned end"))
    ended_on = models.DateField(_("actual end"), null=True, blank=True)
    days_per_week = models.PositiveSmallIntegerField(_("days per week"))
    hours_per_day = models.DecimalField(_("hours per day"), max_digits=3, decimal_places=1)
    objective = models.TextField(_("objective"), blank=True)
    instructor = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("workplace instructor"),
    )
    track = models.CharField(
        _("subsidy track"), max_length=24, choices=SubsidyTrack.choices, blank=True
    )
    subsidy_percent = models.PositiveSmallIntegerField(_("subsidy percent"), null=True, blank=True)
    monthly_pay = models.DecimalField(
        _("monthly pay (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    monthly_subsidy = models.DecimalField(
        _("monthly subsidy (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    working_time_percent = models.PositiveSmallIntegerField(
        # A percent sign, not a placeholder: xgettext:no-python-format
        _("working time (% of full time)"),
        null=True,
        blank=True,
    )
    interruption_reason = models.CharField(
        _("reason for interruption"), max_length=16, choices=InterruptionReason.choices, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices, blank=True)
    # The statutory act lives in the national client information system; Osmari keeps
    # its identifier and date so that anyone can find the official record.
    official_reference = models.CharField(
        _("agreement or decision reference"), max_length=40, blank=True
    )
    official_on = models.DateField(_("agreement or decision date"), null=True, blank=True)
    # The host organisation's own words on how the period goes, written on their page.
    host_view = models.TextField(_("the host organisation's view of the period"), blank=True)
    rules_version = models.CharField(_("rules version"), max_length=20)
    # Placed although the organisation had no active cooperation agreement, confirmed by a person.
    without_agreement_confirmed = models.BooleanField(default=False)
    match_score = models.DecimalField(max_digits=4, decimal_places=3, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-start_on", "-id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__gte=models.F("start_on")),
                name="placement_end_not_before_start",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]
        indexes = [
            models.Index(fields=["position", "status"], name="placement_position_status"),
            models.Index(fields=["area", "status", "end_on"], name="placement_area_status_end"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start_on:%d.%m.%Y}–{self.last_day:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("placements:detail", args=[self.pk])

    @property
    def last_day(self):
        return self.ended_on or self.end_on

    @property
    def is_open(self) -> bool:
        return self.status in HOLDING_STATUSES


class PlacementTransition(StatusChange):
    """The history of a placement: every move of status, and every extension."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12, choices=PlacementStatus.choices)
    to_status = models.CharField(max_length=12, choices=PlacementStatus.choices)
    occurred_on = models.DateField(_("date"))
    reason = models.CharField(
        _("reason"), max_length=16, choices=InterruptionReason.choices, blank=True
    )
    end_before = models.DateField(null=True, blank=True)
    end_after = models.DateField(null=True, blank=True)
    note = EncryptedCharField(_("note"), max_length=500, blank=True)
    # The statutory act lives in the national client information system; Osmari keeps
    # its identifier and date so that anyone can find the official record.
    official_reference = models.CharField(_("notice reference"), max_length=40, blank=True)
    official_on = models.DateField(_("notice date"), null=True, blank=True)
    # Every move of a period is someone's.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status} {self.occurred_on}"


class Review(models.Model):
    """A three-way review (kolmikantakeskustelu): participant, instructor and coach."""

    class Stage(models.TextChoices):
        START = "start", pgettext_lazy("review", "Start")
        MIDDLE = "middle", pgettext_lazy("review", "Middle")
        END = "end", pgettext_lazy("review", "End")

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="reviews")
    stage = models.CharField(_("review"), max_length=8, choices=Stage.choices)
    held_on = models.DateField(_("date"))
    participant_present = models.BooleanField(_("participant present"), default=True)
    instructor_present = models.BooleanField(_("instructor present"), default=True)
    coach_present = models.BooleanField(_("coach present"), default=True)
    participant_view = models.TextField(_("the participant's view"), blank=True)
    instructor_view = models.TextField(_("the instructor's view"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    next_steps = models.TextField(_("agreed next steps"), blank=True)
    summary = models.TextField(_("end summary"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("three-way review")
        verbose_name_plural = _("three-way reviews")
        constraints = [
            models.UniqueConstraint(fields=["placement", "stage"], name="review_one_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.held_on:%d.%m.%Y}"

    @property
    def present(self) -> list[str]:
        return [
            str(label)
            for here, label in (
                (self.participant_present, _("participant")),
                (self.instructor_present, _("instructor")),
                (self.coach_present, _("coach")),
            )
            if here
        ]


class AbsenceKind(models.TextChoices):
    """Why a participant was away, as the host knows it: never the illness or its cause."""

    AGREED = "agreed", _("Agreed in advance")
    NOTIFIED = "notified", _("Notified on the day")
    UNEXPLAINED = "unexplained", _("Without notice or explanation")
    LEFT_EARLY = "left_early", _("Left without agreeing")
    NO_WORK = "no_work", _("No work at the place (closed, holiday)")


# An absence without notice or agreement may affect the person's unemployment benefit; the
# notice is made in the national client information system, by the coach, not here.
AFFECTS_BENEFITS = frozenset({AbsenceKind.UNEXPLAINED, AbsenceKind.LEFT_EARLY})


class Absence(models.Model):
    """Days a participant was away from the place, recorded by the host organisation."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="absences")
    first_on = models.DateField(_("first day"))
    last_on = models.DateField(_("last day"))
    kind = models.CharField(_("kind of absence"), max_length=12, choices=AbsenceKind.choices)
    note = EncryptedCharField(_("note"), max_length=300, blank=True)
    # Set from the kind when recorded: the coach's list of what to report.
    affects_benefits = models.BooleanField(_("may affect benefits"), default=False)
    # The coach reports it in the national system and keeps the notice's reference here.
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    notice_reference = models.CharField(_("notice reference"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-first_on", "-id"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_on__gte=models.F("first_on")),
                name="absence_last_not_before_first",
                violation_error_message=_("The last day must not be before the first day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.first_on:%d.%m.%Y}–{self.last_on:%d.%m.%Y}"

    @property
    def days(self) -> int:
        return (self.last_on - self.first_on).days + 1

    @property
    def to_report(self) -> bool:
        return self.affects_benefits and self.reported_on is None


class PlanAcceptance(models.Model):
    """The host organisation's acceptance of a period's orientation plan
    (perehdyttämissuunnitelma), with a digest of the plan as it read then: a period changed
    afterwards no longer matches it, and the pages say that the plan changed since."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="plan_acceptances"
    )
    digest = models.CharField(max_length=64)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), auto_now_add=True)

    class Meta:
        ordering = ["-accepted_at", "-id"]
        verbose_name = _("acceptance of an orientation plan")
        verbose_name_plural = _("acceptances of orientation plans")

    def __str__(self) -> str:
        return f"{self.placement_id} {timezone.localtime(self.accepted_at):%d.%m.%Y}"


# The register of personal data (docs/register.md).
register.declare(
    Placement,
    register.PERIOD_RECORD,
    {
        register.PERIOD_DATA: [
            "area",
            "client",
            "position",
            "organisation",
            "kind",
            "status",
            "start_on",
            "end_on",
            "ended_on",
            "days_per_week",
            "hours_per_day",
            "objective",
            "instructor",
            "outcome",
            "official_reference",
            "official_on",
            "without_agreement_confirmed",
            "host_view",
            "created_at",
        ],
        register.PERIOD_TERMS: [
            "track",
            "subsidy_percent",
            "monthly_pay",
            "monthly_subsidy",
            "working_time_percent",
        ],
        register.CLIENT_ASSESSMENT: ["match_score"],
        # One of the reasons is health, shown only to those who may see health data.
        register.CLIENT_HEALTH: ["interruption_reason"],
        register.HANDLED_BY: ["created_by"],
    },
    not_personal=["rules_version"],
)
register.declare(
    PlacementTransition,
    register.PERIOD_RECORD,
    {
        register.PERIOD_DATA: [
            "placement",
            "from_status",
            "to_status",
            "occurred_on",
            "reason",
            "end_before",
            "end_after",
            "official_reference",
            "official_on",
            "changed_at",
        ],
        # Why a period ended is often about the person's health or life.
        register.CLIENT_HEALTH: ["note"],
        register.HANDLED_BY: ["changed_by"],
    },
)
register.declare(
    Review,
    register.PERIOD_RECORD,
    {
        register.PERIOD_DATA: [
            "placement",
            "stage",
            "held_on",
            "participant_present",
            "instructor_present",
            "coach_present",
            "participant_view",
            "instructor_view",
            "notes",
            "next_steps",
            "summary",
            "created_at",
        ],
        register.HANDLED_BY: ["recorded_by"],
    },
)
register.declare(
    Absence,
    register.PERIOD_RECORD,
    {
        # The host records it and sees it; the note is asked to hold no health details.
        register.PERIOD_DATA: [
            "placement",
            "first_on",
            "last_on",
            "kind",
            "note",
            "affects_benefits",
            "reported_on",
            "notice_reference",
            "created_at",
        ],
        register.HANDLED_BY: ["recorded_by"],
    },
)
register.declare(
    PlanAcceptance,
    register.PERIOD_RECORD,
    {
        register.PERIOD_DATA: ["placement", "accepted_at"],
        register.HANDLED_BY: ["accepted_by"],
    },
    not_personal=["digest"],
)


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DeclineReason(models.TextChoices):
    """Why a host says no, in words about the place and the work: never about the person's
    health, which the host does not know."""

    NO_ROOM = "no_room", _("No free place at the moment")
    TIMING = "timing", _("The timing does not suit us")
    TASKS = "tasks", _("The tasks do not match the person's experience or wishes")
    LANGUAGE = "language", _("The working language does not suit")
    OTHER = "other", _("Other reason")


class Proposal(models.Model):
    """A coach's proposal of a client to a host organisation's position, and the host's
    answer. A proposal is answered or withdrawn once; who did it and when stays on the record
    itself, so it needs no history of its own. An accepted one leads to planning the period."""

    area = models.ForeignKey(EmploymentArea, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="proposals")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="proposals")
    # Kept beside the position: the host's list is read by organisation.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="proposals"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PlacementKind.choices)
    # Written for the host, who reads it: never health or support needs.
    note = EncryptedCharField(_("note to the host"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decline_reason = models.CharField(
        _("reason"), max_length=12, choices=DeclineReason.choices, blank=True
    )
    answer_note = EncryptedCharField(_("the host's note"), max_length=1000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("proposal to a host")
        verbose_name_plural = _("proposals to hosts")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "position"],
                condition=models.Q(status="proposed"),
                name="proposal_one_open_per_client_position",
                violation_error_message=_("This person has already been proposed to this place."),
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"], name="proposal_organisation_status")
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {timezone.localtime(self.proposed_at):%d.%m.%Y}"

    @property
    def is_open(self) -> bool:
        return self.status == ProposalStatus.PROPOSED


register.declare(
    Proposal,
    register.PERIOD_RECORD,
    {
        # The host reads the proposal and answers it; the notes are asked to hold no health.
        register.PERIOD_DATA: [
            "area",
            "client",
            "position",
            "organisation",
            "kind",
            "note",
            "status",
            "proposed_at",
            "decline_reason",
            "answer_note",
            "answered_at",
            "withdrawn_at",
        ],
        register.HANDLED_BY: ["proposed_by", "answered_by", "withdrawn_by"],
    },
)
