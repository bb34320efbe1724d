"""Whether a planned work-trial or wage-subsidy period keeps to the law and to the place.

Pure: the screening engine's case (the person, their earlier periods, the organiser) and the
planned period in; a list of reasons out, each met, not met or unknown, with its legal basis
and the figures behind it. A period may be saved only when every reason is met
(`breaches` is empty). The limits come from the rule set in force on the period's first day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from osmari.screening.engine import (
    Case,
    Option,
    PastPlacement,
    Reason,
    RuleSet,
    calendar_months,
    evaluate,
    ruleset_for,
    schedule_reasons,
)
from osmari.screening.explanations import FIELD_NAMES, LANGUAGES, format_date
from osmari.screening.explanations import explain as explain_eligibility

# Floating months are compared with a little slack: 1.1.–30.6. is exactly six months.
SLACK = 1e-9
CENT = Decimal("0.01")
POSITION_OFFERS = {
    "work_trial": ("work_trial", "both"),
    "wage_subsidy": ("wage_subsidy", "both"),
}
# The engine's reasons that decide a period on their own (the group reasons only open tracks).
DECISIVE_ENGINE_REASONS = {
    "work_trial": ("wt_registered_jobseeker", "wt_organiser_kind"),
    "wage_subsidy": (
        "ws_registered_jobseeker",
        "ws_employer_kind",
        "ws_municipality_employer",
        "ws_repeat_same_employer",
    ),
}


@dataclass(frozen=True)
class Place:
    """The position as far as the period is concerned."""

    kind: str  # work_trial | wage_subsidy | both
    open_from: date
    open_to: date | None
    paused: bool
    capacity: int
    # The other planned or active periods in this position: (first day, last day).
    taken: tuple[tuple[date, date], ...] = ()


@dataclass(frozen=True)
class PlannedPeriod:
    kind: str
    tasks: str
    start: date
    end: date
    days_per_week: int
    hours_per_day: Decimal
    track: str | None = None
    subsidy_percent: int | None = None
    monthly_pay: Decimal | None = None
    monthly_subsidy: Decimal | None = None
    working_time_percent: int | None = None


def months(start: date, end: date) -> float:
    return calendar_months(start, end)


def _shown(value: float) -> float:
    return round(value + SLACK, 1)


def _same_organiser(case: Case, periods: Iterable[PastPlacement]) -> list[PastPlacement]:
    business_id = case.organisation.business_id if case.organisation else None
    return [p for p in periods if business_id and p.organisation == business_id]


def _months_reason(
    code: str, used: float, planned: float, limit: int, basis: str, **params: Any
) -> Reason:
    return Reason(
        code,
        used + planned <= limit + SLACK,
        basis,
        {"used": _shown(used), "planned": _shown(planned), "limit": limit, **params},
    )


def work_trial_reasons(case: Case, period: PlannedPeriod, rules: RuleSet) -> list[Reason]:
    wt = rules.section("work_trial")
    basis = wt["legal_basis"]
    trials = [p for p in case.placements if p.kind == "work_trial"]
    planned = months(period.start, period.end)
    used_total = sum(months(p.start, p.end) for p in trials)
    reasons = [
        _months_reason("pl_wt_total", used_total, planned, wt["max_months_total"], basis),
        *schedule_reasons(period.days_per_week, float(period.hours_per_day), rules),
    ]
    same = _same_organiser(case, trials)
    used_same = sum(months(p.start, p.end) for p in same)
    if case.organisation is not None and case.organisation.kind == "municipality":
        reasons.append(
            _months_reason(
                "pl_wt_municipality",
                used_same,
                planned,
                wt["max_months_municipality_organiser"],
                basis,
            )
        )
        tasks = period.tasks.strip().casefold()
        used_tasks = sum(
            months(p.start, p.end) for p in same if p.tasks.strip().casefold() == tasks
        )
        reasons.append(
            _months_reason(
                "pl_wt_same_tasks",
                used_tasks,
                planned,
                wt["max_months_municipality_same_tasks"],
                basis,
            )
        )
    else:
        reasons.append(
            _months_reason(
                "pl_wt_same_organiser", used_same, planned, wt["max_months_same_organiser"], basis
            )
        )
    return reasons


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def subsidy_ceiling(pay: Decimal, percent: int, cap: int) -> Decimal:
    """The most a month may be subsidised: the percent of the pay, at most the cap."""
    return min(_money(pay * percent / 100), Decimal(cap))


def wage_subsidy_reasons(
    case: Case,
    period: PlannedPeriod,
    rules: RuleSet,
    engine_reasons: Sequence[Reason],
    options: Sequence[Option],
) -> list[Reason]:
    ws = rules.section("wage_subsidy")
    basis = ws["legal_basis"]
    track, option = _track_reason(period, engine_reasons, options, basis)
    if option is None:
        return [track]
    planned = months(period.start, period.end)
    reasons = [
        track,
        Reason(
            "pl_ws_duration",
            planned <= option.max_months + SLACK,
            basis,
            {"planned": _shown(planned), "limit": option.max_months},
        ),
        _percent_reason(period, option, basis),
        _monthly_subsidy_reason(period, option, basis),
    ]
    if period.track == "association":
        reasons.append(
            _working_time_reason(period, ws["association"]["max_working_time_percent"], basis)
        )
    return reasons


def _track_reason(
    period: PlannedPeriod,
    engine_reasons: Sequence[Reason],
    options: Sequence[Option],
    basis: str,
) -> tuple[Reason, Option | None]:
    """Whether the period's track is open for the person, with the option it opens."""
    if not period.track:
        return Reason("pl_ws_track", None, basis, missing=("track",)), None
    open_tracks = {option.track: option for option in options}
    option = open_tracks.get(period.track)
    if option is None:
        # Name what would open the track, or what is missing to know.
        missing = tuple(sorted({field for r in engine_reasons for field in r.missing}))
        reason = Reason(
            "pl_ws_track",
            None if missing else False,
            basis,
            {"track": period.track, "open": ", ".join(open_tracks) or "–"},
            missing=missing,
        )
        return reason, None
    return Reason("pl_ws_track", True, basis, {"track": period.track, "open": ""}), option


