"""No input gives a server error: every address, as someone who may use it, with hostile values.

For every URL in the access matrix (Django's technical admin aside), a persona who may use it
sends hostile values in every query parameter the views read and in every field of every form
that posts to it. The field names are found the way a browser finds them: by opening the pages
the persona can open and reading the forms (`<input>`, `<select>`, `<textarea>`, `<button>`)
that post to each address, and the links that carry a query to it.

Each field gets each hostile value once (the values are rotated over the fields, so one request
carries a different one in each field); each date, time and number field is then tried alone at
its extremes among the page's own values; then hypothesis mixes hostile values with the page's
defaults, so that one bad field among good ones reaches the code behind the form. The search is
derandomised and bounded: the same requests every run, within a couple of minutes on SQLite
(run with `-s` for the count of addresses, fields, values and requests).

A bad value must get the form's normal error (422), be ignored by a filter, or give 404 for a
missing object: whatever the status, never 500.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.test_url_matrix import LOGGED_IN, MATRIX, PARTICIPANT, PUBLIC, TOKEN

# Addresses whose placeholder in the matrix opens nothing worth probing: here a real one.
ADDRESS_KWARGS = {"feedback:answer": {"token": "feedback_token"}}
# Fields a view reads that no form on the sample's pages carries (no interests yet, no event
# held, no period ended, a reason asked in a dialog): as the views read them.
HAND_READ = {
    "clients:interest_remove": {"kind": "occupation", "id": "1"},
    "placements:outcome": {"outcome": "employed_same"},
    "reciprocity:attendance": {"present": "1"},
    "reciprocity:withdraw": {"reason": "Testi"},
    "reciprocity:commitment_cancel": {"reason": "Testi"},
}

# Every name a view reads from the query string (`request.GET`), whether or not a page links to
# it with that parameter: a filter, a page number, a suggestion's place and score, a format.
QUERY_NAMES = (
    "page",
    "q",
    "stage",
    "status",
    "position",
    "kind",
    "score",
    "year",
    "survey",
    "by",
    "question",
    "format",
    "which",
    "municipality",
    "coach",
    "area",
    "start",
    "end",
    "instrument",
    "lang",
    "next",
    "code",
)

LONG = "ä" * 5000 + "x" * 5000
# Each value stands for a family: "²" is a digit to str.isdigit() and not to int(); the huge
# number fits no database integer; the dates are the ends of the calendar and one that is not
# in it; the NUL byte is refused by PostgreSQL in any text.
HOSTILE = [
    "",
    "1x",
    "-1",
    "99999999999999999999",
    "1e999",
    "NaN",
    "²",
    "١٢",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "a\x00b",
    LONG,
    "ÅÄÖ 🙂 \u202e<script>'; --",
]
# The last value of every field: the key of a record of another area, of the kind the field
# names where it names one (see `records`).
FOREIGN = "foreign"
# The ends of what a date, time or number field takes, each tried alone among the form's own
# values, so that the form is otherwise valid and the value reaches the code behind it.
EXTREMES = {
    "date": ["0001-01-01", "9999-12-31"],
    "datetime-local": ["0001-01-01T00:00", "9999-12-31T23:59"],
    "number": ["99999999999999999999", "-99999999999999999999", "NaN", "1e999", "²"],
}

FILES = [
    ("empty.csv", b""),
    ("one-column.csv", b"personal_identity_code\n131052-308T\n"),
    ("ragged.csv", b"personal_identity_code;first_name;last_name\n131052-308T\n1;2;3;4;5;6\n"),
    ("bom.csv", "\ufeffpersonal_identity_code,first_name,last_name\n,,\n".encode()),
    ("nul.csv", b"personal_identity_code,first_name\x00,last_name\n"),
    ("latin1.csv", "personal_identity_code;first_name;last_name\n;Äänä;Öö\n".encode("latin-1")),
    ("quote.csv", b'personal_identity_code,first_name,last_name\n"131052-308T,' + b"x" * 200_000),
    ("broken.xlsx", b"PK\x03\x04 not really a workbook"),
    ("broken.pdf", b"%PDF-1.4 nothing else"),
    ("page.pdf", b"<html><script>alert(1)</script></html>"),
    ("image.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32),
]


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)
    # Submit buttons with a name: a browser sends only the one pressed.
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def submissions(self) -> list[dict[str, str]]:
        """What the form sends, once per button that names itself."""
        return [{**self.fields, name: value} for name, value in self.buttons] or [self.fields]


class FormReader(HTMLParser):
    """The forms of a page with their fields and default values, as a browser would send
    them, and the links of the page."""

    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.current: Form | None = None
        self.select: str | None = None

    def _add(self, name: str, value: str, kind: str) -> None:
        if self.current is not None and name and name != "csrfmiddlewaretoken":
            self.current.fields.setdefault(name, value)
            self.current.kinds.setdefault(name, kind)

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            method = "post" if a.get("hx-post") else a.get("method", "get").lower()
            action = a.get("hx-post") or a.get("hx-get") or a.get("action") or self.page_url
            self.current = Form(method, action)
            self.forms.append(self.current)
            return
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if a.get("hx-get"):
            # A field that fetches as it is typed in (an autocomplete): a query of its own.
            self.forms.append(Form("get", a["hx-get"], {a.get("name", "q"): ""}))
        self._field(tag, a, a.get("name", ""))

    def _input(self, a: dict[str, str], name: str) -> None:
        kind = a.get("type", "text").lower()
        if kind == "file":
            if self.current is not None and name:
                self.current.files.add(name)
        elif kind in ("checkbox", "radio"):
            # The first choice, or the one the page has ticked.
            if "checked" in a and self.current is not None and name:
                self.current.fields[name] = a.get("value", "on")
            self._add(name, a.get("value", "on"), kind)
        else:
            self._add(name, a.get("value", _plausible(kind)), kind)

    def _field(self, tag: str, a: dict[str, str], name: str) -> None:
        if tag == "input":
            self._input(a, name)
        elif tag == "button" and name and self.current is not None:
            self.current.buttons.append((name, a.get("value", "")))
        elif tag == "select":
            self.select = name
            self._add(name, "", "select")
        elif tag == "option" and self.select and self.current is not None:
            if "selected" in a or not self.current.fields.get(self.select):
                self.current.fields[self.select] = a.get("value", "")
        elif tag == "textarea":
            self._add(name, "Testi", "textarea")

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def _plausible(kind: str) -> str:
    return {
        "date": "2026-12-01",
        "datetime-local": "2026-12-01T10:00",
        "number": "1",
        "email": "testi@example.fi",
    }.get(kind, "Testi")


def _view_name(address: str) -> str | None:
    try:
        return resolve(urlsplit(address).path).view_name
    except Resolver404:
        return None


@dataclass
class Target:
    """What one address takes: its query parameters and the fields posted to it."""

    query: dict[str, str] = field(default_factory=dict)
    # Every field posted to the address, with the first default seen, and its input type.
    post: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)
    # Each form (and each of its named buttons) that posts here, as the page fills it in.
    submissions: list[dict[str, str]] = field(default_factory=list)
    # Each filter form that reads its fields from the address here, and their input types.
    searches: list[dict[str, str]] = field(default_factory=list)
    query_kinds: dict[str, str] = field(default_factory=dict)


def _may_use(name: str, persona: str) -> bool:
    access = MATRIX[name].access
    if access in (PUBLIC, TOKEN):
        return persona == "anonymous"
    return persona in access


def _persona_for(name: str) -> str:
    """Someone who may use the address: a coach where a coach may."""
    access = MATRIX[name].access
    if access in (PUBLIC, TOKEN):
        return "anonymous"
    if access == LOGGED_IN:
        return "coach"
    return next(p for p in ("coach", "manager", "org_contact", "analyst", "admin") if p in access)


def _address(name: str, places: dict) -> str:
    kwargs = {**MATRIX[name].kwargs, **ADDRESS_KWARGS.get(name, {})}
    return reverse(name, kwargs={k: places.get(v, v) for k, v in kwargs.items()})


def _note_form(target: Target, form: Form) -> None:
    """What the form sends to its address, beside what other forms send there."""
    if form.method == "post":
        for key, value in form.fields.items():
            target.post.setdefault(key, value)
            target.kinds.setdefault(key, form.kinds.get(key, "text"))
        target.files |= form.files
        target.submissions += [s for s in form.submissions() if s not in target.submissions]
    else:
        for key, value in form.fields.items():
            target.query.setdefault(key, value)
            target.query_kinds.setdefault(key, form.kinds.get(key, "text"))
        if form.fields not in target.searches:
            target.searches.append(form.fields)
    for key, value in parse_qsl(urlsplit(form.action).query):
        target.query.setdefault(key, value)


def _read_site(client: Client, persona: str, places: dict) -> dict[str, Target]:
    """Open every page the persona may open and note, per address, what is sent to it."""
    targets: dict[str, Target] = {}
    for name, rule in MATRIX.items():
        if rule.method != "GET" or not _may_use(name, persona):
            continue
        page_url = _address(name, places)
        response = client.get(page_url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        reader = FormReader(page_url)
        reader.feed(response.content.decode())
        for form in reader.forms:
            target_name = _view_name(form.action)
            if target_name is not None:
                _note_form(targets.setdefault(target_name, Target()), form)
        for link in reader.links:
            target_name = _view_name(link)
            if target_name is not None:
                target = targets.setdefault(target_name, Target())
                for key, value in parse_qsl(urlsplit(link).query):
                    target.query.setdefault(key, value)
    for name, fields in HAND_READ.items():
        target = targets.setdefault(name, Target())
        target.post = {**fields, **target.post}
        target.submissions = [{**fields, **sent} for sent in target.submissions or [{}]]
    return targets


@pytest.fixture
def records(sample, other_area, coach_other_area):
    """Records of another area, whose keys must never open or change anything here, and an
    open feedback link of the sample's period."""
    from django.utils import timezone

    from osmari.clients.models import Client
    from osmari.employers.models import Organisation
    from osmari.employers.tests.builders import make_organisation
    from osmari.feedback.models import Invitation, Survey
    from osmari.feedback.tokens import new_token
    from osmari.placements.models import Placement
    from tests.conftest import build_objects

    foreign = build_objects(
        area=other_area,
        coach=coach_other_area,
        organisation=make_organisation(other_area, "Lappeen Laatu Oy", "0112038-9"),
        first_name="Vieras",
        last_name="Alue",
        hetu="010170-002K",
        certificate_code="DEFGHJKLMNPQ",
    )
    client = Client.objects.get(pk=foreign["client"])
    organisation = Organisation.objects.get(pk=foreign["organisation"])
    position = organisation.positions.get(pk=foreign["position"])
    placement = Placement.objects.get(pk=foreign["placement"])
    survey = Survey.objects.get(key="participant_end")
    token, digest = new_token()
    today = timezone.localdate()
    period = Placement.objects.get(pk=sample["placement"])
    Invitation.objects.create(
        area=period.area,
        survey=survey,
        version=survey.current_version(),
        placement=period,
        due_key="hostile",
        due_on=today,
        expires_on=today + timedelta(days=30),
        language="fi",
        token_hash=digest,
    )
    return {
        "foreign_client": str(client.pk),
        "foreign_organisation": str(organisation.pk),
        "foreign_position": str(position.pk),
        "foreign_placement": str(placement.pk),
        "foreign_municipality": str(organisation.municipality.pk),
        "foreign_coach": str(coach_other_area.pk),
        "feedback_token": token,
    }


