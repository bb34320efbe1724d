from django.urls import path

from osmari.api import routes  # noqa: F401  (the operations register themselves on `api`)
from osmari.api.v1 import api

urlpatterns = [path("v1/", api.urls)]
