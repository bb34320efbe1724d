"""The register of personal data, declared next to each model.

Every model says what kind of record it is (task class, publicity, retention and what
happens at its end, under the Act on Information Management in Public Administration
906/2019) and, for each field that holds personal data, its category, purpose, legal basis,
recipients and retention. The record of processing activities (GDPR art. 30), the basis of
the privacy notice and the impact assessment worksheet are generated from these
declarations, so that they cannot drift from the code. `tests/test_register.py` fails when a
model or a field has no declaration.

In a models module, after the model:

    register.declare(
        Client,
        CLIENT_RECORD,
        {
            register.CLIENT_IDENTITY: ["personal_identity_code", "first_name", "last_name"],
            register.CLIENT_SERVICE: ["stage", "coach", "created_at", "updated_at"],
        },
    )

The primary key is never personal data by itself. A model that holds no personal data says
so with `register.no_personal_data(Model, why)`. Where the law is not settled (see
docs/register.md), a term says so in its `confirm` note, and the generated documents show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

Text = str | Promise


@dataclass(frozen=True)
class Term:
    """One value of the register's vocabulary: a stable code, its label and, where the law
    is not yet settled for the area, what its data protection officer must confirm."""

    code: str
    label: Text
    detail: Text = ""
    confirm: Text = ""

    def __str__(self) -> str:
        return str(self.label)


# --- Whose data -----------------------------------------------------------------------------

CLIENTS = Term("clients", _("Clients (jobseekers served by the area)"))
CONTACTS = Term("contacts", _("Host organisations' contact persons and workplace instructors"))
STAFF = Term("staff", _("Users: the area's staff and organisations' contacts with an account"))
RESPONDENTS = Term("respondents", _("People who answer a feedback survey"))


# --- Categories of personal data ------------------------------------------------------------

IDENTITY = Term("identity", _("Identity"), _("name, personal identity code, birth date"))
CONTACT = Term("contact", _("Contact details"), _("address, e-mail, phone, language"))
SERVICE = Term(
    "service",
    _("Service and employment"),
    _("status periods, plans, periods in work, proposals, journal, outcomes"),
)
ASSESSMENT = Term(
    "assessment",
    _("Needs assessment and matching"),
    _("the coach's structured assessment, skills, interests, match scores"),
)
HEALTH = Term(
    "health",
    _("Special category: health"),
    _("work ability and its restrictions (GDPR art. 9)"),
)
ESF = Term(
    "esf",
    _("ESF+ participant data"),
    _("entry and exit data and results required by Regulation (EU) 2021/1057"),
)
EMPLOYMENT_TERMS = Term(
    "employment_terms", _("Terms of employment"), _("pay, subsidy, working time of a period")
)
OPINION = Term("opinion", _("Feedback and opinions"), _("answers, reviews' views"))
CONSENT_RECORD = Term("consent", _("Consents"), _("what the person agreed to, when, to whom"))
ROLE = Term("role", _("Role and organisation"), _("a person's title and organisation"))
ACCOUNT = Term("account", _("User account"), _("login name, roles, last login"))
LOG = Term("log", _("Log data"), _("who read or changed what, when, from where"))


# --- Purposes --------------------------------------------------------------------------------

ORGANISING_SERVICE = Term(
    "organising_service",
    _("Organising work trials and wage-subsidised work for the client"),
    _("identifying who benefits, matching to a place, guiding the period and following up"),
)
COOPERATION = Term(
    "cooperation",
    _("Cooperation with host organisations"),
    _("agreements, positions, reviews, the reciprocity model"),
)
ESF_REPORTING = Term(
    "esf_reporting",
    _("Reporting the ESF+ project to its funder"),
    _("participants, indicators and results of the project"),
)
DEVELOPMENT = Term(
    "development",
    _("Developing the service from feedback"),
    _("surveys of participants and workplaces, and what changed because of them"),
)
ACCESS_CONTROL = Term("access_control", _("User accounts and access control"))
MONITORING = Term(
    "monitoring",
    _("Monitoring the use of personal data"),
    _("the audit log of reads, changes and disclosures (Act 906/2019, section 17)"),
)


# --- Legal bases -----------------------------------------------------------------------------

PUBLIC_TASK = Term(
    "public_task",
    _("Public task (GDPR art. 6(1)(e))"),
    _(
        "the employment area's task as employment authority under the Act on the Organisation "
        "of Employment Services 380/2023"
    ),
)
HEALTH_GROUND = Term(
    "health_ground",
    _("Public task with a ground for health data (GDPR art. 6(1)(e) and 9(2)(b) or (g))"),
    _("work ability is needed to plan a suitable service (Act 380/2023)"),
    confirm=_("Which art. 9(2) ground the area relies on is for its data protection officer."),
)
LEGAL_OBLIGATION_ESF = Term(
    "legal_obligation_esf",
    _("Legal obligation (GDPR art. 6(1)(c))"),
    _(
        "Regulations (EU) 2021/1057 art. 17 and Annex I, 2021/1060 art. 69, and the Act on "
        "the Financing of Regional Development and Structural Funds Projects 757/2021"
    ),
)
CONSENT = Term(
    "consent",
    _("Consent (GDPR art. 6(1)(a))"),
    _("only where something is truly optional: sharing a profile, being contacted later"),
)
LOG_OBLIGATION = Term(
    "log_obligation",
    _("Legal obligation (GDPR art. 6(1)(c))"),
    _("log data of the use of personal data, Act on Information Management 906/2019, s. 17"),
)


# --- Recipients ------------------------------------------------------------------------------

AREA_STAFF = Term("area_staff", _("The area's own staff whose role needs it (coach, manager)"), "")
HOST_ORGANISATION = Term(
    "host_organisation",
    _("The host organisation of the person's period, or one they consented to"),
)
FUNDER = Term(
    "funder",
    _("The funder (ELY Centre) and auditors of the ESF+ project"),
    _("aggregated indicators; participants enter their own data in EURA 2021"),
)
AREA_ADMINS = Term("area_admins", _("The area's administrators and data protection officer"))
NOBODY_OUTSIDE = Term("nobody_outside", _("Nobody outside the area"))


# --- Retention -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Retention(Term):
    """How long a record is kept, counted from what, and what happens then."""

    years: int = 0
    counted_from: Text = ""
    at_end: Text = ""

    @property
    def period(self) -> str:
        return ngettext(
            "%(years)d year, counted from %(start)s",
            "%(years)d years, counted from %(start)s",
            self.years,
        ) % {"years": self.years, "start": self.counted_from}


DESTROY = _("destroyed")
ARCHIVE = _("archived")
PSEUDONYMISED = _("personal data removed, a bare reference kept")

CLIENT_SERVICE = Retention(
    "client_service",
    _("Client service record"),
    years=5,
    counted_from=_("the end of the year in which the client's last service in Osmari ended"),
    at_end=DESTROY,
    confirm=_(
        "The retention of employment-authority client data under Act 380/2023 is set by the "
        "area's records plan."
    ),
)
ESF_PROJECT = Retention(
    "esf_project",
    _("ESF+ project record"),
    years=5,
    counted_from=_("31 December of the year of the project's last payment (CPR art. 82)"),
    at_end=DESTROY,
    confirm=_("Check the period in the funding decision's terms."),
)
# A wage subsidy or a local subsidy to a business is state aid (de minimis or block-exempted):
# the records of the period it was granted for are kept as long as the aid's own records.
STATE_AID = Retention(
    "state_aid",
    _("State aid record"),
    years=10,
    counted_from=_("the end of the year in which the aid was granted"),
    at_end=DESTROY,
    confirm=_(
        "Regulation (EU) 2023/2831 art. 6(4) and Regulation (EU) 651/2014 art. 12: check the "
        "ten years against the official text and the aid decision's terms."
    ),
)
ORGANISATION_RECORD = Retention(
    "organisation_record",
    _("Cooperation record"),
    years=5,
    counted_from=_("the end of the year in which the cooperation ended"),
    at_end=DESTROY,
)
ACCOUNT_RECORD = Retention(
    "account_record",
    _("User account"),
    years=2,
    counted_from=_("the end of the account's last role"),
    at_end=PSEUDONYMISED,
)
LOG_RECORD = Retention(
    "log_record",
    _("Log data"),
    years=5,
    counted_from=_("the event"),
    at_end=DESTROY,
)
FEEDBACK_RECORD = Retention(
    "feedback_record",
    _("Feedback answers"),
    years=5,
    counted_from=_("the end of the year in which the survey closed"),
    at_end=DESTROY,
)
PROGRAMME_RECORD = Retention(
    "programme_record",
    _("Programme record"),
    years=10,
    counted_from=_("the end of the programme"),
    at_end=ARCHIVE,
)


# --- Record types (information management, Act 906/2019) ------------------------------------

TASK_SERVICE = Term("service", _("Employment services: work trials and wage-subsidised work"))
TASK_COOPERATION = Term("cooperation", _("Employment services: cooperation with employers"))
TASK_PROJECT = Term("project", _("Development projects: ESF+ project administration"))
TASK_ADMINISTRATION = Term("administration", _("Information management and security"))

SECRET_CLIENT = Term(
    "secret_client",
    _("Secret"),
    _(
        "a client of employment services, their personal circumstances and health (Act "
        "621/1999, section 24(1)(25) and (32))"
    ),
    confirm=_("Confirm the points of section 24 with the area's records plan."),
)
SECRET_HEALTH = Term(
    "secret_health",
    _("Secret"),
    _("health (Act 621/1999, section 24(1)(32); GDPR art. 9)"),
)
PARTLY_SECRET = Term(
    "partly_secret",
    _("Public, with secret parts"),
    _("an organisation's business secrets are secret (Act 621/1999, section 24(1)(20))"),
)
PUBLIC = Term("public", _("Public"))
SECRET_SECURITY = Term(
    "secret_security",
    _("Secret"),
    _("information security (Act 621/1999, section 24(1)(7))"),
)


@dataclass(frozen=True)
class RecordType:
    """One kind of record in the area's records plan."""

    name: Text
    task: Term
    publicity: Term
    retention: Retention
    subjects: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Processing:
    """How one group of fields is processed: the answer a data protection officer asks."""

    category: Term
    purpose: Term
    legal_basis: Term
    recipients: tuple[Term, ...]
    retention: Retention
    # Whose data this is when it is not the record's own subjects (who handled a record).
    subjects: tuple[Term, ...] = ()