# A participant's own pages are opened by no staff persona: their bad input is tested with
# the participant's own session (osmari/participants/tests).
NAMES = sorted(
    name
    for name in MATRIX
    if not name.startswith("admin:") and MATRIX[name].access is not PARTICIPANT
)
PERSONAS_USED = sorted({_persona_for(name) for name in NAMES})
# Requests mixing hostile values with the page's own defaults, after the rotation.
MIXED_EXAMPLES = 3
FOREIGN_BY_FIELD = {
    "position": "foreign_position",
    "organisation": "foreign_organisation",
    "placement": "foreign_placement",
    "municipality": "foreign_municipality",
    "coach": "foreign_coach",
}


def _foreign_key_for(field_name: str, records: dict[str, str]) -> str:
    kind = next((v for k, v in FOREIGN_BY_FIELD.items() if k in field_name), "foreign_client")
    return records[kind]


def _rotation(names: list[str], records: dict[str, str], offset: int) -> dict[str, str]:
    """Value number `offset + i` in field number `i`: over len(values) requests, every field
    gets every value once, and no request has the same value everywhere."""
    values = [*HOSTILE, FOREIGN]
    sent = {}
    for i, name in enumerate(names):
        value = values[(offset + i) % len(values)]
        sent[name] = _foreign_key_for(name, records) if value is FOREIGN else value
    return sent


