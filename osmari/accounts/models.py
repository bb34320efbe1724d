from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osmari.core import register
from osmari.core.models import EmploymentArea, Municipality


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address. What they may do comes from Membership."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=[("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")],
        default="fi",
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("technical administrator"),
        default=False,
        help_text=_("May use the technical administration pages."),
    )
    date_joined = models.DateTimeField(_("created"), default=timezone.now)
    # The account's retention (two years) is counted from its last role's end: the day it
    # was deactivated, unless a lent role ran out first.
    deactivated_on = models.DateField(_("deactivated"), null=True, blank=True)
    # When its retention ended: the name, address and login went; the row stays, because
    # the records its holder made point to it. Pseudonymous, not anonymous.
    personal_data_removed_on = models.DateField(_("personal data removed"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        if self.personal_data_removed_on:
            return self.pseudonym
        return self.full_name or self.email

    @property
    def pseudonym(self) -> str:
        """How an account whose retention ended is shown beside the records its holder made:
        by its number, which is a pseudonym, not an anonymous name."""
        return _("Former user #%(id)s") % {"id": self.pk}

    def get_full_name(self) -> str:
        return self.full_name or (self.pseudonym if self.personal_data_removed_on else "")

    def get_short_name(self) -> str:
        if self.personal_data_removed_on:
            return self.pseudonym
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    COACH = "coach", _("Coach")
    MANAGER = "manager", _("Programme manager")
    ANALYST = "analyst", _("Analyst")
    AREA_ADMIN = "area_admin", _("Area administrator")
    EMPLOYER_SERVICES = "employer_services", _("Employer services")
    FINANCE = "finance", _("Finance")
    AUDITOR = "auditor", _("Auditor")
    DATA_PROTECTION_OFFICER = "dpo", _("Data protection officer")
    ORG_CONTACT = "org_contact", _("Organisation contact")
    MUNICIPAL = "municipal", _("Municipal representative")


# The roles held in an employment area itself; an organisation contact's role is held in
# one host organisation and recorded on the organisation's side
# (`employers.OrganisationMembership`), so that this app never points at a higher one.
AREA_ROLES = [
    Role.COACH,
    Role.MANAGER,
    Role.ANALYST,
    Role.AREA_ADMIN,
    Role.EMPLOYER_SERVICES,
    Role.FINANCE,
    Role.AUDITOR,
    Role.DATA_PROTECTION_OFFICER,
    Role.MUNICIPAL,
]
# An auditor's access is lent for one audit: it always ends on a date.
ROLES_THAT_EXPIRE = frozenset({Role.AUDITOR})


class Membership(models.Model):
    """A role a user holds in one employment area."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        _("role"), max_length=20, choices=[(role.value, role.label) for role in AREA_ROLES]
    )
    area = models.ForeignKey(
        EmploymentArea,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("employment area"),
    )
    # A municipal representative acts for one municipality of the area and sees its figures
    # only; no other role is tied to a municipality.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The last day the role is held; empty for a role held until it is taken away.
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    # The periodic access review: when an administrator last confirmed the role is still needed.
    confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["area__name_fi", "role"]
        verbose_name = _("role membership")
        verbose_name_plural = _("role memberships")
        constraints = [
            # An organisation contact belongs to one organisation: granted there, not here.
            models.CheckConstraint(
                condition=~models.Q(role="org_contact"), name="membership_is_an_area_role"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "area"], name="membership_unique_area_role_held"
            ),
            models.CheckConstraint(
                condition=~models.Q(role="auditor") | models.Q(expires_on__isnull=False),
                name="membership_auditor_access_expires",
                violation_error_message=_("An auditor's access needs the date it ends."),
            ),
            models.CheckConstraint(
                condition=(Q(role="municipal") & Q(municipality__isnull=False))
                | (~Q(role="municipal") & Q(municipality__isnull=True)),
                name="membership_municipal_role_has_municipality",
                violation_error_message=_(
                    "A municipal representative acts for one municipality; no other role has one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.area}"


class Invitation(models.Model):
    """A link that lets an invited person take their account into use: once, and briefly.

    Only a hash of the secret in the link is kept, so the table alone opens nothing."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    area = models.ForeignKey(
        EmploymentArea, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("taken into use"), null=True, blank=True)
    # A newer invitation to the same person, or the administrator, cancels this one.
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.user} {timezone.localtime(self.created_at):%Y-%m-%d}"


class ExternalIdentity(models.Model):
    """The account at an identity provider that signs this user in.

    Bound by the provider's issuer and the user's immutable subject identifier, never by an
    e-mail address, which the provider's users can often change themselves."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    issuer = models.CharField(_("identity provider"), max_length=255)
    subject = models.CharField(_("subject identifier"), max_length=255)
    bound_at = models.DateTimeField(_("bound"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="external_identity_unique_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.issuer}"


# The register of personal data (docs/register.md).
register.declare(
    User,
    register.ACCOUNT_RECORD_TYPE,
    {
        register.USER_ACCOUNT: [
            "password",
            "last_login",
            "is_superuser",
            "email",
            "full_name",
            "preferred_language",
            "is_active",
            "is_staff",
            "date_joined",
            "deactivated_on",
            "personal_data_removed_on",
            "groups",
            "user_permissions",
        ]
    },
)
register.declare(
    Membership,
    register.ACCOUNT_RECORD_TYPE,
    {
        register.USER_ACCOUNT: [
            "user",
            "role",
            "area",
            "municipality",
            "created_at",
            "expires_on",
            "confirmed_at",
            "confirmed_by",
        ]
    },
)
register.declare(
    Invitation,
    register.ACCOUNT_RECORD_TYPE,
    {
        register.USER_ACCOUNT: [
            "user",
            "token_hash",
            "invited_by",
            "area",
            "created_at",
            "expires_at",
            "accepted_at",
            "cancelled_at",
        ]
    },
)
register.declare(
    ExternalIdentity,
    register.ACCOUNT_RECORD_TYPE,
    {register.USER_ACCOUNT: ["user", "issuer", "subject", "bound_at", "last_used_at"]},
)
