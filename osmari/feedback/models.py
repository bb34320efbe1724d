from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from osmari.clients.models import Client
from osmari.core import register
from osmari.core.i18n import current_language, localized
from osmari.core.models import EmploymentArea, Municipality
from osmari.employers.models import Organisation
from osmari.placements.models import Placement


class Audience(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    INSTRUCTOR = "instructor", _("Workplace instructor")
    ORGANISATION = "organisation", _("Host organisation")


class Moment(models.TextChoices):
    START = "start", _("One week after the start")
    MIDDLE = "middle", _("At the midpoint")
    END = "end", _("At the end")
    ANNUAL = "annual", _("Once a year")


class FormLanguage(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    PLAIN_FINNISH = "fi_plain", _("Plain Finnish")
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


class Survey(models.Model):
    """A survey that keeps its identity across versions (e.g. the participant's end survey)."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    moment = models.CharField(_("when"), max_length=8, choices=Moment.choices)
    title_fi = models.CharField(max_length=150)
    title_sv = models.CharField(max_length=150)
    title_en = models.CharField(max_length=150)
    title_fi_plain = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["audience", "key"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return localized(self, "title")

    def current_version(self, area=None):
        """The version new invitations of the area use outside a pilot: the area's own
        published version, else the shared one every area starts from."""
        versions = self.versions.order_by("-number")
        published = versions.filter(status=VersionStatus.PUBLISHED)
        own = published.filter(area=area).first() if area is not None else None
        return (
            own
            or published.filter(area__isnull=True).first()
            or published.first()
            or versions.first()
        )


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PILOT = "pilot", _("In pilot")
    PUBLISHED = "published", _("In use")
    RETIRED = "retired", _("Retired")


class SurveyVersion(models.Model):
    """One wording of a survey. Once anyone is invited to it, it never changes.

    A version is drafted by an area's manager, may be piloted with some of the area's
    organisations, and is then published: new invitations use it and the one in use before
    it is retired. Answers keep the version they were given to."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    # The area whose manager drafted it; the ready-made versions have none.
    area = models.ForeignKey(
        EmploymentArea, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What is collected, why, who sees it, and that answering is voluntary.
    notice_fi = models.TextField()
    notice_sv = models.TextField()
    notice_en = models.TextField()
    notice_fi_plain = models.TextField(blank=True)
    # Shown above the questions: how to answer.
    guidance_fi = models.TextField(_("guidance in Finnish"), blank=True)
    guidance_sv = models.TextField(_("guidance in Swedish"), blank=True)
    guidance_en = models.TextField(_("guidance in English"), blank=True)
    guidance_fi_plain = models.TextField(_("guidance in plain Finnish"), blank=True)
    # The change record: what changed from the version before, why, and what prompted it.
    change_summary = models.TextField(_("what changed"), blank=True)
    change_reason = models.TextField(_("why"), blank=True)
    prompted_by_change = models.ForeignKey(
        "ServiceChange",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_versions",
        verbose_name=_("prompted by a change made from feedback"),
    )
    prompted_by_question = models.ForeignKey(
        "Question",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prompted by the answers to a question"),
    )
    prompted_by_theme = models.CharField(
        _("prompted by a theme in the answers"), max_length=200, blank=True
    )
    # A pilot: invitations due in these days for the chosen organisations use this version.
    pilot_from = models.DateField(_("pilot from"), null=True, blank=True)
    pilot_until = models.DateField(_("pilot until"), null=True, blank=True)
    piloted_on = models.DateField(_("piloted on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survey", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="survey_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.survey} v{self.number}"

    @property
    def in_use(self) -> bool:
        return self.pk is not None and self.invitations.exists()


class QuestionKind(models.TextChoices):
    SCALE_5 = "scale5", _("Scale 1–5")
    SCALE_10 = "scale10", _("Scale 0–10")
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")


class FollowUpReason(models.TextChoices):
    LOW_WELLBEING = "low_wellbeing", _("Low wellbeing")
    MISSING_GUIDANCE = "missing_guidance", _("Missing guidance")
    WANTS_TO_STOP = "wants_to_stop", _("Wants to stop")


class Question(models.Model):
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="questions")
    order = models.PositiveSmallIntegerField()
    key = models.SlugField(max_length=40)
    kind = models.CharField(max_length=12, choices=QuestionKind.choices)
    required = models.BooleanField(default=False)
    text_fi = models.CharField(max_length=300)
    text_sv = models.CharField(max_length=300)
    text_en = models.CharField(max_length=300)
    text_fi_plain = models.CharField(max_length=300, blank=True)
    # [{"value": "yes", "fi": "Kyllä", "sv": "Ja", "en": "Yes", "fi_plain": "Kyllä"}, ...]
    choices = models.JSONField(default=list, blank=True)
    # An answer at most `at_most` on a scale, or one of `choices`, signals a problem.
    signal_at_most = models.PositiveSmallIntegerField(null=True, blank=True)
    signal_choices = models.JSONField(default=list, blank=True)
    signal_reason = models.CharField(max_length=20, choices=FollowUpReason.choices, blank=True)

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="question_key_unique")
        ]

    def __str__(self) -> str:
        return self.text_in(current_language())

    def save(self, *args, **kwargs):
        if self.version.in_use:
            raise ValidationError(
                _("This survey version is in use and cannot change; make a new version.")
            )
        super().save(*args, **kwargs)

    def text_in(self, language: str) -> str:
        return localized(self, "text", fallbacks=("fi",), language=language)

    def choice_label(self, value: str, language: str) -> str:
        for choice in self.choices:
            if choice["value"] == value:
                return choice.get(language) or choice.get("fi") or value
        return value

    @property
    def is_text(self) -> bool:
        return self.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)

    @property
    def is_scale(self) -> bool:
        return self.kind in (QuestionKind.SCALE_5, QuestionKind.SCALE_10)


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PRINT = "print", _("Printed sheet with a QR code")
    LINK = "link", _("Link given by the coach")


class Invitation(models.Model):
    """One person's invitation to answer once. The token is kept only as its hash."""

    area = models.ForeignKey(EmploymentArea, on_delete=models.PROTECT, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="invitations")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="invitations")
    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # What makes the invitation unique: the scheduler makes each at most once.
    due_key = models.CharField(max_length=80, unique=True)
    due_on = models.DateField(_("due"))
    language = models.CharField(_("language"), max_length=8, choices=FormLanguage.choices)
    email = models.EmailField(blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_on = models.DateField(_("expires"))
    channel = models.CharField(max_length=8, choices=Channel.choices, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # The start of the day when the answers are anonymous: a to-the-second time would pair
    # the invitation with its response by the order they were saved in.
    answered_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_on", "-id"]
        indexes = [models.Index(fields=["area", "due_on"], name="invitation_area_due")]

    def __str__(self) -> str:
        return f"{self.survey} {self.due_on}"

    @property
    def is_closed(self) -> bool:
        return self.answered_at is not None or self.declined_at is not None


class Response(models.Model):
    """One submitted answer set. The grouping facts are copied here, so results are counted
    without reaching back to the person.

    A participant's answers are anonymous unless they let their coach see them: then, and
    for the instructor's view of a period, the response keeps its invitation (and the
    participant's answers their client). Otherwise nothing here leads back to the person:
    no invitation, no client, no form language, and only the month of answering."""

    invitation = models.OneToOneField(
        Invitation, on_delete=models.PROTECT, null=True, blank=True, related_name="response"
    )
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(EmploymentArea, on_delete=models.PROTECT, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position_kind = models.CharField(max_length=16, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The first day of the month answered in: results need no finer date, and an exact day
    # would match the invitation's answered day.
    submitted_on = models.DateField()
    language = models.CharField(max_length=8, choices=FormLanguage.choices, blank=True)
    # Participant answers reach their coach only with this consent, given on the form.
    client = models.ForeignKey(
        Client, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    share_with_coach = models.BooleanField(default=False)

    class Meta:
        ordering = ["-submitted_on", "-id"]
        indexes = [
            # On PostgreSQL with the groups, so that results count responses from it alone.
            models.Index(
                fields=["area", "survey", "submitted_on"],
                include=["organisation", "municipality", "position_kind"],
                name="response_area_survey_groups",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} {self.submitted_on}"

    def answer(self, question: Question | None = None, **values: Any) -> Answer:
        """An unsaved answer of this response to `question` (or `question_id=` in `values`),
        carrying what the results count it by."""
        if question is not None:
            values["question"] = question
        copied = {name: getattr(self, name) for name in RESPONSE_FACTS}
        return Answer(response=self, **copied, **values)


# What a response is counted by, copied onto each of its answers.
RESPONSE_FACTS = (
    "area_id",
    "survey_id",
    "submitted_on",
    "organisation_id",
    "position_kind",
    "municipality_id",
)


class Answer(models.Model):
    """One answer of a response. The response's grouping facts are copied onto each answer
    (made by `Response.answer`), so that an area's results read its own answers from one
    index, however many answers the rest of the country has given; a response's facts do
    not change after it is submitted, and its answers go with it."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    choices = models.JSONField(default=list, blank=True)
    area = models.ForeignKey(
        EmploymentArea, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="+", db_index=False)
    submitted_on = models.DateField()
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    position_kind = models.CharField(max_length=16, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once")]
        indexes = [
            models.Index(fields=["question", "number"], name="answer_question_number"),
            # On PostgreSQL the groups and the number are in the index, so a table of results
            # is read from it alone.
            models.Index(
                fields=["area", "survey", "question", "submitted_on"],
                include=["number", "organisation", "municipality", "position_kind"],
                name="answer_area_survey_question",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.key}={self.number or self.text or self.choices}"

    @property
    def shown(self) -> str:
        """The answer as the reader reads it: chosen options by their labels."""
        if self.number is not None:
            return str(self.number)
        if self.text:
            return self.text
        language = current_language()
        return ", ".join(self.question.choice_label(v, language) for v in self.choices)


class FollowUpTask(models.Model):
    """An answer that signals a problem: the coach should get in touch."""

    area = models.ForeignKey(EmploymentArea, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="follow_ups")
    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, null=True, blank=True, related_name="follow_ups"
    )
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="follow_ups")
    reason = models.CharField(_("reason"), max_length=20, choices=FollowUpReason.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("what was done"), max_length=500, blank=True)

    class Meta:
        ordering = ["done_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["response", "reason"], name="follow_up_once_per_reason")
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} – {self.client}"


class FollowUpLink(models.Model):
    """A link that lets a participant give their own six-month follow-up: two questions,
    answered once, before it expires. The token is kept only as its hash; the answer goes
    to the enrolment, marked as the person's."""

    area = models.ForeignKey(EmploymentArea, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="follow_up_links")
    token_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(_("language"), max_length=8, choices=FormLanguage.choices)
    expires_on = models.DateField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("six-month follow-up link")
        verbose_name_plural = _("six-month follow-up links")

    def __str__(self) -> str:
        return f"follow-up link {self.pk}"


class ServiceChange(models.Model):
    """ "You said, we did": a change made to the service because of the feedback."""

    area = models.ForeignKey(EmploymentArea, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("what was changed"), max_length=200)
    description = models.TextField(_("why, and what the feedback said"))
    changed_on = models.DateField(_("changed on"))
    question = models.ForeignKey(
        Question,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the feedback behind it"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_on", "-id"]
        verbose_name = _("change made from feedback")
        verbose_name_plural = _("changes made from feedback")

    def __str__(self) -> str:
        return self.title


class LinkMiss(models.Model):
    """Unknown feedback links asked for from one address in one time window: the answer
    pages are open to anyone, so guessing tokens is slowed down (kept in the database, as
    every server process must see the same count)."""

    address = models.GenericIPAddressField()
    window = models.PositiveIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["address", "window"], name="link_miss_once")]

    def __str__(self) -> str:
        return f"{self.address} {self.count}"


class SurveyPilot(models.Model):
    """An organisation whose invitations use a version in pilot."""

    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="pilots")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["version", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["version", "organisation"], name="survey_pilot_once")
        ]

    def __str__(self) -> str:
        return f"{self.version} – {self.organisation}"


# The register of personal data (docs/register.md).
for _published in (Survey, SurveyVersion, Question, SurveyPilot):
    register.no_personal_data(_published, _("The published survey"))
register.declare(
    Invitation,
    register.FEEDBACK_RECORD_TYPE,
    {
        register.FEEDBACK_DELIVERY: [
            "placement",
            "organisation",
            "language",
            "email",
            "token_hash",
            "channel",
            "sent_at",
            "reminded_at",
            "answered_at",
            "declined_at",
            "created_at",
        ]
    },
    not_personal=["area", "survey", "version", "due_key", "due_on", "expires_on"],
)
register.declare(
    Response,
    register.FEEDBACK_RECORD_TYPE,
    {
        register.FEEDBACK_ANSWERS: [
            "invitation",
            "organisation",
            "position_kind",
            "municipality",
            "submitted_on",
            "language",
            "client",
            "share_with_coach",
        ]
    },
    not_personal=["version", "area", "survey"],
)
register.declare(
    Answer,
    register.FEEDBACK_RECORD_TYPE,
    {
        register.FEEDBACK_ANSWERS: [
            "response",
            "number",
            "text",
            "choices",
            "organisation",
            "position_kind",
            "municipality",
            "submitted_on",
        ]
    },
    not_personal=["question", "area", "survey"],
)
register.declare(
    FollowUpTask,
    register.CLIENT_RECORD,
    {
        register.CLIENT_SERVICE_DATA: [
            "area",
            "client",
            "placement",
            "response",
            "reason",
            "created_at",
            "done_at",
            "note",
        ],
        register.HANDLED_BY: ["done_by"],
    },
)
register.declare(
    ServiceChange,
    register.PROGRAMME_RECORD_TYPE,
    {register.HANDLED_BY: ["recorded_by"]},
    not_personal=["area", "title", "description", "changed_on", "question", "created_at"],
)
register.declare(
    LinkMiss,
    register.LOG_RECORD_TYPE,
    # Addresses that tried links which do not exist, counted to slow down guessing.
    {register.LOG_DATA: ["address", "window", "count"]},
)
register.declare(
    FollowUpLink,
    register.PARTICIPANT_RECORD,
    {
        register.CLIENT_ESF: ["client", "language", "token_hash", "sent_at", "answered_at"],
        register.HANDLED_BY: ["sent_by"],
    },
    not_personal=["area", "expires_on"],
)