def _percent_reason(period: PlannedPeriod, option: Option, basis: str) -> Reason:
    if period.subsidy_percent is None:
        return Reason("pl_ws_percent", None, basis, missing=("subsidy_percent",))
    return Reason(
        "pl_ws_percent",
        0 < period.subsidy_percent <= option.percent,
        basis,
        {"value": period.subsidy_percent, "limit": option.percent},
    )


def _monthly_subsidy_reason(period: PlannedPeriod, option: Option, basis: str) -> Reason:
    if period.monthly_pay is None or period.monthly_subsidy is None:
        missing = tuple(
            name
            for name, value in (
                ("monthly_pay", period.monthly_pay),
                ("monthly_subsidy", period.monthly_subsidy),
            )
            if value is None
        )
        return Reason("pl_ws_monthly_subsidy", None, basis, missing=missing)
    percent = min(period.subsidy_percent or option.percent, option.percent)
    ceiling = subsidy_ceiling(period.monthly_pay, percent, option.monthly_cap_eur)
    return Reason(
        "pl_ws_monthly_subsidy",
        Decimal(0) <= period.monthly_subsidy <= ceiling,
        basis,
        {
            "value": f"{period.monthly_subsidy:.2f}",
            "ceiling": f"{ceiling:.2f}",
            "percent": percent,
            "cap": option.monthly_cap_eur,
        },
    )


