from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osmari.core import register
from osmari.core.models import EmploymentArea


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

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    COACH = "coach", _("Coach")
    MANAGER = "manager", _("Programme manager")
    ANALYST = "analyst", _("Analyst")
    AREA_ADMIN = "area_admin", _("Area administrator")
    ORG_CONTACT = "org_contact", _("Organisation contact")


# The roles held in an employment area itself; an organisation contact's role is held in
# one host organisation and recorded on the organisation's side
# (`employers.OrganisationMembership`), so that this app never points at a higher one.
AREA_ROLES = [Role.COACH, Role.MANAGER, Role.ANALYST, Role.AREA_ADMIN]


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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

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
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.area}"


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
            "groups",
            "user_permissions",
        ]
    },
)
register.declare(
    Membership,
    register.ACCOUNT_RECORD_TYPE,
    {register.USER_ACCOUNT: ["user", "role", "area", "created_at"]},
)
