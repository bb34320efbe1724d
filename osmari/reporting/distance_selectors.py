"""Distance travelled by group: the programme's participants and their needs assessments,
read in a fixed number of queries whatever their number, and the groups as a viewer may see
them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from osmari.accounts.models import User
from osmari.clients.models import Enrolment
from osmari.core.models import Municipality
from osmari.feedback.suppression import suppress
from osmari.placements.models import Placement, PlacementKind, PlacementStatus
from osmari.reporting import periods
from osmari.reporting.models import Programme
from osmari.screening import distance
from osmari.screening.models import DOMAINS, NeedsAssessment

GROUPINGS: dict[str, Promise] = {
    "area": gettext_lazy("Area"),
    "municipality": gettext_lazy("Municipality"),
    "coach": gettext_lazy("Coach"),
    "instrument": gettext_lazy("Instrument"),
    "cohort": gettext_lazy("Entry quarter"),
}
NO_INSTRUMENT = "none"
NO_VALUE = "unknown"

# Work ability and health is special-category data (health). Aggregates never carry it: the
# roles that read this page (manager, analyst, auditor) may not see it person by person
# (`client.view_sensitive` is the coach's alone), the outcome and fairness groups never use a
# special category, and a group's change in work ability is still health data about each of
# its members. So the domain is left out for every role.
GROUP_DOMAINS: list[tuple[str, Promise]] = [
    (stem, label) for stem, label, special in DOMAINS if not special
]


@dataclass(frozen=True)
class Member:
    """One participant: the key of each of their groups, and their assessments."""

    groups: dict[str, tuple[str, ...]]
    assessments: tuple[distance.Assessment, ...]


def members(programme: Programme) -> list[Member]:
    """The programme's participants (enrolled in its area while it ran), whether assessed or
    not: those without an assessment are in no distribution but are counted as people."""
    enrolments = Enrolment.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gte=programme.starts_on),
        client__area=programme.area,
        entered_on__lte=programme.ends_on,
    )
    rows = list(
        enrolments.values_list(
            "client_id", "entered_on", "client__municipality_id", "client__coach_id"
        )
    )
    stems = [stem for stem, _label, _special in DOMAINS]
    assessed: dict[int, list[distance.Assessment]] = defaultdict(list)
    for values in NeedsAssessment.objects.filter(
        client__enrolment__in=enrolments, client__area=programme.area
    ).values("id", "client_id", "assessed_on", *stems):
        assessed[values["client_id"]].append(
            distance.Assessment(values["id"], values["assessed_on"], {s: values[s] for s in stems})
        )
    instruments: dict[int, set[str]] = defaultdict(set)
    for client_id, kind in (
        Placement.objects.filter(client__enrolment__in=enrolments)
        .exclude(status=PlacementStatus.CANCELLED)
        .values_list("client_id", "kind")
    ):
        instruments[client_id].add(kind)
    area = programme.area.code
    return [
        Member(
            groups={
                "area": (area,),
                "municipality": (str(municipality or NO_VALUE),),
                "coach": (str(coach or NO_VALUE),),
                "instrument": tuple(sorted(instruments[client])) or (NO_INSTRUMENT,),
                "cohort": (periods.Quarter.of(entered_on).name,),
            },
            assessments=tuple(assessed.get(client, ())),
        )
        for client, entered_on, municipality, coach in rows
    ]


def labels(programme: Programme, by: str, keys: set[str]) -> dict[str, str]:
    """The groups' names as the page shows them."""
    named: dict[str, str] = {NO_VALUE: _("Not recorded")}
    if by == "area":
        named[programme.area.code] = str(programme.area)
    elif by == "municipality":
        ids = [int(k) for k in keys if k.isdigit()]
        named |= {str(m.pk): str(m) for m in Municipality.objects.filter(pk__in=ids)}
    elif by == "coach":
        ids = [int(k) for k in keys if k.isdigit()]
        named |= {str(u.pk): str(u) for u in User.objects.filter(pk__in=ids)}
    elif by == "instrument":
        named |= {kind.value: str(kind.label) for kind in PlacementKind}
        named[NO_INSTRUMENT] = _("Neither")
    elif by == "cohort":
        for key in keys:
            year, number = key.split("-Q")
            named[key] = _("%(year)s, quarter %(quarter)s") % {"year": year, "quarter": number}
    return {key: named.get(key, key) for key in keys}


@dataclass(frozen=True)
class DomainRow:
    label: str
    worse: int | None
    same: int | None
    better: int | None
    median: float | None


