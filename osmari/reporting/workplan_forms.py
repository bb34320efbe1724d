from django import forms
from django.utils import timezone

from osmari.core.validators import date_in_range
from osmari.reporting.forms import DATE
from osmari.reporting.models import Milestone, MilestoneUpdate, StaffMember, WorkPackage
from osmari.reporting.workplan_services import PACKAGE_FIELDS


class PackageForm(forms.ModelForm):
    class Meta:
        model = WorkPackage
        fields = PACKAGE_FIELDS
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 4}),
            "deliverables": forms.Textarea(attrs={"rows": 3}),
        }


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "owner"]
        widgets = {"due_on": DATE}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_on"].validators.append(date_in_range)
        self.fields["owner"].queryset = StaffMember.objects.filter(programme=programme)


class MilestoneStatusForm(forms.ModelForm):
    class Meta:
        model = MilestoneUpdate
        fields = [
            "status",
            "on",
            "note",
            "evidence_link",
            "evidence_number",
            "evidence_number_label",
        ]
        widgets = {"on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["on"].validators.append(date_in_range)
