"""The closed lists a client record chooses from, with their labels in the user's language."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    NOT_STATED = "not_stated", _("Not stated")


class Language(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")
    PLAIN_FINNISH = "fi_plain", _("Plain Finnish")
    OTHER = "other", _("Other")


class TriState(models.TextChoices):
    """Yes, no, or unknown / declined: ESF+ data must show what was not given."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown or declined")


class FollowUpSource(models.TextChoices):
    """Where the six-month follow-up's result came from: the register extract where it has
    it, otherwise a call the coach recorded or the person's own answer to a link."""

    EXTRACT = "extract", _("Register extract")
    CALL = "call", _("Call recorded by the coach")
    PERSON = "person", _("Answered by the person")


class Restriction(models.TextChoices):
    """Work-ability restrictions; positions state their demands in the same words."""

    NO_HEAVY_LIFTING = "no_heavy_lifting", _("No heavy lifting")
    NO_STANDING = "no_standing", _("No standing work")
    PART_TIME_ONLY = "part_time_only", _("Part-time only")
    NO_SHIFTS = "no_shifts", _("No shift work")
    QUIET_ENVIRONMENT = "quiet_environment", _("Quiet environment")
    ACCESSIBLE_PREMISES = "accessible_premises", _("Accessible premises")
    NO_OUTDOOR_WORK = "no_outdoor_work", _("No outdoor work")
    REGULAR_BREAKS = "regular_breaks", _("Regular breaks")
    NO_CUSTOMER_WORK = "no_customer_work", _("No customer service")


class SpellStatus(models.TextChoices):
    UNEMPLOYED = "unemployed", _("Unemployed")
    EMPLOYED = "employed", _("Employed")
    WORK_TRIAL = "work_trial", _("Work trial")
    WAGE_SUBSIDY = "wage_subsidy", _("Wage-subsidised work")
    EDUCATION = "education", _("Education")
    OTHER_SERVICE = "other_service", _("Other service")
    OUTSIDE_LABOUR_FORCE = "outside_labour_force", _("Outside the labour force")


class ConsentPurpose(models.TextChoices):
    SHARE_PROFILE = "share_profile", _("Share my profile with a host organisation")
    FEEDBACK_CONTACT = "feedback_contact", _("Contact me for feedback")
    FOLLOW_UP = "follow_up", _("Contact me six months after the programme")


class EuraStatus(models.TextChoices):
    NOT_YET = "no", _("Not yet")
    DONE = "yes", _("Entered by the participant")
    HELPED = "helped", _("Entered with staff help")


class SituationOnLeaving(models.TextChoices):
    JOB_SEARCHING = "job_searching", _("Job searching")
    EDUCATION = "education", _("In education or training")
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    INACTIVE = "inactive", _("Inactive")
    OTHER = "other", _("Other")


class EntryStatus(models.TextChoices):
    UNEMPLOYED = "unemployed", _("Unemployed")
    INACTIVE = "inactive", _("Inactive")
    EMPLOYED = "employed", _("Employed, including self-employed")
