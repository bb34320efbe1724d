"""Competence of everyone who works with the area's models, and the programme's
dissemination: kept apart from the programme's paid staff (`StaffMember`), since anyone with
a role in the area takes part, municipal coaches included."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from osmari.core import audit_actions, register
from osmari.reporting.models import Programme


class TrainingTopic(models.TextChoices):
    IDENTIFICATION = "identification", _("Identification model")
    FEEDBACK = "feedback", _("Feedback model")
    AGREEMENT = "agreement", _("Cooperation-agreement model")
    RECIPROCITY = "reciprocity", _("Reciprocity model")
    OTHER = "other", _("Other competence")


class TopicGoal(models.Model):
    """The programme's goal for one topic: which roles of the area's staff are trained in
    it, and by when."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="topic_goals")
    topic = models.CharField(_("topic"), max_length=20, choices=TrainingTopic.choices)
    # Area role values (accounts.Role): everyone holding one of them is to be trained.
    roles = models.JSONField(_("roles to be trained"), default=list)
    due_on = models.DateField(_("trained by"))

    class Meta:
        ordering = ["topic"]
        verbose_name = _("training goal")
        verbose_name_plural = _("training goals")
        constraints = [
            models.UniqueConstraint(fields=["programme", "topic"], name="topic_goal_one_per_topic")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.get_topic_display()}"


class AreaTraining(models.Model):
    """A training completed by someone with a role in the programme's area."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="area_trainings"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person trained"),
    )
    topic = models.CharField(_("topic"), max_length=20, choices=TrainingTopic.choices)
    title = models.CharField(_("training"), max_length=200)
    provider = models.CharField(_("provider"), max_length=150, blank=True)
    completed_on = models.DateField(_("completed"))
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "pk"]
        verbose_name = _("training of the area's staff")
        verbose_name_plural = _("trainings of the area's staff")

    def __str__(self) -> str:
        return self.title


class DisseminationKind(models.TextChoices):
    EVENT = "event", _("Event")
    PUBLICATION = "publication", _("Publication")
    MUNICIPAL_MEETING = "municipal_meeting", _("Meeting with a municipality")
    EMPLOYER_MEETING = "employer_meeting", _("Meeting with employers")
    SOCIAL_MEDIA = "social_media", _("Website or social media")
    OTHER = "other", _("Other communication")


class Audience(models.TextChoices):
    EMPLOYERS = "employers", _("Employers and organisations")
    MUNICIPALITIES = "municipalities", _("Municipalities")
    JOBSEEKERS = "jobseekers", _("Jobseekers")
    STAFF = "staff", _("Employment services' staff")
    PARTNERS = "partners", _("Other projects and partners")
    PUBLIC = "public", _("The general public")


class Dissemination(models.Model):
    """Something the programme communicated: what, to whom, when, with which material."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="dissemination")
    kind = models.CharField(_("kind"), max_length=20, choices=DisseminationKind.choices)
    title = models.CharField(_("what was communicated"), max_length=200)
    held_on = models.DateField(_("date"))
    audiences = models.JSONField(_("audiences"), default=list)
    reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    material_link = models.URLField(_("link to the material"), blank=True)
    material_file = models.FileField(
        _("material as a file"), upload_to="dissemination/%Y/", blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("dissemination")
        verbose_name_plural = _("dissemination")

    def __str__(self) -> str:
        return self.title

    @property
    def audience_labels(self) -> list[str]:
        names = dict(Audience.choices)
        return [str(names[value]) for value in self.audiences or [] if value in names]


register.no_personal_data(TopicGoal, _("The programme's training goals by topic and role"))
register.declare(
    AreaTraining,
    register.PROGRAMME_RECORD_TYPE,
    {
        register.PROJECT_STAFF: [
            "programme",
            "person",
            "topic",
            "title",
            "provider",
            "completed_on",
            "hours",
            "recorded_by",
            "recorded_at",
        ]
    },
)
register.declare(
    Dissemination,
    register.PROGRAMME_RECORD_TYPE,
    {register.PROJECT_STAFF: ["recorded_by", "recorded_at"]},
    not_personal=[
        "programme",
        "kind",
        "title",
        "held_on",
        "audiences",
        "reached",
        "description",
        "material_link",
        "material_file",
    ],
)

audit_actions.register(
    {
        "programme.area_training_add": _("Recorded a training of the area's staff"),
        "programme.topic_goal": _("Set a training goal"),
        "programme.dissemination_add": _("Recorded dissemination"),
        "programme.dissemination_material": _("Downloaded dissemination material"),
    }
)