# --- The usual ways of processing ------------------------------------------------------------

_STAFF = (AREA_STAFF,)
_WITH_HOST = (AREA_STAFF, HOST_ORGANISATION)

CLIENT_IDENTITY = Processing(IDENTITY, ORGANISING_SERVICE, PUBLIC_TASK, _STAFF, CLIENT_SERVICE)
CLIENT_CONTACT = Processing(CONTACT, ORGANISING_SERVICE, PUBLIC_TASK, _STAFF, CLIENT_SERVICE)
CLIENT_SERVICE_DATA = Processing(SERVICE, ORGANISING_SERVICE, PUBLIC_TASK, _STAFF, CLIENT_SERVICE)
# What the host organisation of a period sees: the period itself and its reviews.
PERIOD_DATA = Processing(SERVICE, ORGANISING_SERVICE, PUBLIC_TASK, _WITH_HOST, CLIENT_SERVICE)
PERIOD_TERMS = Processing(
    EMPLOYMENT_TERMS, ORGANISING_SERVICE, PUBLIC_TASK, _WITH_HOST, CLIENT_SERVICE
)
CLIENT_ASSESSMENT = Processing(ASSESSMENT, ORGANISING_SERVICE, PUBLIC_TASK, _STAFF, CLIENT_SERVICE)
# Skills and interests go to a host organisation only with the client's consent to share.
CLIENT_PROFILE = Processing(ASSESSMENT, ORGANISING_SERVICE, PUBLIC_TASK, _WITH_HOST, CLIENT_SERVICE)
CLIENT_HEALTH = Processing(HEALTH, ORGANISING_SERVICE, HEALTH_GROUND, _STAFF, CLIENT_SERVICE)
CLIENT_ESF = Processing(ESF, ESF_REPORTING, LEGAL_OBLIGATION_ESF, (AREA_STAFF, FUNDER), ESF_PROJECT)
CLIENT_CONSENT = Processing(CONSENT_RECORD, ORGANISING_SERVICE, CONSENT, _STAFF, CLIENT_SERVICE)
FEEDBACK_ANSWERS = Processing(OPINION, DEVELOPMENT, PUBLIC_TASK, _STAFF, FEEDBACK_RECORD)
FEEDBACK_DELIVERY = Processing(CONTACT, DEVELOPMENT, PUBLIC_TASK, _STAFF, FEEDBACK_RECORD)
CONTACT_PERSON = Processing(
    ROLE, COOPERATION, PUBLIC_TASK, _STAFF, ORGANISATION_RECORD, subjects=(CONTACTS,)
)
CONTACT_DETAILS = Processing(
    CONTACT, COOPERATION, PUBLIC_TASK, _STAFF, ORGANISATION_RECORD, subjects=(CONTACTS,)
)
# Who on the area's side did something: kept with the record it belongs to.
HANDLED_BY = Processing(
    ROLE, ORGANISING_SERVICE, PUBLIC_TASK, _STAFF, CLIENT_SERVICE, subjects=(STAFF,)
)
COOPERATION_HANDLED_BY = Processing(
    ROLE, COOPERATION, PUBLIC_TASK, _STAFF, ORGANISATION_RECORD, subjects=(STAFF,)
)
USER_ACCOUNT = Processing(ACCOUNT, ACCESS_CONTROL, PUBLIC_TASK, (AREA_ADMINS,), ACCOUNT_RECORD)
LOG_DATA = Processing(LOG, MONITORING, LOG_OBLIGATION, (AREA_ADMINS,), LOG_RECORD)
# Who decided or refused de minimis aid: kept with the aid's records.
AID_HANDLED_BY = Processing(ROLE, COOPERATION, PUBLIC_TASK, _STAFF, STATE_AID, subjects=(STAFF,))
PROJECT_STAFF = Processing(
    ROLE, ESF_REPORTING, LEGAL_OBLIGATION_ESF, (AREA_STAFF, FUNDER), ESF_PROJECT, subjects=(STAFF,)
)


