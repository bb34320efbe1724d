"""The revocations of sign-in links are checked against their own client by key, as every
table below the client is since privacy 0006 (docs/row-level-security.md)."""

from django.db import migrations

from osmari.core.row_security import BY_CLIENT, policy_changed

forward, backward = policy_changed(
    "participants_signinlinkrevocation",
    BY_CLIENT,
    before="client_id IN (SELECT id FROM clients_client)",
)


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0004_sign_in_link_revocation"),
        ("privacy", "0006_row_security_by_key"),
    ]

    operations = [migrations.RunPython(forward, backward)]
