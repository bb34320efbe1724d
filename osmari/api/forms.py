from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from osmari.api.models import TokenKind
from osmari.api.tokens import DEFAULT_DAYS, LONGEST_DAYS


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class TokenIssueForm(forms.Form):
    """A new token. The view passes in the kinds and organisations the user may issue for,
    from the selectors: a choice outside them is refused here, and nothing is saved."""

    name = forms.CharField(
        label=_("What it is for"),
        max_length=100,
        help_text=_(
            "The system that uses the token, for example “Client register of the city”. "
            "The log names every call by it."
        ),
        error_messages={"required": _("Say which system uses the token.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), widget=forms.RadioSelect)
    organisation = OrganisationChoice(
        label=_("Organisation"),
        queryset=None,
        required=False,
        empty_label=None,
        help_text=_("The token reaches this organisation's own data only."),
    )
    write = forms.BooleanField(
        label=_("May also write"),
        required=False,
        help_text=_("Without this the token only reads. A reporting token always only reads."),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        initial=DEFAULT_DAYS,
        min_value=1,
        max_value=LONGEST_DAYS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, kinds, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        # Put together in the request's language, not once when the module is read.
        days = self.fields["days"]
        days.help_text = gettext(
            "1 to %(days)s days. When they are over, the key stops working."
        ) % {"days": LONGEST_DAYS}
        refused = gettext("A token is valid for 1 to %(days)s days.") % {"days": LONGEST_DAYS}
        days.error_messages.update(
            dict.fromkeys(("required", "invalid", "min_value", "max_value"), refused)
        )
        self.fields["kind"].choices = kinds
        self.fields["kind"].initial = kinds[0][0] if kinds else None
        if len(kinds) == 1:
            # A contact issues only their organisation's tokens: nothing to choose.
            self.fields["kind"].widget = forms.HiddenInput()
        organisation = self.fields["organisation"]
        organisation.queryset = organisations
        if not organisations:
            del self.fields["organisation"]
        elif len(organisations) == 1:
            organisation.initial = organisations[0].pk

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == TokenKind.REPORTING and data.get("write"):
            self.add_error("write", _("A reporting token only reads."))
        if kind == TokenKind.ORGANISATION:
            if not data.get("organisation") and "organisation" not in self.errors:
                self.add_error("organisation", _("Choose the organisation."))
        else:
            # Only an organisation's token names an organisation.
            data["organisation"] = None
        return data
