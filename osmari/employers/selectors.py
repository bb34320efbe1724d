"""Reads of host organisations, scoped to the user asking."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from osmari.accounts import access
from osmari.accounts.models import Role
from osmari.employers.models import Organisation, PipelineStage


def organisation_queryset_for_user(*, user, permission: str = "organisation.view") -> QuerySet:
    """Area staff see their area's organisations; a contact sees only their own."""
    area_ids = [area.pk for area in access.areas_where(user, permission)]
    own = [
        m.organisation_id
        for m in access.memberships(user)
        if m.role == Role.ORG_CONTACT and m.organisation_id
    ]
    visible = Q(area_id__in=area_ids)
    if (
        own
        and permission in access.PERMISSIONS
        and Role.ORG_CONTACT in access.PERMISSIONS[permission]
    ):
        visible |= Q(pk__in=own)
    return Organisation.objects.filter(visible)


def organisation_list_for_user(*, user, search: str = "", stage: str = "") -> QuerySet:
    organisations = organisation_queryset_for_user(user=user, permission="organisation.list")
    if search:
        organisations = organisations.filter(
            Q(name__icontains=search) | Q(business_id__startswith=search)
        )
    if stage:
        organisations = organisations.filter(stage=stage)
    return organisations.select_related("municipality", "owner").order_by("name", "pk")


def organisation_get_for_user(*, user, pk: int, permission: str = "organisation.view"):
    organisation = (
        Organisation.objects.select_related("area", "municipality", "industry", "owner")
        .filter(pk=pk)
        .first()
    )
    if organisation is None or not access.may(user, permission, organisation):
        raise Http404
    return organisation


def contacts_due_for_user(*, user, today: date) -> QuerySet:
    """Organisations whose next contact is today or overdue, the most overdue first."""
    return (
        organisation_queryset_for_user(user=user, permission="pipeline.view")
        .filter(next_contact_on__lte=today)
        .exclude(stage=PipelineStage.ENDED)
        .select_related("owner", "municipality")
        .order_by("next_contact_on", "name")
    )
