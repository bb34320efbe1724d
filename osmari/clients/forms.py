from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from osmari.clients.choices import ConsentPurpose, Restriction, SpellStatus
from osmari.clients.identity_codes import normalise_identity_code
from osmari.clients.models import (
    Client,
    ClientLanguage,
    Enrolment,
    JournalEntry,
    Plan,
    ServiceStage,
)
from osmari.clients.selectors import (
    LIST_COLUMNS,
    PROGRAMME_IN,
    PROGRAMME_LEFT,
    PROGRAMME_NONE,
    ClientFilter,
)
from osmari.core.models import PostalCode
from osmari.core.official import OfficialReferenceFields
from osmari.core.uploads import NOT_A_TABLE, TABLE_KINDS, CheckedFileField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Levels may be typed in the user's own language.
LEVEL_WORDS = {
    **{level: level for level in ClientLanguage.Level.values},
    "äidinkieli": "native",
    "sujuva": "fluent",
    "työkieli": "working",
    "perus": "basic",
    "modersmål": "native",
    "flytande": "fluent",
    "arbetsspråk": "working",
    "grund": "basic",
}
TRISTATE_BOOL = [("", _("Unknown")), ("true", _("Yes")), ("false", _("No"))]


def _tristate(value):
    return {"true": True, "false": False}.get(value)