@dataclass(frozen=True)
class GroupRow:
    key: str
    label: str
    counted: int | None  # None: a group too small to show to this viewer
    single: int | None
    domains: list[DomainRow]

    @property
    def hidden(self) -> bool:
        return self.counted is None


def _complement(values: dict, hidden: set, minimum: int) -> set:
    """`suppress` with cells already hidden for another reason: a row or column with one
    hidden cell, or hidden cells summing under the minimum, gets more hidden with it."""
    hidden = set(hidden) | {k for k, n in values.items() if 0 < n < minimum}
    if not hidden:
        return hidden
    visible = sorted((n, str(k), k) for k, n in values.items() if n > 0 and k not in hidden)
    while len(hidden) < 2 or sum(values[k] for k in hidden) < minimum:
        if not visible:
            return hidden | {k for k, n in values.items() if n > 0}
        hidden.add(visible.pop(0)[2])
    return hidden


def _hidden_cells(groups: dict[str, distance.GroupDistance], hidden_groups: set[str], minimum):
    """The (group, domain, direction) cells to hide from an aggregates-only viewer, across
    each group's row of a domain and down each direction's column over the groups: the
    whole's row is shown, so a cell hidden in one group only could be found by subtraction."""
    values = {
        (key, stem, way): n
        for key, group in groups.items()
        for stem, _label in GROUP_DOMAINS
        for way, n in group.domains[stem].by_direction.items()
    }
    hidden = {cell for cell in values if cell[0] in hidden_groups}
    while True:
        before = len(hidden)
        lines: dict[tuple, dict] = defaultdict(dict)
        for (key, stem, way), n in values.items():
            lines[("row", key, stem)][(key, stem, way)] = n
            lines[("column", stem, way)][(key, stem, way)] = n
        for line in lines.values():
            hidden |= _complement(line, hidden & line.keys(), minimum)
        if len(hidden) == before:
            return hidden


def shown_groups(
    groups: dict[str, distance.GroupDistance],
    names: dict[str, str],
    *,
    minimum: int,
    persons_allowed: bool,
) -> list[GroupRow]:
    """Each group as the viewer may see them, by name. For those who see aggregates only, a
    group under the area's minimum is hidden and enough others with it that it cannot be
    worked out from the total (as the indicators' groups are); within the groups shown, a
    count of worse, same or better under the minimum likewise, across the group's row and
    down the column over the groups, and a row with a hidden count hides its median."""
    hidden_groups: set[str] = set()
    hidden_cells: set[tuple[str, str, str]] = set()
    hidden_single: set[str] = set()
    if not persons_allowed:
        hidden_groups = set(suppress({k: g.counted for k, g in groups.items()}, minimum).hidden)
        hidden_groups |= {k for k, g in groups.items() if 0 < g.counted < minimum}
        hidden_cells = _hidden_cells(groups, hidden_groups, minimum)
        hidden_single = _complement(
            {k: g.single for k, g in groups.items()}, set(hidden_groups), minimum
        )
    rows = []
    for key in sorted(groups, key=lambda k: (k in (NO_VALUE, NO_INSTRUMENT), names[k])):
        group = groups[key]
        hidden = key in hidden_groups
        domains = []
        for stem, label in GROUP_DOMAINS:
            cells: dict[str, int | None] = {
                way: None if (key, stem, way) in hidden_cells else n
                for way, n in group.domains[stem].by_direction.items()
            }
            median = None if None in cells.values() else group.domains[stem].median
            domains.append(
                DomainRow(
                    str(label),
                    worse=cells["worse"],
                    same=cells["same"],
                    better=cells["better"],
                    median=median,
                )
            )
        rows.append(
            GroupRow(
                key=key,
                label=names[key],
                counted=None if hidden else group.counted,
                single=None if hidden or key in hidden_single else group.single,
                domains=domains,
            )
        )
    return rows


def distance_by_group(programme: Programme, by: str, *, persons_allowed: bool):
    """The whole programme's distribution and each group's, as the viewer may see them."""
    people = members(programme)
    stems = [stem for stem, _label in GROUP_DOMAINS]
    whole = distance.distribution((m.assessments for m in people), stems)
    groups = distance.by_group(((m.groups[by], m.assessments) for m in people), stems)
    # A group with no one assessed has nothing to show, not even a hidden row.
    groups = {k: g for k, g in groups.items() if g.counted or g.single}
    minimum = programme.area.min_group_size
    total = shown_groups(
        {"all": whole}, {"all": _("All")}, minimum=minimum, persons_allowed=persons_allowed
    )[0]
    rows = shown_groups(
        groups,
        labels(programme, by, set(groups)),
        minimum=minimum,
        persons_allowed=persons_allowed,
    )
    return total, rows, len(people)
