"""Deterministic synthetic people and organisations for demo and benchmark data.

Pure: every function takes a `random.Random`, so the same seed gives the same data.
Identity codes and business IDs carry valid check characters but are made up; the
individual numbers stay in the ordinary range 002–899.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from osmari.core.identity import hetu

FIRST_NAMES_WOMEN = (
    "Aino",
    "Anna",
    "Eeva",
    "Elina",
    "Emma",
    "Hanna",
    "Heidi",
    "Helmi",
    "Iida",
    "Johanna",
    "Kaisa",
    "Katja",
    "Laura",
    "Leena",
    "Liisa",
    "Maria",
    "Marjut",
    "Minna",
    "Noora",
    "Paula",
    "Pirjo",
    "Riikka",
    "Sanna",
    "Satu",
    "Sirpa",
    "Suvi",
    "Tiina",
    "Tuula",
    "Veera",
    "Ulla",
)
FIRST_NAMES_MEN = (
    "Antti",
    "Aki",
    "Eero",
    "Eino",
    "Heikki",
    "Ilkka",
    "Jani",
    "Jari",
    "Juha",
    "Jukka",
    "Kalle",
    "Lauri",
    "Markku",
    "Matti",
    "Mikko",
    "Niko",
    "Olli",
    "Pasi",
    "Pekka",
    "Petri",
    "Risto",
    "Sami",
    "Tapio",
    "Teemu",
    "Timo",
    "Tommi",
    "Toni",
    "Vesa",
    "Ville",
    "Väinö",
)
SURNAMES = (
    "Hakkarainen",
    "Heikkinen",
    "Hiltunen",
    "Huttunen",
    "Hyvönen",
    "Kärkkäinen",
    "Kauppinen",
    "Kettunen",
    "Kinnunen",
    "Korhonen",
    "Koskinen",
    "Laitinen",
    "Lehtonen",
    "Leinonen",
    "Lindholm",
    "Mäkinen",
    "Manninen",
    "Miettinen",
    "Nieminen",
    "Nousiainen",
    "Pesonen",
    "Pitkänen",
    "Rantanen",
    "Räsänen",
    "Salminen",
    "Savolainen",
    "Tolvanen",
    "Turunen",
    "Väisänen",
    "Virtanen",
)
COMPANY_STEMS = (
    "Saimaan",
    "Savon",
    "Järvi",
    "Kanto",
    "Koivu",
    "Kuusi",
    "Mänty",
    "Honka",
    "Ranta",
    "Kallio",
    "Lähde",
    "Tähti",
    "Kivi",
    "Kaski",
    "Niitty",
    "Vuori",
    "Salmi",
    "Lehto",
)
COMPANY_TRADES = (
    ("Rakennus", "Oy"),
    ("Kiinteistöpalvelu", "Oy"),
    ("Puutyö", "Oy"),
    ("Kone", "Oy"),
    ("Siivous", "Oy"),
    ("Kuljetus", "Oy"),
    ("Ravintola", "Oy"),
    ("Puutarha", "Ky"),
    ("Autokorjaamo", "Ky"),
    ("Leipomo", "Oy"),
    ("Kauppa", "Oy"),
    ("Logistiikka", "Oy"),
)
ASSOCIATIONS = (
    "Kotiseutuyhdistys ry",
    "Urheiluseura ry",
    "Martat ry",
    "Työttömät ry",
    "Kierrätyskeskus ry",
    "Nuorisoseura ry",
    "Vanhustenkotiyhdistys ry",
)

_YTUNNUS_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    gender: str  # "female" | "male": the demo's own field, never read from the code
    birth_date: date
    identity_code: str


def business_id(rng: random.Random) -> str:
    """A Finnish business ID (Y-tunnus) with a valid check digit."""
    while True:
        digits = [rng.randrange(10) for _ in range(7)]
        remainder = sum(d * w for d, w in zip(digits, _YTUNNUS_WEIGHTS, strict=True)) % 11
        if remainder == 1:
            continue  # no valid check digit exists for this stem
        check = 0 if remainder == 0 else 11 - remainder
        return "".join(map(str, digits)) + f"-{check}"


def person(rng: random.Random, *, born_between: tuple[date, date]) -> Person:
    gender = rng.choice(("female", "male"))
    first = rng.choice(FIRST_NAMES_WOMEN if gender == "female" else FIRST_NAMES_MEN)
    start, end = born_between
    birth = start + timedelta(days=rng.randrange((end - start).days + 1))
    return Person(
        first_name=first,
        last_name=rng.choice(SURNAMES),
        gender=gender,
        birth_date=birth,
        identity_code=hetu(birth, rng.randrange(2, 900)),
    )


def email_local_part(*names: str) -> str:
    """An address-safe "first.last" (ä → a, ö → o, å → a)."""
    table = str.maketrans("äöåÄÖÅ", "aoaAOA")
    return ".".join(name.translate(table).lower().replace(" ", "") for name in names)


# Made distinct in the order given: a prefix of the kind a real trade name has.
DISTINCT_PREFIXES = ("Itä", "Länsi", "Pohjois", "Etelä", "Keski", "Ylä", "Ala")


def distinct_name(name: str, taken: set[str]) -> str:
    """`name`, or where another organisation of the area has it already, the first variant
    of it that none has. A trade name is the company's own in the trade register, and a
    list of results with two rows of one name cannot be read. Takes nothing from a random
    generator, so that every other value drawn for a seeded demo stays as it was."""
    candidates = [name, *(f"{prefix}-{name}" for prefix in DISTINCT_PREFIXES)]
    found = next((c for c in candidates if c not in taken), None)
    n = 2
    while found is None:
        found = f"{name} {n}" if f"{name} {n}" not in taken else None
        n += 1
    taken.add(found)
    return found


def organisation_name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.7:
        trade, form = rng.choice(COMPANY_TRADES)
        return f"{rng.choice(COMPANY_STEMS)} {trade} {form}"
    if roll < 0.9:
        return f"{rng.choice(COMPANY_STEMS)} {rng.choice(ASSOCIATIONS)}"
    return f"{rng.choice(SURNAMES)}-säätiö sr"
