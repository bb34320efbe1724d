"""The ESF+ common indicators' names and definitions, in Finnish, Swedish and English.

Pure: words only. The rules that count live in `indicators.py`, which takes each indicator's
name and definition from here by its code; a text is corrected here without touching a rule.
"""

from __future__ import annotations

Words = tuple[str, str, str]  # Finnish, Swedish, English

NOT_COLLECTED = {"fi": "Ei kerätä", "sv": "Samlas inte in", "en": "Not collected"}
_NOT_COLLECTED_WHY: Words = (
    "EURA 2021 ei kysy tätä osallistujilta Suomessa, joten Osmari ei kysy eikä tallenna sitä.",
    "EURA 2021 frågar inte deltagarna om detta i Finland, så Osmari varken frågar eller "
    "sparar det.",
    "EURA 2021 does not ask participants this in Finland, so Osmari neither asks nor stores it.",
)

_TRI: Words = (
    "Lasketaan, jos tieto on 'kyllä'. Puuttuu, jos tieto on tuntematon tai osallistuja ei "
    "halunnut kertoa.",
    "Räknas om uppgiften är 'ja'. Saknas om den är okänd eller deltagaren inte ville uppge den.",
    "Counted if recorded as 'yes'. Missing if unknown or declined.",
)


def _tri_def(fi: str, sv: str, en: str) -> Words:
    return (f"{fi} {_TRI[0]}", f"{sv} {_TRI[1]}", f"{en} {_TRI[2]}")


LABELS: dict[str, Words] = {
    "EECO01": (
        "Osallistujien kokonaismäärä",
        "Totalt antal deltagare",
        "Total number of participants",
    ),
    "EECO02": (
        "Työttömät, myös pitkäaikaistyöttömät",
        "Arbetslösa, inklusive långtidsarbetslösa",
        "Unemployed, including long-term unemployed",
    ),
    "EECO03": (
        "Pitkäaikaistyöttömät",
        "Långtidsarbetslösa",
        "Long-term unemployed",
    ),
    "EECO04": (
        "Työvoiman ulkopuolella olevat",
        "Personer utanför arbetskraften",
        "Inactive",
    ),
    "EECO05": (
        "Työlliset, myös itsenäiset ammatinharjoittajat",
        "Sysselsatta, inklusive egenföretagare",
        "Employed, including self-employed",
    ),
    "EECO06": (
        "Alle 18-vuotiaat lapset",
        "Barn under 18 år",
        "Children below 18 years of age",
    ),
    "EECO07": (
        "18–29-vuotiaat nuoret",
        "Unga mellan 18 och 29 år",
        "Young people between 18 and 29 years of age",
    ),
    "EECO08": (
        "55 vuotta täyttäneet",
        "Deltagare som är 55 år eller äldre",
        "Participants of 55 years of age and above",
    ),
    "EECO09": (
        "Enintään perusasteen koulutus (ISCED 0–2)",
        "Högst grundskoleutbildning (ISCED 0–2)",
        "With lower secondary education or less (ISCED 0–2)",
    ),
    "EECO10": (
        "Toisen asteen tai keskiasteen jälkeinen koulutus (ISCED 3–4)",
        "Gymnasial eller eftergymnasial utbildning (ISCED 3–4)",
        "With upper secondary (ISCED 3) or post-secondary (ISCED 4) education",
    ),
    "EECO11": (
        "Korkea-asteen koulutus (ISCED 5–8)",
        "Högskoleutbildning (ISCED 5–8)",
        "With tertiary education (ISCED 5–8)",
    ),
    "EECO12": (
        "Vammaiset osallistujat",
        "Deltagare med funktionsnedsättning",
        "Participants with disabilities",
    ),
    "EECO13": (
        "Kolmansien maiden kansalaiset",
        "Tredjelandsmedborgare",
        "Third-country nationals",
    ),
    "EECO14": (
        "Ulkomaalaistaustaiset osallistujat",
        "Deltagare med utländsk bakgrund",
        "Participants with a foreign background",
    ),
    "EECO15": (
        "Vähemmistöt (myös romanit)",
        "Minoriteter (inklusive romer)",
        "Minorities (including marginalised communities such as Roma)",
    ),
    "EECO16": (
        "Asunnottomat tai asuntomarkkinoilta syrjäytyneet",
        "Hemlösa eller personer som utestängs från bostadsmarknaden",
        "Homeless or affected by housing exclusion",
    ),
    "EECO17": (
        "Maaseutualueilta tulevat osallistujat",
        "Deltagare från landsbygdsområden",
        "Participants from rural areas",
    ),
    "EECO18": (
        "Tuetut julkishallinnon yksiköt ja julkiset palvelut",
        "Stödda offentliga förvaltningar och offentliga tjänster",
        "Number of supported public administrations or public services",
    ),
    "EECO19": (
        "Tuetut mikro-, pienet ja keskisuuret yritykset",
        "Stödda mikroföretag samt små och medelstora företag",
        "Number of supported micro, small and medium-sized enterprises",
    ),
    "EECR01": (
        "Työnhakijana ohjelmasta lähtiessä",
        "Arbetssökande när de lämnar insatsen",
        "Participants engaged in job searching upon leaving",
    ),
    "EECR02": (
        "Koulutuksessa ohjelmasta lähtiessä",
        "I utbildning när de lämnar insatsen",
        "Participants in education or training upon leaving",
    ),
    "EECR03": (
        "Tutkinnon tai pätevyyden saaneet ohjelmasta lähtiessä",
        "Deltagare som uppnått kvalifikationer när de lämnar insatsen",
        "Participants gaining a qualification upon leaving",
    ),
    "EECR04": (
        "Työssä, myös yrittäjänä, ohjelmasta lähtiessä",
        "Sysselsatta, inklusive egenföretagare, när de lämnar insatsen",
        "Participants in employment, including self-employment, upon leaving",
    ),
    "EECR05": (
        "Työssä, myös yrittäjänä, kuusi kuukautta lähdön jälkeen",
        "Sysselsatta, inklusive egenföretagare, sex månader efter att de lämnat insatsen",
        "Participants in employment, including self-employment, six months after leaving",
    ),
    "EECR06": (
        "Työmarkkina-asema parantunut kuusi kuukautta lähdön jälkeen",
        "Förbättrad situation på arbetsmarknaden sex månader efter att de lämnat insatsen",
        "Participants with an improved labour market situation six months after leaving",
    ),
}