# --- Record types ----------------------------------------------------------------------------

CLIENT_RECORD = RecordType(
    _("Client record"), TASK_SERVICE, SECRET_CLIENT, CLIENT_SERVICE, (CLIENTS,)
)
HEALTH_RECORD = RecordType(
    _("Client's health data"), TASK_SERVICE, SECRET_HEALTH, CLIENT_SERVICE, (CLIENTS,)
)
PARTICIPANT_RECORD = RecordType(
    _("ESF+ participant record"), TASK_PROJECT, SECRET_CLIENT, ESF_PROJECT, (CLIENTS,)
)
PERIOD_RECORD = RecordType(
    _("Work-trial or wage-subsidy period"),
    TASK_SERVICE,
    SECRET_CLIENT,
    CLIENT_SERVICE,
    (CLIENTS, CONTACTS),
)
COOPERATION_RECORD = RecordType(
    _("Host organisation and cooperation"),
    TASK_COOPERATION,
    PARTLY_SECRET,
    ORGANISATION_RECORD,
    (CONTACTS,),
)
# Aid to an undertaking: the decision, the undertaking's declaration and any refusal.
STATE_AID_RECORD = RecordType(
    _("De minimis aid to an undertaking"),
    TASK_COOPERATION,
    PARTLY_SECRET,
    STATE_AID,
    (CLIENTS, CONTACTS),
)
FEEDBACK_RECORD_TYPE = RecordType(
    _("Feedback survey and its answers"),
    TASK_PROJECT,
    SECRET_CLIENT,
    FEEDBACK_RECORD,
    (RESPONDENTS, CLIENTS),
)
ACCOUNT_RECORD_TYPE = RecordType(
    _("User account"), TASK_ADMINISTRATION, SECRET_SECURITY, ACCOUNT_RECORD, (STAFF,)
)
LOG_RECORD_TYPE = RecordType(
    _("Audit log"), TASK_ADMINISTRATION, SECRET_SECURITY, LOG_RECORD, (CLIENTS, CONTACTS, STAFF)
)
PROGRAMME_RECORD_TYPE = RecordType(
    _("Programme, its targets and reporting"), TASK_PROJECT, PUBLIC, PROGRAMME_RECORD, (STAFF,)
)


