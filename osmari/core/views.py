from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from osmari.core.models import (
    EducationLevel,
    Industry,
    Municipality,
    Occupation,
    OccupationGroup,
    PostalCode,
)


@require_GET
def about(request):
    """What Osmari is, and where its reference data comes from (with the ESCO attribution)."""
    counts = {
        "municipalities": Municipality.objects.count(),
        "postal_codes": PostalCode.objects.count(),
        "isco_groups": OccupationGroup.objects.count(),
        "occupations": Occupation.objects.count(),
        "industries": Industry.objects.count(),
        "education_levels": EducationLevel.objects.count(),
    }
    return render(request, "core/about.html", {"counts": counts})


@never_cache
@require_GET
def health(request):
    """Liveness for the load balancer; touches nothing, so it also is the bench baseline."""
    return HttpResponse("ok", content_type="text/plain")
