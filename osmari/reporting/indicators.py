"""The ESF+ common indicators (Regulation (EU) 2021/1057, Annex I): one registry entry each.

Pure. Every indicator is defined once here, with its code, its label in Finnish, Swedish and
English, a definition in plain words and the rule that decides, for one record, whether it
counts (True), does not count (False) or cannot be decided because data are missing (None).
The indicator page, the exports, the progress report and the `indicators` command all read
this registry; none of them counts by itself.

Populations, for a period from `start` to `end` (both days included):
- output indicators on participants (EECO01–EECO17): who entered within the period;
- immediate results (EECR01–EECR04): who left within the period;
- longer-term results (EECR05–EECR06): who left within the period and whose six-month
  follow-up is recorded;
- entity indicators (EECO18–EECO19): organisations that were themselves supported within the
  period (a delivered benefit or a local subsidy decision). An organisation that only hosted
  a participant is not a supported entity.

Gender is its own field and is never derived from the identity code. A participant whose
gender is not stated counts in the total but in none of the three groups.

EECO12-EECO17 (disability, third-country nationals, foreign background, minorities,
homelessness, rural areas) are *not collected*: EURA 2021 does not ask participants these in
Finland, so Osmari neither asks nor stores them. They keep their place in the registry with
that answer, which is neither "data missing" nor zero.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from osmari.clients.spells import Spell, add_months, continuous_unemployment_start
from osmari.core.dates import age_on

Population = Literal["entered", "left", "followed_up", "entities"]
GENDERS = ("women", "men", "non_binary")
_GENDER_KEY = {"female": "women", "male": "men", "non_binary": "non_binary"}
LONG_TERM_MONTHS = 12
ENTERPRISE_KINDS = frozenset({"company", "social_enterprise", "cooperative", "private_trader"})
PUBLIC_KINDS = frozenset({"municipality", "wellbeing_services_county", "state"})
SME_SIZES = frozenset({"micro", "small", "medium"})


@dataclass(slots=True)
class Participant:
    """One programme participant as the indicators need them; `ref` names the record."""

    ref: int
    gender: str
    birth_date: date
    entered_on: date
    status_at_entry: str  # unemployed, inactive, employed, or "" if not recorded
    spells: tuple[Spell, ...] = ()
    education_bucket: str = "unknown"  # isced_0_2, isced_3_4, isced_5_8, unknown
    left_on: date | None = None
    situation_on_leaving: str = ""
    qualification_gained: str = "unknown"
    follow_up_on: date | None = None
    employed_after_6_months: str = "unknown"
    improved_after_6_months: str = "unknown"
    municipality: int | None = None  # where the person lives, for counts by municipality


@dataclass(frozen=True)
class Entity:
    """An organisation supported by the programme: its legal form and enterprise size."""

    ref: int
    kind: str
    size: str = "unknown"  # micro, small, medium, large, unknown
    supported_on: tuple[date, ...] = ()


Rule = Callable[[Participant], bool | None]
EntityRule = Callable[[Entity], bool | None]


@dataclass(frozen=True)
class Indicator:
    code: str
    labels: dict[str, str]
    definition: dict[str, str]
    population: Population
    rule: Rule | None = None
    entity_rule: EntityRule | None = None
    # The total needs no data but its split does: a person without a stated gender is a gap.
    gender_gap_is_missing: bool = False
    # False: the data are not collected at all, so there is nothing to count or to miss.
    collected: bool = True

    def label(self, language: str) -> str:
        return self.labels.get(language[:2], self.labels["en"])

    def explain(self, language: str) -> str:
        return self.definition.get(language[:2], self.definition["en"])

    def not_collected(self, language: str) -> str:
        """The answer in place of the numbers, or "" for an indicator that is counted."""
        return "" if self.collected else NOT_COLLECTED.get(language[:2], NOT_COLLECTED["en"])

    @property
    def by_gender(self) -> bool:
        return self.population != "entities"


@dataclass
class Result:
    """One indicator's value: who counts, split by gender, and whose data are missing."""

    code: str
    total: int = 0
    women: int = 0
    men: int = 0
    non_binary: int = 0
    missing: int = 0
    population: int = 0
    counted: list[int] = field(default_factory=list)
    missing_refs: list[int] = field(default_factory=list)
    collected: bool = True

    def as_json(self, by_gender: bool = True) -> dict[str, int | bool | None]:
        if not self.collected:
            return {
                "total": None,
                "women": None,
                "men": None,
                "non_binary": None,
                "missing": None,
                "not_collected": True,
            }
        return {
            "total": self.total,
            "women": self.women if by_gender else None,
            "men": self.men if by_gender else None,
            "non_binary": self.non_binary if by_gender else None,
            "missing": self.missing,
            "not_collected": False,
        }


