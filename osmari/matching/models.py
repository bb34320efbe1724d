from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from osmari.core import register
from osmari.core.models import EmploymentArea


class AssignmentProposal(models.Model):
    """A regional assignment made by a background job for one user's view of an area (their
    caseload and what they may see), optionally one municipality's people. The page shows
    the latest; pairs whose person or place has changed since are left out there."""

    area = models.ForeignKey(
        EmploymentArea, on_delete=models.CASCADE, related_name="+", verbose_name=_("area")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requested by"),
    )
    municipality = models.CharField(_("municipality code"), max_length=3, blank=True)
    made_at = models.DateTimeField(_("made"), auto_now_add=True)
    # [client id, position id] of each proposed pair.
    pairs = models.JSONField(_("pairs"), default=list)
    unplaced_none = models.JSONField(_("people no place allows"), default=list)
    unplaced_taken = models.JSONField(_("people whose places went to others"), default=list)
    client_count = models.PositiveIntegerField(_("people waiting"), default=0)
    position_count = models.PositiveIntegerField(_("open positions"), default=0)
    places = models.PositiveIntegerField(_("open places"), default=0)
    total = models.FloatField(_("total fit"), default=0)
    greedy_total = models.FloatField(_("total fit one pair at a time"), default=0)

    class Meta:
        verbose_name = _("assignment proposal")
        verbose_name_plural = _("assignment proposals")
        indexes = [
            models.Index(
                fields=["requested_by", "area", "municipality", "-made_at"],
                name="assignment_latest",
            )
        ]

    def __str__(self) -> str:
        return f"{self.area} {timezone.localtime(self.made_at):%Y-%m-%d %H:%M}"


register.declare(
    AssignmentProposal,
    register.CLIENT_RECORD,
    {
        register.CLIENT_SERVICE_DATA: [
            "area",
            "municipality",
            "made_at",
            "pairs",
            "unplaced_none",
            "unplaced_taken",
            "client_count",
            "position_count",
            "places",
            "total",
            "greedy_total",
        ],
        register.HANDLED_BY: ["requested_by"],
    },
)
