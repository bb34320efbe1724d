"""The manager's work on a survey's versions: draft, edit, pilot, publish, compare."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.feedback import version_selectors as selectors
from osmari.feedback import version_services as services
from osmari.feedback.models import Survey, VersionStatus
from osmari.feedback.version_forms import NewQuestionForm, PilotForm, QuestionForm, VersionForm


def _messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def _editable(request, version) -> bool:
    area = selectors.edit_area(request.user)
    return (
        area is not None
        and version.area_id == area.pk
        and version.status == VersionStatus.DRAFT
        and not version.in_use
    )


class _NotOwn(Exception):
    pass


def _owned(request, key, number):
    """A version the user works on: a draft or pilot of their own area, as its manager. One
    they only read (another area's, or a ready-made one) is refused with a message."""
    area = selectors.edit_area(request.user)
    if area is None:
        raise Http404
    version = selectors.version_get(area=area, key=key, number=number)
    if version.area_id != area.pk or version.status not in (
        VersionStatus.DRAFT,
        VersionStatus.PILOT,
    ):
        raise _NotOwn
    return version


def _refused(request, key, number):
    messages.error(
        request, _("Only a draft can change; this version is already in use or has been.")
    )
    return redirect("feedback:survey_version", key=key, number=number)


def _pilot_organisations(request, version):
    return access.organisations_for(request.user).filter(area=version.area_id).order_by("name")


def _version_page(request, version, *, forms=None, status=200):
    area = selectors.view_area(request.user)
    editable = _editable(request, version)
    forms = forms or {}
    context = {
        "version": version,
        "survey": version.survey,
        "questions": list(version.questions.all()),
        "pilots": list(version.pilots.select_related("organisation")),
        "editable": editable,
        "may_publish": selectors.edit_area(request.user) is not None
        and version.area_id == getattr(selectors.edit_area(request.user), "pk", None)
        and version.status in (VersionStatus.DRAFT, VersionStatus.PILOT),
        "previous": version.survey.versions.filter(number__lt=version.number)
        .order_by("-number")
        .first(),
    }
    if editable:
        context["version_form"] = forms.get("version") or VersionForm(instance=version, area=area)
        bound_question = forms.get("question")
        context["question_forms"] = [
            (
                q,
                bound_question
                if bound_question is not None and bound_question.instance.pk == q.pk
                else QuestionForm(instance=q, prefix=f"q-{q.key}"),
            )
            for q in context["questions"]
        ]
        context["new_question_form"] = forms.get("new_question") or NewQuestionForm(prefix="new")
        context["pilot_form"] = forms.get("pilot") or PilotForm(
            organisations=_pilot_organisations(request, version), prefix="pilot"
        )
    return render(request, "feedback/survey_version.html", context, status=status)


@access.permission_required("feedback.changes")
def surveys(request):
    area = selectors.view_area(request.user)
    return render(
        request,
        "feedback/surveys.html",
        {
            "rows": selectors.surveys_with_versions(area=area),
            "may_draft": selectors.edit_area(request.user) is not None,
            "minimum": area.min_group_size,
        },
    )


@require_POST
@access.permission_required("feedback.change_record")
def survey_draft(request, key):
    area = selectors.edit_area(request.user)
    survey = Survey.objects.filter(key=key).first()
    if survey is None or area is None:
        raise Http404
    try:
        version = services.version_draft(actor=request.user, area=area, survey=survey)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
        return redirect("feedback:surveys")
    messages.success(request, _("A new draft is made from the version in use."))
    return redirect("feedback:survey_version", key=key, number=version.number)


@access.permission_required("feedback.changes")
def survey_version(request, key, number):
    if request.method != "POST":
        area = selectors.view_area(request.user)
        return _version_page(request, selectors.version_get(area=area, key=key, number=number))
    try:
        version = _owned(request, key, number)
    except _NotOwn:
        return _refused(request, key, number)
    if not _editable(request, version):
        return _refused(request, key, number)
    form = VersionForm(request.POST, instance=version, area=version.area)
    if form.is_valid():
        services.version_edit(actor=request.user, version=version, **form.cleaned_data)
        messages.success(request, _("The draft is saved."))
        return redirect("feedback:survey_version", key=key, number=number)
    version.refresh_from_db()
    return _version_page(request, version, forms={"version": form}, status=422)


@require_POST
@access.permission_required("feedback.change_record")
def survey_question(request, key, number, question):
    try:
        version = _owned(request, key, number)
    except _NotOwn:
        return _refused(request, key, number)
    found = selectors.question_get(version=version, key=question)
    if not _editable(request, version):
        return _refused(request, key, number)
    form = QuestionForm(request.POST, instance=found, prefix=f"q-{found.key}")
    if form.is_valid():
        services.question_edit(actor=request.user, question=found, **form.cleaned_data)
        messages.success(request, _("The question is saved."))
        return redirect("feedback:survey_version", key=key, number=number)
    return _version_page(request, version, forms={"question": form}, status=422)


@require_POST
@access.permission_required("feedback.change_record")
def survey_question_add(request, key, number):
    try:
        version = _owned(request, key, number)
    except _NotOwn:
        return _refused(request, key, number)
    if not _editable(request, version):
        return _refused(request, key, number)
    form = NewQuestionForm(request.POST, prefix="new", version=version)
    if form.is_valid():
        try:
            services.question_add(actor=request.user, version=version, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("The question is added."))
            return redirect("feedback:survey_version", key=key, number=number)
    return _version_page(request, version, forms={"new_question": form}, status=422)


@require_POST
@access.permission_required("feedback.change_record")
def survey_question_remove(request, key, number, question):
    try:
        version = _owned(request, key, number)
    except _NotOwn:
        return _refused(request, key, number)
    found = selectors.question_get(version=version, key=question)
    try:
        services.question_remove(actor=request.user, question=found)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, _("The question is removed from the draft."))
    return redirect("feedback:survey_version", key=key, number=number)


