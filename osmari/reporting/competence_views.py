"""Competence of everyone with a role in the area: who is trained in what, against the goal."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from osmari.accounts import access
from osmari.core.form_errors import add_service_error
from osmari.reporting import competence_services, selectors
from osmari.reporting.competence_forms import AreaTrainingForm, TopicGoalForm
from osmari.reporting.competence_selectors import (
    area_staff_choices,
    area_trainings,
    competence_matrix,
    goal_role_choices,
)


@access.permission_required("reporting.budget")
def training_matrix(request, pk):
    programme = selectors.programme_get_for_user(
        user=request.user, pk=pk, permission="reporting.budget"
    )
    manage = access.may(request.user, "reporting.manage", programme)
    people = area_staff_choices(programme) if manage else []
    forms = {
        "training_form": AreaTrainingForm(people=people, prefix="training"),
        "goal_form": TopicGoalForm(roles=goal_role_choices(), prefix="goal"),
    }
    status = 200
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        status = 422
        if request.POST.get("action") == "goal":
            form = forms["goal_form"] = TopicGoalForm(
                request.POST, roles=goal_role_choices(), prefix="goal"
            )
            if form.is_valid():
                try:
                    competence_services.topic_goal_save(
                        actor=request.user, programme=programme, **form.cleaned_data
                    )
                except ValidationError as error:
                    add_service_error(form, error)
                else:
                    messages.success(request, _("Training goal saved."))
                    return redirect("reporting:training_matrix", pk=programme.pk)
        else:
            form = forms["training_form"] = AreaTrainingForm(
                request.POST, people=people, prefix="training"
            )
            if form.is_valid():
                staff = {user.pk: user for user in access.area_staff(programme.area)}
                data = dict(form.cleaned_data)
                person = staff.get(data.pop("person"))
                if person is None:
                    form.add_error("person", _("Choose someone with a role in the area."))
                else:
                    try:
                        competence_services.area_training_add(
                            actor=request.user, programme=programme, person=person, **data
                        )
                    except ValidationError as error:
                        add_service_error(form, error)
                    else:
                        messages.success(request, _("Training saved."))
                        return redirect("reporting:training_matrix", pk=programme.pk)
    today = min(timezone.localdate(), programme.ends_on)
    return render(
        request,
        "reporting/competence_matrix.html",
        {
            "programme": programme,
            "matrix": competence_matrix(programme, on=today),
            "trainings": area_trainings(programme) if manage else [],
            "manage": manage,
            "tab": "competence",
            "tab_manage": manage,
            "tab_budget": True,
            "tab_report": access.may(request.user, "reporting.report", programme),
            **forms,
        },
        status=status,
    )