def _working_time_reason(period: PlannedPeriod, limit: int, basis: str) -> Reason:
    """An association may employ with the subsidy only part-time, up to the limit."""
    if period.working_time_percent is None:
        return Reason("pl_ws_working_time", None, basis, missing=("working_time_percent",))
    return Reason(
        "pl_ws_working_time",
        0 < period.working_time_percent <= limit,
        basis,
        {"value": period.working_time_percent, "limit": limit},
    )


def _busiest_day(taken: Iterable[tuple[date, date]], start: date, end: date) -> int:
    """The most other periods running on any one day of [start, end]."""
    events: list[tuple[date, int]] = []
    for first, last in taken:
        if first <= end and last >= start:
            events.append((max(first, start), 1))
            events.append((min(last, end) + timedelta(days=1), -1))
    running = busiest = 0
    for _day, change in sorted(events):
        running += change
        busiest = max(busiest, running)
    return busiest


def place_reasons(case: Case, period: PlannedPeriod, place: Place) -> list[Reason]:
    reasons = [
        Reason(
            "pl_position_kind",
            place.kind in POSITION_OFFERS[period.kind],
            "",
            {"kind": period.kind},
        ),
        Reason(
            "pl_position_open",
            not place.paused
            and place.open_from <= period.start
            and (place.open_to is None or period.end <= place.open_to),
            "",
            {
                "open_from": place.open_from,
                "open_to": place.open_to or "",
                "paused": place.paused,
            },
        ),
    ]
    busiest = _busiest_day(place.taken, period.start, period.end)
    reasons.append(
        Reason(
            "pl_capacity",
            busiest < place.capacity,
            "",
            {"taken": busiest, "capacity": place.capacity},
        )
    )
    clash = [p for p in case.placements if p.start <= period.end and p.end >= period.start]
    reasons.append(
        Reason(
            "pl_overlap",
            not clash,
            "",
            {"start": clash[0].start, "end": clash[0].end} if clash else {},
        )
    )
    return reasons


def check(
    case: Case, period: PlannedPeriod, place: Place, rules: RuleSet | None = None
) -> list[Reason]:
    """Every rule for the planned period, judged on its first day. `case.placements` holds
    the person's other periods (their actual or planned days), not this one."""
    if period.end < period.start:
        return [Reason("pl_dates", False, "", {})]
    rules = rules or ruleset_for(period.start)
    case = replace(case, on=period.start)
    result = evaluate(case, rules)
    instrument = result.work_trial if period.kind == "work_trial" else result.wage_subsidy
    decisive = DECISIVE_ENGINE_REASONS[period.kind]
    reasons = [r for r in instrument.reasons if r.code in decisive]
    if period.kind == "work_trial":
        reasons += work_trial_reasons(case, period, rules)
    else:
        reasons += wage_subsidy_reasons(case, period, rules, instrument.reasons, instrument.options)
    return reasons + place_reasons(case, period, place)


def breaches(reasons: Iterable[Reason]) -> list[Reason]:
    """What stops the period: a rule not met, or one that cannot be confirmed."""
    return [r for r in reasons if r.met is not True]


# ---------------------------------------------------------------- explanations

