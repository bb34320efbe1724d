"""A small hand-built set of participants and organisations, and the indicator values worked
out by hand for the period 1 January – 30 June 2026 (both days included).

Who is in which population:
- entered within the period: P1 (on the first day), P2 (on the last day), P4, P5, P6.
  P3 entered the day before and P7 the day after: neither counts as entered.
- left within the period: P1 (last day), P3, P5. P4 left the day after the period.
- left within the period with the six-month follow-up recorded: P3 and P5.
- organisations supported within the period: E1 (municipality), E2 (small company, on the
  last day), E3 (company of unknown size), E5 (association), E6 (large company). E4 was
  supported only the day before the period.

EECO12-EECO17 are not collected (EURA 2021 does not ask them in Finland): no numbers at all.
"""

from datetime import date

START, END = date(2026, 1, 1), date(2026, 6, 30)

PEOPLE: list[dict] = [
    {
        "ref": "P1",
        "gender": "female",
        "birth_date": date(2000, 3, 15),  # 25 at entry
        "entered_on": date(2026, 1, 1),
        "status_at_entry": "unemployed",
        "spells": [(date(2024, 6, 1), None)],  # 19 months unemployed at entry: long-term
        "education": "isced_3_4",
        "left_on": date(2026, 6, 30),
        "situation_on_leaving": "employed",
        "qualification_gained": "yes",
    },
    {
        "ref": "P2",
        "gender": "male",
        "birth_date": date(1970, 7, 1),  # 55 at entry
        "entered_on": date(2026, 6, 30),
        "status_at_entry": "unemployed",
        # Unemployed from 1 July 2025: twelve months are full only on 1 July 2026.
        "spells": [(date(2025, 7, 1), None)],
        "education": "unknown",
    },
    {
        "ref": "P3",
        "gender": "non_binary",
        "birth_date": date(2009, 1, 1),
        "entered_on": date(2025, 12, 31),
        "status_at_entry": "unemployed",
        "spells": [(date(2025, 1, 1), date(2025, 12, 30))],
        "education": "isced_0_2",
        "left_on": date(2026, 3, 1),
        "situation_on_leaving": "job_searching",
        "qualification_gained": "no",
        "follow_up_on": date(2026, 9, 1),
        "employed_after_6_months": "yes",
        "improved_after_6_months": "yes",
    },
    {
        "ref": "P4",
        "gender": "not_stated",
        "birth_date": date(2008, 7, 1),  # 17 at entry
        "entered_on": date(2026, 2, 1),
        "status_at_entry": "inactive",
        "spells": [],
        "education": "isced_0_2",
        "left_on": date(2026, 7, 1),
        "situation_on_leaving": "education",
    },
    {
        "ref": "P5",
        "gender": "female",
        "birth_date": date(1990, 1, 1),
        "entered_on": date(2026, 3, 1),
        "status_at_entry": "unemployed",
        "spells": [],  # unemployed, but no spells recorded: long-term unemployment unknown
        "education": "isced_5_8",
        "left_on": date(2026, 5, 1),
        "situation_on_leaving": "",
        "qualification_gained": "unknown",
        "follow_up_on": date(2026, 11, 1),
        "employed_after_6_months": "unknown",
        "improved_after_6_months": "no",
    },
    {
        "ref": "P6",
        "gender": "male",
        "birth_date": date(1996, 7, 1),  # 29 on the entry day, 30 the next day
        "entered_on": date(2026, 6, 30),
        "status_at_entry": "employed",
        "spells": [],
        "education": "isced_3_4",
    },
    {
        "ref": "P7",
        "gender": "female",
        "birth_date": date(1980, 1, 1),
        "entered_on": date(2026, 7, 1),
        "status_at_entry": "unemployed",
        "spells": [(date(2020, 1, 1), None)],
        "education": "isced_0_2",
    },
]

ENTITIES: list[dict] = [
    {"ref": "E1", "kind": "municipality", "size": "unknown", "days": [date(2026, 2, 1)]},
    {"ref": "E2", "kind": "company", "size": "small", "days": [date(2026, 6, 30)]},
    {"ref": "E3", "kind": "company", "size": "unknown", "days": [date(2026, 3, 3)]},
    {"ref": "E4", "kind": "company", "size": "medium", "days": [date(2025, 12, 31)]},
    {"ref": "E5", "kind": "association", "size": "unknown", "days": [date(2026, 4, 4)]},
    {"ref": "E6", "kind": "company", "size": "large", "days": [date(2026, 4, 4)]},
]

NOT_COLLECTED = "not collected"

# code: (total, women, men, non_binary, missing); None: no gender split (entities).
EXPECTED: dict[str, tuple[int, int | None, int | None, int | None, int] | str] = {
    "EECO01": (5, 2, 2, 0, 1),  # P4 has no stated gender: in the total, a gap in the split
    "EECO02": (3, 2, 1, 0, 0),  # P1, P2, P5
    "EECO03": (1, 1, 0, 0, 1),  # P1; P2 is a day short; P5 has no spells
    "EECO04": (1, 0, 0, 0, 0),  # P4
    "EECO05": (1, 0, 1, 0, 0),  # P6
    "EECO06": (1, 0, 0, 0, 0),  # P4, 17
    "EECO07": (2, 1, 1, 0, 0),  # P1 (25) and P6 (29)
    "EECO08": (1, 0, 1, 0, 0),  # P2 (55)
    "EECO09": (1, 0, 0, 0, 1),  # P4; P2's education unknown
    "EECO10": (2, 1, 1, 0, 1),  # P1, P6
    "EECO11": (1, 1, 0, 0, 1),  # P5
    "EECO12": NOT_COLLECTED,
    "EECO13": NOT_COLLECTED,
    "EECO14": NOT_COLLECTED,
    "EECO15": NOT_COLLECTED,
    "EECO16": NOT_COLLECTED,
    "EECO17": NOT_COLLECTED,
    "EECO18": (1, None, None, None, 0),  # E1
    "EECO19": (1, None, None, None, 1),  # E2; E3's size unknown
    "EECR01": (1, 0, 0, 1, 1),  # P3; P5's situation not recorded
    "EECR02": (0, 0, 0, 0, 1),  # P4 left after the period
    "EECR03": (1, 1, 0, 0, 1),  # P1; P5 unknown
    "EECR04": (1, 1, 0, 0, 1),  # P1
    "EECR05": (1, 0, 0, 1, 1),  # P3; P5 unknown
    "EECR06": (1, 0, 0, 1, 0),  # P3; P5 no
}
