"""Work trials used for their purpose: each host organisation's figures over the last three
years, and the patterns worth a coach's look, with the numbers that raised them."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from osmari.accounts import access
from osmari.core.models import EmploymentArea
from osmari.employers.models import OrganisationKind
from osmari.placements import trial_patterns
from osmari.placements.models import InterruptionReason
from osmari.reporting import trial_selectors
from osmari.reporting.trial_texts import pattern_text, setting_name, share_text


def _area(request) -> EmploymentArea:
    areas = access.areas_where(request.user, trial_selectors.PERMISSION)
    chosen = request.GET.get("area", "")
    return next((area for area in areas if str(area.pk) == chosen), areas[0])


@access.permission_required(trial_selectors.PERMISSION)
def trial_patterns_view(request):
    area = _area(request)
    today = timezone.localdate()
    rows = trial_selectors.trial_rows_for_user(user=request.user, area=area, today=today)
    reasons = dict(InterruptionReason.choices)
    kinds = dict(OrganisationKind.choices)
    context = {
        "area": area,
        "areas": access.areas_where(request.user, trial_selectors.PERMISSION),
        "since": trial_patterns.window_start(today),
        "today": today,
        "rows": [
            {
                "figures": row.figures,
                "kind": kinds.get(row.figures.kind, row.figures.kind),
                "onward_share": share_text(row.figures.onward_share)
                if row.figures.onward_share is not None
                else "—",
                "interruptions": [
                    (reasons.get(reason, reason), count) for reason, count in row.interruptions
                ],
                "patterns": [pattern_text(p) for p in row.figures.patterns],
            }
            for row in rows
        ],
        "worth_a_look": sum(1 for row in rows if row.figures.patterns),
        "settings": [
            (setting_name("trial_successive_limit"), area.trial_successive_limit),
            (setting_name("trial_min_count"), area.trial_min_count),
            (setting_name("trial_onward_share"), share_text(area.trial_onward_share)),
        ],
        "minimum": area.min_group_size,
    }
    return render(request, "reporting/trials.html", context)