# code -> outcome -> language -> text; `{name}` fields from the reason's parameters.
TEXTS: dict[str, dict[str, dict[str, str]]] = {
    "pl_dates": {
        "not_met": {
            "fi": "Jakson loppupäivä on ennen alkupäivää.",
            "sv": "Periodens slutdatum är före startdatumet.",
            "en": "The period ends before it starts.",
        },
    },
    "pl_wt_total": {
        "met": {
            "fi": "Työkokeilua on käytetty tai suunniteltu {used} kk; tämä jakso {planned} kk; yhteensä enintään {limit} kk.",
            "sv": "Arbetsprövning har använts eller planerats {used} mån; denna period {planned} mån; sammanlagt högst {limit} mån.",
            "en": "{used} months of work trial used or planned; this period {planned} months; at most {limit} months in all.",
        },
        "not_met": {
            "fi": "Työkokeilu voi kestää yhteensä enintään {limit} kk. Aiemmat jaksot {used} kk ja tämä {planned} kk ylittävät rajan.",
            "sv": "Arbetsprövning får sammanlagt vara högst {limit} mån. Tidigare perioder {used} mån och denna {planned} mån överskrider gränsen.",
            "en": "A work trial may last at most {limit} months in all. Earlier periods ({used} months) and this one ({planned} months) exceed it.",
        },
    },
    "pl_wt_same_organiser": {
        "met": {
            "fi": "Saman järjestäjän luona {used} kk ja tämä jakso {planned} kk; enintään {limit} kk.",
            "sv": "Hos samma anordnare {used} mån och denna period {planned} mån; högst {limit} mån.",
            "en": "{used} months with this organiser and this period of {planned} months; at most {limit} months.",
        },
        "not_met": {
            "fi": "Saman järjestäjän luona työkokeilu voi kestää enintään {limit} kk. Aiemmat {used} kk ja tämä {planned} kk ylittävät rajan.",
            "sv": "Hos samma anordnare får arbetsprövningen vara högst {limit} mån. Tidigare {used} mån och denna {planned} mån överskrider gränsen.",
            "en": "A work trial with the same organiser may last at most {limit} months. Earlier {used} months and this {planned} months exceed it.",
        },
    },
    "pl_wt_municipality": {
        "met": {
            "fi": "Kunnan luona {used} kk ja tämä jakso {planned} kk; enintään {limit} kk.",
            "sv": "Hos kommunen {used} mån och denna period {planned} mån; högst {limit} mån.",
            "en": "{used} months with this municipality and this period of {planned} months; at most {limit} months.",
        },
        "not_met": {
            "fi": "Kunnan luona työkokeilu voi kestää enintään {limit} kk. Aiemmat {used} kk ja tämä {planned} kk ylittävät rajan.",
            "sv": "Hos en kommun får arbetsprövningen vara högst {limit} mån. Tidigare {used} mån och denna {planned} mån överskrider gränsen.",
            "en": "A work trial with a municipality may last at most {limit} months. Earlier {used} months and this {planned} months exceed it.",
        },
    },
    "pl_wt_same_tasks": {
        "met": {
            "fi": "Samoissa tehtävissä kunnan luona {used} kk ja tämä jakso {planned} kk; enintään {limit} kk.",
            "sv": "I samma uppgifter hos kommunen {used} mån och denna period {planned} mån; högst {limit} mån.",
            "en": "{used} months in the same tasks with this municipality and this period of {planned} months; at most {limit} months.",
        },
        "not_met": {
            "fi": "Kunnan luona samoissa tehtävissä työkokeilu voi kestää enintään {limit} kk. Aiemmat {used} kk ja tämä {planned} kk ylittävät rajan.",
            "sv": "Hos en kommun får arbetsprövning i samma uppgifter vara högst {limit} mån. Tidigare {used} mån och denna {planned} mån överskrider gränsen.",
            "en": "A work trial in the same tasks with a municipality may last at most {limit} months. Earlier {used} months and this {planned} months exceed it.",
        },
    },
    "pl_ws_track": {
        "met": {
            "fi": "Valittu palkkatuen peruste on käytettävissä.",
            "sv": "Den valda grunden för lönesubvention kan användas.",
            "en": "The chosen wage-subsidy track is open to this person.",
        },
        "not_met": {
            "fi": "Valittu palkkatuen peruste ei ole käytettävissä tälle henkilölle tässä työpaikassa. Käytettävissä: {open}.",
            "sv": "Den valda grunden för lönesubvention kan inte användas för personen hos denna arbetsgivare. Tillgängliga: {open}.",
            "en": "The chosen wage-subsidy track is not open to this person with this employer. Open tracks: {open}.",
        },
        "unknown": {
            "fi": "Palkkatuen perustetta ei voi vahvistaa.",
            "sv": "Grunden för lönesubvention kan inte bekräftas.",
            "en": "The wage-subsidy track cannot be confirmed.",
        },
    },
    "pl_ws_duration": {
        "met": {
            "fi": "Jakso {planned} kk; tällä perusteella enintään {limit} kk.",
            "sv": "Perioden {planned} mån; på denna grund högst {limit} mån.",
            "en": "The period is {planned} months; this track allows at most {limit} months.",
        },
        "not_met": {
            "fi": "Tällä perusteella palkkatukea voi saada enintään {limit} kk; jakso on {planned} kk.",
            "sv": "På denna grund kan lönesubvention beviljas högst {limit} mån; perioden är {planned} mån.",
            "en": "This track allows at most {limit} months of wage subsidy; the period is {planned} months.",
        },
    },
    "pl_ws_percent": {
        "met": {
            "fi": "Tukiprosentti {value} % (enintään {limit} %).",
            "sv": "Subventionsprocent {value} % (högst {limit} %).",
            "en": "Subsidy of {value} % (at most {limit} %).",
        },
        "not_met": {
            "fi": "Tällä perusteella tuki on enintään {limit} %; {value} % ei käy.",
            "sv": "På denna grund är subventionen högst {limit} %; {value} % går inte.",
            "en": "This track allows a subsidy of at most {limit} %; {value} % is not allowed.",
        },
        "unknown": {
            "fi": "Tukiprosentti puuttuu.",
            "sv": "Subventionsprocenten saknas.",
            "en": "The subsidy percent is missing.",
        },
    },
    "pl_ws_monthly_subsidy": {
        "met": {
            "fi": "Tuki {value} € kuukaudessa; enintään {ceiling} € ({percent} % palkasta, enintään {cap} €).",
            "sv": "Subvention {value} € per månad; högst {ceiling} € ({percent} % av lönen, högst {cap} €).",
            "en": "Subsidy of {value} € a month; at most {ceiling} € ({percent} % of the pay, capped at {cap} €).",
        },
        "not_met": {
            "fi": "Tuki voi olla enintään {ceiling} € kuukaudessa ({percent} % palkasta, enintään {cap} €); {value} € on liikaa.",
            "sv": "Subventionen får vara högst {ceiling} € per månad ({percent} % av lönen, högst {cap} €); {value} € är för mycket.",
            "en": "The subsidy may be at most {ceiling} € a month ({percent} % of the pay, capped at {cap} €); {value} € is too much.",
        },
        "unknown": {
            "fi": "Palkka tai tuki kuukaudessa puuttuu.",
            "sv": "Lönen eller subventionen per månad saknas.",
            "en": "The monthly pay or subsidy is missing.",
        },
    },
    "pl_ws_working_time": {
        "met": {
            "fi": "Työaika {value} % täydestä (enintään {limit} %).",
            "sv": "Arbetstid {value} % av heltid (högst {limit} %).",
            "en": "Working time {value} % of full time (at most {limit} %).",
        },
        "not_met": {
            "fi": "Yhdistyksen 100 %:n tuella työaika voi olla enintään {limit} % täydestä; {value} % ei käy.",
            "sv": "Med föreningarnas 100 % subvention får arbetstiden vara högst {limit} % av heltid; {value} % går inte.",
            "en": "With the associations' 100 % subsidy the working time may be at most {limit} % of full time; {value} % is not allowed.",
        },
        "unknown": {
            "fi": "Työaika prosentteina täydestä puuttuu.",
            "sv": "Arbetstiden i procent av heltid saknas.",
            "en": "The working time as a percent of full time is missing.",
        },
    },
    "pl_position_kind": {
        "met": {
            "fi": "Paikka on tarjolla tähän palveluun.",
            "sv": "Platsen erbjuds för denna tjänst.",
            "en": "The place is offered for this kind of period.",
        },
        "not_met": {
            "fi": "Paikkaa ei ole tarjottu tähän palveluun.",
            "sv": "Platsen erbjuds inte för denna tjänst.",
            "en": "The place is not offered for this kind of period.",
        },
    },
    "pl_position_open": {
        "met": {
            "fi": "Paikka on avoinna koko jakson ajan.",
            "sv": "Platsen är öppen under hela perioden.",
            "en": "The place is open for the whole period.",
        },
        "not_met": {
            "fi": "Paikka ei ole avoinna koko jakson ajan (avoinna {open_from}–{open_to}, tai tauolla).",
            "sv": "Platsen är inte öppen under hela perioden (öppen {open_from}–{open_to}, eller pausad).",
            "en": "The place is not open for the whole period (open {open_from}–{open_to}, or paused).",
        },
    },
    "pl_capacity": {
        "met": {
            "fi": "Paikassa on tilaa: muita samaan aikaan enintään {taken}, paikkoja {capacity}.",
            "sv": "Det finns plats: högst {taken} andra samtidigt, {capacity} platser.",
            "en": "There is room: at most {taken} others at the same time, {capacity} places.",
        },
        "not_met": {
            "fi": "Paikka on täynnä osan jaksosta: samaan aikaan {taken} muuta, paikkoja {capacity}.",
            "sv": "Platsen är full under en del av perioden: {taken} andra samtidigt, {capacity} platser.",
            "en": "The place is full for part of the period: {taken} others at the same time, {capacity} places.",
        },
    },
    "pl_overlap": {
        "met": {
            "fi": "Henkilöllä ei ole muuta jaksoa samaan aikaan.",
            "sv": "Personen har ingen annan period samtidigt.",
            "en": "The person has no other period at the same time.",
        },
        "not_met": {
            "fi": "Henkilöllä on jo jakso samaan aikaan ({start}–{end}).",
            "sv": "Personen har redan en period samtidigt ({start}–{end}).",
            "en": "The person already has a period at the same time ({start}–{end}).",
        },
    },
}

