from django.db import models
from django.utils.translation import gettext_lazy as _

from osmari.core import register


class UsedSignInLink(models.Model):
    """A one-time sign-in link that has been used. Only the link's digest is kept: the row
    says nothing about whose link it was, and a link is refused once its digest is here."""

    digest = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(_("used"), auto_now_add=True)

    class Meta:
        verbose_name = _("used sign-in link")
        verbose_name_plural = _("used sign-in links")

    def __str__(self) -> str:
        return f"{self.digest[:8]}… {self.used_at:%Y-%m-%d %H:%M}"


register.no_personal_data(
    UsedSignInLink, _("Only a used link's digest: it names no one and cannot be reversed")
)
