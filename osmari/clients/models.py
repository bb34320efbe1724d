from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osmari.clients.choices import (
    ConsentPurpose,
    EntryStatus,
    EuraStatus,
    FollowUpSource,
    Gender,
    Language,
    Restriction,
    SituationOnLeaving,
    SpellStatus,
    TriState,
)
from osmari.core import register
from osmari.core.encryption import (
    EncryptedCharField,
    EncryptedJSONField,
    EncryptedTextField,
    LookupHashField,
)
from osmari.core.i18n import localized
from osmari.core.models import (
    EducationLevel,
    EmploymentArea,
    Municipality,
    Occupation,
    PostalCode,
    Skill,
    StatusChange,
    ValueSource,
)
from osmari.core.pipeline import Pipeline, moves


class ServiceStage(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    ASSESSED = "assessed", _("Assessed")
    IN_SERVICE = "in_service", _("In service")
    PLACED = "placed", _("Placed")
    ENDED = "ended", _("Ended")


# The service path: one table of allowed moves, used by the one service that moves a client.
SERVICE_PATH = Pipeline(
    field="stage",
    states=ServiceStage,
    moves=moves(
        {
            ServiceStage.IDENTIFIED: {ServiceStage.ASSESSED, ServiceStage.ENDED},
            ServiceStage.ASSESSED: {ServiceStage.IN_SERVICE, ServiceStage.ENDED},
            ServiceStage.IN_SERVICE: {ServiceStage.PLACED, ServiceStage.ENDED},
            ServiceStage.PLACED: {ServiceStage.IN_SERVICE, ServiceStage.ENDED},
            ServiceStage.ENDED: {ServiceStage.IDENTIFIED},
        }
    ),
    refusal=_("A client cannot move from “%(from)s” to “%(to)s”."),
    history="stage_history",
)


class Client(models.Model):
    """A jobseeker served in one employment area."""

    area = models.ForeignKey(
        EmploymentArea, on_delete=models.PROTECT, related_name="clients", verbose_name=_("area")
    )
    # Encrypted at rest; found by its keyed hash (osmari.core.encryption), which the
    # uniqueness per area holds to and whose index every lookup by code uses.
    personal_identity_code = EncryptedCharField(_("personal identity code"), max_length=11)
    identity_hash = LookupHashField(
        _("identity code's keyed hash"), source="personal_identity_code"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, default=Gender.NOT_STATED
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.FINNISH
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.ForeignKey(
        PostalCode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("postcode"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    education_level = models.ForeignKey(
        EducationLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("education level"),
    )
    occupations = models.ManyToManyField(
        Occupation, blank=True, related_name="+", verbose_name=_("occupations of interest")
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="+", verbose_name=_("skills"))
    driving_licence = models.BooleanField(_("driving licence"), default=False)
    own_car = models.BooleanField(_("own car"), default=False)
    registered_jobseeker = models.BooleanField(_("registered jobseeker"), default=True)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("responsible coach"),
    )
    stage = models.CharField(
        _("service stage"),
        max_length=12,
        choices=ServiceStage.choices,
        default=ServiceStage.IDENTIFIED,
    )
    # Kept by the spell services so that the worklist filters in the database: the start of
    # the unbroken unemployment run that covers today, computed by the screening engine.
    unemployed_since = models.DateField(_("unemployed since"), null=True, blank=True)
    last_service_on = models.DateField(_("last service"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "identity_hash"], name="client_unique_identity_per_area"
            )
        ]
        indexes = [
            models.Index(fields=["area", "last_name", "first_name"], name="client_area_name"),
            models.Index(fields=["area", "unemployed_since"], name="client_area_unemployed"),
            models.Index(fields=["area", "coach"], name="client_area_coach"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def person_ref(self) -> str:
        return f"client:{self.pk}"


class SensitiveData(models.Model):
    """Special-category or sensitive facts, kept apart so that no ordinary read loads them."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="sensitive")
    reduced_work_ability = models.BooleanField(
        _("established reduced work ability"), null=True, blank=True
    )
    reduced_work_ability_notes = EncryptedTextField(_("notes on work ability"), blank=True)
    integration_plan = models.BooleanField(_("integration plan"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sensitive data")
        verbose_name_plural = _("sensitive data")

    def __str__(self) -> str:
        return f"{self.client}"


class ClientRestriction(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="restrictions")
    code = models.CharField(_("restriction"), max_length=30, choices=Restriction.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "code"], name="client_restriction_unique")
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class ClientLanguage(models.Model):
    class Level(models.TextChoices):
        NATIVE = "native", _("Native")
        FLUENT = "fluent", _("Fluent")
        WORKING = "working", _("Working knowledge")
        BASIC = "basic", _("Basic")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language (ISO 639-1)"), max_length=3)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "code"], name="client_language_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_level_display()})"


class StatusSpell(models.Model):
    """A dated period of one labour-market status; durations are computed from these."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="spells")
    status = models.CharField(_("status"), max_length=24, choices=SpellStatus.choices)
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=12, choices=ValueSource.choices, default=ValueSource.STAFF
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["start_on"]
        verbose_name = _("labour-market status period")
        verbose_name_plural = _("labour-market status periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="spell_end_not_before_start",
                violation_error_message=_("The end date must not be before the start date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.start_on}–{self.end_on or ''}"


class ConsentText(models.Model):
    """The exact wording a consent was given to; a new wording is a new version. Without an
    area it is the national wording Osmari ships; an area's own wording overrides it there."""

    area = models.ForeignKey(
        "core.EmploymentArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consent_texts",
        verbose_name=_("employment area"),
    )
    purpose = models.CharField(_("purpose"), max_length=24, choices=ConsentPurpose.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    text_fi = models.TextField(_("text in Finnish"))
    text_sv = models.TextField(_("text in Swedish"))
    text_en = models.TextField(_("text in English"))
    published_on = models.DateField(_("published"))

    class Meta:
        ordering = ["purpose", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "purpose", "version"], name="consent_text_area_version"
            ),
            models.UniqueConstraint(
                fields=["purpose", "version"],
                condition=Q(area__isnull=True),
                name="consent_text_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} v{self.version}"


class Consent(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="consents")
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=24, choices=ConsentPurpose.choices)
    # For sharing, the one organisation the client agreed to is named on the organisation's
    # side (`employers.ConsentRecipient`); none means any host the coach proposes (the text
    # says so).
    given_at = models.DateTimeField(_("given"))
    # None: the participant gave it themself on their own pages.
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["client", "purpose"], name="consent_client_purpose")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.client})"

    @property
    def is_valid(self) -> bool:
        return self.withdrawn_at is None


class Enrolment(models.Model):
    """Programme participation with the ESF+ entry, exit and follow-up data."""

    # What the enrolment records about the person, in the order the form asks it.
    DATA_FIELDS = (
        "entered_on",
        "status_at_entry",
        "eura_entry",
        "left_on",
        "situation_on_leaving",
        "qualification_gained",
        "eura_exit",
        "follow_up_on",
        "employed_after_6_months",
        "improved_after_6_months",
    )

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="enrolment")
    entered_on = models.DateField(_("entry date"))
    status_at_entry = models.CharField(
        _("labour-market status at entry"), max_length=12, choices=EntryStatus.choices
    )
    # Nothing about disability, minority, origin, citizenship, housing or rural residence:
    # EURA 2021 does not ask participants these in Finland, so Osmari has no need for them
    # (the indicators EECO12-EECO17 are "not collected").
    eura_entry = models.CharField(
        _("start data in EURA 2021"), max_length=8, choices=EuraStatus.choices, default="no"
    )
    left_on = models.DateField(_("exit date"), null=True, blank=True)
    situation_on_leaving = models.CharField(
        _("situation on leaving"), max_length=16, choices=SituationOnLeaving.choices, blank=True
    )
    qualification_gained = models.CharField(
        _("qualification gained"), max_length=8, choices=TriState.choices, default="unknown"
    )
    eura_exit = models.CharField(
        _("end data in EURA 2021"), max_length=8, choices=EuraStatus.choices, default="no"
    )
    follow_up_on = models.DateField(_("six-month follow-up"), null=True, blank=True)
    employed_after_6_months = models.CharField(
        _("employed or self-employed six months after"),
        max_length=8,
        choices=TriState.choices,
        default="unknown",
    )
    improved_after_6_months = models.CharField(
        _("improved labour-market situation six months after"),
        max_length=8,
        choices=TriState.choices,
        default="unknown",
    )
    # Not among DATA_FIELDS: the form does not ask it, the way the result is recorded sets it.
    follow_up_source = models.CharField(
        _("source of the follow-up result"),
        max_length=8,
        choices=FollowUpSource.choices,
        blank=True,
    )

    class Meta:
        verbose_name = _("programme enrolment")
        verbose_name_plural = _("programme enrolments")
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("entered_on")),
                name="enrolment_exit_not_before_entry",
                violation_error_message=_("The exit date must not be before the entry date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.entered_on}"


class JournalEntry(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        CALL = "call", _("Call")
        MESSAGE = "message", _("Message")
        NOTE = "note", _("Note")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="journal")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    text = models.TextField(_("text"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The last correction, kept here so that the journal shows which entries were corrected
    # without reading their history; the texts before it are in `corrections`.
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"


class JournalCorrection(models.Model):
    """A correction of a journal entry: the text as it was before, who corrected it, when
    and why. An entry is never overwritten silently; its every earlier text stays here."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="corrections")
    previous_text = models.TextField(_("text before the correction"))
    reason = models.CharField(_("reason for the correction"), max_length=300)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(_("corrected"), auto_now_add=True)

    class Meta:
        ordering = ["corrected_at", "pk"]
        verbose_name = _("correction of a journal entry")
        verbose_name_plural = _("corrections of journal entries")

    def __str__(self) -> str:
        return f"{self.entry} ({timezone.localtime(self.corrected_at):%d.%m.%Y})"


class Plan(models.Model):
    class Kind(models.TextChoices):
        EMPLOYMENT = "employment", _("Employment plan")
        CONTINUATION = "continuation", _("Continuation plan")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    summary = models.TextField(_("summary"), blank=True)
    # The statutory act lives in the national client information system; Osmari keeps
    # its identifier and date so that anyone can find the official record.
    official_reference = models.CharField(
        _("plan's reference in the national system"), max_length=40, blank=True
    )
    official_on = models.DateField(_("plan's date in the national system"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["client", "kind"], name="plan_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.client}"


class PlanStep(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="steps")
    text = models.CharField(_("step"), max_length=300)
    owner = models.CharField(_("who"), max_length=100)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_on"]
        indexes = [models.Index(fields=["due_on", "done_on"], name="planstep_due")]

    def __str__(self) -> str:
        return self.text


class StageTransition(StatusChange):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="stage_history")
    from_stage = models.CharField(max_length=12, choices=ServiceStage.choices)
    to_stage = models.CharField(max_length=12, choices=ServiceStage.choices)

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


# The register of personal data (docs/register.md).
register.declare(
    Client,
    register.CLIENT_RECORD,
    {
        register.CLIENT_IDENTITY: [
            "personal_identity_code",
            "identity_hash",
            "first_name",
            "last_name",
            "birth_date",
            "gender",
        ],
        register.CLIENT_CONTACT: [
            "email",
            "phone",
            "preferred_language",
            "street_address",
            "postal_code",
            "municipality",
        ],
        register.CLIENT_PROFILE: [
            "education_level",
            "occupations",
            "skills",
            "driving_licence",
            "own_car",
        ],
        register.CLIENT_SERVICE_DATA: [
            "area",
            "registered_jobseeker",
            "coach",
            "stage",
            "unemployed_since",
            "last_service_on",
            "created_at",
            "updated_at",
        ],
    },
)
register.declare(
    SensitiveData,
    register.HEALTH_RECORD,
    {
        register.CLIENT_HEALTH: [
            "client",
            "reduced_work_ability",
            "reduced_work_ability_notes",
            "updated_at",
        ],
        register.CLIENT_SERVICE_DATA: ["integration_plan"],
    },
)
# A restriction names what work does not suit the person: health by what it reveals.
register.declare(
    ClientRestriction, register.HEALTH_RECORD, {register.CLIENT_HEALTH: ["client", "code"]}
)
register.declare(
    ClientLanguage, register.CLIENT_RECORD, {register.CLIENT_PROFILE: ["client", "code", "level"]}
)
register.declare(
    StatusSpell,
    register.CLIENT_RECORD,
    {
        register.CLIENT_SERVICE_DATA: [
            "client",
            "status",
            "start_on",
            "end_on",
            "source",
            "created_at",
        ]
    },
)
register.no_personal_data(ConsentText, _("The published wording of a consent"))
register.declare(
    Consent,
    register.CLIENT_RECORD,
    {
        register.CLIENT_CONSENT: [
            "client",
            "text",
            "purpose",
            "given_at",
            "withdrawn_at",
        ],
        register.HANDLED_BY: ["given_by", "withdrawn_by"],
    },
)
register.declare(
    Enrolment,
    register.PARTICIPANT_RECORD,
    {register.CLIENT_ESF: ["client", *Enrolment.DATA_FIELDS, "follow_up_source"]},
)
register.declare(
    JournalEntry,
    register.CLIENT_RECORD,
    {
        register.CLIENT_SERVICE_DATA: [
            "client",
            "kind",
            "occurred_on",
            "text",
            "created_at",
            "corrected_at",
        ],
        register.HANDLED_BY: ["author"],
    },
)
register.declare(
    JournalCorrection,
    register.CLIENT_RECORD,
    {
        register.CLIENT_SERVICE_DATA: ["entry", "previous_text", "reason", "corrected_at"],
        register.HANDLED_BY: ["corrected_by"],
    },
)
register.declare(
    Plan,
    register.CLIENT_RECORD,
    {
        register.CLIENT_SERVICE_DATA: [
            "client",
            "kind",
            "summary",
            "official_reference",
            "official_on",
            "created_at",
        ]
    },
)
register.declare(
    PlanStep,
    register.CLIENT_RECORD,
    {register.CLIENT_SERVICE_DATA: ["plan", "text", "owner", "due_on", "done_on"]},
)
register.declare(
    StageTransition,
    register.CLIENT_RECORD,
    {
        register.CLIENT_SERVICE_DATA: ["client", "from_stage", "to_stage", "reason", "changed_at"],
        register.HANDLED_BY: ["changed_by"],
    },
)


# ---------------------------------------------------------------- coaching activities
#
# The client work itself: what was done with whom, when and for how long. The funder asks
# how many people got which kind of service and how much of it (the progress report's
# client-work section), and the coach and the manager follow the hours by person, coach and
# month, all from these rows.

# One activity lasts at most a working day; a longer piece of work is several activities.
ACTIVITY_MAX_MINUTES = 480


class ActivityKind(models.Model):
    """A kind of coaching activity on the area's own list. The area's manager adds kinds and
    retires them; a retired kind is offered no more, yet stays on the records made with it."""

    area = models.ForeignKey(
        EmploymentArea,
        on_delete=models.PROTECT,
        related_name="activity_kinds",
        verbose_name=_("employment area"),
    )
    # Stable for the kinds every area starts with, so that reports can name them.
    code = models.CharField(_("code"), max_length=40)
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100, blank=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    is_group = models.BooleanField(
        _("group session"),
        default=False,
        help_text=_("Several participants at once, each marked present or absent."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    retired_on = models.DateField(_("retired"), null=True, blank=True)

    class Meta:
        ordering = ["order", "name_fi", "pk"]
        verbose_name = _("kind of coaching activity")
        verbose_name_plural = _("kinds of coaching activity")
        constraints = [
            models.UniqueConstraint(fields=["area", "code"], name="activity_kind_code_per_area")
        ]

    def __str__(self) -> str:
        return localized(self, "name")


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")


class CoachingActivity(models.Model):
    """One piece of client work by a coach: individual work with one client, or a group
    session whose participants are each marked present or absent."""

    area = models.ForeignKey(
        EmploymentArea,
        on_delete=models.PROTECT,
        related_name="coaching_activities",
        verbose_name=_("employment area"),
    )
    kind = models.ForeignKey(
        ActivityKind, on_delete=models.PROTECT, related_name="activities", verbose_name=_("kind")
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coaching_activities",
        verbose_name=_("coach"),
    )
    occurred_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_(
            "What was done, in a few words. No health data here: work ability is recorded "
            "only in the client's sensitive data."
        ),
    )
    # Individual work belongs to its one client: it goes with the client's record when its
    # retention ends, and is in the person's own export. A group session belongs to no one
    # person; each participant's attendance row is theirs.
    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coaching_activities",
        verbose_name=_("client"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-created_at", "-pk"]
        verbose_name = _("coaching activity")
        verbose_name_plural = _("coaching activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=ACTIVITY_MAX_MINUTES),
                name="coaching_activity_minutes_in_range",
                violation_error_message=_("The duration must be 1–480 minutes."),
            )
        ]
        indexes = [
            models.Index(fields=["area", "occurred_on"], name="coaching_area_day"),
            models.Index(fields=["coach", "occurred_on"], name="coaching_coach_day"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_on}"


class ActivityParticipant(models.Model):
    """A client taking part in an activity: the one client of individual work, or one of a
    group session's participants with their attendance. Service hours count those present."""

    activity = models.ForeignKey(
        CoachingActivity,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("coaching activity"),
    )
    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        related_name="coaching_participations",
        verbose_name=_("client"),
    )
    attendance = models.CharField(
        _("attendance"), max_length=8, choices=Attendance.choices, default=Attendance.PRESENT
    )

    class Meta:
        verbose_name = _("participant of a coaching activity")
        verbose_name_plural = _("participants of coaching activities")
        constraints = [
            models.UniqueConstraint(fields=["activity", "client"], name="activity_participant_once")
        ]
        indexes = [models.Index(fields=["client", "attendance"], name="participant_client")]

    def __str__(self) -> str:
        return f"{self.activity} ({self.get_attendance_display()})"


register.no_personal_data(ActivityKind, _("The area's list of kinds of coaching activity"))
register.declare(
    CoachingActivity,
    register.CLIENT_RECORD,
    {
        register.CLIENT_SERVICE_DATA: [
            "area",
            "client",
            "kind",
            "occurred_on",
            "minutes",
            "note",
            "created_at",
        ],
        register.HANDLED_BY: ["coach"],
    },
)
register.declare(
    ActivityParticipant,
    register.CLIENT_RECORD,
    {register.CLIENT_SERVICE_DATA: ["activity", "client", "attendance"]},
)


# ---------------------------------------------------------------- appointments
#
# A meeting booked ahead with one client. Work done is still recorded as an activity after
# it: an appointment is what the coach and the participant have agreed to, shown on both
# sides, and nothing is counted from it.


class AppointmentWay(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")


class Appointment(models.Model):
    """A coaching appointment booked with one client; cancelled, it stays with the time it
    was cancelled so that both sides can see it was."""

    area = models.ForeignKey(
        EmploymentArea,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("employment area"),
    )
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="appointments", verbose_name=_("client")
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("coach"),
    )
    starts_at = models.DateTimeField(_("starts"))
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    way = models.CharField(_("way of meeting"), max_length=10, choices=AppointmentWay.choices)
    place = models.CharField(
        _("place"),
        max_length=300,
        blank=True,
        help_text=_("An address, or the link to the video meeting."),
    )
    # Shown to the participant on their own pages, as written.
    note_for_client = models.CharField(
        _("note for the client"),
        max_length=300,
        blank=True,
        help_text=_("What the person should bring or know. The person sees this text."),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=ACTIVITY_MAX_MINUTES),
                name="appointment_minutes_in_range",
                violation_error_message=_("The duration must be 1–480 minutes."),
            )
        ]
        indexes = [
            models.Index(fields=["client", "starts_at"], name="appointment_client_start"),
            models.Index(fields=["area", "starts_at"], name="appointment_area_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_way_display()} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


register.declare(
    Appointment,
    register.CLIENT_RECORD,
    {
        register.CLIENT_SERVICE_DATA: [
            "area",
            "client",
            "starts_at",
            "minutes",
            "way",
            "place",
            "note_for_client",
            "cancelled_at",
            "created_at",
        ],
        register.HANDLED_BY: ["coach"],
    },
)


class ImportRun(models.Model):
    """One client import, run as a background job: its progress while it runs and its row
    report once done. The uploaded file is kept, encrypted, only until the job ends."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    area = models.ForeignKey(
        EmploymentArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("imported by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    created = models.PositiveIntegerField(_("created clients"), default=0)
    updated = models.PositiveIntegerField(_("updated clients"), default=0)
    # The refused rows: row number, identity code as written, reasons.
    errors = EncryptedJSONField(_("refused rows"), default=list)
    # The uploaded file, base64, until the job has read it through; emptied then.
    upload = EncryptedTextField(_("uploaded file"), blank=True)

    class Meta:
        verbose_name = _("client import")
        verbose_name_plural = _("client imports")

    def __str__(self) -> str:
        created = timezone.localtime(self.created_at)
        return f"{self.area} {created:%Y-%m-%d %H:%M} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


register.declare(
    ImportRun,
    register.CLIENT_RECORD,
    {
        register.CLIENT_IDENTITY: ["errors", "upload"],
        register.CLIENT_SERVICE_DATA: [
            "area",
            "status",
            "created_at",
            "finished_at",
            "rows_total",
            "rows_done",
            "created",
            "updated",
        ],
        register.HANDLED_BY: ["actor"],
    },
)
