"""A participant signs in with strong electronic identification, against a broker started by
the test run (tests/ftn_provider) that holds Osmari to the Finnish Trust Network profile."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from django.test import Client as Browser
from django.urls import reverse
from jwcrypto import jwk

from osmari.accounts.participant_session import SESSION_KEY, STRONG
from osmari.clients.tests.builders import build_client
from osmari.core.encryption import lookup_hash
from osmari.core.models import AuditEvent
from osmari.participants import ftn
from tests.ftn_provider import ENCRYPTED, SIGNED_ONLY, WRONG_SIGNER, FtnProvider, rsa_key

pytestmark = pytest.mark.django_db

AINO = "131052-308T"
BERTTA = "010101A123N"
STRANGER = "010190-123M"
CLIENT_ID = "osmari-test"
REDIRECT_URI = "http://testserver" + reverse("participants:ftn_callback")


def _keyset(*keys: jwk.JWK) -> jwk.JWKSet:
    keyset = jwk.JWKSet()
    for key in keys:
        keyset.add(key)
    return keyset


@pytest.fixture(scope="module")
def osmari_keys(tmp_path_factory):
    """Osmari's private JWK set in a file, as an operator would give it."""
    keyset = _keyset(rsa_key("sig"), rsa_key("enc"))
    path = tmp_path_factory.mktemp("ftn") / "osmari-ftn.jwks.json"
    path.write_text(keyset.export(private_keys=True))
    return path


@pytest.fixture(scope="module")
def broker(osmari_keys):
    public = json.loads(
        _keyset(*jwk.JWKSet.from_json(osmari_keys.read_text())["keys"]).export(private_keys=False)
    )
    provider = FtnProvider(client_id=CLIENT_ID, client_jwks=public, redirect_uri=REDIRECT_URI)
    provider.start()
    yield provider
    provider.stop()


@pytest.fixture
def provider(broker, settings, osmari_keys):
    broker.id_token_mode = ENCRYPTED
    broker.nonce_override = None
    broker.audience_override = None
    broker.acr = "http://ftn.ficora.fi/2017/loa2"
    broker.refusals.clear()
    settings.OSMARI_FTN_ISSUER = broker.issuer
    settings.OSMARI_FTN_CLIENT_ID = CLIENT_ID
    settings.OSMARI_FTN_KEYS_FILE = str(osmari_keys)
    return broker


@pytest.fixture
def aino(area, coach):
    return build_client(actor=coach, area=area, coach=coach, hetu=AINO)


@pytest.fixture
def bertta(area, coach):
    return build_client(
        actor=coach, area=area, coach=coach, hetu=BERTTA, first_name="Bertta", last_name="Toinen"
    )


def _at_broker(browser: Browser) -> requests.Response:
    """Press the sign-in button and follow Osmari's redirect to the broker over HTTP."""
    response = browser.get(reverse("participants:ftn_start"))
    assert response.status_code == 302
    assert response["Location"].startswith(browser_provider_issuer(response))
    return requests.get(response["Location"], allow_redirects=False, timeout=10)


def browser_provider_issuer(response) -> str:
    parts = urlsplit(response["Location"])
    return f"{parts.scheme}://{parts.netloc}/authorize"


def _sign_in(browser: Browser, *, state: str | None = None):
    """The whole round trip: Osmari, the broker, and back to Osmari's callback."""
    answer = _at_broker(browser)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert f"http://testserver{back.path}" == REDIRECT_URI
    query = {name: values[0] for name, values in parse_qs(back.query).items()}
    if state is not None:
        query["state"] = state
    return browser.get(back.path, query)


def _refused_without_session(response, browser: Browser) -> None:
    assert response.status_code == 400
    assert "participants/ftn_failed.html" in [template.name for template in response.templates]
    assert SESSION_KEY not in browser.session
    assert not AuditEvent.objects.filter(action="participant.sign_in").exists()


def test_a_participant_signs_in_strongly_as_their_own_client(provider, aino, bertta):
    browser = Browser()
    provider.authorize_as(BERTTA)

    response = _sign_in(browser)

    assert response.status_code == 302
    assert response["Location"] == reverse("participants:start")
    held = browser.session[SESSION_KEY]
    assert held["client"] == bertta.pk
    assert held["area"] == bertta.area_id
    assert held["method"] == STRONG
    # The whole view opens: the session is the participant's, not a staff user's.
    assert browser.get(response["Location"]).status_code == 200
    event = AuditEvent.objects.get(action="participant.sign_in")
    assert event.object_id == str(bertta.pk)
    assert event.changes["method"] == STRONG
    assert BERTTA not in json.dumps(event.changes)
    assert provider.refusals == []


def test_a_person_osmari_has_no_record_of_is_told_to_contact_their_coach(provider, aino):
    browser = Browser()
    provider.authorize_as(STRANGER)

    response = _sign_in(browser)

    assert response.status_code == 403
    assert "participants/ftn_no_record.html" in [template.name for template in response.templates]
    assert SESSION_KEY not in browser.session
    event = AuditEvent.objects.get(action="participant.sign_in_refused")
    written = json.dumps(event.changes) + event.person_ref
    assert STRANGER not in written and lookup_hash(STRANGER) not in written
    assert not AuditEvent.objects.filter(action="participant.sign_in").exists()


@pytest.mark.parametrize("mode", [SIGNED_ONLY, WRONG_SIGNER])
def test_an_id_token_not_encrypted_or_not_signed_by_the_broker_is_refused(provider, aino, mode):
    browser = Browser()
    provider.authorize_as(AINO)
    provider.id_token_mode = mode

    _refused_without_session(_sign_in(browser), browser)


