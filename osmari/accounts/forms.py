from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osmari.accounts.models import AREA_ROLES, ROLES_THAT_EXPIRE, Role, User
from osmari.accounts.selectors import AuditFilter, UserFilter
from osmari.core.validators import date_in_range


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self):
        return self.cleaned_data["username"].lower()


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[date_in_range],
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[date_in_range],
    )
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=60,
        help_text=_("Words of its name in the log, for example “logged in”."),
    )
    actor = forms.CharField(label=_("Actor's e-mail"), required=False, max_length=254)
    person_ref = forms.CharField(
        label=_("Person concerned"),
        required=False,
        max_length=80,
        help_text=_("As in the log, for example client:42."),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return cleaned

    def to_filter(self) -> AuditFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return AuditFilter(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            action=data.get("action", ""),
            actor=data.get("actor", ""),
            person_ref=data.get("person_ref", ""),
        )


def _area_role_choices():
    # A municipal representative is granted with the municipality they act for, which
    # these forms do not ask.
    return [(role.value, role.label) for role in AREA_ROLES if role != Role.MUNICIPAL]


class _RoleExpiry(forms.Form):
    """A role's end date: required for an auditor, never in the past."""

    expires_on = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[date_in_range],
        help_text=_("Leave empty for a role held until it is removed. Required for an auditor."),
    )

    def _check_expiry(self, roles: list[str]) -> None:
        expires_on = self.cleaned_data.get("expires_on")
        if expires_on and expires_on < timezone.localdate():
            self.add_error("expires_on", _("The end date must not be in the past."))
        if not expires_on and any(Role(role) in ROLES_THAT_EXPIRE for role in roles):
            self.add_error("expires_on", _("An auditor's access needs the date it ends."))


class UserInviteForm(_RoleExpiry):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    full_name = forms.CharField(label=_("Name"), max_length=150)
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=User._meta.get_field("preferred_language").choices,
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles in the area"),
        choices=_area_role_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one role.")},
    )
    field_order = ["email", "full_name", "language", "roles", "expires_on"]

    def clean(self):
        cleaned = super().clean()
        self._check_expiry(cleaned.get("roles") or [])
        return cleaned


class RoleAddForm(_RoleExpiry):
    role = forms.ChoiceField(label=_("Role"), choices=_area_role_choices)
    field_order = ["role", "expires_on"]

    def clean(self):
        cleaned = super().clean()
        self._check_expiry([cleaned["role"]] if cleaned.get("role") else [])
        return cleaned


class DeactivateForm(forms.Form):
    reason = forms.CharField(
        label=_("Why"),
        max_length=200,
        help_text=_("For example: left the organisation on 30.11."),
    )


class UserFilterForm(forms.Form):
    text = forms.CharField(label=_("Name or e-mail"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=lambda: [("", _("All")), *_area_role_choices()]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            ("active", _("Active")),
            ("invited", _("Invited, not yet in use")),
            ("inactive", _("Deactivated")),
            ("review_due", _("Roles to confirm")),
        ],
    )

    def to_filter(self) -> UserFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return UserFilter(
            text=data.get("text", ""), role=data.get("role", ""), status=data.get("status", "")
        )


class SecondFactorForm(forms.Form):
    """A code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class AuthenticatorSetupForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=32,
        help_text=_("Six digits, shown by the app after you add Osmari to it."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
