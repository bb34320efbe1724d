"""The position picker of a new period: a search by title, organisation and municipality
that shows each place's free places. htmx replaces the list as the coach types; without
JavaScript the same search reloads the planning page with the list found."""

from django.shortcuts import render
from django.utils import timezone

from osmari.accounts import access
from osmari.clients.selectors import client_get_for_user
from osmari.core.params import plain_text, whole_number
from osmari.placements.picker_selectors import positions_found
from osmari.placements.selectors import positions_for_placing

# What a suggestion carries to the planning page, kept through a search.
CARRIED = ("kind", "score", "position")


def picker_context(request, positions, selected) -> dict:
    """The picker's part of the planning page: the places found and the one chosen."""
    selected = whole_number(selected)
    return {
        "found": positions_found(
            positions,
            query=plain_text(request.GET.get("q", "")),
            today=timezone.localdate(),
            selected=selected,
        ),
        "selected": selected,
        "carried": [(key, plain_text(request.GET[key])) for key in CARRIED if request.GET.get(key)],
    }


@access.permission_required("placement.edit")
def position_search(request, client_pk):
    """The list of places found, for htmx; a plain request gets the same list as a page
    fragment, which the planning page includes."""
    client = client_get_for_user(user=request.user, pk=client_pk, permission="placement.edit")
    context = picker_context(
        request, positions_for_placing(client=client), request.GET.get("position")
    )
    context.update({"client": client, "announce": True})
    return render(request, "placements/_position_results.html", context)