DEFINITIONS: dict[str, Words] = {
    "EECO01": (
        "Kaikki jaksolla ohjelmaan tulleet. Puuttuu: sukupuoli ei tiedossa (lasketaan "
        "kokonaismäärään mutta ei mihinkään ryhmään).",
        "Alla som började i programmet under perioden. Saknas: kön ej uppgivet (räknas i "
        "totalen men i ingen grupp).",
        "Everyone who entered the programme within the period. Missing: gender not stated "
        "(counted in the total but in no group).",
    ),
    "EECO02": (
        "Työmarkkina-asema ohjelmaan tullessa on työtön.",
        "Ställning på arbetsmarknaden vid start är arbetslös.",
        "Labour-market status at entry is unemployed.",
    ),
    "EECO03": (
        "Työtön ohjelmaan tullessa ja ollut yhtäjaksoisesti työttömänä vähintään 12 "
        "kuukautta tulopäivään mennessä (kirjatuista työttömyysjaksoista). Puuttuu: "
        "työttömyysjaksoja ei ole kirjattu.",
        "Arbetslös vid start och oavbrutet arbetslös i minst 12 månader fram till "
        "startdagen (enligt registrerade perioder). Saknas: inga perioder registrerade.",
        "Unemployed at entry and continuously unemployed for 12 months or more up to the "
        "entry date (from the recorded status spells). Missing: no spells recorded.",
    ),
    "EECO04": (
        "Työmarkkina-asema ohjelmaan tullessa on työvoiman ulkopuolella.",
        "Ställning på arbetsmarknaden vid start är utanför arbetskraften.",
        "Labour-market status at entry is inactive (outside the labour force).",
    ),
    "EECO05": (
        "Työmarkkina-asema ohjelmaan tullessa on työllinen tai yrittäjä.",
        "Ställning på arbetsmarknaden vid start är sysselsatt eller egenföretagare.",
        "Labour-market status at entry is employed or self-employed.",
    ),
    "EECO06": (
        "Ikä tulopäivänä syntymäajasta laskettuna alle 18 vuotta.",
        "Ålder på startdagen, räknad från födelsedatum, under 18 år.",
        "Age on the entry date, from the birth date, below 18.",
    ),
    "EECO07": (
        "Ikä tulopäivänä syntymäajasta laskettuna 18–29 vuotta.",
        "Ålder på startdagen, räknad från födelsedatum, 18–29 år.",
        "Age on the entry date, from the birth date, 18 to 29.",
    ),
    "EECO08": (
        "Ikä tulopäivänä syntymäajasta laskettuna vähintään 55 vuotta.",
        "Ålder på startdagen, räknad från födelsedatum, minst 55 år.",
        "Age on the entry date, from the birth date, 55 or more.",
    ),
    "EECO09": (
        "Korkein suoritettu koulutus ennen ohjelmaa on koulutusasteella 0–2. Puuttuu: "
        "koulutusaste ei tiedossa.",
        "Högsta avslutade utbildning före programmet är på nivå 0–2. Saknas: nivå okänd.",
        "Highest completed education before the programme is at level 0–2. Missing: "
        "education level unknown.",
    ),
    "EECO10": (
        "Korkein suoritettu koulutus on koulutusasteella 3–4. Puuttuu: koulutusaste ei tiedossa.",
        "Högsta avslutade utbildning är på nivå 3–4. Saknas: nivå okänd.",
        "Highest completed education is at level 3–4. Missing: education level unknown.",
    ),
    "EECO11": (
        "Korkein suoritettu koulutus on koulutusasteella 5–8. Puuttuu: koulutusaste ei tiedossa.",
        "Högsta avslutade utbildning är på nivå 5–8. Saknas: nivå okänd.",
        "Highest completed education is at level 5–8. Missing: education level unknown.",
    ),
    "EECO12": _NOT_COLLECTED_WHY,
    "EECO13": _NOT_COLLECTED_WHY,
    "EECO14": _NOT_COLLECTED_WHY,
    "EECO15": _NOT_COLLECTED_WHY,
    "EECO16": _NOT_COLLECTED_WHY,
    "EECO17": _NOT_COLLECTED_WHY,
    "EECO18": (
        "Kunnat, hyvinvointialueet ja valtion yksiköt, jotka ovat itse saaneet tukea "
        "jaksolla (toimitettu etu tai paikallinen tukipäätös).",
        "Kommuner, välfärdsområden och statliga enheter som själva fått stöd under "
        "perioden (en levererad förmån eller ett lokalt stödbeslut).",
        "Municipalities, wellbeing services counties and state bodies that were "
        "themselves supported within the period (a delivered benefit or a local subsidy "
        "decision).",
    ),
    "EECO19": (
        "Yritykset (myös osuuskunnat ja yhteiskunnalliset yritykset), jotka ovat itse "
        "saaneet tukea jaksolla ja joiden kokoluokka on mikro, pieni tai keskisuuri. "
        "Puuttuu: yrityksen kokoluokka ei tiedossa.",
        "Företag (även andelslag och sociala företag) som själva fått stöd under "
        "perioden och vars storleksklass är mikro, liten eller medelstor. Saknas: "
        "storleksklass okänd.",
        "Enterprises (including cooperatives and social enterprises) that were themselves "
        "supported within the period and are micro, small or medium-sized. Missing: size "
        "unknown.",
    ),
    "EECR01": (
        "Jaksolla lähteneet, joiden tilanne lähtiessä on työnhaku. Puuttuu: tilannetta "
        "lähtiessä ei ole kirjattu.",
        "De som lämnade under perioden och vars situation vid avslut är arbetssökande. "
        "Saknas: situationen vid avslut ej registrerad.",
        "Those who left within the period whose situation on leaving is job searching. "
        "Missing: situation on leaving not recorded.",
    ),
    "EECR02": (
        "Jaksolla lähteneet, joiden tilanne lähtiessä on koulutus. Puuttuu: tilannetta "
        "lähtiessä ei ole kirjattu.",
        "De som lämnade under perioden och som är i utbildning. Saknas: situationen vid "
        "avslut ej registrerad.",
        "Those who left within the period who are in education or training. Missing: "
        "situation on leaving not recorded.",
    ),
    "EECR03": _tri_def(
        "Jaksolla lähteneet, jotka suorittivat tutkinnon tai ammattipätevyyden "
        "osallistumisen ansiosta.",
        "De som lämnade under perioden och avlade en examen eller yrkeskvalifikation tack "
        "vare deltagandet.",
        "Those who left within the period who gained a degree or professional "
        "qualification thanks to taking part.",
    ),
    "EECR04": (
        "Jaksolla lähteneet, joiden tilanne lähtiessä on työ tai yrittäjyys. Puuttuu: "
        "tilannetta lähtiessä ei ole kirjattu.",
        "De som lämnade under perioden och som är anställda eller egenföretagare. "
        "Saknas: situationen vid avslut ej registrerad.",
        "Those who left within the period who are employed or self-employed. Missing: "
        "situation on leaving not recorded.",
    ),
    "EECR05": _tri_def(
        "Jaksolla lähteneet, joiden kuuden kuukauden seuranta on kirjattu.",
        "De som lämnade under perioden och vars uppföljning efter sex månader är registrerad.",
        "Those who left within the period whose six-month follow-up is recorded.",
    ),
    "EECR06": _tri_def(
        "Jaksolla lähteneet, joiden kuuden kuukauden seuranta on kirjattu.",
        "De som lämnade under perioden och vars uppföljning efter sex månader är registrerad.",
        "Those who left within the period whose six-month follow-up is recorded.",
    ),
}