def test_an_id_token_with_another_nonce_is_refused(provider, aino):
    browser = Browser()
    provider.authorize_as(AINO)
    provider.nonce_override = "a-nonce-osmari-never-sent"

    _refused_without_session(_sign_in(browser), browser)


def test_an_id_token_for_another_client_is_refused(provider, aino):
    browser = Browser()
    provider.authorize_as(AINO)
    provider.audience_override = "another-service"

    _refused_without_session(_sign_in(browser), browser)


def test_an_id_token_authorised_for_another_client_is_refused(provider, aino):
    browser = Browser()
    provider.authorize_as(AINO)
    provider.azp_override = "another-service"

    _refused_without_session(_sign_in(browser), browser)


def test_an_id_token_at_a_lower_level_of_assurance_is_refused(provider, aino, settings):
    settings.OSMARI_FTN_ACR = "http://ftn.ficora.fi/2017/loa3"
    provider.authorize_as(AINO)
    browser = Browser()

    _refused_without_session(_sign_in(browser), browser)


def test_an_answer_with_another_state_is_refused_before_the_code_is_used(provider, aino):
    browser = Browser()
    provider.authorize_as(AINO)

    response = _sign_in(browser, state="forged-state")

    _refused_without_session(response, browser)
    # The code was never exchanged: it is still waiting at the broker.
    assert len(provider.codes) == 1
    provider.codes.clear()


def test_an_answer_without_a_sign_in_waiting_is_refused(provider, aino):
    browser = Browser()
    provider.authorize_as(AINO)
    answer = _at_broker(browser)
    back = urlsplit(answer.headers["Location"])
    stranger = Browser()

    response = stranger.get(back.path + "?" + back.query)

    _refused_without_session(response, stranger)
    provider.codes.clear()


def test_the_broker_refuses_a_request_object_unsigned_or_signed_by_another_key(provider):
    now = int(time.time())
    claims = {
        "iss": CLIENT_ID,
        "aud": provider.issuer,
        "iat": now,
        "exp": now + 60,
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "response_type": "code",
        "scope": "openid",
        "state": "s",
        "nonce": "n",
        "acr_values": "http://ftn.ficora.fi/2017/loa2",
        "claims": {"id_token": {"personalIdentityCode": {"essential": True}}},
    }
    other = rsa_key("sig")
    forged = jwt.encode(
        claims,
        jwt.PyJWK.from_dict(json.loads(other.export_private())).key,
        algorithm="RS256",
        headers={"kid": other.get("kid")},
    )
    unsigned = jwt.encode(claims, None, algorithm="none")
    for request_object in (unsigned, forged, None):
        query = {"client_id": CLIENT_ID, "response_type": "code", "scope": "openid"}
        if request_object:
            query["request"] = request_object
        answer = requests.get(
            f"{provider.issuer}/authorize?{urlencode(query)}", allow_redirects=False, timeout=10
        )
        assert answer.status_code == 400
    assert len(provider.refusals) == 3
    assert provider.codes == {}


def test_the_broker_refuses_a_token_request_without_a_valid_client_assertion(provider, aino):
    browser = Browser()
    provider.authorize_as(AINO)
    answer = _at_broker(browser)
    code = parse_qs(urlsplit(answer.headers["Location"]).query)["code"][0]
    other = rsa_key("sig")
    now = int(time.time())
    forged = jwt.encode(
        {
            "iss": CLIENT_ID,
            "sub": CLIENT_ID,
            "aud": provider.token_endpoint,
            "iat": now,
            "exp": now + 60,
            "jti": "x",
        },
        jwt.PyJWK.from_dict(json.loads(other.export_private())).key,
        algorithm="RS256",
        headers={"kid": other.get("kid")},
    )
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI}

    without = requests.post(provider.token_endpoint, data=form, timeout=10)
    with_forged = requests.post(
        provider.token_endpoint,
        data={
            **form,
            "client_assertion_type": ftn.CLIENT_ASSERTION_TYPE,
            "client_assertion": forged,
        },
        timeout=10,
    )

    assert without.status_code == 401 and with_forged.status_code == 401
    assert "id_token" not in without.text + with_forged.text
    provider.codes.clear()


def test_osmari_serves_only_its_public_keys_for_the_broker(provider):
    response = Browser().get(reverse("participants:ftn_jwks"))

    assert response.status_code == 200
    keys = response.json()["keys"]
    assert sorted(key["use"] for key in keys) == ["enc", "sig"]
    assert all("d" not in key and "p" not in key for key in keys)


def test_strong_identification_is_off_until_configured(settings):
    settings.OSMARI_FTN_ISSUER = ""
    browser = Browser()

    for name in ("ftn_start", "ftn_callback", "ftn_jwks"):
        assert browser.get(reverse(f"participants:{name}")).status_code == 404


def test_the_sign_in_page_offers_strong_identification_only_when_it_is_on(provider, settings):
    button = reverse("participants:ftn_start")

    shown = Browser().get(reverse("participants:start"))
    settings.OSMARI_FTN_ISSUER = ""
    hidden = Browser().get(reverse("participants:start"))

    assert shown.status_code == hidden.status_code == 403
    assert f'href="{button}"' in shown.content.decode()
    assert button not in hidden.content.decode()


def test_the_broker_s_discovery_document_is_read_once_for_many_sign_ins(provider, aino):
    provider.authorize_as(AINO)
    before = provider.discovery_reads
    for _ in range(3):
        _sign_in(Browser())
    assert provider.discovery_reads - before <= 1
