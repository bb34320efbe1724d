"""Reads of the shared classifications that forms and views look things up in."""

from __future__ import annotations

from django.db.models import Q

from osmari.core.models import Occupation, Skill


def esco_find(*, kind: str, label: str) -> Occupation | Skill | None:
    """The ESCO occupation or skill with this label in any of the three languages."""
    model = Occupation if kind == "occupation" else Skill
    label = label.strip()
    if not label:
        return None
    return model.objects.filter(
        Q(label_fi__iexact=label) | Q(label_sv__iexact=label) | Q(label_en__iexact=label)
    ).first()
