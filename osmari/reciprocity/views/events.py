"""Events and trainings: the area publishes them, organisations register their people."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.core.form_errors import add_service_error
from osmari.core.params import whole_number
from osmari.employers.models import Organisation
from osmari.reciprocity import selectors, services
from osmari.reciprocity.forms import EventForm, RegistrationForm
from osmari.reciprocity.models import Registration


@access.permission_required("reciprocity.register")
def events(request):
    area = selectors.area_for(request.user, "reciprocity.register")
    now = timezone.now()
    return render(
        request,
        "reciprocity/events.html",
        {
            "upcoming": selectors.events_for_area(area, upcoming=True, now=now),
            "past": selectors.events_for_area(area, upcoming=False, now=now)[:30],
            "may_manage": access.may(request.user, "reciprocity.events", area),
        },
    )


@access.permission_required("reciprocity.events")
def event_create(request):
    area = access.areas_where(request.user, "reciprocity.events")[0]
    form = EventForm(request.POST or None, area=area)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.user, area=area, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The event is published to the area's organisations."))
            return redirect("reciprocity:event", event.pk)
    return render(
        request, "reciprocity/event_form.html", {"form": form}, status=422 if form.is_bound else 200
    )


def _registering(user, event):
    """Whether the user runs the event, and the organisations they may register people of:
    every organisation of the area for its staff, their own for a contact."""
    manages = access.may(user, "reciprocity.events", event.area)
    own = [o for o in selectors.own_organisations(user) if o.area_id == event.area_id]
    organisations = (
        Organisation.objects.filter(area=event.area).order_by("name")
        if manages
        else Organisation.objects.filter(pk__in=[o.pk for o in own])
    )
    return manages, own, organisations


def _event_context(request, event, form=None):
    manages, own, organisations = _registering(request.user, event)
    now = timezone.now()
    is_open = event.cancelled_at is None and event.starts_at > now
    left = selectors.places_left(event)
    if form is None and is_open and left:
        form = RegistrationForm(organisations=organisations)
    return {
        "event": event,
        "registrations": selectors.registrations(event, None if manages else own),
        "manages": manages,
        "places_left": left,
        "is_open": is_open,
        "has_started": event.starts_at <= now,
        "form": form if is_open else None,
    }


@access.permission_required("reciprocity.register")
def event_detail(request, pk):
    event = selectors.event_get_for_user(user=request.user, pk=pk)
    return render(request, "reciprocity/event_detail.html", _event_context(request, event))


@require_POST
@access.permission_required("reciprocity.register")
def event_register(request, pk):
    event = selectors.event_get_for_user(user=request.user, pk=pk)
    _manages, _own, organisations = _registering(request.user, event)
    form = RegistrationForm(request.POST, organisations=organisations)
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_add(
                actor=request.user,
                event=event,
                organisation=data["organisation"],
                contact=data["contact"],
                new_name=data["new_name"],
                new_email=data["new_email"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is registered for %(event)s.")
                % {"name": registration.person_name, "event": event.title},
            )
            return redirect("reciprocity:event", event.pk)
    context = _event_context(request, event, form=form)
    return render(request, "reciprocity/event_detail.html", context, status=422)


@require_POST
@access.permission_required("reciprocity.register")
def registration_cancel(request, pk):
    registration = get_object_or_404(Registration.objects.select_related("event__area"), pk=pk)
    event = selectors.event_get_for_user(user=request.user, pk=registration.event_id)
    if not (
        access.may(request.user, "reciprocity.events", event.area)
        or access.may(request.user, "reciprocity.register", registration.organisation)
    ):
        raise Http404
    try:
        services.registration_cancel(actor=request.user, registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The registration is cancelled."))
    return redirect("reciprocity:event", event.pk)


@require_POST
@access.permission_required("reciprocity.events")
def event_attendance(request, pk):
    event = selectors.event_get_for_user(user=request.user, pk=pk)
    if not access.may(request.user, "reciprocity.events", event.area):
        raise Http404
    present = {n for n in map(whole_number, request.POST.getlist("present")) if n is not None}
    try:
        services.attendance_record(actor=request.user, event=event, present=present)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Attendance is saved."))
    return redirect("reciprocity:event", event.pk)
