"""An identity broker for the tests that holds Osmari to the Finnish Trust Network profile of
OpenID Connect (Traficom 213/2023 S): a real HTTP server on the loopback interface, in a thread
of the test run.

It refuses an authorization request without a request object signed by the registered
client's key, and a token request without a valid `private_key_jwt` assertion; its ID tokens
are signed with its own key and encrypted to the client's encryption key. Whom it identifies is
set with `authorize_as`, and how it misbehaves with `id_token_mode` and `nonce_override`.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from jwcrypto import jwe, jwk

LOA2 = "http://ftn.ficora.fi/2017/loa2"
CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

# How the provider answers at the token endpoint.
ENCRYPTED = "encrypted"  # as the profile says
SIGNED_ONLY = "signed_only"  # a signed ID token, not encrypted
WRONG_SIGNER = "wrong_signer"  # encrypted, but signed by a key the provider does not publish


def rsa_key(use: str) -> jwk.JWK:
    key = jwk.JWK.generate(kty="RSA", size=2048, use=use, kid=f"{use}-{secrets.token_hex(4)}")
    return key


class Refusal(Exception):
    pass


class FtnProvider:
    def __init__(self, *, client_id: str, client_jwks: dict[str, Any], redirect_uri: str) -> None:
        self.client_id = client_id
        self.client_keys = jwk.JWKSet.from_json(json.dumps(client_jwks))
        self.redirect_uri = redirect_uri
        self.signing_key = rsa_key("sig")
        self.stranger_key = rsa_key("sig")
        self.person = ""
        self.acr = LOA2
        self.id_token_mode = ENCRYPTED
        self.nonce_override: str | None = None
        self.audience_override: str | None = None
        self.azp_override: str | None = None
        self.codes: dict[str, dict[str, Any]] = {}
        self.refusals: list[str] = []
        self.discovery_reads = 0
        self.used_assertions: set[str] = set()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # --- Running -----------------------------------------------------------------------

    def start(self) -> FtnProvider:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def authorize_as(self, identity_code: str) -> None:
        """Whom the next authorization identifies, as if they had signed in at their bank."""
        self.person = identity_code

    @property
    def token_endpoint(self) -> str:
        return f"{self.issuer}/token"

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": self.token_endpoint,
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "request_object_signing_alg_values_supported": ["RS256"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "id_token_encryption_alg_values_supported": ["RSA-OAEP"],
            "id_token_encryption_enc_values_supported": ["A256GCM"],
            "acr_values_supported": [LOA2, "http://ftn.ficora.fi/2017/loa3"],
        }

    # --- The profile -------------------------------------------------------------------

    def _client_key(self, token: str) -> Any:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise Refusal(f"not a JWT: {error}") from error
        if header.get("alg") != "RS256":
            raise Refusal(f"alg {header.get('alg')!r} is not RS256")
        key = self.client_keys.get_key(header.get("kid", ""))
        if key is None or key.get("use") != "sig":
            raise Refusal("signed with a key the client has not registered")
        return jwt.PyJWK.from_dict(json.loads(key.export_public())).key

    def authorize(self, query: dict[str, str]) -> str:
        """The address the browser is sent back to, or Refusal."""
        if query.get("client_id") != self.client_id:
            raise Refusal("unknown client")
        request_object = query.get("request")
        if not request_object:
            raise Refusal("no request object")
        try:
            claims = jwt.decode(
                request_object,
                self._client_key(request_object),
                algorithms=["RS256"],
                audience=self.issuer,
                issuer=self.client_id,
                options={"require": ["exp", "iat", "iss", "aud"]},
            )
        except jwt.PyJWTError as error:
            raise Refusal(f"request object does not verify: {error}") from error
        for name in ("client_id", "response_type", "scope"):
            if claims.get(name) != query.get(name):
                raise Refusal(f"{name} differs from the request object")
        if claims.get("redirect_uri") != self.redirect_uri:
            raise Refusal("redirect_uri is not registered")
        if claims.get("response_type") != "code" or "openid" not in claims["scope"].split():
            raise Refusal("not an OpenID Connect code request")
        if not claims.get("state") or not claims.get("nonce"):
            raise Refusal("no state or nonce")
        if claims.get("acr_values") not in self.discovery()["acr_values_supported"]:
            raise Refusal("no level of assurance asked")
        wanted = claims.get("claims", {}).get("id_token", {})
        if "personalIdentityCode" not in wanted:
            raise Refusal("the identity code is not asked for")
        code = secrets.token_urlsafe(24)
        self.codes[code] = {"nonce": claims["nonce"], "person": self.person, "time": time.time()}
        return f"{self.redirect_uri}?{urlencode({'code': code, 'state': claims['state']})}"

    def token(self, form: dict[str, str]) -> dict[str, Any]:
        if form.get("client_assertion_type") != CLIENT_ASSERTION_TYPE:
            raise Refusal("no private_key_jwt client assertion")
        assertion = form.get("client_assertion", "")
        try:
            claims = jwt.decode(
                assertion,
                self._client_key(assertion),
                algorithms=["RS256"],
                audience=self.token_endpoint,
                issuer=self.client_id,
                options={"require": ["exp", "iat", "iss", "sub", "aud", "jti"]},
            )
        except jwt.PyJWTError as error:
            raise Refusal(f"client assertion does not verify: {error}") from error
        if claims["sub"] != self.client_id or claims["jti"] in self.used_assertions:
            raise Refusal("client assertion is for another client or used before")
        self.used_assertions.add(claims["jti"])
        if form.get("grant_type") != "authorization_code":
            raise Refusal("unsupported grant")
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or form.get("redirect_uri") != self.redirect_uri:
            raise Refusal("unknown or used code")
        return {
            "access_token": secrets.token_urlsafe(24),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.id_token(grant),
        }

    def id_token(self, grant: dict[str, Any]) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": secrets.token_hex(8),
            "aud": self.audience_override or self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": self.nonce_override or grant["nonce"],
            "acr": self.acr,
            "personalIdentityCode": grant["person"],
        }
        if self.azp_override:
            claims["azp"] = self.azp_override
        signer = self.stranger_key if self.id_token_mode == WRONG_SIGNER else self.signing_key
        signed = jwt.encode(
            claims,
            jwt.PyJWK.from_dict(json.loads(signer.export_private())).key,
            algorithm="RS256",
            headers={"kid": self.signing_key.get("kid")},
        )
        if self.id_token_mode == SIGNED_ONLY:
            return signed
        encryption_key = next(key for key in self.client_keys["keys"] if key.get("use") == "enc")
        envelope = jwe.JWE(
            signed.encode(),
            protected={
                "alg": "RSA-OAEP",
                "enc": "A256GCM",
                "cty": "JWT",
                "kid": encryption_key.get("kid"),
            },
        )
        envelope.add_recipient(encryption_key)
        return envelope.serialize(compact=True)

    # --- HTTP --------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        return type("Handler", (_Handler,), {"provider": self})

    def _public_set(self) -> str:
        keys = jwk.JWKSet()
        keys.add(self.signing_key)
        return keys.export(private_keys=False)


class _Handler(BaseHTTPRequestHandler):
    provider: FtnProvider

    def log_message(self, *args: Any) -> None:
        pass

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _refuse(self, refusal: Refusal) -> None:
        self.provider.refusals.append(str(refusal))
        self._send(400, {"error": "invalid_request", "error_description": str(refusal)})

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {name: values[0] for name, values in parse_qs(parts.query).items()}
        if parts.path == "/authorize":
            self._authorize(query)
        elif parts.path == "/.well-known/openid-configuration":
            self.provider.discovery_reads += 1
            self._send(200, self.provider.discovery())
        elif parts.path == "/jwks":
            self._send(200, json.loads(self.provider._public_set()))
        else:
            self._send(404, {"error": "not_found"})

    def _authorize(self, query: dict[str, str]) -> None:
        try:
            location = self.provider.authorize(query)
        except Refusal as refusal:
            self._refuse(refusal)
        else:
            self._send(302, {}, {"Location": location})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        form = {name: values[0] for name, values in parse_qs(body).items()}
        if urlsplit(self.path).path != "/token":
            self._send(404, {"error": "not_found"})
            return
        try:
            self._send(200, self.provider.token(form))
        except Refusal as refusal:
            self.provider.refusals.append(str(refusal))
            self._send(401, {"error": "invalid_client", "error_description": str(refusal)})
