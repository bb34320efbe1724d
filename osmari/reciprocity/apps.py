from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReciprocityConfig(AppConfig):
    name = "osmari.reciprocity"
    label = "reciprocity"
    verbose_name = _("Reciprocity")
