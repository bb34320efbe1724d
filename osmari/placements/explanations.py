"""What the rules of a planned period say, in Finnish, Swedish and English.

Pure: a reason of `rules.check` in, a sentence out. The period's own reasons are explained
here; the eligibility reasons the check repeats are explained by the screening engine's
explanations.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from osmari.screening.engine import Reason
from osmari.screening.explanations import FIELD_NAMES, LANGUAGES, format_date
from osmari.screening.explanations import explain as explain_eligibility

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
