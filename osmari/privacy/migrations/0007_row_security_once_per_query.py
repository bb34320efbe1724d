"""The policies read the request's areas once per query instead of once per row, and a row
below a client, period, plan, journal entry or consent carries its parent's area in a column
of the database's own (`row_area`, kept by a trigger), so that its policy looks nothing up
(`osmari.core.row_security`, docs/row-level-security.md). The participants' tables change in
participants 0006. Local subsidy payments keep the look-up of their decision: a decision
names a person only sometimes, and its payments are few."""

from importlib import import_module

from django.db import migrations

from osmari.core.row_security import (
    AREAS_OF_REQUEST,
    AREAS_OF_REQUEST_DROPPED,
    BY_AREA,
    IN_AREA,
    IN_ROW_AREA,
    ROW_AREA,
    on_postgresql,
    policy_set,
    row_area_kept,
    through_parent,
)

FIRST = import_module("osmari.privacy.migrations.0004_row_level_security")
# Given their own area by privacy 0006 and privacy 0005.
OWN_AREA_SINCE = ["feedback_answer", "clients_appointment"]
BY_DECISION = "reciprocity_subsidypayment"

OWN_AREA = FIRST.BY_AREA + OWN_AREA_SINCE
BELOW = [
    (table, column, parent)
    for table, column, parent in FIRST.BY_PARENT
    if table not in OWN_AREA_SINCE and table != BY_DECISION
]


def _statements() -> tuple[list[str], list[str]]:
    forward, backward = list(AREAS_OF_REQUEST), []
    for table in OWN_AREA:
        forward += policy_set(table, IN_AREA)
        backward += policy_set(table, BY_AREA)
    # Parents before their rows: a plan's area is there before its steps take it; and back,
    # a step's trigger on its plan's area goes before that area.
    below = []
    for table, column, parent in BELOW:
        parent_area = "area_id" if parent in OWN_AREA else ROW_AREA
        kept, dropped = row_area_kept(table, column, parent, parent_area)
        forward += kept + policy_set(table, IN_ROW_AREA)
        below.append(policy_set(table, through_parent(table, column, parent)) + dropped)
    for statements in reversed(below):
        backward += statements
    return forward, backward + AREAS_OF_REQUEST_DROPPED


FORWARD, BACKWARD = _statements()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0006_row_security_by_key")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