@dataclass
class Declaration:
    model: Any
    record: RecordType
    fields: dict[str, Processing] = field(default_factory=dict)
    # Fields of a personal record that say nothing about anyone (a code, a version number).
    not_personal: tuple[str, ...] = ()
    personal: bool = True
    why_not_personal: Text = ""

    @property
    def label(self) -> str:
        return self.model._meta.label


_DECLARATIONS: dict[str, Declaration] = {}


def declare(
    model: Any,
    record: RecordType,
    groups: dict[Processing, list[str]],
    not_personal: tuple[str, ...] | list[str] = (),
) -> None:
    """Declare a model's personal-data fields, grouped by how they are processed, and the
    fields that hold nothing about a person."""
    fields: dict[str, Processing] = {}
    for processing, names in groups.items():
        for name in names:
            if name in fields:
                raise ValueError(f"{model._meta.label}.{name} is declared twice")
            fields[name] = processing
    _DECLARATIONS[model._meta.label] = Declaration(
        model=model, record=record, fields=fields, not_personal=tuple(not_personal)
    )


def no_personal_data(model: Any, why: Text, record: RecordType | None = None) -> None:
    """Declare that a model holds nothing about a person (reference data, aggregates)."""
    _DECLARATIONS[model._meta.label] = Declaration(
        model=model,
        record=record
        or RecordType(
            _("Reference or aggregate data"), TASK_ADMINISTRATION, PUBLIC, PROGRAMME_RECORD
        ),
        personal=False,
        why_not_personal=why,
    )


