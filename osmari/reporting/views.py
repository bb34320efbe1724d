from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import ModelForm
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.core.audit import download_recorded, persons_read
from osmari.core.exports import table_download
from osmari.core.form_errors import add_service_error
from osmari.core.params import whole_number
from osmari.reporting import (
    budget,
    charts,
    indicators,
    periods,
    reports,
    selectors,
    services,
    workplan_selectors,
)
from osmari.reporting.forms import (
    GoalForm,
    PeriodForm,
    PlanForm,
    ProgrammeForm,
    ReportTextsForm,
    StaffForm,
    TrainingForm,
    WorkingTimeForm,
)
from osmari.reporting.models import CompetenceGoal, StaffMember

# ---------------------------------------------------------------- programmes


@access.permission_required("reporting.view")
def index(request):
    programmes = selectors.programmes_for(request.user, "reporting.view")
    may_create = bool(access.areas_where(request.user, "reporting.manage"))
    return render(
        request, "reporting/index.html", {"programmes": programmes, "may_create": may_create}
    )


@access.permission_required("reporting.manage")
def programme_edit(request, pk=None):
    programme = (
        selectors.programme_get_for_user(user=request.user, pk=pk, permission="reporting.manage")
        if pk
        else None
    )
    area = programme.area if programme else access.areas_where(request.user, "reporting.manage")[0]
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.programme_save(
                actor=request.user, area=area, programme=programme, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Programme saved."))
            return redirect("reporting:dashboard", pk=saved.pk)
    status = 422 if form.is_bound else 200
    return render(
        request,
        "reporting/programme_form.html",
        {"form": form, "programme": programme},
        status=status,
    )


def _tabs(request, programme, tab: str) -> dict:
    return {
        "tab": tab,
        "tab_manage": access.may(request.user, "reporting.manage", programme),
        "tab_budget": access.may(request.user, "reporting.budget", programme),
        "tab_report": access.may(request.user, "reporting.report", programme),
    }


def _today_within(programme) -> date:
    return selectors.programme_so_far(programme, timezone.localdate())[1]


@access.permission_required("reporting.view")
def dashboard(request, pk):
    programme = selectors.programme_get_for_user(
        user=request.user, pk=pk, permission="reporting.view"
    )
    today = timezone.localdate()
    years, rows, by_municipality = selectors.target_progress(programme, today)
    persons = access.may(request.user, "reporting.persons", programme)
    municipality_rows, suppressed = selectors.municipality_table(
        rows, by_municipality, minimum=programme.area.min_group_size, persons_allowed=persons
    )
    return render(
        request,
        "reporting/dashboard.html",
        {
            "programme": programme,
            "years": years,
            "rows": rows,
            "municipality_rows": municipality_rows,
            "suppressed": suppressed,
            "persons": persons,
            **_tabs(request, programme, "targets"),
            "today": today,
            "until": _today_within(programme),
        },
    )


@access.permission_required("reporting.view")
def targets_chart(request, pk):
    programme = selectors.programme_get_for_user(
        user=request.user, pk=pk, permission="reporting.view"
    )
    _years, rows, _m = selectors.target_progress(programme, timezone.localdate())
    rows = rows[::-1]  # a horizontal bar chart draws its first label at the bottom
    svg = charts.targets_svg(
        title=_("Targets: reached, forecast at the current pace, and target"),
        labels=[row.label for row in rows],
        series=[
            (_("Reached"), [row.reached for row in rows]),
            (_("Forecast"), [row.forecast.projected for row in rows]),
            (_("Target"), [row.target for row in rows]),
        ],
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    # An image cannot run scripts; its own inline styles are all it needs.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


# ---------------------------------------------------------------- indicators


def _period(request, programme) -> tuple[PeriodForm, date, date]:
    """The period asked for, or the programme so far; a bad period falls back with errors.
    Those without the right to see people get it widened (`selectors.period_as_seen`)."""
    start, end = selectors.programme_so_far(programme, timezone.localdate())
    form = PeriodForm(request.GET if "start" in request.GET else None)
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    persons = access.may(request.user, "reporting.persons", programme)
    start, end = selectors.period_as_seen(start, end, persons_allowed=persons)
    if not persons:
        if not form.errors:
            form = PeriodForm(initial={"start": start, "end": end})  # the period shown
    elif not form.is_bound:
        form = PeriodForm(initial={"start": start, "end": end})
    return form, start, end


def _indicator_rows(request, programme, start, end):
    results = selectors.indicator_results(area=programme.area, start=start, end=end)
    persons = access.may(request.user, "reporting.persons", programme)
    rows = selectors.shown(
        results,
        minimum=programme.area.min_group_size,
        persons_allowed=persons,
        language=get_language() or "fi",
    )
    return rows, persons


@access.permission_required("reporting.view")
def indicator_table(request, pk):
    programme = selectors.programme_get_for_user(
        user=request.user, pk=pk, permission="reporting.view"
    )
    form, start, end = _period(request, programme)
    rows, persons = _indicator_rows(request, programme, start, end)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        header, body = selectors.indicator_table(rows)
        download_recorded(
            actor=request.user,
            action="reporting.indicators_export",
            obj=programme,
            area=programme.area,
            reason=f"{fmt} {start}–{end}",
        )
        return table_download(header, body, name=f"esf-indicators-{start}-{end}", fmt=fmt)
    return render(
        request,
        "reporting/indicators.html",
        {
            "programme": programme,
            "form": form,
            "start": start,
            "end": end,
            "rows": rows,
            "persons": persons,
            "whole_months": not persons,
            "minimum": programme.area.min_group_size,
            "suppressed": any(row.hidden for row in rows),
            "figures_as_of": selectors.indicator_figures_as_of(),
            **_tabs(request, programme, "indicators"),
        },
    )


@access.permission_required("reporting.persons")
def indicator_people(request, pk, code):
    programme = selectors.programme_get_for_user(
        user=request.user, pk=pk, permission="reporting.persons"
    )
    indicator = indicators.BY_CODE.get(code)
    if indicator is None or not indicator.by_gender or not indicator.collected:
        raise Http404
    form, start, end = _period(request, programme)
    which = "missing" if request.GET.get("which") == "missing" else "counted"
    municipality = None
    if request.GET.get("municipality"):
        municipality_pk = whole_number(request.GET["municipality"])
        if municipality_pk is None:
            raise Http404
        municipality = get_object_or_404(programme.area.municipalities, pk=municipality_pk)
    records = selectors.participant_records(
        area=programme.area, start=start, end=end, municipality=municipality
    )
    result = indicators.compute(records, [], start, end, registry=[indicator])[code]
    refs = result.missing_refs if which == "missing" else result.counted
    clients = selectors.people(refs, area=programme.area)
    persons_read(
        actor=request.user,
        persons=clients,
        part="indicator_people",
        obj=programme,
        reason=f"{code} {which} {start}–{end}",
    )
    return render(
        request,
        "reporting/people.html",
        {
            "programme": programme,
            "indicator": indicator,
            "label": indicator.label(get_language() or "fi"),
            "which": which,
            "clients": clients,
            "start": start,
            "end": end,
            "municipality": municipality,
            "form": form,
        },
    )


@access.permission_required("reporting.persons")
def organisations_taking_part(request, pk):
    programme = selectors.programme_get_for_user(
        user=request.user, pk=pk, permission="reporting.persons"
    )
    form, start, end = _period(request, programme)
    organisations = selectors.organisations_taking_part_list(programme, start, end)
    return render(
        request,
        "reporting/taking_part.html",
        {
            "programme": programme,
            "organisations": organisations,
            "start": start,
            "end": end,
            "form": form,
        },
    )


# ---------------------------------------------------------------- budget


@access.permission_required("reporting.budget")
def budget_view(request, pk):
    programme = selectors.programme_get_for_user(
        user=request.user, pk=pk, permission="reporting.budget"
    )
    year_rows, claim_rows, planned, actual = selectors.budget_follow_up(programme)
    package_rows, planned_packages, planned_decision = workplan_selectors.package_costs(programme)
    manage = access.may(request.user, "reporting.manage", programme)
    return render(
        request,
        "reporting/budget.html",
        {
            "programme": programme,
            "year_rows": year_rows,
            "claim_rows": claim_rows,
            "planned": planned,
            "actual": actual,
            "package_rows": package_rows,
            # The packages' plans should share out the whole decision's salary costs.
            "package_plan_gap": planned_decision - planned_packages if package_rows else 0,
            "staff": selectors.staff_costs(programme) if manage else None,
            "manage": manage,
            **_tabs(request, programme, "budget"),
        },
    )


@access.permission_required("reporting.manage")
def plan_edit(request, pk):
    programme = selectors.programme_get_for_user(
        user=request.user, pk=pk, permission="reporting.manage"
    )
    years = periods.implementation_years(programme.starts_on, programme.ends_on)
    plan = {row.year: row.salary_costs for row in programme.plan.all()}
    form = PlanForm(request.POST or None, years=years, plan=plan)
    if request.method == "POST" and form.is_valid():
        services.plan_save(
            actor=request.user,
            programme=programme,
            salary_by_year={
                span.number: form.cleaned_data[f"year_{span.number}"] for span in years
            },
        )
        messages.success(request, _("Plan saved."))
        return redirect("reporting:budget", pk=programme.pk)
    status = 422 if form.is_bound else 200
    return render(
        request, "reporting/plan_form.html", {"form": form, "programme": programme}, status=status
    )


def _member(request, pk) -> StaffMember:
    member = get_object_or_404(StaffMember.objects.select_related("programme__area"), pk=pk)
    if not access.may(request.user, "reporting.manage", member.programme):
        raise Http404
    return member


@access.permission_required("reporting.manage")
def staff_edit(request, pk, staff_pk=None):
    programme = selectors.programme_get_for_user(
        user=request.user, pk=pk, permission="reporting.manage"
    )
    member = _member(request, staff_pk) if staff_pk else None
    if member and member.programme_id != programme.pk:
        raise Http404
    form = StaffForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.staff_save(
                actor=request.user, programme=programme, member=member, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Staff member saved."))
            return redirect("reporting:staff", pk=saved.pk)
    status = 422 if form.is_bound else 200
    return render(
        request,
        "reporting/staff_form.html",
        {"form": form, "programme": programme, "member": member},
        status=status,
    )


@access.permission_required("reporting.manage")
def staff_detail(request, pk):
    member = _member(request, pk)
    forms = {
        "hours_form": WorkingTimeForm(prefix="hours", programme=member.programme),
        "goal_form": GoalForm(prefix="goal"),
        "training_form": TrainingForm(staff=member, prefix="training"),
    }
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        # One of three forms, each written by its own service.
        bound: ModelForm[Any]
        write: Callable[..., object]
        if action == "hours":
            key, bound, write, done = (
                "hours_form",
                WorkingTimeForm(request.POST, prefix="hours", programme=member.programme),
                services.working_time_record,
                _("Hours saved."),
            )
        elif action == "goal":
            key, bound, write, done = (
                "goal_form",
                GoalForm(request.POST, prefix="goal"),
                services.goal_add,
                _("Competence goal saved."),
            )
        else:
            key, bound, write, done = (
                "training_form",
                TrainingForm(request.POST, staff=member, prefix="training"),
                services.training_add,
                _("Training saved."),
            )
        forms[key], status = bound, 422
        if bound.is_valid():
            try:
                write(actor=request.user, member=member, **bound.cleaned_data)
            except ValidationError as error:
                add_service_error(bound, error)
            else:
                messages.success(request, done)
                return redirect("reporting:staff", pk=member.pk)
    hours = list(member.hours.select_related("package"))
    return render(
        request,
        "reporting/staff_detail.html",
        {
            "member": member,
            "programme": member.programme,
            "hours": [
                (record, budget.salary_cost(record.hours, record.hourly_rate)) for record in hours
            ],
            "goals": list(member.goals.prefetch_related("trainings")),
            "trainings": list(member.trainings.select_related("goal")),
            **forms,
        },
        status=status,
    )


@require_POST
@access.permission_required("reporting.manage")
def goal_achieved(request, pk):
    goal = get_object_or_404(CompetenceGoal.objects.select_related("staff__programme__area"), pk=pk)
    if not access.may(request.user, "reporting.manage", goal.staff.programme):
        raise Http404
    services.goal_achieved(actor=request.user, goal=goal, on=timezone.localdate())
    messages.success(request, _("Goal marked as achieved."))
    return redirect("reporting:staff", pk=goal.staff_id)


@access.permission_required("reporting.budget")
def competence(request, pk):
    programme = selectors.programme_get_for_user(
        user=request.user, pk=pk, permission="reporting.budget"
    )
    return render(
        request,
        "reporting/competence.html",
        {
            "programme": programme,
            "staff": selectors.competence_overview(programme),
            "manage": access.may(request.user, "reporting.manage", programme),
            **_tabs(request, programme, "competence"),
        },
    )


# ---------------------------------------------------------------- progress report


@access.permission_required("reporting.report")
def report(request, pk):
    programme = selectors.programme_get_for_user(
        user=request.user, pk=pk, permission="reporting.report"
    )
    may_write = access.may(request.user, "reporting.manage", programme)
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        return _report_texts_save(request, programme)
    form, start, end = _period(request, programme)
    persons = access.may(request.user, "reporting.persons", programme)
    fmt = request.GET.get("format")
    if fmt in ("pdf", "xlsx") and (not form.is_bound or form.is_valid()):
        content = reports.progress(
            programme, start, end, persons_allowed=persons, language=get_language() or "fi"
        )
        download_recorded(
            actor=request.user,
            action="reporting.report",
            obj=programme,
            area=programme.area,
            reason=f"{fmt} {start}–{end}",
            changes={"with_people": persons},
        )
        persons_read(
            actor=request.user,
            persons=[row["client"] for row in content.participants if row["client"]],
            part="report",
            obj=programme,
            reason=f"{fmt} {start}–{end}",
        )
        name = f"progress-report-{start}-{end}"
        if fmt == "pdf":
            return reports.as_pdf(request, content, filename=f"{name}.pdf")
        return reports.as_xlsx(content, name=name)
    texts_form = None
    if may_write and not form.errors:
        texts_form = ReportTextsForm(
            initial_texts=selectors.report_texts(programme=programme, start=start, end=end)
        )
    return _report_page(
        request,
        programme,
        form,
        start,
        end,
        texts_form,
        invalid=form.is_bound and not form.is_valid(),
    )


def _report_page(request, programme, form, start, end, texts_form, *, invalid: bool):
    return render(
        request,
        "reporting/report.html",
        {
            "programme": programme,
            "form": form,
            "start": start,
            "end": end,
            "whole_months": not access.may(request.user, "reporting.persons", programme),
            "texts_form": texts_form,
            **_tabs(request, programme, "report"),
        },
        status=422 if invalid else 200,
    )


def _report_texts_save(request, programme):
    """The manager's texts for one period's report: saved, then back to the same period, so
    the report downloaded next carries them. A text too long keeps everything typed."""
    period = PeriodForm(request.POST)
    texts_form = ReportTextsForm(request.POST)
    if period.is_valid() and texts_form.is_valid():
        start, end = period.cleaned_data["start"], period.cleaned_data["end"]
        services.report_narratives_save(
            actor=request.user,
            programme=programme,
            start=start,
            end=end,
            texts={key: texts_form.cleaned_data[key] for key in texts_form.fields},
        )
        messages.success(
            request,
            _("The report's texts for %(start)s–%(end)s were saved.")
            % {"start": f"{start:%d.%m.%Y}", "end": f"{end:%d.%m.%Y}"},
        )
        query = urlencode({"start": start.isoformat(), "end": end.isoformat()})
        return redirect(f"{reverse('reporting:report', args=[programme.pk])}?{query}#texts")
    if not period.is_valid():
        # Only a changed page sends a bad period: show its errors, not two summaries.
        return _report_page(
            request,
            programme,
            period,
            programme.starts_on,
            _today_within(programme),
            None,
            invalid=True,
        )
    start, end = period.cleaned_data["start"], period.cleaned_data["end"]
    return _report_page(request, programme, period, start, end, texts_form, invalid=True)
