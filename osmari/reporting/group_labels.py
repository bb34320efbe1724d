"""The words for the groups people are counted in on the outcomes and fairness pages (the
keys are `outcomes.group_key`'s, which the `outcomes` command prints)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

GROUP_LABELS: dict[str, str | Promise] = {
    "female": gettext_lazy("Women"),
    "male": gettext_lazy("Men"),
    "non_binary": gettext_lazy("Non-binary"),
    "unknown": gettext_lazy("Gender not stated"),
    "under_30": gettext_lazy("Under 30"),
    "30_54": gettext_lazy("30–54"),
    "55_plus": gettext_lazy("55 and over"),
    "fi": gettext_lazy("Finnish"),
    "sv": gettext_lazy("Swedish"),
    "other": gettext_lazy("Other languages"),
}
