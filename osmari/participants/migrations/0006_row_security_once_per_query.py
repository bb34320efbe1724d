"""The participants' tables take the policies of privacy 0007: the messages to a coach by
their own area read once per query, the revoked sign-in links by the area of their client
kept on the row (docs/row-level-security.md)."""

from django.db import migrations

from osmari.core.row_security import (
    BY_AREA,
    BY_CLIENT,
    IN_AREA,
    IN_ROW_AREA,
    on_postgresql,
    policy_set,
    row_area_kept,
)

MESSAGES = "participants_messagetocoach"
REVOCATIONS = "participants_signinlinkrevocation"

KEPT, DROPPED = row_area_kept(REVOCATIONS, "client_id", "clients_client", "area_id")
FORWARD = policy_set(MESSAGES, IN_AREA) + KEPT + policy_set(REVOCATIONS, IN_ROW_AREA)
BACKWARD = policy_set(MESSAGES, BY_AREA) + policy_set(REVOCATIONS, BY_CLIENT) + DROPPED


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0005_sign_in_link_revocation_by_key"),
        ("privacy", "0007_row_security_once_per_query"),
    ]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