def declarations() -> list[Declaration]:
    """Every declaration, in the order of the apps and their models."""
    from django.apps import apps

    order = {model._meta.label: n for n, model in enumerate(apps.get_models())}
    return sorted(_DECLARATIONS.values(), key=lambda d: order.get(d.label, len(order)))


def declared_field_names(model: Any) -> list[str]:
    """The fields a declaration must cover: every concrete field and many-to-many relation
    except the primary key."""
    return [
        f.name
        for f in model._meta.get_fields()
        if (f.concrete or f.many_to_many) and not f.auto_created and not f.primary_key
    ]


def problems() -> list[str]:
    """What the register is missing: undeclared models of the project, fields without a
    declaration, and declarations of fields that do not exist."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        own = model._meta.app_config.name.startswith("osmari.")
        if own and model._meta.label not in _DECLARATIONS:
            found.append(f"{model._meta.label}: the model is not declared")
    for declaration in declarations():
        if not declaration.personal:
            continue
        names = set(declared_field_names(declaration.model))
        covered = set(declaration.fields) | set(declaration.not_personal)
        for name in sorted(names - covered):
            found.append(f"{declaration.label}.{name}: no declaration")
        for name in sorted(covered - names):
            found.append(f"{declaration.label}.{name}: declared, but there is no such field")
        for name in sorted(set(declaration.fields) & set(declaration.not_personal)):
            found.append(f"{declaration.label}.{name}: declared both personal and not")
    return found


@dataclass(frozen=True)
class InventoryEntry:
    model: str
    field: str
    label: str
    category: Term
    purpose: Term
    legal_basis: Term
    recipients: tuple[Term, ...]
    retention: Retention
    record: RecordType
    subjects: tuple[Term, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "field": self.field,
            "category": self.category.code,
            "purpose": self.purpose.code,
            "legal_basis": self.legal_basis.code,
            "recipients": [r.code for r in self.recipients],
            "retention": self.retention.code,
            "retention_years": self.retention.years,
            "data_subjects": [s.code for s in self.subjects],
            "record_type": str(self.record.name),
            "publicity": self.record.publicity.code,
        }


def inventory() -> list[InventoryEntry]:
    """One entry per personal-data field, in model order."""
    entries = []
    for declaration in declarations():
        if not declaration.personal:
            continue
        meta = declaration.model._meta
        for name, processing in declaration.fields.items():
            entries.append(
                InventoryEntry(
                    model=declaration.label,
                    field=name,
                    label=str(meta.get_field(name).verbose_name),
                    category=processing.category,
                    purpose=processing.purpose,
                    legal_basis=processing.legal_basis,
                    recipients=processing.recipients,
                    retention=processing.retention,
                    record=declaration.record,
                    subjects=processing.subjects or declaration.record.subjects,
                )
            )
    return entries
