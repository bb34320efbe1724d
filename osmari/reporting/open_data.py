"""Open data: the ESF+ indicators and outcomes of each area with a publishing programme, per
whole calendar quarter, for anyone to download as CSV and JSON, described by DCAT-AP metadata.

What is published is frozen: once a quarter has been closed for `OPEN_DATA_AFTER_DAYS` (so
that late entries land), a daily job counts it once, hides the small groups as the reporting
pages hide them from those who see aggregates only, and stores only what may be shown. The
files are built from those rows alone, so nothing unsuppressed ever reaches them, and a
published figure never changes when a record of that quarter is corrected later.

Every programme's quarters are frozen, publishing or not: the reporting API gives a token
these same rows (`osmari.api.reporting`), so that no answer differs from an earlier one by a
correction, and no answer differs from the open data.

The outcomes are grouped only in ways that say nothing about anyone's health: the wage
subsidy's tracks are one group, since one of them is for reduced work ability.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from osmari.core.models import EmploymentArea, Municipality
from osmari.feedback.suppression import rounded, rounding_base
from osmari.reporting import indicators, outcomes, periods
from osmari.reporting.group_labels import GROUP_LABELS
from osmari.reporting.models import OpenDataQuarter, Programme
from osmari.reporting.outcome_selectors import outcome_people_with_periods
from osmari.reporting.selectors import indicator_results, shown, target_progress

logger = logging.getLogger(__name__)

AFTER_DAYS = 30
LANGUAGES = ("fi", "sv", "en")
# Groupings that say nothing about health. Not language (a proxy for origin that the area's
# small language groups would mostly hide anyway), not the host (an organisation with one
# participant would name them to its staff) and not the position kind.
GROUPINGS = ("gender", "age_band", "municipality", "instrument")
COUNTS = outcomes.PAGE_COUNTS
VALUES = ("total", "women", "men", "non_binary", "missing")
TOTAL = "total"

LICENCE = "http://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "CC BY 4.0"
QUARTERLY = "http://publications.europa.eu/resource/authority/frequency/QUARTERLY"
THEME = "http://publications.europa.eu/resource/authority/data-theme/SOCI"
FILE_TYPES = {
    "csv": (
        "http://www.iana.org/assignments/media-types/text/csv",
        "http://publications.europa.eu/resource/authority/file-type/CSV",
        "text/csv",
    ),
    "json": (
        "http://www.iana.org/assignments/media-types/application/json",
        "http://publications.europa.eu/resource/authority/file-type/JSON",
        "application/json",
    ),
}
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
EU_LANGUAGES = {"fi": "FIN", "sv": "SWE", "en": "ENG"}


def after_days() -> int:
    """How long after a quarter's last day it is frozen: late entries land first."""
    return getattr(settings, "OPEN_DATA_AFTER_DAYS", AFTER_DAYS)


# --------------------------------------------------------------------------- quarters


def quarters(programme: Programme) -> list[tuple[date, date]]:
    """The whole calendar quarters the programme touches. Never clipped to its dates: the
    figures are the area's, and a clipped quarter beside another programme's whole one would
    subtract to the days between."""
    return [
        (quarter.start, quarter.end)
        for quarter in periods.quarters_between(programme.starts_on, programme.ends_on)
    ]


def closed_quarters(programme: Programme, *, today: date) -> list[tuple[date, date]]:
    """The quarters that ended at least `after_days()` before today."""
    wait = timedelta(days=after_days())
    return [(start, end) for start, end in quarters(programme) if end + wait <= today]


# --------------------------------------------------------------------------- freezing


def indicator_figures(area: EmploymentArea, start: date, end: date) -> dict[str, dict]:
    """Every indicator of the quarter as the aggregates-only pages show it (`shown`): the
    numbers with small groups as None, and whether any was hidden; each number rounded
    (`rounded`)."""
    rows = shown(
        indicator_results(area=area, start=start, end=end),
        minimum=area.min_group_size,
        persons_allowed=False,
        language="en",
    )
    base = rounding_base(area.min_group_size)
    figures = {}
    for row in rows:
        values = {name: rounded(getattr(row, name), base) for name in VALUES}
        if not row.indicator.by_gender:
            # Organisations have no gender: not applicable, not hidden.
            values.update(women=None, men=None, non_binary=None)
        figures[row.indicator.code] = {
            **values,
            "hidden": row.hidden,
            "not_collected": not row.indicator.collected,
        }
    return figures


