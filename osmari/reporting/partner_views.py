"""Host organisations' commitment against the programme's target: letters of intent,
cooperation agreements and periods hosted, by municipality and by sector."""

from __future__ import annotations

from django.shortcuts import render

from osmari.accounts import access
from osmari.reporting import partners, selectors
from osmari.reporting.views import _period, _tabs


@access.permission_required("reporting.view")
def partners_view(request, pk):
    programme = selectors.programme_get_for_user(
        user=request.user, pk=pk, permission="reporting.view"
    )
    form, start, end = _period(request, programme)
    progress = partners.partner_progress(programme, start, end)
    # Which organisation hosted participants is for those who may see the people behind
    # the numbers, as on the "organisations taking part" page; the counts are for everyone.
    names = access.may(request.user, "reporting.persons", programme)
    total = progress.total
    return render(
        request,
        "reporting/partners.html",
        {
            "programme": programme,
            "form": form,
            "progress": progress,
            "bars": [
                (kind, count, min(count, progress.target), progress.share_of_target(count))
                for kind, count in (
                    ("letter", total.letter),
                    ("agreement", total.agreement),
                    ("period", total.period),
                    ("all_three", total.all_three),
                )
            ],
            "names": names,
            **_tabs(request, programme, "partners"),
        },
    )
