"""Every URL is classified here: who may use it. A new URL fails this test until it is.

`PUBLIC` needs no login, `TOKEN` is opened with a token in the address (no login),
`STAFF_SITE` is Django's technical admin (is_staff only); any other entry lists the roles.
The checks: anonymous users are sent to login; a persona without the role gets 403 or 404;
one with the role gets the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONAS
from osmari.core.tests.tables import row_counts

PUBLIC = "public"
TOKEN = "token"
STAFF_SITE = "staff_site"
# The REST API: tokens only, no session (osmari/api/tests hold its scope tests).
API = "api"
# A participant's own pages: opened only in a participant's session (no staff account, no
# role), so every persona here, anonymous or staff, is refused with the page on signing in.
PARTICIPANT: frozenset[str] = frozenset()

# Every logged-in persona, with or without a role.
LOGGED_IN = frozenset(PERSONAS) - {"anonymous"}
# Object pages: only the sample client's own area. Area-wide pages (lists, forms for a new
# record): any area's staff, each seeing their own area (the selector tests prove the scoping).
COACHES = frozenset({"coach"})
STAFF_CLIENTS = frozenset({"coach", "manager"})
ANY_AREA_COACHES = frozenset({"coach", "coach_other_area"})
ANY_AREA_STAFF = frozenset({"coach", "coach_other_area", "manager"})
# Object pages point at the sample objects (see the `sample` fixture), named by placeholder.
CLIENT = {"pk": "client"}
# The sample organisation is the organisation contact's own (see `sample`).
ORG_STAFF_AND_OWN_CONTACT = frozenset({"coach", "manager", "org_contact"})
ORG = {"pk": "organisation"}
MANAGER = frozenset({"manager"})
TEMPLATE = {"pk": 1}
# Only an area's own version is changed: its draft, made from the shared version 1.
AREA_TEMPLATE = {"pk": "template_draft"}
# Area-wide pages every organisation contact also has (each sees their own area's).
AREA_STAFF_AND_CONTACTS = ANY_AREA_STAFF | {"org_contact", "other_org_contact"}
# An object of the sample area: its staff and the contacts of any of its organisations.
AREA_STAFF_AND_ITS_CONTACTS = STAFF_CLIENTS | {"org_contact", "other_org_contact"}
# The sample area's programme: its numbers for staff and analysts, its budget for the manager
# and analysts, the people behind the numbers and every change for the manager only.
PROGRAMME = {"pk": "programme"}
PROGRAMME_VIEWERS = frozenset({"coach", "manager", "analyst"})
MANAGER_AND_ANALYST = frozenset({"manager", "analyst"})
# Employer services work with organisations, their places and agreements, never with clients.
ORG_WORKERS = ANY_AREA_STAFF | {"employer_services"}
ORG_PAGES = ORG_STAFF_AND_OWN_CONTACT | {"employer_services"}
# An auditor reads the agreements, the programme and its budget until their access ends;
# finance follows the programme's numbers and budget.
AGREEMENT_READERS = ORG_PAGES | {"auditor"}
MUNICIPAL_VIEWERS = frozenset({"manager", "analyst", "finance", "auditor", "municipal"})
# Users: the area administrator manages them; the data protection officer reads the review.
ADMIN = frozenset({"admin"})


@dataclass(frozen=True)
class Rule:
    access: str | frozenset[str]
    method: str = "GET"
    kwargs: dict = field(default_factory=dict)


MATRIX: dict[str, Rule] = {
    "core:about": Rule(PUBLIC),
    "core:accessibility": Rule(PUBLIC),
    "privacy:notice_index": Rule(PUBLIC),
    "privacy:notice": Rule(PUBLIC, kwargs={"code": "mikkeli"}),
    "core:health": Rule(PUBLIC),
    "set_language": Rule(PUBLIC, method="POST"),
    "accounts:login": Rule(PUBLIC),
    "accounts:logout": Rule(PUBLIC, method="POST"),
    "accounts:password_reset": Rule(PUBLIC),
    "accounts:password_reset_done": Rule(PUBLIC),
    "accounts:password_reset_complete": Rule(PUBLIC),
    "accounts:password_reset_confirm": Rule(TOKEN, kwargs={"uidb64": "MQ", "token": "set-by-mail"}),
    # Single sign-on, off in these tests (404); tests/test_single_sign_on.py signs in for real.
    "accounts:sso_start": Rule(PUBLIC),
    "accounts:sso_callback": Rule(PUBLIC),
    "accounts:sso_invitation": Rule(TOKEN, kwargs={"token": "not-a-real-token"}),
    # Every logged-in person, with or without a role, has a start page and a password.
    "accounts:home": Rule(LOGGED_IN),
    "accounts:area_switch": Rule(LOGGED_IN, method="POST"),
    "accounts:password_change": Rule(LOGGED_IN),
    "accounts:password_change_done": Rule(LOGGED_IN),
    # The second factor: asked at login, set up by each user, managed on their own page.
    "accounts:second_factor_verify": Rule(LOGGED_IN),
    "accounts:second_factor_setup": Rule(LOGGED_IN),
    "accounts:second_factor": Rule(LOGGED_IN),
    "accounts:recovery_codes": Rule(LOGGED_IN, method="POST"),
    "accounts:audit_list": Rule(frozenset({"admin", "dpo"})),
    "accounts:privacy_register": Rule(frozenset({"manager", "analyst", "admin", "auditor", "dpo"})),
    "accounts:invitation": Rule(TOKEN, kwargs={"token": "set-by-mail"}),
    "accounts:user_list": Rule(ADMIN),
    "accounts:user_invite": Rule(ADMIN),
    "accounts:access_review": Rule(frozenset({"admin", "dpo"})),
    "accounts:user_detail": Rule(ADMIN, kwargs={"pk": "coach"}),
    "accounts:user_role_add": Rule(ADMIN, method="POST", kwargs={"pk": "coach"}),
    "accounts:user_deactivate": Rule(ADMIN, method="POST", kwargs={"pk": "coach"}),
    "accounts:user_reactivate": Rule(ADMIN, method="POST", kwargs={"pk": "coach"}),
    "accounts:user_second_factor_reset": Rule(ADMIN, method="POST", kwargs={"pk": "coach"}),
    "accounts:user_invitation_resend": Rule(ADMIN, method="POST", kwargs={"pk": "coach"}),
    "accounts:access_review_confirm": Rule(ADMIN, method="POST", kwargs={"pk": "coach"}),
    "core:occupation_options": Rule(LOGGED_IN),
    "core:skill_options": Rule(LOGGED_IN),
    "clients:list": Rule(ANY_AREA_STAFF),
    "clients:create": Rule(ANY_AREA_COACHES),
    "clients:eura_pending": Rule(ANY_AREA_STAFF),
    "clients:follow_ups_due": Rule(ANY_AREA_STAFF),
    "clients:follow_up_call": Rule(COACHES, method="POST", kwargs=CLIENT),
    "clients:import": Rule(ANY_AREA_STAFF),
    # An import's progress and report: its importer's alone, as it lists identity codes.
    "clients:import_run": Rule(COACHES, kwargs={"pk": "import_run"}),
    "clients:import_template": Rule(ANY_AREA_STAFF, kwargs={"fmt": "csv"}),
    "clients:detail": Rule(STAFF_CLIENTS, kwargs=CLIENT),
    "clients:edit": Rule(COACHES, kwargs=CLIENT),
    "clients:sensitive": Rule(COACHES, kwargs=CLIENT),
    "clients:enrolment": Rule(COACHES, kwargs=CLIENT),
    "clients:spell_add": Rule(COACHES, method="POST", kwargs=CLIENT),
    "clients:plan_reference": Rule(COACHES, method="POST", kwargs=CLIENT),
    "clients:spell_delete": Rule(COACHES, method="POST", kwargs={**CLIENT, "spell_pk": "spell"}),
    "clients:consent_give": Rule(COACHES, method="POST", kwargs=CLIENT),
    "clients:consent_withdraw": Rule(
        COACHES, method="POST", kwargs={**CLIENT, "consent_pk": "consent"}
    ),
    "clients:consent_wordings": Rule(MANAGER),
    "clients:consent_wording_new": Rule(MANAGER, kwargs={"purpose": "share_profile"}),
    "clients:journal_add": Rule(COACHES, method="POST", kwargs=CLIENT),
    "clients:plan_step_add": Rule(COACHES, method="POST", kwargs=CLIENT),
    "clients:plan_step_done": Rule(COACHES, method="POST", kwargs={**CLIENT, "step_pk": "step"}),
    "clients:plan_step_edit": Rule(COACHES, kwargs={**CLIENT, "step_pk": "step"}),
    "clients:plan_summary": Rule(COACHES, kwargs={**CLIENT, "kind": "employment"}),
    "clients:journal_entry": Rule(STAFF_CLIENTS, kwargs={**CLIENT, "entry_pk": "journal"}),
    "clients:stage_change": Rule(COACHES, method="POST", kwargs=CLIENT),
    "clients:interest_add": Rule(COACHES, method="POST", kwargs=CLIENT),
    "clients:interest_remove": Rule(COACHES, method="POST", kwargs=CLIENT),
    # Client work: coaches record it, each in their own area; coaches and the manager follow
    # the activities and hours; the manager keeps the area's list of kinds.
    "clients:activity_add": Rule(COACHES, kwargs=CLIENT),
    "clients:appointment_book": Rule(COACHES, kwargs=CLIENT),
    "clients:appointment_cancel": Rule(
        COACHES, method="POST", kwargs={**CLIENT, "appointment_pk": "appointment"}
    ),
    "clients:group_session": Rule(ANY_AREA_COACHES),
    "clients:activities": Rule(ANY_AREA_STAFF),
    "clients:service_hours": Rule(ANY_AREA_STAFF),
    "clients:activity_kinds": Rule(MANAGER),
    "clients:activity_kind_retire": Rule(MANAGER, method="POST"),
    # Everything held about the person, for their own request: their coach and the manager.
    "privacy:person_export": Rule(STAFF_CLIENTS, kwargs={**CLIENT, "fmt": "json"}),
    # The records whose retention has ended: the manager approves their destruction.
    "privacy:destruction_lists": Rule(MANAGER),
    "privacy:destruction_approve": Rule(MANAGER, method="POST"),
    "screening:worklist": Rule(ANY_AREA_STAFF),
    "employers:list": Rule(ORG_WORKERS),
    "employers:create": Rule(ORG_WORKERS),
    "employers:contacts_due": Rule(ORG_WORKERS),
    "employers:gaps": Rule(ORG_WORKERS),
    "employers:gaps_chart": Rule(ORG_WORKERS),
    "employers:gaps_export": Rule(ORG_WORKERS, kwargs={"fmt": "csv"}),
    "employers:detail": Rule(ORG_PAGES, kwargs=ORG),
    "employers:edit": Rule(ORG_PAGES, kwargs=ORG),
    # Only the organisation's own contact brings in colleagues.
    "employers:colleagues": Rule(frozenset({"org_contact"}), kwargs=ORG),
    "employers:stage_change": Rule(
        STAFF_CLIENTS | {"employer_services"}, method="POST", kwargs=ORG
    ),
    "employers:activity_add": Rule(
        STAFF_CLIENTS | {"employer_services"}, method="POST", kwargs=ORG
    ),
    "employers:contact_add": Rule(ORG_PAGES, method="POST", kwargs=ORG),
    # Layoffs and dismissals at a host: the area's staff record them, not its contacts.
    "employers:reduction_add": Rule(
        STAFF_CLIENTS | {"employer_services"}, method="POST", kwargs=ORG
    ),
    # Letters of intent belong to the pipeline: the area's staff, not the organisation's contact.
    "employers:letter_add": Rule(STAFF_CLIENTS | {"employer_services"}, method="POST", kwargs=ORG),
    "employers:letter_document": Rule(
        STAFF_CLIENTS | {"employer_services"}, kwargs={**ORG, "letter_pk": "letter"}
    ),
    "employers:position_create": Rule(ORG_PAGES, kwargs=ORG),
    "employers:position_edit": Rule(ORG_PAGES, kwargs={**ORG, "position_pk": "position"}),
    "employers:position_pause": Rule(
        ORG_PAGES, method="POST", kwargs={**ORG, "position_pk": "position"}
    ),
    "agreements:create": Rule(STAFF_CLIENTS, kwargs={"organisation_pk": "organisation"}),
    "agreements:detail": Rule(AGREEMENT_READERS, kwargs={"pk": "agreement"}),
    "agreements:transition": Rule(STAFF_CLIENTS, method="POST", kwargs={"pk": "agreement"}),
    "agreements:positions": Rule(STAFF_CLIENTS, method="POST", kwargs={"pk": "agreement"}),
    "agreements:signature_add": Rule(STAFF_CLIENTS, method="POST", kwargs={"pk": "agreement"}),
    "agreements:amend": Rule(STAFF_CLIENTS, kwargs={"pk": "agreement"}),
    "agreements:meeting_add": Rule(STAFF_CLIENTS, method="POST", kwargs={"pk": "agreement"}),
    "agreements:signature_scan": Rule(
        AGREEMENT_READERS, kwargs={"pk": "agreement", "signature_pk": "signature"}
    ),
    "agreements:pdf": Rule(AGREEMENT_READERS, kwargs={"pk": "agreement", "number": 1}),
    # The shared agreement template, version 1 (key 1), is in the reference data.
    "agreements:templates": Rule(MANAGER),
    "agreements:template_compare": Rule(MANAGER),
    "agreements:template_detail": Rule(MANAGER, kwargs=TEMPLATE),
    "agreements:template_draft": Rule(MANAGER, method="POST", kwargs=TEMPLATE),
    "agreements:template_section_add": Rule(MANAGER, kwargs=AREA_TEMPLATE),
    "agreements:template_section": Rule(MANAGER, kwargs={**AREA_TEMPLATE, "key": "purpose"}),
    "agreements:template_section_remove": Rule(
        MANAGER, method="POST", kwargs={**AREA_TEMPLATE, "key": "purpose"}
    ),
    "agreements:template_change": Rule(MANAGER, method="POST", kwargs=AREA_TEMPLATE),
    "agreements:template_pilot": Rule(MANAGER, method="POST", kwargs=AREA_TEMPLATE),
    "agreements:template_publish": Rule(MANAGER, method="POST", kwargs=AREA_TEMPLATE),
    "agreements:template_discard": Rule(MANAGER, method="POST", kwargs=AREA_TEMPLATE),
    "employers:contact_remove": Rule(
        ORG_PAGES, method="POST", kwargs={**ORG, "contact_pk": "contact"}
    ),
    "screening:eligibility": Rule(STAFF_CLIENTS, kwargs=CLIENT),
    "screening:assessment_add": Rule(COACHES, kwargs=CLIENT),
    "screening:decision_add": Rule(COACHES, kwargs=CLIENT),
    "screening:decision_explanation": Rule(STAFF_CLIENTS, kwargs={"pk": "decision"}),
    "screening:decision_reference": Rule(COACHES, method="POST", kwargs={"pk": "decision"}),
    "accounts:audit_export": Rule(frozenset({"admin", "dpo"})),
    "placements:list": Rule(ANY_AREA_STAFF),
    "placements:records_check": Rule(ANY_AREA_STAFF),
    "placements:create": Rule(COACHES, kwargs={"client_pk": "client"}),
    "placements:position_search": Rule(COACHES, kwargs={"client_pk": "client"}),
    "placements:plan_pdf": Rule(STAFF_CLIENTS, kwargs={"pk": "placement"}),
    "placements:plan_change": Rule(COACHES, kwargs={"pk": "placement"}),
    "placements:detail": Rule(STAFF_CLIENTS, kwargs={"pk": "placement"}),
    "placements:transition": Rule(COACHES, method="POST", kwargs={"pk": "placement"}),
    "placements:extend": Rule(COACHES, method="POST", kwargs={"pk": "placement"}),
    "placements:outcome": Rule(COACHES, method="POST", kwargs={"pk": "placement"}),
    "placements:reference": Rule(COACHES, method="POST", kwargs={"pk": "placement"}),
    "placements:review_add": Rule(COACHES, kwargs={"pk": "placement"}),
    "placements:absence_reported": Rule(COACHES, method="POST", kwargs={"pk": "absence"}),
    # The host organisation's own page: each contact sees their own organisation's periods.
    "placements:host_list": Rule(frozenset({"org_contact", "other_org_contact"})),
    "placements:host_detail": Rule(frozenset({"org_contact"}), kwargs={"pk": "placement"}),
    "placements:host_absence_add": Rule(
        frozenset({"org_contact"}), method="POST", kwargs={"pk": "placement"}
    ),
    "placements:host_review_part": Rule(
        frozenset({"org_contact"}), method="POST", kwargs={"pk": "placement"}
    ),
    "placements:host_view": Rule(
        frozenset({"org_contact"}), method="POST", kwargs={"pk": "placement"}
    ),
    # Proposals: the coach proposes and withdraws; the host organisation's contacts see the
    # proposals to their own places and answer them.
    "placements:proposal_create": Rule(COACHES, kwargs={"client_pk": "client"}),
    "placements:proposal_withdraw": Rule(COACHES, method="POST", kwargs={"pk": "proposal"}),
    "placements:host_proposals": Rule(frozenset({"org_contact", "other_org_contact"})),
    "placements:host_proposal": Rule(frozenset({"org_contact"}), kwargs={"pk": "proposal"}),
    "placements:host_proposal_answer": Rule(
        frozenset({"org_contact"}), method="POST", kwargs={"pk": "proposal"}
    ),
    "placements:host_plan_pdf": Rule(frozenset({"org_contact"}), kwargs={"pk": "placement"}),
    "placements:host_plan_accept": Rule(
        frozenset({"org_contact"}), method="POST", kwargs={"pk": "placement"}
    ),
    # Register extracts: the administrator sets how the file is read, the manager and the
    # administrator import it (area-wide), coaches and the manager settle the differences.
    "extracts:import": Rule(frozenset({"manager", "admin"})),
    "extracts:mapping": Rule(frozenset({"admin"})),
    "extracts:reconcile": Rule(ANY_AREA_STAFF),
    "extracts:accept": Rule(STAFF_CLIENTS, method="POST", kwargs=CLIENT),
    "extracts:note": Rule(STAFF_CLIENTS, method="POST", kwargs=CLIENT),
    "extracts:follow_up_take": Rule(COACHES, method="POST", kwargs=CLIENT),
    "matching:client_suggestions": Rule(STAFF_CLIENTS, kwargs={"client_pk": "client"}),
    "matching:position_candidates": Rule(
        ORG_STAFF_AND_OWN_CONTACT, kwargs={"position_pk": "position"}
    ),
    "matching:assignment": Rule(ANY_AREA_STAFF),
    # Asks the background job for a new proposal of the assignment above.
    "matching:assignment_request": Rule(ANY_AREA_STAFF, method="POST"),
    "feedback:answer": Rule(TOKEN, kwargs={"token": "not-a-real-token"}),
    "feedback:six_month_answer": Rule(TOKEN, kwargs={"token": "not-a-real-token"}),
    # Strong identification is off in the tests' settings: these answer 404.
    "participants:ftn_start": Rule(PUBLIC),
    "participants:ftn_callback": Rule(PUBLIC),
    "participants:ftn_jwks": Rule(PUBLIC),
    "participants:link": Rule(TOKEN, kwargs={"token": "not-a-real-token"}),
    "participants:start": Rule(PARTICIPANT),
    "participants:sign_out": Rule(PARTICIPANT, method="POST"),
    # The language switcher of the participant's pages: the cookie for anyone, and kept on the
    # record of a signed-in participant.
    "participants:language": Rule(PUBLIC, method="POST"),
    # A coach e-mails the person a one-time sign-in link, or revokes those sent.
    "participant_access:link_send": Rule(COACHES, method="POST", kwargs=CLIENT),
    "participant_access:links_revoke": Rule(COACHES, method="POST", kwargs=CLIENT),
    "participants:consents": Rule(PARTICIPANT),
    "participants:consent_withdraw": Rule(PARTICIPANT, method="POST", kwargs={"pk": 1}),
    "participants:feedback_answer": Rule(PARTICIPANT, method="POST", kwargs={"pk": "invitation"}),
    "participants:consent_give": Rule(PARTICIPANT, method="POST"),
    "participants:step_done": Rule(PARTICIPANT, method="POST", kwargs={"pk": "step"}),
    "participants:esf_forms": Rule(PARTICIPANT),
    "participants:decisions": Rule(PARTICIPANT),
    "participants:my_data": Rule(PARTICIPANT),
    "participants:my_data_download": Rule(PARTICIPANT, kwargs={"fmt": "pdf"}),
    "participants:write": Rule(PARTICIPANT),
    # What participants wrote to their coach: the coaches deal with it.
    "participant_messages:list": Rule(ANY_AREA_COACHES),
    "participant_messages:handled": Rule(
        COACHES, method="POST", kwargs={"pk": "participant_message"}
    ),
    "feedback:six_month_send": Rule(COACHES, method="POST", kwargs=CLIENT),
    "feedback:sheet": Rule(COACHES, method="POST", kwargs={"pk": "invitation"}),
    "feedback:link": Rule(COACHES, method="POST", kwargs={"pk": "invitation"}),
    "feedback:follow_ups": Rule(ANY_AREA_COACHES),
    "feedback:follow_up_done": Rule(COACHES, method="POST", kwargs={"pk": "follow_up"}),
    # Results: area staff see their area's, an organisation contact its own organisation's.
    "feedback:results": Rule(
        frozenset(
            {"coach", "coach_other_area", "manager", "analyst", "org_contact", "other_org_contact"}
        )
    ),
    "feedback:results_chart": Rule(
        frozenset(
            {"coach", "coach_other_area", "manager", "analyst", "org_contact", "other_org_contact"}
        )
    ),
    "feedback:results_export": Rule(
        frozenset(
            {"coach", "coach_other_area", "manager", "analyst", "org_contact", "other_org_contact"}
        ),
        kwargs={"fmt": "csv"},
    ),
    "feedback:changes": Rule(frozenset({"coach", "coach_other_area", "manager", "analyst"})),
    # A survey's versions: area staff read them, the manager drafts, pilots and publishes.
    "feedback:surveys": Rule(frozenset({"coach", "coach_other_area", "manager", "analyst"})),
    "feedback:survey_version": Rule(
        frozenset({"coach", "coach_other_area", "manager", "analyst"}),
        kwargs={"key": "participant_end", "number": 1},
    ),
    "feedback:survey_compare": Rule(
        frozenset({"coach", "coach_other_area", "manager", "analyst"}),
        kwargs={"key": "participant_end"},
    ),
    "feedback:survey_draft": Rule(MANAGER, method="POST", kwargs={"key": "participant_end"}),
    "feedback:survey_question": Rule(
        MANAGER,
        method="POST",
        kwargs={"key": "participant_end", "number": 1, "question": "wellbeing"},
    ),
    "feedback:survey_question_add": Rule(
        MANAGER, method="POST", kwargs={"key": "participant_end", "number": 1}
    ),
    "feedback:survey_question_remove": Rule(
        MANAGER,
        method="POST",
        kwargs={"key": "participant_end", "number": 1, "question": "wellbeing"},
    ),
    "feedback:survey_pilot": Rule(
        MANAGER, method="POST", kwargs={"key": "participant_end", "number": 1}
    ),
    "feedback:survey_publish": Rule(
        MANAGER, method="POST", kwargs={"key": "participant_end", "number": 1}
    ),
    # Reciprocity: the catalogue and events are for every organisation of the area too.
    "reciprocity:catalogue": Rule(AREA_STAFF_AND_CONTACTS),
    "reciprocity:catalogue_standard": Rule(MANAGER, method="POST"),
    "reciprocity:benefit_create": Rule(MANAGER),
    "reciprocity:benefit_edit": Rule(MANAGER, kwargs={"pk": "benefit"}),
    "reciprocity:events": Rule(AREA_STAFF_AND_CONTACTS),
    "reciprocity:event_create": Rule(ANY_AREA_STAFF),
    "reciprocity:event": Rule(AREA_STAFF_AND_ITS_CONTACTS, kwargs={"pk": "event"}),
    "reciprocity:event_register": Rule(
        AREA_STAFF_AND_ITS_CONTACTS, method="POST", kwargs={"pk": "event"}
    ),
    "reciprocity:attendance": Rule(STAFF_CLIENTS, method="POST", kwargs={"pk": "event"}),
    "reciprocity:registration_cancel": Rule(
        ORG_STAFF_AND_OWN_CONTACT, method="POST", kwargs={"pk": "registration"}
    ),
    "reciprocity:profile": Rule(ORG_STAFF_AND_OWN_CONTACT, kwargs=ORG),
    "reciprocity:delivery_add": Rule(STAFF_CLIENTS, method="POST", kwargs=ORG),
    "reciprocity:publish": Rule(frozenset({"org_contact"}), method="POST", kwargs=ORG),
    "reciprocity:withdraw": Rule(frozenset({"org_contact", "manager"}), method="POST", kwargs=ORG),
    "reciprocity:certificate_issue": Rule(ORG_STAFF_AND_OWN_CONTACT, method="POST", kwargs=ORG),
    "reciprocity:summary_pdf": Rule(ORG_STAFF_AND_OWN_CONTACT, kwargs={**ORG, "year": 2026}),
    "reciprocity:certificate_pdf": Rule(ORG_STAFF_AND_OWN_CONTACT, kwargs={"code": "certificate"}),
    "reciprocity:agreed_benefits": Rule(STAFF_CLIENTS, kwargs={"pk": "agreement"}),
    "reciprocity:subsidies": Rule(ANY_AREA_STAFF),
    "reciprocity:scheme_create": Rule(MANAGER),
    "reciprocity:scheme": Rule(STAFF_CLIENTS, kwargs={"pk": "scheme"}),
    "reciprocity:payment_add": Rule(MANAGER, method="POST", kwargs={"pk": "commitment"}),
    "reciprocity:commitment_cancel": Rule(MANAGER, method="POST", kwargs={"pk": "commitment"}),
    "reciprocity:aid": Rule(ANY_AREA_STAFF),
    "reciprocity:aid_export": Rule(MANAGER, kwargs={"fmt": "csv"}),
    "reciprocity:public_profile": Rule(PUBLIC, kwargs={"slug": "no-such-profile"}),
    "reporting:index": Rule(ANY_AREA_STAFF | {"analyst", "finance", "auditor"}),
    "reporting:programme_create": Rule(MANAGER),
    "reporting:dashboard": Rule(PROGRAMME_VIEWERS | {"finance", "auditor"}, kwargs=PROGRAMME),
    "reporting:programme_edit": Rule(MANAGER, kwargs=PROGRAMME),
    "reporting:targets_chart": Rule(PROGRAMME_VIEWERS | {"finance", "auditor"}, kwargs=PROGRAMME),
    "reporting:indicators": Rule(PROGRAMME_VIEWERS | {"finance", "auditor"}, kwargs=PROGRAMME),
    "reporting:outcomes": Rule(PROGRAMME_VIEWERS | {"finance", "auditor"}, kwargs=PROGRAMME),
    "reporting:outcomes_chart": Rule(PROGRAMME_VIEWERS | {"finance", "auditor"}, kwargs=PROGRAMME),
    "reporting:people": Rule(MANAGER, kwargs={**PROGRAMME, "code": "EECO03"}),
    "reporting:taking_part": Rule(MANAGER, kwargs=PROGRAMME),
    "reporting:partners": Rule(PROGRAMME_VIEWERS | {"finance", "auditor"}, kwargs=PROGRAMME),
    "reporting:budget": Rule(MANAGER_AND_ANALYST | {"finance", "auditor"}, kwargs=PROGRAMME),
    "reporting:plan": Rule(MANAGER, kwargs=PROGRAMME),
    "reporting:staff_create": Rule(MANAGER, kwargs=PROGRAMME),
    "reporting:staff_edit": Rule(MANAGER, kwargs={**PROGRAMME, "staff_pk": "staff"}),
    "reporting:competence": Rule(MANAGER_AND_ANALYST | {"finance", "auditor"}, kwargs=PROGRAMME),
    "reporting:training_matrix": Rule(
        MANAGER_AND_ANALYST | {"finance", "auditor"}, kwargs=PROGRAMME
    ),
    # What the programme communicated holds nobody's data: everyone who follows the programme.
    "reporting:dissemination": Rule(PROGRAMME_VIEWERS | {"finance", "auditor"}, kwargs=PROGRAMME),
    "reporting:dissemination_material": Rule(
        PROGRAMME_VIEWERS | {"finance", "auditor"},
        kwargs={**PROGRAMME, "item": "dissemination"},
    ),
    "reporting:report": Rule(MANAGER_AND_ANALYST | {"auditor"}, kwargs=PROGRAMME),
    "reporting:distance": Rule(MANAGER_AND_ANALYST | {"auditor"}, kwargs=PROGRAMME),
    "reporting:distance_chart": Rule(MANAGER_AND_ANALYST | {"auditor"}, kwargs=PROGRAMME),
    "reporting:fairness": Rule(MANAGER_AND_ANALYST | {"auditor"}, kwargs=PROGRAMME),
    "reporting:staff": Rule(MANAGER, kwargs={"pk": "staff"}),
    "reporting:goal_achieved": Rule(MANAGER, method="POST", kwargs={"pk": "goal"}),
    # The work plan: everyone who follows the programme reads it, the manager keeps it.
    "reporting:workplan": Rule(PROGRAMME_VIEWERS | {"finance", "auditor"}, kwargs=PROGRAMME),
    "reporting:package_create": Rule(MANAGER, kwargs=PROGRAMME),
    "reporting:package_edit": Rule(MANAGER, kwargs={**PROGRAMME, "package_pk": "package"}),
    "reporting:milestone_create": Rule(MANAGER, kwargs={"package_pk": "package"}),
    "reporting:milestone": Rule(
        PROGRAMME_VIEWERS | {"finance", "auditor"}, kwargs={"pk": "milestone"}
    ),
    "reporting:milestone_edit": Rule(MANAGER, kwargs={"milestone_pk": "milestone"}),
    # Work trials by host organisation: the coaches and the manager, each their own area.
    "reporting:trials": Rule(ANY_AREA_STAFF),
    # The municipalities' co-financing and each one's figures, as numbers only: a municipal
    # representative sees their own municipality (the sample client's) and is refused every other
    # URL of this matrix, every person's page among them.
    "reporting:municipal_index": Rule(MUNICIPAL_VIEWERS),
    "reporting:municipal": Rule(MUNICIPAL_VIEWERS, kwargs=PROGRAMME),
    "reporting:municipality": Rule(
        MUNICIPAL_VIEWERS, kwargs={**PROGRAMME, "municipality_pk": "municipality"}
    ),
    "reporting:municipal_shares": Rule(MANAGER, kwargs=PROGRAMME),
    "reciprocity:verify": Rule(PUBLIC),
    "reciprocity:verify_code": Rule(PUBLIC, kwargs={"code": "ABCD-EFGH-JKLM"}),
    # API tokens: the administrator issues the area's system and reporting tokens and may
    # revoke any token of the area; an organisation's contact only their organisation's. The
    # sample token is the sample organisation's (the organisation contact's own).
    "api_tokens:list": Rule(frozenset({"admin", "org_contact", "other_org_contact"})),
    "api_tokens:issue": Rule(frozenset({"admin", "org_contact", "other_org_contact"})),
    "api_tokens:revoke_confirm": Rule(
        frozenset({"admin", "org_contact"}), kwargs={"pk": "api_token"}
    ),
    "api_tokens:revoke": Rule(
        frozenset({"admin", "org_contact"}), method="POST", kwargs={"pk": "api_token"}
    ),
    # Open data: aggregates anyone may read (the sample area publishes nothing, so 404).
    "reporting:open_data_index": Rule(PUBLIC),
    "reporting:open_data_area": Rule(PUBLIC, kwargs={"area_code": "mikkeli"}),
    "reporting:open_data_indicators_csv": Rule(PUBLIC, kwargs={"area_code": "mikkeli"}),
    "reporting:open_data_indicators_json": Rule(PUBLIC, kwargs={"area_code": "mikkeli"}),
    "reporting:open_data_outcomes_csv": Rule(PUBLIC, kwargs={"area_code": "mikkeli"}),
    "reporting:open_data_outcomes_json": Rule(PUBLIC, kwargs={"area_code": "mikkeli"}),
    "reporting:open_data_catalog": Rule(PUBLIC, kwargs={"area_code": "mikkeli"}),
    # Last: taking the coach's only role away leaves the account outside the administrator's
    # reach, so the attacker's walk (tests/test_adversarial_matrix.py) asks it after the rest.
    "accounts:user_role_remove": Rule(
        ADMIN, method="POST", kwargs={"pk": "coach", "membership_pk": "coach_membership"}
    ),
}


def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield (
                f"{namespace}{entry.name}"
                if entry.name
                else f"{namespace}<unnamed {entry.pattern}>"
            )


def _classification(name: str) -> Rule | None:
    if name.startswith("admin:"):
        return Rule(STAFF_SITE)
    if name.startswith("api-v1:"):
        # Answered to tokens, never to a session: osmari/api/tests walks every operation with
        # each kind of token and replays it with other areas' and organisations' tokens.
        return Rule(API)
    return MATRIX.get(name)


def test_every_url_is_classified():
    unclassified = sorted(name for name in _named_patterns() if _classification(name) is None)
    assert unclassified == [], f"Classify these URLs in tests/test_url_matrix.py: {unclassified}"


def test_the_matrix_names_no_url_that_is_gone():
    names = set(_named_patterns())
    assert sorted(set(MATRIX) - names) == []


CASES = [(name, persona) for name in MATRIX for persona in PERSONAS]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona"), CASES)
def test_url_access_for_persona(login, world, name, persona):
    rule = MATRIX[name]
    user = world.person(persona)
    client = login(user)
    # Placeholders name the sample object whose key goes into the address.
    kwargs = {key: world.sample.get(value, value) for key, value in rule.kwargs.items()}
    url = reverse(name, kwargs=kwargs)
    refused = rule.access not in (PUBLIC, TOKEN) and persona not in rule.access
    before = row_counts() if refused and rule.method == "POST" else None
    response = client.post(url) if rule.method == "POST" else client.get(url)
    if rule.access == PARTICIPANT:
        # Not sent to the staff login: the page says how a participant signs in.
        assert response.status_code == 403
        if before is not None:
            assert row_counts() == before
        return
    if rule.access in (PUBLIC, TOKEN):
        assert response.status_code < 500
        return
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif persona in rule.access:
        # A POST without data is refused as invalid (422) or done (redirect), never forbidden.
        assert response.status_code in ((200, 302, 422) if rule.method == "POST" else (200,))
    else:
        assert response.status_code in (403, 404)
    if before is not None:
        assert row_counts() == before


@pytest.mark.django_db
def test_the_technical_admin_is_for_staff_only(login, world, django_user_model):
    assert login(None).get("/admin/").status_code == 302
    # An area administrator is not a technical administrator.
    assert login(world.person("admin")).get("/admin/").status_code == 302
    staff = django_user_model.objects.create_superuser(email="root@test.osmari.fi", password="x")
    assert login(staff).get("/admin/").status_code == 200
