"""A participant's strong electronic identification: Osmari as a relying party of an identity
broker's OpenID Connect interface in the Finnish Trust Network profile (Traficom's
recommendation 213/2023 S).

The profile asks more than plain OpenID Connect, and each of these is checked here:

- the authorization request travels as a request object signed with Osmari's key (RS256);
- Osmari proves itself at the token endpoint with `private_key_jwt`: an assertion signed with
  the same key, never a shared secret;
- the ID token is signed by the broker and encrypted to Osmari's encryption key (a JWE whose
  payload is the signed JWT). A token that is only signed, or signed by another key, is
  refused, as is one from another issuer, for another client, expired, with another nonce or
  at a lower level of assurance than asked.

The person is found by the identity code in the claim `personalIdentityCode`, through the
keyed hash (osmari.core.encryption.lookup_hash): the code itself is never stored or logged
here. Osmari's keys are a private JWK set in a file (OSMARI_FTN_KEYS_FILE); their public half
is served at /me/strong/jwks/ for the broker.
"""

from __future__ import annotations

import hmac
import json
import secrets
import time
import uuid
from functools import cache
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.core.cache import cache as shared_cache
from django.http import HttpRequest
from jwcrypto import jwe, jwk
from jwcrypto.common import JWException
from stdnum.exceptions import ValidationError as CodeInvalid
from stdnum.fi import hetu

from osmari.accounts.participant_session import STRONG
from osmari.clients.models import Client
from osmari.core.audit import audit_record
from osmari.core.encryption import lookup_hash
from osmari.participants import services

# All of these set, strong identification is on; settings.py refuses to start with only some.
REQUIRED_SETTINGS = ("OSMARI_FTN_ISSUER", "OSMARI_FTN_CLIENT_ID", "OSMARI_FTN_KEYS_FILE")

# The claim that carries the Finnish personal identity code.
IDENTITY_CLAIM = "personalIdentityCode"

# The levels of assurance of the profile, lowest first: a token at the level asked or above
# is taken.
LOA_SUBSTANTIAL = "http://ftn.ficora.fi/2017/loa2"
LOA_HIGH = "http://ftn.ficora.fi/2017/loa3"
LEVELS = (LOA_SUBSTANTIAL, LOA_HIGH)

# What the encrypted ID token may be encrypted with: RSA-OAEP key transport, an AEAD content
# cipher. Anything else (RSA1_5, "dir", "none") is refused before decrypting.
KEY_ALGORITHMS = ["RSA-OAEP", "RSA-OAEP-256"]
CONTENT_ALGORITHMS = ["A128GCM", "A192GCM", "A256GCM", "A128CBC-HS256", "A256CBC-HS512"]

# The pending request in the session, between the redirect to the broker and its answer.
SESSION_PENDING = "ftn_pending"
# A participant who does not come back from the broker within this time starts again.
PENDING_SECONDS = 600
ASSERTION_SECONDS = 120
CLOCK_SKEW_SECONDS = 30

CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


class Refused(Exception):
    """The broker's answer is not taken: forged, stale, or not what the profile asks."""


class NoClient(Exception):
    """The broker vouched for a person who has no client record in Osmari."""


def ftn_enabled() -> bool:
    return all(getattr(settings, name, "") for name in REQUIRED_SETTINGS)


def _timeout() -> int:
    return int(getattr(settings, "OIDC_TIMEOUT", 10))


@cache
def _keys_from(path: str) -> jwk.JWKSet:
    with open(path, encoding="utf-8") as handle:
        return jwk.JWKSet.from_json(handle.read())


def _own_key(use: str) -> jwk.JWK:
    """Osmari's private key for signing ("sig") or for decrypting ("enc")."""
    for key in _keys_from(settings.OSMARI_FTN_KEYS_FILE)["keys"]:
        if key.get("use") == use and key.has_private:
            return key
    raise Refused(f"OSMARI_FTN_KEYS_FILE has no private key with use {use!r}.")


def _decryption_keys() -> jwk.JWKSet:
    """Every private encryption key in the file: while keys change, the broker may still
    encrypt to the old one, which the token's `kid` names."""
    found = jwk.JWKSet()
    for key in _keys_from(settings.OSMARI_FTN_KEYS_FILE)["keys"]:
        if key.get("use") == "enc" and key.has_private:
            found.add(key)
    if not found["keys"]:
        raise Refused("OSMARI_FTN_KEYS_FILE has no private key with use 'enc'.")
    return found