def outcome_figures(area: EmploymentArea, start: date, end: date) -> dict[str, dict]:
    """The outcome counts of the quarter by each grouping, small groups hidden with their
    complement (`outcomes.hide_small`), as the outcomes page hides them, then rounded."""
    people = outcome_people_with_periods(area=area, start=start, end=end)
    base = rounding_base(area.min_group_size)
    figures = {}
    for by in GROUPINGS:
        groups = outcomes.by_group(people, by, start, end, followed_up=True)
        if by == "instrument":
            groups = outcomes.without_track(groups)
        # A person without a municipality is a group of their own, named as such.
        groups = {("unknown" if key is None else key): counts for key, counts in groups.items()}
        hidden_groups, total = outcomes.hide_small(groups, area.min_group_size)
        if not groups:
            # No one in any group (no municipality met): every count is zero, not hidden.
            total = dict.fromkeys(COUNTS, 0)
        figures[by] = {
            "groups": {key: _rounded(counts, base) for key, counts in hidden_groups.items()},
            TOTAL: _rounded(total, base),
        }
    return figures


def _rounded(counts: dict[str, int | None], base: int) -> dict[str, int | None]:
    return {name: rounded(value, base) for name, value in counts.items()}


def target_figures(programme: Programme, as_of: date) -> dict[str, dict]:
    """The programme's progress toward each target at the quarter's end: totals and their
    split by implementation year, never by municipality (a municipality's count at one
    quarter's end less the last would be a group the quarter's own figures hide)."""
    _years, rows, _by_municipality = target_progress(programme, as_of)
    base = rounding_base(programme.area.min_group_size)
    return {
        row.key: {
            "reached": rounded(row.reached, base),
            "by_year": [rounded(n, base) for n in row.by_year],
        }
        for row in rows
    }


def freeze_quarter(programme: Programme, start: date, end: date) -> OpenDataQuarter | None:
    """Count and store one quarter; None when it was stored already (by another run). Where
    another programme of the area has frozen the same quarter, its figures are copied: an
    area has one set of figures per quarter, whenever and for whichever programme asked, so
    that no two published versions differ by a late correction."""
    area = programme.area
    try:
        with transaction.atomic():
            # One freezer of the area's quarter at a time (the daily job and a token's call
            # may race): the second finds the first's figures and copies them.
            EmploymentArea.objects.select_for_update().filter(pk=area.pk).first()
            earlier = (
                OpenDataQuarter.objects.filter(programme__area=area, start=start, end=end)
                .order_by("frozen_at", "pk")
                .first()
            )
            row = OpenDataQuarter(
                programme=programme,
                start=start,
                end=end,
                targets=target_figures(programme, end),
            )
            if earlier is not None:
                row.frozen_at = earlier.frozen_at
                row.min_group_size = earlier.min_group_size
                row.indicators, row.outcomes = earlier.indicators, earlier.outcomes
            else:
                row.frozen_at = timezone.now()
                row.min_group_size = area.min_group_size
                row.indicators = indicator_figures(area, start, end)
                row.outcomes = outcome_figures(area, start, end)
            row.save()
    except IntegrityError:
        # Two workers froze the same programme's quarter at once: the first one's row stands.
        return None
    return row


def freeze_programme(programme: Programme, *, today: date) -> list[OpenDataQuarter]:
    """Freeze the programme's closed quarters not frozen yet. A quarter overlapping one
    already frozen (the programme's dates were moved) is left as it was published."""
    rows = list(programme.open_data_quarters.all())
    for row in rows:
        if not row.targets:
            # Frozen before the quarters kept the targets: counted once, now, and kept.
            row.targets = target_figures(programme, row.end)
            row.save(update_fields=["targets"])
    frozen = [(row.start, row.end) for row in rows]
    created = []
    for start, end in closed_quarters(programme, today=today):
        if any(start <= known_end and known_start <= end for known_start, known_end in frozen):
            continue
        row = freeze_quarter(programme, start, end)
        if row is not None:
            created.append(row)
            frozen.append((start, end))
    return created


