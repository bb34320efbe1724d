"""The ESF+ indicator facts: each enrolment's verdicts, kept so that the indicators are counted
in the database instead of person by person on every request.

A fact is derived data: `osmari.reporting.facts` writes it with the registry's own rules
(`osmari.reporting.indicators`), and nothing else does. No rule depends on the reporting
period; only who belongs to a period's population does, and that is read from the dates kept
here.
"""

from __future__ import annotations

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from osmari.clients.models import Enrolment
from osmari.core import register
from osmari.core.models import EmploymentArea, Municipality

# The participant indicators that are counted, each with its verdict column (see
# `facts.VERDICT_CODES`: a test holds the two to the registry).
VERDICT_COLUMNS = (
    "eeco01",
    "eeco02",
    "eeco03",
    "eeco04",
    "eeco05",
    "eeco06",
    "eeco07",
    "eeco08",
    "eeco09",
    "eeco10",
    "eeco11",
    "eecr01",
    "eecr02",
    "eecr03",
    "eecr04",
    "eecr05",
    "eecr06",
)


def _verdict(code: str) -> models.BooleanField:
    return models.BooleanField(code.upper(), null=True)


class IndicatorFact(models.Model):
    """One enrolment as the participant indicators see it: its verdict for each (True counts,
    False does not, None: data missing), and what decides which period's population it is in."""

    enrolment = models.OneToOneField(
        Enrolment,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="indicator_fact",
        verbose_name=_("programme enrolment"),
    )
    # The client's key: the indicators' lists of people are lists of clients.
    ref = models.PositiveIntegerField(_("client"))
    area = models.ForeignKey(
        EmploymentArea,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the indexes below lead with the area
        verbose_name=_("area"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_index=False,
        verbose_name=_("municipality"),
    )
    # women, men, non_binary, or "" for a gender not stated.
    gender = models.CharField(_("gender group"), max_length=12, blank=True)
    entered_on = models.DateField(_("entry date"))
    left_on = models.DateField(_("exit date"), null=True)
    followed_up = models.BooleanField(_("six-month follow-up recorded"), default=False)
    eeco01 = _verdict("eeco01")
    eeco02 = _verdict("eeco02")
    eeco03 = _verdict("eeco03")
    eeco04 = _verdict("eeco04")
    eeco05 = _verdict("eeco05")
    eeco06 = _verdict("eeco06")
    eeco07 = _verdict("eeco07")
    eeco08 = _verdict("eeco08")
    eeco09 = _verdict("eeco09")
    eeco10 = _verdict("eeco10")
    eeco11 = _verdict("eeco11")
    eecr01 = _verdict("eecr01")
    eecr02 = _verdict("eecr02")
    eecr03 = _verdict("eecr03")
    eecr04 = _verdict("eecr04")
    eecr05 = _verdict("eecr05")
    eecr06 = _verdict("eecr06")
    # The verdicts, gender group and follow-up in one number (`facts.signature`): the count
    # groups on it, one key instead of a conditional count per verdict.
    signature = models.BigIntegerField(_("verdicts in one"))
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("indicator fact")
        verbose_name_plural = _("indicator facts")
        indexes = [
            # A period's populations of one area, and of the whole country, with the signature
            # the count groups on: the count reads these indexes and never the table.
            models.Index(fields=["area", "entered_on", "signature"], name="fact_area_entered_sig"),
            models.Index(fields=["area", "left_on", "signature"], name="fact_area_left_sig"),
            models.Index(fields=["entered_on", "signature"], name="fact_entered_sig"),
            models.Index(fields=["left_on", "signature"], name="fact_left_sig"),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.entered_on}"


class IndicatorFactMark(models.Model):
    """How far the facts have caught up with writes that bypassed `save()`: the last
    enrolment and status spell looked at, and when every source was last compared."""

    last_enrolment = models.BigIntegerField(_("last enrolment seen"), default=0)
    last_spell = models.BigIntegerField(_("last status period seen"), default=0)
    checked_at = models.DateTimeField(_("sources last compared"), null=True)

    class Meta:
        verbose_name = _("indicator facts' mark")
        verbose_name_plural = _("indicator facts' marks")

    def __str__(self) -> str:
        return f"{self.last_enrolment} {self.last_spell} {self.checked_at}"


register.no_personal_data(IndicatorFactMark, _("How far the indicator facts have caught up"))


def _tally(code: str, missing: bool = False) -> models.IntegerField:
    if missing:
        # Lazy as a whole, so that the name follows the reader's language.
        return models.IntegerField(
            format_lazy(_("{code}, data missing"), code=code.upper()), default=0
        )
    return models.IntegerField(code.upper(), default=0)


class IndicatorMonth(models.Model):
    """The facts of one area's month, counted: of the people whose entry (or leaving, or
    leaving with the six-month follow-up recorded) falls in the month, by gender group, how
    many there are and how many each indicator counts or lacks data for. Kept in step with
    the facts in the same transaction (`facts`), so that a period's indicators over the
    whole country read a few thousand of these instead of every fact."""

    POPULATIONS = ("entered", "left", "followed_up")

    area = models.ForeignKey(
        EmploymentArea,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the unique key leads with the area
        verbose_name=_("area"),
    )
    month = models.DateField(_("month (its first day)"))
    population = models.CharField(_("population"), max_length=12)
    # women, men, non_binary, or "" for a gender not stated.
    gender = models.CharField(_("gender group"), max_length=12, blank=True)
    members = models.IntegerField(_("people"), default=0)
    eeco01 = _tally("eeco01")
    eeco01_missing = _tally("eeco01", missing=True)
    eeco02 = _tally("eeco02")
    eeco02_missing = _tally("eeco02", missing=True)
    eeco03 = _tally("eeco03")
    eeco03_missing = _tally("eeco03", missing=True)
    eeco04 = _tally("eeco04")
    eeco04_missing = _tally("eeco04", missing=True)
    eeco05 = _tally("eeco05")
    eeco05_missing = _tally("eeco05", missing=True)
    eeco06 = _tally("eeco06")
    eeco06_missing = _tally("eeco06", missing=True)
    eeco07 = _tally("eeco07")
    eeco07_missing = _tally("eeco07", missing=True)
    eeco08 = _tally("eeco08")
    eeco08_missing = _tally("eeco08", missing=True)
    eeco09 = _tally("eeco09")
    eeco09_missing = _tally("eeco09", missing=True)
    eeco10 = _tally("eeco10")
    eeco10_missing = _tally("eeco10", missing=True)
    eeco11 = _tally("eeco11")
    eeco11_missing = _tally("eeco11", missing=True)
    eecr01 = _tally("eecr01")
    eecr01_missing = _tally("eecr01", missing=True)
    eecr02 = _tally("eecr02")
    eecr02_missing = _tally("eecr02", missing=True)
    eecr03 = _tally("eecr03")
    eecr03_missing = _tally("eecr03", missing=True)
    eecr04 = _tally("eecr04")
    eecr04_missing = _tally("eecr04", missing=True)
    eecr05 = _tally("eecr05")
    eecr05_missing = _tally("eecr05", missing=True)
    eecr06 = _tally("eecr06")
    eecr06_missing = _tally("eecr06", missing=True)

    class Meta:
        verbose_name = _("indicator month")
        verbose_name_plural = _("indicator months")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "month", "population", "gender"], name="indicator_month_key"
            )
        ]
        indexes = [models.Index(fields=["month"], name="indicator_month_month")]

    def __str__(self) -> str:
        return f"{self.area_id} {self.month:%Y-%m} {self.population} {self.gender}"


register.no_personal_data(
    IndicatorMonth,
    _("Counts of people by area, month and gender group, derived from the indicator facts"),
)


register.declare(
    IndicatorFact,
    register.PARTICIPANT_RECORD,
    {
        register.CLIENT_ESF: [
            "ref",
            "area",
            "municipality",
            "gender",
            "entered_on",
            "left_on",
            "followed_up",
            *VERDICT_COLUMNS,
            "signature",
        ]
    },
    not_personal=["computed_at"],
)
