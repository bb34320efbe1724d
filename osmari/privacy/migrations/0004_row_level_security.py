"""Row-level security on the tables that hold people: a second wall between areas.

Scoping is the application's (osmari/accounts/access.py); these policies make a query that
forgot its area filter return nothing of another area when it runs as the application role.
The areas come from the session setting `osmari.areas`, which
`osmari.core.middleware.AreaRowSecurityMiddleware` sets at the start of every request:

    '1,4'   rows of areas 1 and 4
    '*'     every row (a superuser)
    'none'  no row (a visitor without a role)
    unset   every row: commands and timers run without a request and need all of them;
            inside a request the middleware always sets one of the values above.

ENABLE, not FORCE: the owner (migrate, the test suite) is not subject to the policies;
the application role is. See docs/row-level-security.md.

PostgreSQL only; SQLite has neither roles nor policies.
"""

from django.db import migrations

# SQL functions like this one are inlined into the query that uses them, so a policy costs
# what its expression costs. CASE keeps '*' and 'none' from reaching the cast.
AREA_VISIBLE = """
CREATE OR REPLACE FUNCTION osmari_area_visible(area bigint) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE coalesce(current_setting('osmari.areas', true), '')
        WHEN '' THEN true
        WHEN '*' THEN true
        WHEN 'none' THEN false
        ELSE area = ANY (string_to_array(current_setting('osmari.areas', true), ',')::bigint[])
    END
$$
"""
DROP_AREA_VISIBLE = "DROP FUNCTION IF EXISTS osmari_area_visible(bigint)"

# Tables whose rows carry the area themselves.
BY_AREA = [
    "clients_client",
    "clients_coachingactivity",
    "placements_placement",
    "placements_proposal",
    "extracts_extract",
    "feedback_invitation",
    "feedback_response",
    "feedback_followuptask",
    "feedback_followuplink",
    "clients_importrun",
    "matching_assignmentproposal",
    "reporting_indicatorfact",
]

# Tables that reach the area through a row above them: (table, column, parent table). The
# parent's own policy filters the subquery, so each table is as narrow as its parent.
BY_PARENT = [
    ("clients_sensitivedata", "client_id", "clients_client"),
    ("clients_clientrestriction", "client_id", "clients_client"),
    ("clients_clientlanguage", "client_id", "clients_client"),
    ("clients_statusspell", "client_id", "clients_client"),
    ("clients_consent", "client_id", "clients_client"),
    ("clients_enrolment", "client_id", "clients_client"),
    ("clients_journalentry", "client_id", "clients_client"),
    ("clients_journalcorrection", "entry_id", "clients_journalentry"),
    ("clients_plan", "client_id", "clients_client"),
    ("clients_planstep", "plan_id", "clients_plan"),
    ("clients_stagetransition", "client_id", "clients_client"),
    ("clients_activityparticipant", "client_id", "clients_client"),
    ("screening_needsassessment", "client_id", "clients_client"),
    ("screening_decision", "client_id", "clients_client"),
    ("placements_placementtransition", "placement_id", "placements_placement"),
    ("placements_review", "placement_id", "placements_placement"),
    ("placements_absence", "placement_id", "placements_placement"),
    ("placements_planacceptance", "placement_id", "placements_placement"),
    ("extracts_registerfact", "client_id", "clients_client"),
    ("extracts_resolution", "client_id", "clients_client"),
    ("feedback_answer", "response_id", "feedback_response"),
    # Whom a client's consent to share their profile names.
    ("employers_consentrecipient", "consent_id", "clients_consent"),
    ("reciprocity_subsidypayment", "commitment_id", "reciprocity_subsidycommitment"),
]

# Tables whose row concerns a person only when it names one: a local subsidy decision is an
# organisation's, and a placed person's pay terms when it names their period.
BY_PARENT_WHERE_GIVEN = [
    ("reciprocity_subsidycommitment", "placement_id", "placements_placement"),
]

POLICY = "osmari_area"


def covered_tables() -> list[str]:
    return (
        BY_AREA
        + [table for table, _column, _parent in BY_PARENT]
        + [table for table, _column, _parent in BY_PARENT_WHERE_GIVEN]
    )


def forward_statements() -> list[str]:
    statements = [AREA_VISIBLE]
    # USING without WITH CHECK also checks new and changed rows: a request cannot write a
    # row into an area it may not see.
    # The names are this module's constants, never input. A policy is dropped before it is
    # made, so that a database that had it under an earlier name of this migration takes it.
    using = dict.fromkeys(BY_AREA, "osmari_area_visible(area_id)")
    for table, column, parent in BY_PARENT:
        using[table] = f"{column} IN (SELECT id FROM {parent})"  # noqa: S608
    for table, column, parent in BY_PARENT_WHERE_GIVEN:
        using[table] = f"{column} IS NULL OR {column} IN (SELECT id FROM {parent})"  # noqa: S608
    for table, condition in using.items():
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS {POLICY} ON {table}",
            f"CREATE POLICY {POLICY} ON {table} USING ({condition})",
        ]
    return statements


def backward_statements() -> list[str]:
    statements = []
    for table in reversed(covered_tables()):
        statements += [
            f"DROP POLICY IF EXISTS {POLICY} ON {table}",
            f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY",
        ]
    return [*statements, DROP_AREA_VISIBLE]


def _run(statements: list[str], schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in statements:
        schema_editor.execute(statement)


def forward(apps, schema_editor):
    _run(forward_statements(), schema_editor)


def backward(apps, schema_editor):
    _run(backward_statements(), schema_editor)


class Migration(migrations.Migration):
    # The lowest app, so that it may follow every app whose tables it covers.
    dependencies = [
        ("privacy", "0003_destruction_entry_records"),
        ("core", "0008_area_evaluation_settings"),
        ("clients", "0017_import_runs"),
        ("matching", "0001_initial"),
        ("reporting", "0007_indicator_facts"),
        ("employers", "0011_letters_of_intent"),
        ("reciprocity", "0002_de_minimis"),
        ("placements", "0008_proposals"),
        ("screening", "0004_encrypt_notes_and_grounds"),
        ("extracts", "0001_extracts_and_reconciliation"),
        ("feedback", "0007_survey_versions_in_the_app"),
    ]

    operations = [migrations.RunPython(forward, backward)]
