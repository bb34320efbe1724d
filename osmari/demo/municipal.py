"""The demo programme's municipal co-financing and a municipal representative to log in as.

The municipalities' decisions are in per cent: Mikkeli, the centre and the home of most of
the demo's people, carries 60 %, and the others share the rest evenly (the last takes what
rounding leaves, so that the shares add up to 100)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_DOWN, Decimal

from osmari.accounts.models import Role, User
from osmari.accounts.services import membership_grant
from osmari.reporting.models import MunicipalShare, Programme
from osmari.reporting.municipal_services import PERCENT, municipal_shares_save

CENTRE = "491"  # Mikkeli
CENTRE_PERCENT = Decimal(60)
EMAIL = "kunta@demo.osmari.fi"


def seed_municipal(
    programme: Programme, manager: User, make_user: Callable[[str, str], User]
) -> list[tuple[str, str, str]]:
    """The shares and Mikkeli's representative, made by `make_user` (e-mail, name) as the
    other demo logins are; the login as (e-mail, role, where)."""
    area = programme.area
    municipalities = list(area.municipalities.order_by("code"))
    centre = next((m for m in municipalities if m.code == CENTRE), municipalities[0])
    others = [m for m in municipalities if m != centre]
    shares = {centre: (CENTRE_PERCENT, "Mikkelin kaupunginhallitus 12.5.2025 § 88")}
    if others:
        each = ((100 - CENTRE_PERCENT) / len(others)).quantize(Decimal("0.01"), ROUND_DOWN)
        for n, municipality in enumerate(others, start=1):
            value = each if n < len(others) else 100 - CENTRE_PERCENT - each * (len(others) - 1)
            shares[municipality] = (value, f"Kunnanhallitus 3.6.2025 § {40 + n}")
    else:
        shares[centre] = (Decimal(100), shares[centre][1])
    if not MunicipalShare.objects.filter(programme=programme).exists():
        municipal_shares_save(actor=manager, programme=programme, basis=PERCENT, shares=shares)
    user = make_user(EMAIL, "Minna Kunnanedustaja")
    if not user.memberships.filter(role=Role.MUNICIPAL, area=area).exists():
        membership_grant(actor=None, user=user, role=Role.MUNICIPAL, area=area, municipality=centre)
    return [(EMAIL, str(Role.MUNICIPAL.label), f"{area} – {centre}")]