class ClientForm(forms.ModelForm):
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=5,
        required=False,
        help_text=_("The municipality is filled in from the postcode when left empty."),
    )
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        max_length=200,
        help_text=_(
            "Language code and level, separated by commas, e.g. “fi native, en working, sv basic”."
            " Levels: native, fluent, working, basic."
        ),
    )
    restrictions = forms.MultipleChoiceField(
        label=_("Work-ability restrictions"),
        choices=Restriction.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # A correction the person asked for is recorded as one (GDPR art. 16): what was
    # corrected, when, and who asked and how.
    rectification = forms.BooleanField(
        label=_("This corrects an error at the person's request"), required=False
    )
    rectification_request = forms.CharField(
        label=_("Requested by and how"),
        max_length=200,
        required=False,
        help_text=_("For example: the person themself, by phone."),
    )

    class Meta:
        model = Client
        fields = [
            "first_name",
            "last_name",
            "gender",
            "email",
            "phone",
            "preferred_language",
            "street_address",
            "municipality",
            "education_level",
            "driving_licence",
            "own_car",
            "registered_jobseeker",
            "coach",
        ]
        help_texts = {"gender": _("As the person states it; never read from the identity code.")}

    def __init__(self, *args, coaches=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].required = False
        if coaches is not None:
            self.fields["coach"].queryset = coaches
        if self.instance.pk:
            self.fields["restrictions"].initial = list(
                self.instance.restrictions.values_list("code", flat=True)
            )
            self.fields["languages"].initial = ", ".join(
                f"{language.code} {language.level}" for language in self.instance.languages.all()
            )
            if self.instance.postal_code_id:
                self.fields["postcode"].initial = self.instance.postal_code.code

    def clean_postcode(self):
        code = self.cleaned_data["postcode"].strip()
        if not code:
            return None
        postal = PostalCode.objects.select_related("municipality").filter(code=code).first()
        if postal is None:
            raise ValidationError(_("Unknown postcode."))
        return postal

    def clean_languages(self):
        parsed = []
        for part in filter(None, (p.strip() for p in self.cleaned_data["languages"].split(","))):
            words = part.split()
            code = words[0].lower()
            level = LEVEL_WORDS.get(words[1].lower() if len(words) > 1 else "working")
            if not (2 <= len(code) <= 3 and code.isalpha()) or level is None or len(words) > 2:
                raise ValidationError(
                    _("“%(part)s” is not a language code and level, e.g. “en working”."),
                    params={"part": part},
                )
            parsed.append((code, level))
        return parsed

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("municipality") and not cleaned.get("postcode"):
            self.add_error("municipality", _("Give the municipality or a postcode."))
        if cleaned.get("rectification") and not cleaned.get("rectification_request", "").strip():
            self.add_error("rectification_request", _("Say who asked for the correction, and how."))
        return cleaned

    def rectification_requested(self) -> str:
        """Who asked for the correction and how, when the change corrects an error at the
        person's request; empty for an ordinary change."""
        if not self.cleaned_data.get("rectification"):
            return ""
        return self.cleaned_data["rectification_request"].strip()

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["postal_code"] = self.cleaned_data.get("postcode")
        data["restrictions"] = self.cleaned_data.get("restrictions", [])
        data["languages"] = self.cleaned_data.get("languages", [])
        return data


class ClientCreateForm(ClientForm):
    personal_identity_code = forms.CharField(
        label=_("Personal identity code"),
        max_length=11,
        help_text=_("For example 131052-308T. Temporary codes (900–999) are not accepted."),
    )

    field_order = ["personal_identity_code"]
    # A new client has nothing to correct yet.
    rectification = None
    rectification_request = None

    def clean_personal_identity_code(self):
        return normalise_identity_code(self.cleaned_data["personal_identity_code"])


class SensitiveForm(forms.Form):
    reduced_work_ability = forms.TypedChoiceField(
        label=_("Established reduced work ability"),
        choices=TRISTATE_BOOL,
        coerce=_tristate,
        empty_value=None,
        required=False,
    )
    reduced_work_ability_notes = forms.CharField(
        label=_("Notes on work ability"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    integration_plan = forms.TypedChoiceField(
        label=_("Integration plan"),
        choices=TRISTATE_BOOL,
        coerce=_tristate,
        empty_value=None,
        required=False,
    )


class SpellForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=SpellStatus.choices)
    start_on = forms.DateField(label=_("From"), widget=DATE)
    end_on = forms.DateField(
        label=_("Until"), widget=DATE, required=False, help_text=_("Empty while it goes on.")
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_on"), cleaned.get("end_on")
        if start and end and end < start:
            self.add_error("end_on", _("The end date must not be before the start date."))
        return cleaned


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)


class ConsentTextForm(forms.Form):
    """A new wording of a consent, in every language the area serves in."""

    text_fi = forms.CharField(
        label=_("Wording in Finnish"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )
    text_sv = forms.CharField(
        label=_("Wording in Swedish"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )
    text_en = forms.CharField(
        label=_("Wording in English"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )


class JournalForm(forms.ModelForm):
    class Meta:
        model = JournalEntry
        fields = ["kind", "occurred_on", "text"]
        widgets = {"occurred_on": DATE, "text": forms.Textarea(attrs={"rows": 3})}


class PlanStepForm(forms.Form):
    kind = forms.ChoiceField(label=_("Plan"), choices=Plan.Kind.choices)
    text = forms.CharField(label=_("Step"), max_length=300)
    owner = forms.CharField(label=_("Who"), max_length=100)
    due_on = forms.DateField(label=_("Due"), widget=DATE)


class PlanReferenceForm(OfficialReferenceFields):
    """The statutory employment plan is made in the national system; Osmari keeps its reference."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_reference(
            _("Reference of the employment plan in the national client information system"),
            _("Date of the employment plan"),
        )


class StageForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("New stage"), choices=ServiceStage.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class EnrolmentForm(forms.ModelForm):
    class Meta:
        model = Enrolment
        fields = list(Enrolment.DATA_FIELDS)
        widgets = {"entered_on": DATE, "left_on": DATE, "follow_up_on": DATE}


class ImportForm(forms.Form):
    file = CheckedFileField(
        kinds=TABLE_KINDS,
        wrong_kind_message=NOT_A_TABLE,
        label=_("File (CSV or XLSX)"),
        help_text=_("Use the template: one client a row, the first row the column names."),
    )


class ClientListForm(forms.Form):
    """The client list's search, filters and order, all in the address (GET)."""

    q = forms.CharField(label=_("Name or personal identity code"), required=False, max_length=100)
    mine = forms.BooleanField(label=_("Only my own clients"), required=False)
    area = forms.TypedChoiceField(
        label=_("Employment area"), required=False, coerce=int, empty_value=None
    )
    coach = forms.TypedChoiceField(label=_("Coach"), required=False, coerce=int, empty_value=None)
    stage = forms.ChoiceField(label=_("Service stage"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    programme = forms.ChoiceField(
        label=_("ESF+ programme"),
        required=False,
        choices=[
            ("", _("All")),
            (PROGRAMME_NONE, _("Not a participant")),
            (PROGRAMME_IN, _("Taking part")),
            (PROGRAMME_LEFT, _("Left the programme")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("name", _("Name, A–Ö")),
            ("-name", _("Name, Ö–A")),
            ("stage", _("Service stage")),
            ("municipality", _("Municipality")),
            ("coach", _("Coach")),
            ("last_service", _("Longest without service first")),
        ],
    )

    def __init__(self, *args, areas, coaches, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        if len(areas) > 1:
            self.fields["area"].choices = [("", _("All"))] + [(a.pk, str(a)) for a in areas]
        else:
            del self.fields["area"]
        self.fields["coach"].choices = [("", _("All"))] + [(c.pk, str(c)) for c in coaches]
        self.fields["stage"].choices = [("", _("All")), *ServiceStage.choices]
        self.fields["municipality"].choices = [("", _("All"))] + [
            (m.code, str(m)) for m in municipalities
        ]
        for column in LIST_COLUMNS.values():
            self.fields[column.name] = forms.ChoiceField(
                label=column.label, required=False, choices=[("", _("All")), *column.choices()]
            )
        self.order_fields(["q", "mine", "area", "coach", "stage", "municipality"])

    def to_filter(self) -> ClientFilter:
        """The filters as given; a value that is not on offer (an edited address) is left
        out, and the form says so beside its field."""
        if not self.is_bound:
            return ClientFilter()
        self.is_valid()  # an invalid form keeps its valid fields' values in cleaned_data
        data = self.cleaned_data
        return ClientFilter(
            search=data.get("q", "").strip(),
            mine=bool(data.get("mine")),
            area=data.get("area"),
            coach=data.get("coach"),
            stage=data.get("stage", ""),
            municipality=data.get("municipality", ""),
            programme=data.get("programme", ""),
            columns={name: data.get(name, "") for name in LIST_COLUMNS},
            sort=data.get("sort") or "name",
        )
