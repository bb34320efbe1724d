import logging
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from osmari.core import accessibility as statement
from osmari.core.models import (
    EducationLevel,
    EmploymentArea,
    Industry,
    Municipality,
    Occupation,
    OccupationGroup,
    PostalCode,
    Skill,
)
from osmari.core.params import plain_text

logger = logging.getLogger(__name__)


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


@require_GET
def accessibility(request):
    """The accessibility statement (Act 306/2019, section 15), public, with each active
    area's channel for feedback."""
    context = {
        "statement": statement,
        "shortcomings": statement.shortcomings(settings.SESSION_COOKIE_AGE // 60),
        "areas": EmploymentArea.objects.filter(is_active=True),
    }
    return render(request, "core/accessibility.html", context)


# How long a client is asked to wait before trying again while the database is away.
RETRY_AFTER_SECONDS = 5


def _database_away() -> bool:
    """Whether the connection itself is gone, as while the server restarts. A deadlock or a
    lock timeout is an OperationalError too, on a connection that still works: there the
    request may have saved part of its work, so "nothing was saved, try again" would be
    wrong."""
    try:
        return connection.connection is None or not connection.is_usable()
    except Exception:  # a connection that cannot even be asked is away
        return True


def server_error(request):
    """The 500 handler. While the database is away (restarting, failing over, out of
    connections) the answer is 503 with Retry-After and a page that says to try again and
    that nothing was saved, rather than "something went wrong"; anything else is Django's
    own 500. Neither page reads the database."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)) and _database_away():
        logger.warning("The database did not answer %s: %s", request.path, error)
        return database_away_response()
    return defaults.server_error(request)


def database_away_response() -> HttpResponse:
    """The "try again" answer, 503 with Retry-After, which reads nothing from the database."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@never_cache
@require_GET
def health(request):
    """For the load balancer: "ok" only while the database answers, 503 while it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except (DatabaseError, InterfaceError) as error:
        logger.warning("Health check: the database did not answer: %s", error)
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def _options(request, model):
    """Up to 20 labels that match what is typed, as <option>s for a datalist (htmx)."""
    # htmx sends the typing field under its own name, whatever the form calls it.
    query = plain_text(next(iter(request.GET.values()), "")).strip()
    items = []
    if len(query) >= 2:
        items = model.objects.filter(
            Q(label_fi__icontains=query)
            | Q(label_sv__icontains=query)
            | Q(label_en__icontains=query)
        ).order_by("label_fi")[:20]
    return render(request, "core/_options.html", {"items": items})


@login_required
@require_GET
def occupation_options(request):
    return _options(request, Occupation)


@login_required
@require_GET
def skill_options(request):
    return _options(request, Skill)
