"""Writing the municipalities' co-financing shares: all at once, audited."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from osmari.accounts.models import User
from osmari.core.audit import audit_record
from osmari.core.models import Municipality
from osmari.reporting.models import MunicipalShare, Programme

PERCENT = "percent"
AMOUNT = "amount"


@transaction.atomic
def municipal_shares_save(
    *,
    actor: User,
    programme: Programme,
    basis: str,
    shares: dict[Municipality, tuple[Decimal | None, str]],
) -> None:
    """Set each municipality's part of the co-financing, as decided: all in per cent or all
    in euros. A municipality without a value has no share; per cent may not exceed 100 in
    all, and only the programme area's municipalities take part."""
    if basis not in (PERCENT, AMOUNT):
        raise ValidationError(_("Choose whether the shares are in per cent or in euros."))
    in_area = set(programme.area.municipalities.values_list("pk", flat=True))
    if any(municipality.pk not in in_area for municipality in shares):
        raise ValidationError(_("Only the area's municipalities co-finance its programme."))
    given = {m: (value, decision) for m, (value, decision) in shares.items() if value is not None}
    if basis == PERCENT:
        total = sum((value for value, _d in given.values()), Decimal(0))
        if total > 100:
            raise ValidationError(
                _("The shares add up to %(total)s %%; together they can be at most 100 %%.")
                % {"total": total}
            )
    before = {
        share.municipality.code: str(share.percent if share.percent is not None else share.amount)
        for share in MunicipalShare.objects.filter(programme=programme).select_related(
            "municipality"
        )
    }
    MunicipalShare.objects.filter(programme=programme).delete()
    MunicipalShare.objects.bulk_create(
        MunicipalShare(
            programme=programme,
            municipality=municipality,
            percent=value if basis == PERCENT else None,
            amount=value if basis == AMOUNT else None,
            decision=decision,
        )
        for municipality, (value, decision) in sorted(given.items(), key=lambda i: i[0].code)
    )
    after = {m.code: str(value) for m, (value, _d) in given.items()}
    audit_record(
        actor=actor,
        action="programme.municipal_shares",
        obj=programme,
        area=programme.area,
        changes={
            code: [before.get(code), after.get(code)]
            for code in sorted(set(before) | set(after))
            if before.get(code) != after.get(code)
        }
        | {"basis": [None, basis]},
    )