@require_POST
@access.permission_required("feedback.change_record")
def survey_pilot(request, key, number):
    try:
        version = _owned(request, key, number)
    except _NotOwn:
        return _refused(request, key, number)
    form = PilotForm(
        request.POST, organisations=_pilot_organisations(request, version), prefix="pilot"
    )
    if form.is_valid():
        try:
            services.version_pilot(
                actor=request.user,
                version=version,
                organisations=form.cleaned_data["organisations"],
                starts=form.cleaned_data["starts"],
                ends=form.cleaned_data["ends"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            messages.error(request, _messages_of(error))
        else:
            messages.success(request, _("The version is in pilot."))
            return redirect("feedback:survey_version", key=key, number=number)
    if not _editable(request, version):
        return redirect("feedback:survey_version", key=key, number=number)
    return _version_page(request, version, forms={"pilot": form}, status=422)


@require_POST
@access.permission_required("feedback.change_record")
def survey_publish(request, key, number):
    try:
        version = _owned(request, key, number)
    except _NotOwn:
        return _refused(request, key, number)
    try:
        services.version_publish(actor=request.user, version=version, today=timezone.localdate())
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(
            request,
            _("The version is published: new invitations use it, and the one before is retired."),
        )
    return redirect("feedback:survey_version", key=key, number=number)


@access.permission_required("feedback.changes")
def survey_compare(request, key):
    area = selectors.view_area(request.user)
    versions = [
        v
        for row in selectors.surveys_with_versions(area=area)
        if row["survey"].key == key
        for v in row["versions"]
    ]
    if not versions:
        raise Http404
    numbers = {v.number: v for v in versions}
    newest = versions[0]

    def chosen(name, default):
        try:
            return numbers.get(int(request.GET.get(name, "")), default)
        except ValueError:
            return default

    after = chosen("b", newest)
    before = chosen("a", numbers.get(after.number - 1, versions[-1]))
    return render(
        request,
        "feedback/survey_compare.html",
        {
            "survey": newest.survey,
            "versions": versions,
            "comparison": selectors.compare(area=area, before=before, after=after),
        },
    )
