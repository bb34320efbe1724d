from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from osmari.reporting.municipal_services import AMOUNT, PERCENT


class MunicipalSharesForm(forms.Form):
    """One value and its decision per municipality of the area; empty for no share."""

    basis = forms.ChoiceField(
        label=_("The shares are decided as"),
        choices=[(PERCENT, _("shares in per cent")), (AMOUNT, _("sums in euros"))],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, municipalities, shares, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = list(municipalities)
        by_municipality = {share.municipality_id: share for share in shares}
        if shares:
            self.fields["basis"].initial = PERCENT if shares[0].percent is not None else AMOUNT
        else:
            self.fields["basis"].initial = PERCENT
        for municipality in self.municipalities:
            share = by_municipality.get(municipality.pk)
            value = None
            if share is not None:
                value = share.percent if share.percent is not None else share.amount
            self.fields[f"value_{municipality.pk}"] = forms.DecimalField(
                label=str(municipality),
                required=False,
                min_value=Decimal(0),
                max_digits=12,
                decimal_places=2,
                initial=value,
            )
            self.fields[f"decision_{municipality.pk}"] = forms.CharField(
                label=_("Decision (%(municipality)s)") % {"municipality": municipality},
                required=False,
                max_length=200,
                initial=share.decision if share else "",
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("basis") == PERCENT:
            for municipality in self.municipalities:
                value = cleaned.get(f"value_{municipality.pk}")
                if value is not None and value > 100:
                    self.add_error(
                        f"value_{municipality.pk}", _("A share is at most 100 per cent.")
                    )
        return cleaned

    def rows(self):
        """(municipality, value field, decision field) for the template."""
        return [(m, self[f"value_{m.pk}"], self[f"decision_{m.pk}"]) for m in self.municipalities]

    def shares(self) -> dict:
        return {
            m: (self.cleaned_data[f"value_{m.pk}"], self.cleaned_data[f"decision_{m.pk}"])
            for m in self.municipalities
        }
