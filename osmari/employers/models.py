from django.db import models
from django.utils.translation import gettext_lazy as _

from osmari.core.models import EmploymentArea, Municipality


class Organisation(models.Model):
    """A host organisation (järjestäjä) that offers work-trial or wage-subsidy places."""

    area = models.ForeignKey(
        EmploymentArea,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("employment area"),
    )
    name = models.CharField(_("name"), max_length=200)
    business_id = models.CharField(_("business ID"), max_length=9)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "business_id"], name="organisation_unique_business_id_per_area"
            )
        ]

    def __str__(self) -> str:
        return self.name
