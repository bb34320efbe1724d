"""The demo's de minimis declarations: what the undertakings say they got from others."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

from osmari.employers.models import Organisation
from osmari.reciprocity import deminimis

# Most small employers have had no other de minimis aid; some a regional grant or two.
OTHER_AID = ("0.00", "0.00", "0.00", "8500.00", "24000.00", "61000.00")
OTHER_GRANTERS = ("ELY-keskus", "Business Finland", "Kunnan elinkeinotoimi")


def de_minimis_declaration(organisation: Organisation, declared_on: date) -> dict[str, Any]:
    """The declaration recorded with a demo decision. Drawn from the organisation's business
    ID, not from the demo's shared random numbers, so the rest of the demo stays the same."""
    pick = random.Random(organisation.business_id or organisation.name)
    economic = pick.random() < 0.5
    if not deminimis.is_subject(organisation.kind, economic):
        return {"economic_activity": economic}
    other = Decimal(pick.choice(OTHER_AID))
    return {
        "economic_activity": economic,
        "other_aid_declared": other,
        "declared_on": declared_on,
        "other_aid_from": pick.choice(OTHER_GRANTERS) if other else "",
    }