def _upload(index: int) -> SimpleUploadedFile:
    filename, content = FILES[index % len(FILES)]
    return SimpleUploadedFile(filename, content)


def _where(error) -> str:
    """The exception and the last line of our code it passed through."""
    if not error:
        return ""
    frames = [f for f in traceback.extract_tb(error[2]) if "/osmari/" in f.filename]
    frame = frames[-1] if frames else traceback.extract_tb(error[2])[-1]
    message = str(error[1])
    message = message if len(message) < 120 else message[:100] + "…"
    return f"{error[0].__name__}: {message} at {frame.filename}:{frame.lineno} {frame.line}"


def _short(values: dict[str, str]) -> str:
    return repr({k: (v if len(v) < 40 else v[:20] + f"…({len(v)})") for k, v in values.items()})


class Prober:
    """Sends requests to one address as one persona and keeps every server error."""

    def __init__(self, client: Client, log_in, name: str, address: str, target: Target):
        self.client, self.log_in = client, log_in
        self.name, self.address, self.target = name, address, target
        self.failures: list[str] = []
        self.requests = 0

    def send(
        self,
        query: dict[str, str],
        data: dict[str, str],
        files: int,
        htmx: bool,
        verbs: tuple[str, ...] = ("GET", "POST"),
    ) -> None:
        headers = {"HX-Request": "true"} if htmx else {}
        url = f"{self.address}?{urlencode(query)}" if query else self.address
        calls = []
        if MATRIX[self.name].method == "GET" and "GET" in verbs:
            calls.append(("GET", lambda: self.client.get(url, headers=headers)))
        if "POST" in verbs and (MATRIX[self.name].method == "POST" or self.target.submissions):
            body: dict[str, object] = dict(data)
            for i, file_field in enumerate(sorted(self.target.files)):
                body[file_field] = _upload(files + i)
            calls.append(("POST", lambda: self.client.post(url, body, headers=headers)))
        for verb, call in calls:
            # Each request starts from the same records: what one changed is undone.
            with transaction.atomic():
                response = call()
                transaction.set_rollback(True)
            self.requests += 1
            if response.status_code >= 500:
                where = _where(getattr(response, "exc_info", None))
                if not any(where and where in seen for seen in self.failures):
                    self.failures.append(
                        f"{verb} {self.name}: {response.status_code}\n"
                        f"query={_short(query)}\ndata={_short(data)}\n{where}"
                    )
            if response.status_code == 302 and "/login" in response.get("Location", ""):
                # The logout address, or a request that ended the session: log in again.
                self.log_in()