def public_jwks() -> dict[str, Any]:
    """Osmari's public keys as the broker fetches them: no private part."""
    keys = _keys_from(settings.OSMARI_FTN_KEYS_FILE)
    return json.loads(keys.export(private_keys=False))


def _sign(claims: dict[str, Any]) -> str:
    key = _own_key("sig")
    private = jwt.PyJWK.from_dict(json.loads(key.export_private())).key
    return jwt.encode(claims, private, algorithm="RS256", headers={"kid": key.get("kid")})


# The broker's addresses change seldom: read once an hour, not at every sign-in (its keys,
# which it may change, are read when a token is checked).
DISCOVERY_SECONDS = 3600


def _discovery() -> dict[str, Any]:
    key = f"osmari.ftn.discovery:{settings.OSMARI_FTN_ISSUER}"
    document = shared_cache.get(key)
    if document is None:
        document = _discovery_read()
        shared_cache.set(key, document, DISCOVERY_SECONDS)
    return document


def _discovery_read() -> dict[str, Any]:
    issuer = settings.OSMARI_FTN_ISSUER.rstrip("/")
    try:
        response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=_timeout())
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise Refused("The broker's discovery document cannot be read.") from error
    if not isinstance(document, dict) or document.get("issuer") != settings.OSMARI_FTN_ISSUER:
        raise Refused("The broker's discovery document names another issuer.")
    return document


def authorization_url(request: HttpRequest, redirect_uri: str) -> str:
    """Where to send the participant: the broker's authorization endpoint with a signed request
    object. The state and nonce wait in the session for the broker's answer."""
    document = _discovery()
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    now = int(time.time())
    client_id = settings.OSMARI_FTN_CLIENT_ID
    request_object = _sign(
        {
            "iss": client_id,
            "aud": settings.OSMARI_FTN_ISSUER,
            "iat": now,
            "exp": now + PENDING_SECONDS,
            "jti": str(uuid.uuid4()),
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": "openid",
            "state": state,
            "nonce": nonce,
            "acr_values": settings.OSMARI_FTN_ACR,
            "claims": {"id_token": {IDENTITY_CLAIM: {"essential": True}}},
        }
    )
    request.session[SESSION_PENDING] = {
        "state": state,
        "nonce": nonce,
        "redirect_uri": redirect_uri,
        "until": now + PENDING_SECONDS,
    }
    # The profile repeats these outside the request object, as OpenID Connect requires.
    query = urlencode(
        {
            "client_id": client_id,
            "response_type": "code",
            "scope": "openid",
            "request": request_object,
        }
    )
    return f"{document['authorization_endpoint']}?{query}"


def _client_assertion(token_endpoint: str) -> str:
    now = int(time.time())
    client_id = settings.OSMARI_FTN_CLIENT_ID
    return _sign(
        {
            "iss": client_id,
            "sub": client_id,
            "aud": token_endpoint,
            "iat": now,
            "exp": now + ASSERTION_SECONDS,
            "jti": str(uuid.uuid4()),
        }
    )


def _decrypt(id_token: str) -> str:
    """The signed JWT inside the encrypted ID token. An ID token that is not encrypted is
    refused: the identity code must not travel readable through the browser's network."""
    if id_token.count(".") != 4:
        raise Refused("The ID token is not encrypted.")
    try:
        envelope = jwe.JWE()
        envelope.allowed_algs = KEY_ALGORITHMS + CONTENT_ALGORITHMS
        envelope.deserialize(id_token, key=_decryption_keys())
        return envelope.payload.decode()
    except (JWException, ValueError, UnicodeDecodeError) as error:
        raise Refused("The ID token cannot be decrypted with Osmari's key.") from error