# --- rules ------------------------------------------------------------------------------


def _tri(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _status(p: Participant, wanted: str) -> bool | None:
    return p.status_at_entry == wanted if p.status_at_entry else None


def long_term_unemployed_at_entry(p: Participant) -> bool | None:
    """Continuously unemployed for 12 months or more on the entry date, from the dated
    status spells; missing if no spells are recorded at all."""
    if not p.status_at_entry:
        return None
    if p.status_at_entry != "unemployed":
        return False
    if not p.spells:
        return None
    start = continuous_unemployment_start(p.spells, p.entered_on)
    return start is not None and add_months(start, LONG_TERM_MONTHS) <= p.entered_on


def _education(bucket: str) -> Rule:
    def rule(p: Participant) -> bool | None:
        return None if p.education_bucket == "unknown" else p.education_bucket == bucket

    return rule


def _leaving(*situations: str) -> Rule:
    def rule(p: Participant) -> bool | None:
        return p.situation_on_leaving in situations if p.situation_on_leaving else None

    return rule


def _public(e: Entity) -> bool | None:
    return e.kind in PUBLIC_KINDS


def _sme(e: Entity) -> bool | None:
    if e.kind not in ENTERPRISE_KINDS:
        return False
    return None if e.size == "unknown" else e.size in SME_SIZES


def _age(low: int | None, high: int | None) -> Rule:
    def rule(p: Participant) -> bool | None:
        age = age_on(p.birth_date, p.entered_on)
        return (low is None or age >= low) and (high is None or age <= high)

    return rule


def _field(name: str) -> Rule:
    return lambda p: _tri(getattr(p, name))


def _i(
    code: str,
    fi: str,
    sv: str,
    en: str,
    population: Population,
    rule: Rule | None = None,
    *,
    defined: tuple[str, str, str],
    entity_rule: EntityRule | None = None,
    gender_gap_is_missing: bool = False,
    collected: bool = True,
) -> Indicator:
    return Indicator(
        code=code,
        labels={"fi": fi, "sv": sv, "en": en},
        definition={"fi": defined[0], "sv": defined[1], "en": defined[2]},
        population=population,
        rule=rule,
        entity_rule=entity_rule,
        gender_gap_is_missing=gender_gap_is_missing,
        collected=collected,
    )


_TRI = (
    "Lasketaan, jos tieto on 'kyllä'. Puuttuu, jos tieto on tuntematon tai osallistuja ei "
    "halunnut kertoa.",
    "Räknas om uppgiften är 'ja'. Saknas om den är okänd eller deltagaren inte ville uppge den.",
    "Counted if recorded as 'yes'. Missing if unknown or declined.",
)


def _tri_def(fi: str, sv: str, en: str) -> tuple[str, str, str]:
    return (f"{fi} {_TRI[0]}", f"{sv} {_TRI[1]}", f"{en} {_TRI[2]}")


NOT_COLLECTED = {"fi": "Ei kerätä", "sv": "Samlas inte in", "en": "Not collected"}
_NOT_COLLECTED_WHY = (
    "EURA 2021 ei kysy tätä osallistujilta Suomessa, joten Osmari ei kysy eikä tallenna sitä.",
    "EURA 2021 frågar inte deltagarna om detta i Finland, så Osmari varken frågar eller "
    "sparar det.",
    "EURA 2021 does not ask participants this in Finland, so Osmari neither asks nor stores it.",
)


def _not_collected(
    code: str, fi: str, sv: str, en: str, population: Population = "entered"
) -> Indicator:
    return _i(code, fi, sv, en, population, collected=False, defined=_NOT_COLLECTED_WHY)


REGISTRY: tuple[Indicator, ...] = (
    _i(
        "EECO01",
        "Osallistujien kokonaismäärä",
        "Totalt antal deltagare",
        "Total number of participants",
        "entered",
        lambda p: True,
        gender_gap_is_missing=True,
        defined=(
            "Kaikki jaksolla ohjelmaan tulleet. Puuttuu: sukupuoli ei tiedossa (lasketaan "
            "kokonaismäärään mutta ei mihinkään ryhmään).",
            "Alla som började i programmet under perioden. Saknas: kön ej uppgivet (räknas i "
            "totalen men i ingen grupp).",
            "Everyone who entered the programme within the period. Missing: gender not stated "
            "(counted in the total but in no group).",
        ),
    ),
    _i(
        "EECO02",
        "Työttömät, myös pitkäaikaistyöttömät",
        "Arbetslösa, inklusive långtidsarbetslösa",
        "Unemployed, including long-term unemployed",
        "entered",
        lambda p: _status(p, "unemployed"),
        defined=(
            "Työmarkkina-asema ohjelmaan tullessa on työtön.",
            "Ställning på arbetsmarknaden vid start är arbetslös.",
            "Labour-market status at entry is unemployed.",
        ),
    ),
    _i(
        "EECO03",
        "Pitkäaikaistyöttömät",
        "Långtidsarbetslösa",
        "Long-term unemployed",
        "entered",
        long_term_unemployed_at_entry,
        defined=(
            "Työtön ohjelmaan tullessa ja ollut yhtäjaksoisesti työttömänä vähintään 12 "
            "kuukautta tulopäivään mennessä (kirjatuista työttömyysjaksoista). Puuttuu: "
            "työttömyysjaksoja ei ole kirjattu.",
            "Arbetslös vid start och oavbrutet arbetslös i minst 12 månader fram till "
            "startdagen (enligt registrerade perioder). Saknas: inga perioder registrerade.",
            "Unemployed at entry and continuously unemployed for 12 months or more up to the "
            "entry date (from the recorded status spells). Missing: no spells recorded.",
        ),
    ),
    _i(
        "EECO04",
        "Työvoiman ulkopuolella olevat",
        "Personer utanför arbetskraften",
        "Inactive",
        "entered",
        lambda p: _status(p, "inactive"),
        defined=(
            "Työmarkkina-asema ohjelmaan tullessa on työvoiman ulkopuolella.",
            "Ställning på arbetsmarknaden vid start är utanför arbetskraften.",
            "Labour-market status at entry is inactive (outside the labour force).",
        ),
    ),
    _i(
        "EECO05",
        "Työlliset, myös itsenäiset ammatinharjoittajat",
        "Sysselsatta, inklusive egenföretagare",
        "Employed, including self-employed",
        "entered",
        lambda p: _status(p, "employed"),
        defined=(
            "Työmarkkina-asema ohjelmaan tullessa on työllinen tai yrittäjä.",
            "Ställning på arbetsmarknaden vid start är sysselsatt eller egenföretagare.",
            "Labour-market status at entry is employed or self-employed.",
        ),
    ),
    _i(
        "EECO06",
        "Alle 18-vuotiaat lapset",
        "Barn under 18 år",
        "Children below 18 years of age",
        "entered",
        _age(None, 17),
        defined=(
            "Ikä tulopäivänä syntymäajasta laskettuna alle 18 vuotta.",
            "Ålder på startdagen, räknad från födelsedatum, under 18 år.",
            "Age on the entry date, from the birth date, below 18.",
        ),
    ),
    _i(
        "EECO07",
        "18–29-vuotiaat nuoret",
        "Unga mellan 18 och 29 år",
        "Young people between 18 and 29 years of age",
        "entered",
        _age(18, 29),
        defined=(
            "Ikä tulopäivänä syntymäajasta laskettuna 18–29 vuotta.",
            "Ålder på startdagen, räknad från födelsedatum, 18–29 år.",
            "Age on the entry date, from the birth date, 18 to 29.",
        ),
    ),
    _i(
        "EECO08",
        "55 vuotta täyttäneet",
        "Deltagare som är 55 år eller äldre",
        "Participants of 55 years of age and above",
        "entered",
        _age(55, None),
        defined=(
            "Ikä tulopäivänä syntymäajasta laskettuna vähintään 55 vuotta.",
            "Ålder på startdagen, räknad från födelsedatum, minst 55 år.",
            "Age on the entry date, from the birth date, 55 or more.",
        ),
    ),
    _i(
        "EECO09",
        "Enintään perusasteen koulutus (ISCED 0–2)",
        "Högst grundskoleutbildning (ISCED 0–2)",
        "With lower secondary education or less (ISCED 0–2)",
        "entered",
        _education("isced_0_2"),
        defined=(
            "Korkein suoritettu koulutus ennen ohjelmaa on koulutusasteella 0–2. Puuttuu: "
            "koulutusaste ei tiedossa.",
            "Högsta avslutade utbildning före programmet är på nivå 0–2. Saknas: nivå okänd.",
            "Highest completed education before the programme is at level 0–2. Missing: "
            "education level unknown.",
        ),
    ),
    _i(
        "EECO10",
        "Toisen asteen tai keskiasteen jälkeinen koulutus (ISCED 3–4)",
        "Gymnasial eller eftergymnasial utbildning (ISCED 3–4)",
        "With upper secondary (ISCED 3) or post-secondary (ISCED 4) education",
        "entered",
        _education("isced_3_4"),
        defined=(
            "Korkein suoritettu koulutus on koulutusasteella 3–4. Puuttuu: koulutusaste ei "
            "tiedossa.",
            "Högsta avslutade utbildning är på nivå 3–4. Saknas: nivå okänd.",
            "Highest completed education is at level 3–4. Missing: education level unknown.",
        ),
    ),
    _i(
        "EECO11",
        "Korkea-asteen koulutus (ISCED 5–8)",
        "Högskoleutbildning (ISCED 5–8)",
        "With tertiary education (ISCED 5–8)",
        "entered",
        _education("isced_5_8"),
        defined=(
            "Korkein suoritettu koulutus on koulutusasteella 5–8. Puuttuu: koulutusaste ei "
            "tiedossa.",
            "Högsta avslutade utbildning är på nivå 5–8. Saknas: nivå okänd.",
            "Highest completed education is at level 5–8. Missing: education level unknown.",
        ),
    ),
    _not_collected(
        "EECO12",
        "Vammaiset osallistujat",
        "Deltagare med funktionsnedsättning",
        "Participants with disabilities",
    ),
    _not_collected(
        "EECO13",
        "Kolmansien maiden kansalaiset",
        "Tredjelandsmedborgare",
        "Third-country nationals",
    ),
    _not_collected(
        "EECO14",
        "Ulkomaalaistaustaiset osallistujat",
        "Deltagare med utländsk bakgrund",
        "Participants with a foreign background",
    ),
    _not_collected(
        "EECO15",
        "Vähemmistöt (myös romanit)",
        "Minoriteter (inklusive romer)",
        "Minorities (including marginalised communities such as Roma)",
    ),
    _not_collected(
        "EECO16",
        "Asunnottomat tai asuntomarkkinoilta syrjäytyneet",
        "Hemlösa eller personer som utestängs från bostadsmarknaden",
        "Homeless or affected by housing exclusion",
    ),
    _not_collected(
        "EECO17",
        "Maaseutualueilta tulevat osallistujat",
        "Deltagare från landsbygdsområden",
        "Participants from rural areas",
    ),
    _i(
        "EECO18",
        "Tuetut julkishallinnon yksiköt ja julkiset palvelut",
        "Stödda offentliga förvaltningar och offentliga tjänster",
        "Number of supported public administrations or public services",
        "entities",
        entity_rule=_public,
        defined=(
            "Kunnat, hyvinvointialueet ja valtion yksiköt, jotka ovat itse saaneet tukea "
            "jaksolla (toimitettu etu tai paikallinen tukipäätös).",
            "Kommuner, välfärdsområden och statliga enheter som själva fått stöd under "
            "perioden (en levererad förmån eller ett lokalt stödbeslut).",
            "Municipalities, wellbeing services counties and state bodies that were "
            "themselves supported within the period (a delivered benefit or a local subsidy "
            "decision).",
        ),
    ),
    _i(
        "EECO19",
        "Tuetut mikro-, pienet ja keskisuuret yritykset",
        "Stödda mikroföretag samt små och medelstora företag",
        "Number of supported micro, small and medium-sized enterprises",
        "entities",
        entity_rule=_sme,
        defined=(
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
    ),
    _i(
        "EECR01",
        "Työnhakijana ohjelmasta lähtiessä",
        "Arbetssökande när de lämnar insatsen",
        "Participants engaged in job searching upon leaving",
        "left",
        _leaving("job_searching"),
        defined=(
            "Jaksolla lähteneet, joiden tilanne lähtiessä on työnhaku. Puuttuu: tilannetta "
            "lähtiessä ei ole kirjattu.",
            "De som lämnade under perioden och vars situation vid avslut är arbetssökande. "
            "Saknas: situationen vid avslut ej registrerad.",
            "Those who left within the period whose situation on leaving is job searching. "
            "Missing: situation on leaving not recorded.",
        ),
    ),
    _i(
        "EECR02",
        "Koulutuksessa ohjelmasta lähtiessä",
        "I utbildning när de lämnar insatsen",
        "Participants in education or training upon leaving",
        "left",
        _leaving("education"),
        defined=(
            "Jaksolla lähteneet, joiden tilanne lähtiessä on koulutus. Puuttuu: tilannetta "
            "lähtiessä ei ole kirjattu.",
            "De som lämnade under perioden och som är i utbildning. Saknas: situationen vid "
            "avslut ej registrerad.",
            "Those who left within the period who are in education or training. Missing: "
            "situation on leaving not recorded.",
        ),
    ),
    _i(
        "EECR03",
        "Tutkinnon tai pätevyyden saaneet ohjelmasta lähtiessä",
        "Deltagare som uppnått kvalifikationer när de lämnar insatsen",
        "Participants gaining a qualification upon leaving",
        "left",
        _field("qualification_gained"),
        defined=_tri_def(
            "Jaksolla lähteneet, jotka suorittivat tutkinnon tai ammattipätevyyden "
            "osallistumisen ansiosta.",
            "De som lämnade under perioden och avlade en examen eller yrkeskvalifikation tack "
            "vare deltagandet.",
            "Those who left within the period who gained a degree or professional "
            "qualification thanks to taking part.",
        ),
    ),
    _i(
        "EECR04",
        "Työssä, myös yrittäjänä, ohjelmasta lähtiessä",
        "Sysselsatta, inklusive egenföretagare, när de lämnar insatsen",
        "Participants in employment, including self-employment, upon leaving",
        "left",
        _leaving("employed", "self_employed"),
        defined=(
            "Jaksolla lähteneet, joiden tilanne lähtiessä on työ tai yrittäjyys. Puuttuu: "
            "tilannetta lähtiessä ei ole kirjattu.",
            "De som lämnade under perioden och som är anställda eller egenföretagare. "
            "Saknas: situationen vid avslut ej registrerad.",
            "Those who left within the period who are employed or self-employed. Missing: "
            "situation on leaving not recorded.",
        ),
    ),
    _i(
        "EECR05",
        "Työssä, myös yrittäjänä, kuusi kuukautta lähdön jälkeen",
        "Sysselsatta, inklusive egenföretagare, sex månader efter att de lämnat insatsen",
        "Participants in employment, including self-employment, six months after leaving",
        "followed_up",
        _field("employed_after_6_months"),
        defined=_tri_def(
            "Jaksolla lähteneet, joiden kuuden kuukauden seuranta on kirjattu.",
            "De som lämnade under perioden och vars uppföljning efter sex månader är registrerad.",
            "Those who left within the period whose six-month follow-up is recorded.",
        ),
    ),
    _i(
        "EECR06",
        "Työmarkkina-asema parantunut kuusi kuukautta lähdön jälkeen",
        "Förbättrad situation på arbetsmarknaden sex månader efter att de lämnat insatsen",
        "Participants with an improved labour market situation six months after leaving",
        "followed_up",
        _field("improved_after_6_months"),
        defined=_tri_def(
            "Jaksolla lähteneet, joiden kuuden kuukauden seuranta on kirjattu.",
            "De som lämnade under perioden och vars uppföljning efter sex månader är registrerad.",
            "Those who left within the period whose six-month follow-up is recorded.",
        ),
    ),
)

BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in REGISTRY}


# --- computing ---------------------------------------------------------------------------


def _within(day: date | None, start: date, end: date) -> bool:
    return day is not None and start <= day <= end


def in_population(population: Population, p: Participant, start: date, end: date) -> bool:
    if population == "entered":
        return _within(p.entered_on, start, end)
    if population == "left":
        return _within(p.left_on, start, end)
    if population == "followed_up":
        return _within(p.left_on, start, end) and p.follow_up_on is not None
    return False


def compute(
    participants: Sequence[Participant],
    entities: Iterable[Entity],
    start: date,
    end: date,
    registry: Sequence[Indicator] = REGISTRY,
) -> dict[str, Result]:
    """Every indicator of the registry over the records, for the period start..end."""
    supported = [e for e in entities if any(_within(d, start, end) for d in e.supported_on)]
    populations: dict[str, list[Participant]] = {}
    results: dict[str, Result] = {}
    for indicator in registry:
        if not indicator.collected:
            results[indicator.code] = Result(indicator.code, collected=False)
            continue
        if indicator.population == "entities":
            assert indicator.entity_rule is not None
            rule = indicator.entity_rule
            verdicts = [(e.ref, "", rule(e)) for e in supported]
            result = _tally(indicator.code, verdicts, len(supported))
        else:
            assert indicator.rule is not None
            if indicator.population not in populations:
                populations[indicator.population] = [
                    p for p in participants if in_population(indicator.population, p, start, end)
                ]
            members = populations[indicator.population]
            person_rule = indicator.rule
            result = _tally(
                indicator.code, [(p.ref, p.gender, person_rule(p)) for p in members], len(members)
            )
            if indicator.gender_gap_is_missing:
                gaps = [p.ref for p in members if p.gender not in _GENDER_KEY]
                result.missing += len(gaps)
                result.missing_refs += gaps
        results[indicator.code] = result
    return results


def _tally(code: str, verdicts: list[tuple[int, str, bool | None]], population: int) -> Result:
    """Count the verdicts (record, gender, counts?) of one indicator."""
    counted = [(ref, gender) for ref, gender, value in verdicts if value]
    split = Counter(_GENDER_KEY.get(gender) for _ref, gender in counted)
    missing = [ref for ref, _gender, value in verdicts if value is None]
    return Result(
        code,
        total=len(counted),
        women=split["women"],
        men=split["men"],
        non_binary=split["non_binary"],
        missing=len(missing),
        population=population,
        counted=[ref for ref, _gender in counted],
        missing_refs=missing,
    )
