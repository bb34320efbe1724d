"""What each eligibility reason means, in Finnish, Swedish and English.

Pure text tables, kept beside the engine so that the command line, the pages and the printed
explanation for the client all say the same thing. Each code has a text for met, not met and
unknown; `{name}` fields come from the reason's parameters.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from osmari.screening.engine import Reason

LANGUAGES = ("fi", "sv", "en")

# code -> outcome ("met" | "not_met" | "unknown") -> language -> text
TEXTS: dict[str, dict[str, dict[str, str]]] = {
    "wt_registered_jobseeker": {
        "met": {
            "fi": "Henkilö on ilmoittautunut työnhakijaksi.",
            "sv": "Personen är anmäld som arbetssökande.",
            "en": "The person is a registered jobseeker.",
        },
        "not_met": {
            "fi": "Työkokeilu edellyttää, että henkilö on ilmoittautunut työnhakijaksi.",
            "sv": "Arbetsprövning förutsätter att personen är anmäld som arbetssökande.",
            "en": "A work trial requires the person to be a registered jobseeker.",
        },
        "unknown": {
            "fi": "Ei tiedetä, onko henkilö työnhakijana.",
            "sv": "Det är okänt om personen är arbetssökande.",
            "en": "It is not known whether the person is a registered jobseeker.",
        },
    },
    "wt_total_months": {
        "met": {
            "fi": "Työkokeilua on käytetty {used} kk enimmäismäärästä {limit} kk.",
            "sv": "Arbetsprövning har använts {used} mån av högst {limit} mån.",
            "en": "{used} of the maximum {limit} months of work trial have been used.",
        },
        "not_met": {
            "fi": "Työkokeilun enimmäiskesto {limit} kk on käytetty ({used} kk).",
            "sv": "Arbetsprövningens maximala längd {limit} mån har använts ({used} mån).",
            "en": "The maximum of {limit} months of work trial has been used ({used} months).",
        },
        "unknown": {
            "fi": "Aiempien työkokeilujen kesto ei ole tiedossa.",
            "sv": "Längden på tidigare arbetsprövningar är okänd.",
            "en": "The length of earlier work trials is not known.",
        },
    },
    "wt_organiser_kind": {
        "met": {
            "fi": "Järjestäjä voi järjestää työkokeilun.",
            "sv": "Anordnaren kan ordna arbetsprövning.",
            "en": "The organiser may arrange a work trial.",
        },
        "not_met": {
            "fi": "Yksityishenkilö ei voi olla työkokeilun järjestäjä.",
            "sv": "En privatperson kan inte anordna arbetsprövning.",
            "en": "A private individual cannot organise a work trial.",
        },
        "unknown": {
            "fi": "Järjestäjän tyyppi ei ole tiedossa.",
            "sv": "Anordnarens typ är okänd.",
            "en": "The kind of organiser is not known.",
        },
    },
    "wt_same_organiser_months": {
        "met": {
            "fi": "Saman järjestäjän luona on oltu {used} kk; enintään {limit} kk on mahdollista.",
            "sv": "Hos samma anordnare har personen varit {used} mån; högst {limit} mån är möjligt.",
            "en": "{used} months with this organiser so far; at most {limit} months are allowed.",
        },
        "not_met": {
            "fi": "Saman järjestäjän luona voi olla työkokeilussa enintään {limit} kk, ja ne on käytetty ({used} kk).",
            "sv": "Hos samma anordnare får arbetsprövningen vara högst {limit} mån, och de har använts ({used} mån).",
            "en": "At most {limit} months of work trial are allowed with the same organiser, and they have been used ({used} months).",
        },
        "unknown": {
            "fi": "Aiemmat jaksot saman järjestäjän luona eivät ole tiedossa.",
            "sv": "Tidigare perioder hos samma anordnare är okända.",
            "en": "Earlier periods with this organiser are not known.",
        },
    },
    "wt_municipality_months": {
        "met": {
            "fi": "Kunnan järjestämänä työkokeilu voi kestää enintään {limit} kk, samoissa tehtävissä enintään {same_tasks_limit} kk; käytetty {used} kk.",
            "sv": "När kommunen anordnar kan arbetsprövningen pågå högst {limit} mån, i samma uppgifter högst {same_tasks_limit} mån; använt {used} mån.",
            "en": "With a municipality, a work trial may last up to {limit} months, at most {same_tasks_limit} in the same tasks; {used} months used.",
        },
        "not_met": {
            "fi": "Kunnan järjestämän työkokeilun enimmäiskesto {limit} kk on käytetty ({used} kk).",
            "sv": "Den maximala längden {limit} mån hos kommunen har använts ({used} mån).",
            "en": "The maximum of {limit} months with this municipality has been used ({used} months).",
        },
        "unknown": {
            "fi": "Aiemmat jaksot kunnan luona eivät ole tiedossa.",
            "sv": "Tidigare perioder hos kommunen är okända.",
            "en": "Earlier periods with the municipality are not known.",
        },
    },
    "wt_days_per_week": {
        "met": {
            "fi": "{value} päivää viikossa on sallituissa rajoissa ({low}–{high}).",
            "sv": "{value} dagar i veckan är inom gränserna ({low}–{high}).",
            "en": "{value} days a week is within the limits ({low}–{high}).",
        },
        "not_met": {
            "fi": "Työkokeilu on {low}–{high} päivää viikossa; {value} ei käy.",
            "sv": "Arbetsprövning är {low}–{high} dagar i veckan; {value} går inte.",
            "en": "A work trial is {low}–{high} days a week; {value} is not allowed.",
        },
        "unknown": {
            "fi": "Päivät viikossa puuttuvat.",
            "sv": "Dagar i veckan saknas.",
            "en": "Days a week are missing.",
        },
    },
    "wt_hours_per_day": {
        "met": {
            "fi": "{value} tuntia päivässä on sallituissa rajoissa ({low}–{high}).",
            "sv": "{value} timmar per dag är inom gränserna ({low}–{high}).",
            "en": "{value} hours a day is within the limits ({low}–{high}).",
        },
        "not_met": {
            "fi": "Työkokeilu on {low}–{high} tuntia päivässä; {value} ei käy.",
            "sv": "Arbetsprövning är {low}–{high} timmar per dag; {value} går inte.",
            "en": "A work trial is {low}–{high} hours a day; {value} is not allowed.",
        },
        "unknown": {
            "fi": "Tunnit päivässä puuttuvat.",
            "sv": "Timmar per dag saknas.",
            "en": "Hours a day are missing.",
        },
    },
    "ws_registered_jobseeker": {
        "met": {
            "fi": "Henkilö on työtön työnhakija.",
            "sv": "Personen är arbetslös arbetssökande.",
            "en": "The person is an unemployed jobseeker.",
        },
        "not_met": {
            "fi": "Palkkatuki edellyttää, että palkattava on työtön työnhakija.",
            "sv": "Lönesubvention förutsätter att den som anställs är arbetslös arbetssökande.",
            "en": "Pay subsidy requires the person hired to be an unemployed jobseeker.",
        },
        "unknown": {
            "fi": "Työnhakijuus ei ole tiedossa.",
            "sv": "Det är okänt om personen är arbetssökande.",
            "en": "Whether the person is a jobseeker is not known.",
        },
    },
    "ws_employer_kind": {
        "met": {
            "fi": "Työnantaja voi saada palkkatukea.",
            "sv": "Arbetsgivaren kan få lönesubvention.",
            "en": "The employer may receive pay subsidy.",
        },
        "not_met": {
            "fi": "Tämä työnantaja ei voi saada palkkatukea (valtio tai yksityishenkilö ei voi, ja Y-tunnus tarvitaan).",
            "sv": "Den här arbetsgivaren kan inte få lönesubvention (staten eller en privatperson kan inte, och FO-nummer behövs).",
            "en": "This employer cannot receive pay subsidy (the state or a private individual cannot, and a business ID is required).",
        },
        "unknown": {
            "fi": "Työnantajan tyyppi ei ole tiedossa.",
            "sv": "Arbetsgivarens typ är okänd.",
            "en": "The kind of employer is not known.",
        },
    },
    "ws_group_young": {
        "met": {
            "fi": "Ikä {age} v: kuuluu ryhmään {low}–{high}-vuotiaat (ammatillisen osaamisen parantaminen, 50 %).",
            "sv": "Ålder {age}: hör till gruppen {low}–{high} år (förbättrad yrkeskompetens, 50 %).",
            "en": "Age {age}: in the group aged {low}–{high} (improving professional skills, 50 %).",
        },
        "not_met": {
            "fi": "Ikä {age} v: ei kuulu ryhmään {low}–{high}-vuotiaat.",
            "sv": "Ålder {age}: hör inte till gruppen {low}–{high} år.",
            "en": "Age {age}: not in the group aged {low}–{high}.",
        },
        "unknown": {
            "fi": "Syntymäaika puuttuu, joten ikäryhmää ei voi päätellä.",
            "sv": "Födelsedatum saknas, så åldersgruppen kan inte avgöras.",
            "en": "The birth date is missing, so the age group cannot be decided.",
        },
    },
    "ws_group_older": {
        "met": {
            "fi": "Ikä {age} v: kuuluu ryhmään {from} vuotta täyttäneet (50 %).",
            "sv": "Ålder {age}: hör till gruppen som fyllt {from} år (50 %).",
            "en": "Age {age}: in the group aged {from} or over (50 %).",
        },
        "not_met": {
            "fi": "Ikä {age} v: ei vielä {from} vuotta.",
            "sv": "Ålder {age}: ännu inte {from} år.",
            "en": "Age {age}: not yet {from}.",
        },
        "unknown": {
            "fi": "Syntymäaika puuttuu, joten ikäryhmää ei voi päätellä.",
            "sv": "Födelsedatum saknas, så åldersgruppen kan inte avgöras.",
            "en": "The birth date is missing, so the age group cannot be decided.",
        },
    },
    "ws_group_no_upper_secondary": {
        "met": {
            "fi": "Ei toisen asteen tutkintoa (koulutusaste {level}) (50 %).",
            "sv": "Ingen examen på andra stadiet (utbildningsnivå {level}) (50 %).",
            "en": "No upper-secondary qualification (education level {level}) (50 %).",
        },
        "not_met": {
            "fi": "Henkilöllä on vähintään toisen asteen tutkinto (koulutusaste {level}).",
            "sv": "Personen har minst en examen på andra stadiet (utbildningsnivå {level}).",
            "en": "The person has at least an upper-secondary qualification (education level {level}).",
        },
        "unknown": {
            "fi": "Koulutusaste puuttuu tai on tuntematon.",
            "sv": "Utbildningsnivån saknas eller är okänd.",
            "en": "The education level is missing or unknown.",
        },
    },
    "ws_group_integration_plan": {
        "met": {
            "fi": "Henkilölle on laadittu tai voidaan laatia kotoutumissuunnitelma (50 %).",
            "sv": "För personen har en integrationsplan gjorts eller kan göras (50 %).",
            "en": "An integration plan has been or can be drawn up for the person (50 %).",
        },
        "not_met": {
            "fi": "Kotoutumissuunnitelmaa ei ole.",
            "sv": "Ingen integrationsplan.",
            "en": "No integration plan.",
        },
        "unknown": {
            "fi": "Ei tiedetä, onko kotoutumissuunnitelmaa.",
            "sv": "Det är okänt om det finns en integrationsplan.",
            "en": "It is not known whether there is an integration plan.",
        },
    },
    "ws_group_no_paid_work": {
        "met": {
            "fi": "Ei palkkatyötä edeltävän {months} kuukauden aikana (50 %).",
            "sv": "Inget lönearbete under de föregående {months} månaderna (50 %).",
            "en": "No paid employment during the previous {months} months (50 %).",
        },
        "not_met": {
            "fi": "Henkilö on ollut palkkatyössä edeltävän {months} kuukauden aikana.",
            "sv": "Personen har haft lönearbete under de föregående {months} månaderna.",
            "en": "The person was in paid employment during the previous {months} months.",
        },
        "unknown": {
            "fi": "Työhistoria puuttuu.",
            "sv": "Arbetshistoriken saknas.",
            "en": "The work history is missing.",
        },
    },
    "ws_reduced_work_ability": {
        "met": {
            "fi": "Todettu alentunut työkyky: 70 %, enintään 24 kk kerrallaan.",
            "sv": "Konstaterad nedsatt arbetsförmåga: 70 %, högst 24 mån åt gången.",
            "en": "Established reduced work ability: 70 %, up to 24 months at a time.",
        },
        "not_met": {
            "fi": "Alentunutta työkykyä ei ole todettu.",
            "sv": "Nedsatt arbetsförmåga har inte konstaterats.",
            "en": "No reduced work ability has been established.",
        },
        "unknown": {
            "fi": "Ei tiedetä, onko työkyky alentunut.",
            "sv": "Det är okänt om arbetsförmågan är nedsatt.",
            "en": "It is not known whether work ability is reduced.",
        },
    },
    "ws_age_55_plus": {
        "met": {
            "fi": "55 vuotta täyttänyt ja työtön {unemployed_months} kk viimeisten {window_months} kk aikana: 55+ työllistämistuki 70 %.",
            "sv": "Fyllt 55 år och arbetslös {unemployed_months} mån under de senaste {window_months} mån: sysselsättningsstöd 55+ 70 %.",
            "en": "Aged 55 or over and unemployed {unemployed_months} of the last {window_months} months: 55+ employment subsidy, 70 %.",
        },
        "not_met": {
            "fi": "55+ työllistämistuki edellyttää {age_from} vuoden ikää ja työttömyyttä {unemployed_months} kk viimeisten {window_months} kk aikana (nyt {months} kk).",
            "sv": "Sysselsättningsstöd 55+ förutsätter {age_from} års ålder och arbetslöshet {unemployed_months} mån under de senaste {window_months} mån (nu {months} mån).",
            "en": "The 55+ employment subsidy needs age {age_from} and unemployment for {unemployed_months} of the last {window_months} months (now {months} months).",
        },
        "unknown": {
            "fi": "Syntymäaika puuttuu.",
            "sv": "Födelsedatum saknas.",
            "en": "The birth date is missing.",
        },
    },
    "ws_association": {
        "met": {
            "fi": "Yhdistys, säätiö tai uskonnollinen yhdyskunta ja pitkä työttömyys: 100 % enintään {max_working_time_percent} % työajasta.",
            "sv": "Förening, stiftelse eller religiöst samfund och lång arbetslöshet: 100 % för högst {max_working_time_percent} % av arbetstiden.",
            "en": "Association, foundation or religious community and long unemployment: 100 % for at most {max_working_time_percent} % of working time.",
        },
        "not_met": {
            "fi": "100 %:n tuki edellyttää yhdistystä, säätiötä tai uskonnollista yhdyskuntaa ja työttömyyttä {unemployed_months} kk viimeisten {window_months} kk aikana.",
            "sv": "Stöd på 100 % förutsätter förening, stiftelse eller religiöst samfund och arbetslöshet {unemployed_months} mån under de senaste {window_months} mån.",
            "en": "The 100 % subsidy needs an association, foundation or religious community and unemployment for {unemployed_months} of the last {window_months} months.",
        },
        "unknown": {
            "fi": "Työnantajan tyyppi ei ole tiedossa.",
            "sv": "Arbetsgivarens typ är okänd.",
            "en": "The kind of employer is not known.",
        },
    },
    "ws_municipality_employer": {
        "met": {
            "fi": "Kunta voi palkata palkkatuella, koska työkyky on alentunut tai henkilö on vähintään {age_from}-vuotias pitkäaikaistyötön.",
            "sv": "Kommunen kan anställa med lönesubvention eftersom arbetsförmågan är nedsatt eller personen är långtidsarbetslös och minst {age_from} år.",
            "en": "A municipality may hire with pay subsidy because work ability is reduced or the person is long-term unemployed and aged {age_from} or over.",
        },
        "not_met": {
            "fi": "Kunta voi palkata palkkatuella vain alentuneesti työkykyisen tai vähintään {age_from}-vuotiaan pitkäaikaistyöttömän.",
            "sv": "Kommunen kan anställa med lönesubvention endast en person med nedsatt arbetsförmåga eller en långtidsarbetslös som fyllt {age_from} år.",
            "en": "A municipality may hire with pay subsidy only a person with reduced work ability or a long-term unemployed person aged {age_from} or over.",
        },
        "unknown": {
            "fi": "Työkyky tai ikä ei ole tiedossa, joten kunnan oikeutta ei voi ratkaista.",
            "sv": "Arbetsförmåga eller ålder är okänd, så kommunens rätt kan inte avgöras.",
            "en": "Work ability or age is not known, so the municipality's right cannot be decided.",
        },
    },
    "ws_repeat_same_employer": {
        "met": {
            "fi": "Samalla työnantajalla ei ole ollut palkkatukea tälle henkilölle {years} vuoteen.",
            "sv": "Samma arbetsgivare har inte haft lönesubvention för personen under {years} år.",
            "en": "The same employer has had no pay subsidy for this person within {years} years.",
        },
        "not_met": {
            "fi": "Sama työnantaja ei voi saada palkkatukea samalle henkilölle {years} vuoden sisällä (paitsi alentuneen työkyvyn perusteella).",
            "sv": "Samma arbetsgivare kan inte få lönesubvention för samma person inom {years} år (utom vid nedsatt arbetsförmåga).",
            "en": "The same employer cannot get pay subsidy for the same person within {years} years (except for reduced work ability).",
        },
        "unknown": {
            "fi": "Aiemmat palkkatukijaksot eivät ole tiedossa.",
            "sv": "Tidigare perioder med lönesubvention är okända.",
            "en": "Earlier pay-subsidy periods are not known.",
        },
    },
}

MET_ON = {
    "fi": "Ehto täyttyy {date}.",
    "sv": "Villkoret uppfylls {date}.",
    "en": "The condition will be met on {date}.",
}
MISSING = {"fi": "Puuttuu: {fields}.", "sv": "Saknas: {fields}.", "en": "Missing: {fields}."}
# The missing data named in words: the person the explanation is about reads it too.
FIELD_NAMES = {
    "birth_date": {"fi": "syntymäaika", "sv": "födelsedatum", "en": "birth date"},
    "education_level": {"fi": "koulutusaste", "sv": "utbildningsnivå", "en": "education level"},
    "integration_plan": {
        "fi": "tieto kotoutumissuunnitelmasta",
        "sv": "uppgift om integrationsplan",
        "en": "whether there is an integration plan",
    },
    "reduced_work_ability": {
        "fi": "tieto työkyvystä",
        "sv": "uppgift om arbetsförmågan",
        "en": "whether work ability is reduced",
    },
}


def format_date(day: date, lang: str) -> str:
    return f"{day.day}.{day.month}.{day.year}" if lang in ("fi", "sv") else day.isoformat()


def explain(reason: Reason, lang: str = "fi") -> str:
    """The reason in plain words, in the language asked for (Finnish by default)."""
    lang = lang if lang in LANGUAGES else "fi"
    outcome = {True: "met", False: "not_met", None: "unknown"}[reason.met]
    params: dict[str, Any] = {
        key: (f"{value:g}" if isinstance(value, float) else value)
        for key, value in reason.params.items()
    }
    text = TEXTS[reason.code][outcome][lang].format(**params)
    if reason.met_on is not None and reason.met is not True:
        text += " " + MET_ON[lang].format(date=format_date(reason.met_on, lang))
    if reason.met is None and reason.missing:
        # The fact's name only: the person reads this too, and a field's code means nothing
        # to them.
        names = [FIELD_NAMES.get(f, {}).get(lang, f) for f in reason.missing]
        text += " " + MISSING[lang].format(fields=", ".join(names))
    return text