def freeze_closed_quarters(*, today: date) -> int:
    """Freeze every programme's closed quarters (those of a programme that does not publish
    are for its reporting tokens); safe to run again at any time (after a crash it carries
    on where it stopped). The number of quarters frozen."""
    count = 0
    for programme in Programme.objects.select_related("area"):
        count += len(freeze_programme(programme, today=today))
    if count:
        logger.info("Froze %s quarters for open data and reporting tokens", count)
    return count


# --------------------------------------------------------------------------- reading


def publishing_areas() -> list[EmploymentArea]:
    """The active areas with a programme that publishes open data."""
    return list(
        EmploymentArea.objects.filter(
            is_active=True,
            pk__in=Programme.objects.filter(publishes_open_data=True).values("area_id"),
        )
    )


def published_area(code: str) -> EmploymentArea | None:
    return next((area for area in publishing_areas() if area.code == code), None)


def published_quarters(area: EmploymentArea) -> list[OpenDataQuarter]:
    """The area's frozen quarters, oldest first, each once: two publishing programmes of the
    area hold the same figures for a quarter they share (`freeze_quarter`), and the first to
    freeze it names it."""
    rows = (
        OpenDataQuarter.objects.filter(programme__area=area, programme__publishes_open_data=True)
        .select_related("programme")
        .order_by("start", "frozen_at", "pk")
    )
    seen: set[date] = set()
    result = []
    for row in rows:
        if row.start not in seen:
            seen.add(row.start)
            result.append(row)
    return result


def language_of(asked: str | None) -> str:
    """The language of the labels in a file: fi, sv or en; Finnish unless asked, so that one
    address always gives the same file."""
    asked = (asked or "")[:2]
    return asked if asked in LANGUAGES else LANGUAGES[0]


# --------------------------------------------------------------------------- files

INDICATOR_COLUMNS = (
    "project_code",
    "quarter_start",
    "quarter_end",
    "indicator_code",
    "indicator",
    "counted_among",
    *VALUES,
    "hidden",
    "not_collected",
    "min_group_size",
)
OUTCOME_COLUMNS = (
    "project_code",
    "quarter_start",
    "quarter_end",
    "grouping",
    "group",
    "group_label",
    *COUNTS,
    "hidden",
    "min_group_size",
)

GROUPING_LABELS = {
    "gender": gettext_lazy("Gender"),
    "age_band": gettext_lazy("Age on entry"),
    "municipality": gettext_lazy("Municipality of residence"),
    "instrument": gettext_lazy("Work trial or wage subsidy"),
}
INSTRUMENT_LABELS = {
    "work_trial": gettext_lazy("Work trial"),
    "wage_subsidy": gettext_lazy("Wage subsidy"),
    outcomes.NONE: gettext_lazy("No work trial or wage subsidy"),
}


def _quarter(row: OpenDataQuarter) -> dict[str, Any]:
    return {
        "project_code": row.programme.project_code,
        "quarter_start": row.start.isoformat(),
        "quarter_end": row.end.isoformat(),
    }


def indicator_records(rows: Iterable[OpenDataQuarter], language: str) -> list[dict[str, Any]]:
    """One record per quarter and indicator, labels from the registry in `language`."""
    records = []
    for row in rows:
        for indicator in indicators.REGISTRY:
            figures = row.indicators.get(indicator.code)
            if figures is None:
                continue
            records.append(
                {
                    **_quarter(row),
                    "indicator_code": indicator.code,
                    "indicator": indicator.label(language),
                    "counted_among": indicator.population,
                    **{name: figures.get(name) for name in VALUES},
                    "hidden": bool(figures.get("hidden")),
                    "not_collected": bool(figures.get("not_collected")),
                    "min_group_size": row.min_group_size,
                }
            )
    return records


def group_labels(rows: list[OpenDataQuarter], language: str) -> dict[tuple[str, str], str]:
    """Each (grouping, group) of the rows' outcomes named in `language`."""
    codes = {key for row in rows for key in row.outcomes.get("municipality", {}).get("groups", {})}
    municipalities = {
        m.code: (m.name_sv if language == "sv" else m.name_fi) or m.name_fi
        for m in Municipality.objects.filter(code__in=codes)
    }
    with translation.override(language):
        labels = {("municipality", code): name for code, name in municipalities.items()}
        labels |= {("instrument", key): str(label) for key, label in INSTRUMENT_LABELS.items()}
        for by in ("gender", "age_band"):
            labels |= {(by, key): str(label) for key, label in GROUP_LABELS.items()}
        labels |= {(by, "unknown"): _("Not known") for by in ("age_band", "municipality")}
        labels |= {(by, TOTAL): _("All") for by in GROUPINGS}
        labels[("gender", "unknown")] = str(GROUP_LABELS["unknown"])
    return labels