def _provider_key(document: dict[str, Any], signed: str) -> Any:
    try:
        header = jwt.get_unverified_header(signed)
        response = requests.get(document["jwks_uri"], timeout=_timeout())
        response.raise_for_status()
        keys = jwt.PyJWKSet.from_dict(response.json())
    except (jwt.PyJWTError, requests.RequestException, ValueError, KeyError) as error:
        raise Refused("The broker's signing keys cannot be read.") from error
    if header.get("alg") != "RS256":
        raise Refused("The ID token is not signed with RS256.")
    for key in keys.keys:
        if key.key_id == header.get("kid") and key.public_key_use in (None, "sig"):
            return key.key
    raise Refused("The ID token is signed with a key the broker does not publish.")


def _level_ok(acr: Any) -> bool:
    asked = settings.OSMARI_FTN_ACR
    if asked not in LEVELS:
        return acr == asked
    return acr in LEVELS and LEVELS.index(acr) >= LEVELS.index(asked)


def identity_code_from_answer(request: HttpRequest, params: dict[str, str]) -> str:
    """The verified identity code from the broker's answer at the callback, or Refused. The
    pending request is used up whatever the outcome."""
    pending = request.session.pop(SESSION_PENDING, None)
    if not isinstance(pending, dict) or float(pending.get("until", 0)) < time.time():
        raise Refused("No sign-in is waiting for the broker's answer.")
    state = params.get("state", "")
    if not hmac.compare_digest(state.encode(), str(pending["state"]).encode()):
        raise Refused("The answer's state is not the one sent.")
    if params.get("error") or not params.get("code"):
        raise Refused("The broker did not identify the person.")
    document = _discovery()
    token_endpoint = document["token_endpoint"]
    try:
        response = requests.post(
            token_endpoint,
            data={
                "grant_type": "authorization_code",
                "code": params["code"],
                "redirect_uri": pending["redirect_uri"],
                "client_id": settings.OSMARI_FTN_CLIENT_ID,
                "client_assertion_type": CLIENT_ASSERTION_TYPE,
                "client_assertion": _client_assertion(token_endpoint),
            },
            timeout=_timeout(),
        )
        response.raise_for_status()
        id_token = response.json()["id_token"]
    except (requests.RequestException, ValueError, KeyError, TypeError) as error:
        raise Refused("The broker's token endpoint gave no ID token.") from error
    if not isinstance(id_token, str):
        raise Refused("The broker's token endpoint gave no ID token.")
    signed = _decrypt(id_token)
    try:
        claims = jwt.decode(
            signed,
            _provider_key(document, signed),
            algorithms=["RS256"],
            audience=settings.OSMARI_FTN_CLIENT_ID,
            issuer=settings.OSMARI_FTN_ISSUER,
            leeway=CLOCK_SKEW_SECONDS,
            options={"require": ["iss", "aud", "exp", "iat", "nonce"]},
        )
    except jwt.PyJWTError as error:
        raise Refused(f"The ID token does not verify: {error}") from error
    audience = claims["aud"]
    several = isinstance(audience, list) and len(audience) > 1
    # Required with several audiences; with one, still Osmari's when the broker names one.
    if (several or "azp" in claims) and claims.get("azp") != settings.OSMARI_FTN_CLIENT_ID:
        raise Refused("The ID token is for another application.")
    if not hmac.compare_digest(str(claims["nonce"]).encode(), str(pending["nonce"]).encode()):
        raise Refused("The ID token's nonce is not the one sent.")
    if not _level_ok(claims.get("acr")):
        raise Refused("The ID token's level of assurance is lower than asked.")
    code = claims.get(IDENTITY_CLAIM)
    try:
        return hetu.validate(str(code or ""))
    except CodeInvalid as error:
        raise Refused("The ID token carries no valid identity code.") from error


def participant_sign_in(request: HttpRequest, code: str) -> Client:
    """Start the participant's strong session for the client whose identity code the broker
    vouched for, audited in the same transaction; NoClient when Osmari has no record of them
    (audited without the code), or when the code is a client in more than one area and
    Osmari cannot tell which record the person means to open."""
    found = list(Client.objects.select_related("area").filter(identity_hash=lookup_hash(code))[:2])
    if len(found) != 1:
        audit_record(
            actor=None,
            action="participant.sign_in_refused",
            changes={"method": STRONG, "reason": "unknown" if not found else "ambiguous"},
        )
        raise NoClient
    client = found[0]
    services.participant_sign_in(
        request, client=client, method=STRONG, issuer=settings.OSMARI_FTN_ISSUER
    )
    return client
