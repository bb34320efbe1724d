"""How an area's register extract is read: its column names and what its codes mean.

Pure: plain data in and out. Each area's administrator may adjust the mapping
(`extracts.ExtractMapping`); where an area has none, these defaults apply. They are the
names and codes of docs/extracts.md, which an area checks against its own report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

# What each column holds, and its default name in an area's report.
FIELDS = ("identity", "kind", "code", "start", "end", "reference", "decided")
DEFAULT_COLUMNS: dict[str, str] = {
    "identity": "henkilotunnus",
    "kind": "tietolaji",
    "code": "koodi",
    "start": "alkupvm",
    "end": "loppupvm",
    "reference": "tunniste",
    "decided": "paatospvm",
}
# A file without these columns cannot be read at all; the others may be left out.
REQUIRED_FIELDS = ("identity", "kind", "code", "start")

# The kinds of fact, one a row.
STATUS, SERVICE, PLAN, DECISION = "status", "service", "plan", "decision"
KINDS = (STATUS, SERVICE, PLAN, DECISION)
DEFAULT_KIND_VALUES: dict[str, str] = {
    STATUS: "tyonhakija",
    SERVICE: "palvelu",
    PLAN: "suunnitelma",
    DECISION: "paatos",
}

# Osmari's values that a code may mean: the labour-market statuses of a status spell, and
# the services that Osmari follows.
STATUS_TARGETS = (
    "unemployed",
    "employed",
    "work_trial",
    "wage_subsidy",
    "education",
    "other_service",
    "outside_labour_force",
)
SERVICE_TARGETS = ("work_trial", "wage_subsidy", "education", "other_service")
PERIOD_KINDS = ("work_trial", "wage_subsidy")

# A fully laid-off person is registered as unemployed for the rules of work trial and wage
# subsidy; an area whose report separates them may map "lomautettu" elsewhere.
DEFAULT_STATUS_CODES: dict[str, str] = {
    "01": "unemployed",
    "tyoton": "unemployed",
    "02": "unemployed",
    "lomautettu": "unemployed",
    "tyossa": "employed",
    "yrittaja": "employed",
    "koulutus": "education",
    "opiskelija": "education",
    "palvelussa": "other_service",
    "tyokokeilu": "work_trial",
    "palkkatuki": "wage_subsidy",
    "tyovoiman_ulkopuolella": "outside_labour_force",
}
DEFAULT_SERVICE_CODES: dict[str, str] = {
    "tyokokeilu": "work_trial",
    "palkkatuki": "wage_subsidy",
    "palkkatuettu_tyo": "wage_subsidy",
    "tyovoimakoulutus": "education",
    "koulutus": "education",
    "valmennus": "other_service",
    "kuntouttava": "other_service",
}

DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y")


@dataclass(frozen=True)
class Mapping:
    """One area's way of reading its extract: columns and values as the file writes them,
    in lower case."""

    columns: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COLUMNS))
    kinds: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_KIND_VALUES))
    status_codes: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_STATUS_CODES))
    service_codes: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_SERVICE_CODES))

    def required_columns(self) -> set[str]:
        return {self.columns[name] for name in REQUIRED_FIELDS}

    def kind_of(self, value: str) -> str | None:
        """The kind of fact a row's kind cell names, or None."""
        wanted = normalise(value)
        return next((kind for kind, cell in self.kinds.items() if cell == wanted), None)


def normalise(value: str) -> str:
    return (value or "").strip().lower()


@dataclass(frozen=True)
class CodeLine:
    """A line of a code table that cannot be read, and why (`problem`: "format",
    "target" or "duplicate")."""

    number: int
    text: str
    problem: str


def parse_codes(text: str, allowed: tuple[str, ...]) -> tuple[dict[str, str], list[CodeLine]]:
    """Read a code table written one `code = value` a line; blank lines are skipped."""
    codes: dict[str, str] = {}
    problems: list[CodeLine] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        code, sign, target = line.partition("=")
        code, target = normalise(code), normalise(target)
        if not sign or not code or not target:
            problems.append(CodeLine(number, line.strip(), "format"))
        elif target not in allowed:
            problems.append(CodeLine(number, line.strip(), "target"))
        elif code in codes:
            problems.append(CodeLine(number, line.strip(), "duplicate"))
        else:
            codes[code] = target
    return codes, problems


def format_codes(codes: dict[str, str]) -> str:
    return "\n".join(f"{code} = {target}" for code, target in codes.items())


def parse_date(value: str) -> date | None:
    """A date written 2025-03-01 or 1.3.2025; None for an empty cell; ValueError otherwise."""
    value = (value or "").strip()
    if not value:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)
