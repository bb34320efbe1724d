"""Reads of the privacy app for a user: destruction lists of the areas they approve for."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from osmari.accounts import access
from osmari.privacy.models import DestructionList


def destruction_lists_for(user) -> QuerySet[DestructionList]:
    areas = access.areas_where(user, "privacy.retention")
    return DestructionList.objects.filter(area__in=areas).select_related("area", "approved_by")


def destruction_list_get_for_user(*, user, pk: int) -> DestructionList:
    listing = destruction_lists_for(user).filter(pk=pk).first()
    if listing is None:
        raise Http404
    return listing