ORDER = {
    "gender": outcomes.GENDERS,
    "age_band": outcomes.AGE_BANDS,
    "instrument": outcomes.PUBLIC_INSTRUMENTS,
}


def ordered_groups(by: str, groups: dict[str, dict]) -> list[tuple[str, dict]]:
    """A grouping's groups in their own order (genders, age bands and instruments as listed,
    municipalities by code): PostgreSQL keeps a JSON object's keys in an order of its own."""
    order = ORDER.get(by, ())

    def place(key: str) -> tuple[int, str]:
        return (order.index(key), "") if key in order else (len(order), key)

    return sorted(groups.items(), key=lambda item: place(item[0]))


def outcome_records(rows: Iterable[OpenDataQuarter], language: str) -> list[dict[str, Any]]:
    """One record per quarter, grouping and group, with the grouping's total last."""
    rows = list(rows)
    labels = group_labels(rows, language)
    records = []
    for row in rows:
        for by in GROUPINGS:
            figures = row.outcomes.get(by)
            if figures is None:
                continue
            for key, counts in [*ordered_groups(by, figures["groups"]), (TOTAL, figures[TOTAL])]:
                values = {name: counts.get(name) for name in COUNTS}
                records.append(
                    {
                        **_quarter(row),
                        "grouping": by,
                        "group": key,
                        "group_label": labels.get((by, key), key),
                        **values,
                        "hidden": any(value is None for value in values.values()),
                        "min_group_size": row.min_group_size,
                    }
                )
    return records


def csv_rows(records: list[dict[str, Any]], columns: tuple[str, ...]) -> list[list[Any]]:
    """The records as CSV rows in the order of `columns`; a hidden number is an empty cell."""

    def cell(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return value

    return [[cell(record.get(name)) for name in columns] for record in records]


def as_json(records: list[dict[str, Any]], *, language: str) -> dict[str, Any]:
    return {
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "language": language,
        "licence": LICENCE,
        "records": records,
    }


# --------------------------------------------------------------------------- DCAT-AP

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "locn": "http://www.w3.org/ns/locn#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    # Texts in Finnish, Swedish and English as language maps.
    "dct:title": {"@container": "@language"},
    "dct:description": {"@container": "@language"},
    "dcat:keyword": {"@container": "@language"},
    "foaf:name": {"@container": "@language"},
    "locn:geographicName": {"@container": "@language"},
}

DATASETS = {
    "indicators": (
        gettext_lazy("ESF+ indicators per quarter: %(area)s"),
        gettext_lazy(
            "The ESF+ common indicators of the employment area's programme for each calendar "
            "quarter: how many people entered and left, and in what situation, split by "
            "gender, and how many organisations were supported. Totals only: a group smaller "
            "than %(minimum)s people is hidden, with as many others as it takes so that it "
            "cannot be worked out."
        ),
        (gettext_lazy("employment"), "ESF+", gettext_lazy("indicators")),
    ),
    "outcomes": (
        gettext_lazy("Outcomes of the participants per quarter: %(area)s"),
        gettext_lazy(
            "For each calendar quarter, how many people entered and left the employment "
            "area's programme, how many of those who left were in work, in education or job "
            "searching, and how many were in work six months later, by gender, age, "
            "municipality and whether they had a work trial or wage subsidy. Totals only: a "
            "group smaller than %(minimum)s people is hidden, with as many others as it takes "
            "so that it cannot be worked out."
        ),
        (gettext_lazy("employment"), "ESF+", gettext_lazy("outcomes")),
    ),
}


def _in_languages(text, **values) -> dict[str, str]:
    """The text in each language; a value given as {language: value} is taken in its own."""
    result = {}
    for language in LANGUAGES:
        own = {k: v[language] if isinstance(v, dict) else v for k, v in values.items()}
        with translation.override(language):
            result[language] = str(text) % own if own else str(text)
    return result


