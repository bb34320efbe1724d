from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osmari.core.uploads import NOT_A_TABLE, TABLE_KINDS, CheckedFileField
from osmari.core.validators import date_in_range
from osmari.extracts import mapping
from osmari.extracts.models import ExtractMapping

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ExtractImportForm(forms.Form):
    file = CheckedFileField(
        kinds=TABLE_KINDS,
        wrong_kind_message=NOT_A_TABLE,
        label=_("Extract file (CSV or XLSX)"),
        help_text=_("One fact a row, the first row the column names (see the mapping)."),
    )
    extracted_on = forms.DateField(
        label=_("Date of the extract"),
        widget=DATE,
        validators=[date_in_range],
        help_text=_("The day the extract was taken from the national system."),
    )

    def clean_extracted_on(self):
        day = self.cleaned_data["extracted_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The extract cannot be from a future day."))
        return day


CODE_PROBLEMS = {
    "format": _("Line %(number)s “%(text)s”: write one code a line as code = meaning."),
    "target": _("Line %(number)s “%(text)s”: the meaning must be one of %(allowed)s."),
    "duplicate": _("Line %(number)s “%(text)s”: this code is already on an earlier line."),
}


class ExtractMappingForm(forms.ModelForm):
    class Meta:
        model = ExtractMapping
        fields = [
            *(f"column_{name}" for name in mapping.FIELDS),
            *(f"kind_{kind}" for kind in mapping.KINDS),
            "status_codes",
            "service_codes",
        ]
        widgets = {
            "status_codes": forms.Textarea(attrs={"rows": 12}),
            "service_codes": forms.Textarea(attrs={"rows": 8}),
        }

    def _codes(self, name: str, allowed: tuple[str, ...]) -> str:
        text = self.cleaned_data[name]
        codes, problems = mapping.parse_codes(text, allowed)
        if problems:
            raise forms.ValidationError(
                [
                    CODE_PROBLEMS[p.problem]
                    % {"number": p.number, "text": p.text[:60], "allowed": ", ".join(allowed)}
                    for p in problems
                ]
            )
        if not codes:
            raise forms.ValidationError(_("Give at least one code."))
        return mapping.format_codes(codes)

    def clean_status_codes(self) -> str:
        return self._codes("status_codes", mapping.STATUS_TARGETS)

    def clean_service_codes(self) -> str:
        return self._codes("service_codes", mapping.SERVICE_TARGETS)

    def clean(self):
        cleaned = super().clean()
        for group, names in (("column", mapping.FIELDS), ("kind", mapping.KINDS)):
            seen: dict[str, str] = {}
            for name in names:
                field_name = f"{group}_{name}"
                value = mapping.normalise(cleaned.get(field_name) or "")
                if not value:
                    continue
                cleaned[field_name] = value
                if value in seen:
                    self.add_error(
                        field_name,
                        _("“%(value)s” is already given for “%(other)s”.")
                        % {"value": value, "other": self.fields[seen[value]].label},
                    )
                else:
                    seen[value] = field_name
        return cleaned


class DifferenceForm(forms.Form):
    key = forms.CharField(max_length=80, widget=forms.HiddenInput)
    # What the person was shown of the difference (`reconcile.seen_token`); a missing one
    # is as stale as a changed one.
    seen = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)


class NoteForm(DifferenceForm):
    # Not required here: the service says what to write, next to the row.
    note = forms.CharField(
        label=_("Why the register's value is not taken"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