PERIOD_FIELD_NAMES: dict[str, dict[str, str]] = {
    "track": {"fi": "palkkatuen peruste", "sv": "grund för lönesubvention", "en": "subsidy track"},
    "subsidy_percent": {"fi": "tukiprosentti", "sv": "subventionsprocent", "en": "subsidy percent"},
    "monthly_pay": {"fi": "palkka kuukaudessa", "sv": "lön per månad", "en": "monthly pay"},
    "monthly_subsidy": {
        "fi": "tuki kuukaudessa",
        "sv": "subvention per månad",
        "en": "monthly subsidy",
    },
    "working_time_percent": {
        "fi": "työaika % täydestä",
        "sv": "arbetstid i % av heltid",
        "en": "working time % of full time",
    },
}

MISSING = {
    "fi": "Puuttuu: {fields}.",
    "sv": "Saknas: {fields}.",
    "en": "Missing: {fields}.",
}


def explain(reason: Reason, lang: str = "fi") -> str:
    """The reason in plain words: the period's own rules here, the eligibility rules from
    the screening explanations."""
    if reason.code not in TEXTS:
        return explain_eligibility(reason, lang)
    lang = lang if lang in LANGUAGES else "fi"
    outcome = {True: "met", False: "not_met", None: "unknown"}[reason.met]
    texts = TEXTS[reason.code]
    template = texts.get(outcome) or texts["not_met"]
    params = {key: _param(value, lang) for key, value in reason.params.items()}
    text = template[lang].format(**params)
    if reason.met is None and reason.missing:
        names = [
            (PERIOD_FIELD_NAMES.get(f) or FIELD_NAMES.get(f) or {}).get(lang, f)
            for f in reason.missing
        ]
        text += " " + MISSING[lang].format(fields=", ".join(names))
    return text


def _param(value: Any, lang: str) -> Any:
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, float):
        text = f"{value:g}"
        return text.replace(".", ",") if lang in ("fi", "sv") else text
    return value
