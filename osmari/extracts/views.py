from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from osmari.accounts import access
from osmari.clients.choices import SpellStatus
from osmari.clients.importing import ImportFileError
from osmari.core.audit import persons_read
from osmari.core.params import whole_number
from osmari.extracts import mapping, reconcile, selectors, services
from osmari.extracts.forms import DifferenceForm, ExtractImportForm, ExtractMappingForm, NoteForm


@access.permission_required("extract.import")
def extract_import(request):
    """Upload an extract, see the row report and the area's earlier extracts."""
    area = access.areas_where(request.user, "extract.import")[0]
    form = ExtractImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.extract_import(
                actor=request.user,
                area=area,
                upload=form.cleaned_data["file"],
                extracted_on=form.cleaned_data["extracted_on"],
                today=timezone.localdate(),
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
    if report is not None and report.named:
        persons_read(actor=request.user, persons=report.named, part="extract_import")
    history = Paginator(selectors.extracts_for_user(user=request.user), 20).get_page(
        request.GET.get("page")
    )
    status = 422 if form.is_bound and form.errors else 200
    return render(
        request,
        "extracts/extract_import.html",
        {
            "form": form,
            "report": report,
            "area": area,
            "history": history,
            "can_map": access.may(request.user, "extract.mapping"),
        },
        status=status,
    )


@access.permission_required("extract.mapping")
def mapping_edit(request):
    """The area administrator adjusts how the area's extract is read."""
    area = access.areas_where(request.user, "extract.mapping")[0]
    record = services.mapping_of(area)
    form = ExtractMappingForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        services.mapping_save(actor=request.user, area=area, **form.cleaned_data)
        messages.success(request, _("The mapping is saved: the next import is read with it."))
        return redirect("extracts:mapping")
    status = 422 if form.is_bound else 200
    return render(
        request,
        "extracts/mapping_form.html",
        {
            "form": form,
            "area": area,
            "statuses": [(v, SpellStatus(v).label) for v in mapping.STATUS_TARGETS],
            "services": [(v, SpellStatus(v).label) for v in mapping.SERVICE_TARGETS],
        },
        status=status,
    )


def _coach_filter(request, chosen: str) -> tuple[int | None, list]:
    """Whose clients to show, and the coaches to choose from. A coach kept to their own
    caseload has no choice; any other coach starts with their own clients, and "all" shows
    the whole area."""
    areas = access.areas_where(request.user, "extract.reconcile")
    if all(access.own_caseload_only(request.user, a, "extract.reconcile") for a in areas):
        return None, []
    coaches = list(access.coaches_in(areas))
    coach = whole_number(chosen)
    if coach is None and not chosen and request.user in coaches:
        coach = request.user.pk
    return coach, coaches


@access.permission_required("extract.reconcile")
def reconcile_list(request):
    """The open differences between Osmari and the latest extracts, client by client."""
    return _list_page(request, request.GET.get("coach", ""), request.GET.get("page"))


@dataclass
class _Row:
    difference: reconcile.Difference
    topic: str | Promise
    osmari: str
    register: str
    seen: str
    may_accept: bool
    anchor: str
    error: str = ""
    note: str = ""


def _list_page(request, chosen: str, page_number, note_error: dict | None = None, status=200):
    """The list; after a refused note, with its message next to its row and the text kept."""
    coach, coaches = _coach_filter(request, chosen)
    items = selectors.reconcile_list_for_user(user=request.user, coach=coach)
    choice = "all" if coaches and coach is None else (coach or "")
    page = Paginator(items, 25).get_page(page_number)
    persons_read(actor=request.user, persons=[i.client for i in page.object_list], part="reconcile")
    cards = []
    for item in page.object_list:
        rows = []
        for d in item.differences:
            row = _Row(
                d,
                TOPIC_LABELS[d.topic],
                _shown(d.osmari),
                _shown(d.register),
                item.seen(d),
                selectors.may_accept(request.user, item.client, d),
                f"d-{item.client.pk}-{slugify(d.key)}",
            )
            if note_error and (note_error["client"], note_error["key"]) == (item.client.pk, d.key):
                row.error, row.note = note_error["message"], note_error["text"]
            rows.append(row)
        cards.append((item, rows, _replacement_shown(item.replacement)))
    return render(
        request,
        "extracts/reconcile_list.html",
        {
            "page": page,
            "rows": cards,
            "query": f"coach={choice}" if choice != "" else "",
            "coaches": coaches,
            "coach": coach,
            "chosen": choice,
        },
        status=status,
    )


def _replacement_shown(replacement: reconcile.Replacement | None) -> list[tuple[str, list[str]]]:
    """What taking the register's status periods does, group by group, in words."""
    if replacement is None:
        return []

    def shown(spells) -> list[str]:
        return [_shown(reconcile.Value(status=s.status, start=s.start, end=s.end)) for s in spells]

    groups = [
        (_("Osmari's periods that are replaced"), shown(replacement.replaced) or [_("no periods")]),
        (_("The register's periods that are saved"), shown(replacement.new) or [_("no periods")]),
    ]
    if replacement.kept:
        groups.append(
            (_("Typed periods newer than the extract, which are kept"), shown(replacement.kept))
        )
    if replacement.left_out:
        groups.append(
            (
                _("The register's periods not saved, as a kept period covers them"),
                shown(replacement.left_out),
            )
        )
    return groups


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _shown(value: reconcile.Value | None) -> str:
    """One side of a difference in words: the status or service, its dates, the reference."""
    if value is None:
        return _("not recorded")
    parts = []
    if value.status:
        parts.append(str(SpellStatus(value.status).label))
    if value.start:
        parts.append(f"{_day(value.start)}–{_day(value.end)}")
    if value.reference:
        parts.append(
            _("reference %(reference)s of %(on)s")
            % {"reference": value.reference, "on": _day(value.on)}
            if value.on
            else _("reference %(reference)s") % {"reference": value.reference}
        )
    return " ".join(parts) or _("not recorded")


TOPIC_LABELS = {
    reconcile.SPELL_MISSING: gettext_lazy("Status period missing from Osmari"),
    reconcile.SPELL_STATUS: gettext_lazy("Status period: another status"),
    reconcile.SPELL_DATES: gettext_lazy("Status period: other dates"),
    reconcile.SPELL_EXTRA: gettext_lazy("Status period not in the register"),
    reconcile.PLAN: gettext_lazy("Employment plan's reference"),
    reconcile.PERIOD_REFERENCE: gettext_lazy("Period's agreement or decision reference"),
    reconcile.PERIOD_DATES: gettext_lazy("Period's dates"),
    reconcile.PERIOD_MISSING: gettext_lazy("Period not in the register"),
    reconcile.SERVICE_MISSING: gettext_lazy("Register's service has no period in Osmari"),
}


def _decide(request, client_pk, form_class, decide):
    item = selectors.client_differences_for_user(user=request.user, pk=client_pk)
    form = form_class(request.POST)
    chosen = request.POST.get("coach", "")
    shown = "all" if chosen == "all" else whole_number(chosen)
    page = whole_number(request.POST.get("page", ""))
    query = urlencode(
        {name: value for name, value in (("coach", shown), ("page", page)) if value is not None}
    )
    back = (
        reverse("extracts:reconcile") + (f"?{query}" if query else "") + f"#client-{item.client.pk}"
    )
    if not form.is_valid():
        difference = selectors.difference_in(item, form.data.get("key", ""))
        if difference is not None and "note" in form.errors:
            return _note_refused(request, item, difference, form.errors["note"], chosen, page)
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    difference = selectors.difference_in(item, form.cleaned_data["key"])
    if difference is None:
        messages.info(request, _("This difference is no longer open."))
        return redirect(back)
    try:
        decide(item, difference, form.cleaned_data)
    except ValidationError as error:
        if hasattr(error, "error_dict") and "note" in error.error_dict:
            return _note_refused(
                request, item, difference, error.message_dict["note"], chosen, page
            )
        for message in error.messages:
            messages.error(request, message)
    return redirect(back)


def _note_refused(request, item, difference, errors, chosen: str, page):
    """The list again, the reason next to the row and the typed text kept."""
    note_error = {
        "client": item.client.pk,
        "key": difference.key,
        "message": " ".join(str(e) for e in errors),
        "text": request.POST.get("note", "")[:5000],
    }
    return _list_page(request, chosen, page, note_error=note_error, status=422)


@require_POST
@access.permission_required("extract.reconcile")
def difference_accept(request, pk):
    def decide(item, difference, data):
        services.difference_accept(
            actor=request.user,
            client=item.client,
            extract=item.extract,
            difference=difference,
            today=timezone.localdate(),
            seen=data["seen"],
        )
        messages.success(request, _("The register's value is taken."))

    return _decide(request, pk, DifferenceForm, decide)


@require_POST
@access.permission_required("extract.reconcile")
def difference_note(request, pk):
    def decide(item, difference, data):
        services.difference_note(
            actor=request.user,
            client=item.client,
            extract=item.extract,
            difference=difference,
            note=data["note"],
            seen=data["seen"],
        )
        messages.success(request, _("The note is saved; the difference is resolved."))

    return _decide(request, pk, NoteForm, decide)