def _mix(prober: Prober, query_names: list[str], records: dict[str, str]) -> None:
    """Hostile values among the page's own, so that one bad field among good ones reaches the
    code behind the form."""
    target = prober.target
    values = [*HOSTILE, *(v for k, v in records.items() if k.startswith("foreign_"))]

    def mixed(defaults: dict[str, str], names: list[str]):
        return st.fixed_dictionaries(
            {n: st.one_of(st.just(defaults.get(n, "")), st.sampled_from(values)) for n in names}
        )

    @settings(
        max_examples=MIXED_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        query=mixed(target.query, query_names),
        data=st.sampled_from(target.submissions).flatmap(lambda sent: mixed(sent, sorted(sent))),
        files=st.integers(0, len(FILES) - 1),
        htmx=st.booleans(),
    )
    @example(query=target.query, data=target.submissions[0], files=0, htmx=False)
    def mixtures(query, data, files, htmx):
        prober.send({k: v for k, v in query.items() if v}, data, files, htmx)

    mixtures()


SENT = {"urls": 0, "fields": 0, "field_values": 0, "requests": 0}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS_USED)
def test_no_hostile_value_gives_a_server_error(request, sample, records, persona):
    user = request.getfixturevalue(persona)
    client = Client(raise_request_exception=False)

    def log_in():
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    log_in()
    places = {**sample, **records}
    site = _read_site(client, persona, places)
    failures: list[str] = []
    for name in (n for n in NAMES if _persona_for(n) == persona):
        target = site.get(name, Target())
        prober = Prober(client, log_in, name, _address(name, places), target)
        query_names = sorted(set(QUERY_NAMES) | set(target.query))
        post_names = sorted(target.post)
        # Every field gets every hostile value once.
        rounds = len(HOSTILE) + 1
        for offset in range(rounds):
            prober.send(
                _rotation(query_names, records, offset),
                _rotation(post_names, records, offset),
                offset,
                htmx=offset % 2 == 1,
            )
        # Each date, time and number field alone at its extremes, the rest as the page has it.
        extremes = 0
        for search in target.searches if MATRIX[name].method == "GET" else []:
            for field_name in search:
                for value in EXTREMES.get(target.query_kinds.get(field_name, ""), []):
                    prober.send({**search, field_name: value}, {}, 0, False, verbs=("GET",))
                    extremes += 1
        for submission in target.submissions:
            for field_name in submission:
                for value in EXTREMES.get(target.kinds.get(field_name, ""), []):
                    prober.send({}, {**submission, field_name: value}, 0, False, verbs=("POST",))
                    extremes += 1
        if target.submissions:
            _mix(prober, query_names, records)
        fields = len(query_names) + len(post_names) + len(target.files)
        SENT["urls"] += 1
        SENT["fields"] += fields
        SENT["field_values"] += fields * rounds + extremes
        SENT["requests"] += prober.requests
        failures += prober.failures
    print(f"\nafter {persona}: {SENT}")
    assert not failures, f"{len(failures)} server errors:\n\n" + "\n\n".join(failures)