def _area_names(area: EmploymentArea) -> dict[str, str]:
    return {language: getattr(area, f"name_{language}") or area.name_fi for language in LANGUAGES}


@dataclass(frozen=True)
class Addresses:
    """The absolute addresses of an area's open-data page and files."""

    page: str
    catalog: str
    files: dict[str, dict[str, str]]  # {"indicators": {"csv": url, "json": url}, ...}


def _date(value: date) -> dict[str, str]:
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def _date_time(value) -> dict[str, str]:
    return {"@value": value.isoformat(timespec="seconds"), "@type": "xsd:dateTime"}


def catalog(
    area: EmploymentArea, rows: list[OpenDataQuarter], addresses: Addresses
) -> dict[str, Any]:
    """The area's open data as a DCAT-AP catalogue in JSON-LD: two datasets, each with a CSV
    and a JSON distribution."""
    names = _area_names(area)
    publisher = {
        "@id": f"{addresses.page}#publisher",
        "@type": "foaf:Agent",
        "foaf:name": names,
    }
    contact = {"@type": "vcard:Organization", "vcard:fn": names["fi"]}
    spatial = [
        {
            "@type": "dct:Location",
            "dct:identifier": m.code,
            "locn:geographicName": {"fi": m.name_fi, "sv": m.name_sv or m.name_fi},
        }
        for m in area.municipalities.order_by("code")
    ]
    minimum = rows[-1].min_group_size if rows else area.min_group_size
    datasets = []
    for key, (title, description, keywords) in DATASETS.items():
        dataset: dict[str, Any] = {
            "@id": f"{addresses.page}#{key}",
            "@type": "dcat:Dataset",
            "dct:identifier": f"{addresses.page}#{key}",
            "dct:title": _in_languages(title, area=names),
            "dct:description": _in_languages(description, minimum=minimum),
            "dct:publisher": publisher,
            "dcat:contactPoint": contact,
            "dct:license": {"@id": LICENCE},
            "dct:accrualPeriodicity": {"@id": QUARTERLY},
            "dcat:theme": {"@id": THEME},
            "dcat:keyword": {language: _words(keywords, language) for language in LANGUAGES},
            "dct:spatial": spatial,
            "dct:language": [{"@id": EU_LANGUAGE + EU_LANGUAGES[code]} for code in LANGUAGES],
            "dcat:landingPage": {"@id": addresses.page},
            "dcat:distribution": [
                _distribution(kind, url, title, names) for kind, url in addresses.files[key].items()
            ],
        }
        if rows:
            dataset["dct:temporal"] = {
                "@type": "dct:PeriodOfTime",
                "dcat:startDate": _date(rows[0].start),
                "dcat:endDate": _date(max(row.end for row in rows)),
            }
            dataset["dct:issued"] = _date_time(min(row.frozen_at for row in rows))
            dataset["dct:modified"] = _date_time(max(row.frozen_at for row in rows))
        datasets.append(dataset)
    return {
        "@context": CONTEXT,
        "@id": addresses.catalog,
        "@type": "dcat:Catalog",
        "dct:title": _in_languages(gettext_lazy("Open data: %(area)s"), area=names),
        "dct:description": _in_languages(
            gettext_lazy(
                "The employment area's ESF+ programme in figures, per quarter, as totals "
                "with small groups hidden."
            )
        ),
        "dct:publisher": publisher,
        "dct:license": {"@id": LICENCE},
        "foaf:homepage": {"@id": addresses.page},
        "dcat:dataset": datasets,
    }


def _words(words, language: str) -> list[str]:
    with translation.override(language):
        return [str(word) for word in words]


def _distribution(kind: str, url: str, title, area_names: dict) -> dict[str, Any]:
    media_type, file_type, _plain = FILE_TYPES[kind]
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": {
            language: f"{text} ({kind.upper()})"
            for language, text in _in_languages(title, area=area_names).items()
        },
        "dcat:downloadURL": {"@id": url},
        "dcat:accessURL": {"@id": url},
        "dcat:mediaType": {"@id": media_type},
        "dct:format": {"@id": file_type},
        "dct:license": {"@id": LICENCE},
    }
