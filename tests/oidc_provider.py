"""A small OpenID Connect provider on loopback, for the single sign-on tests: discovery, JWKS,
an authorization endpoint with a sign-in form, and a token endpoint that checks the client's
secret, the code, the redirect address and the PKCE verifier (S256), then issues an ID token
signed with its RSA key (joserfc). Knobs make it misbehave as a broken or hostile provider
would: sign with a key it does not publish, issue an expired token, or one for another client.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

CLIENT_ID = "cxgov-test"
CLIENT_SECRET = "cxgov-test-secret"


@dataclass
class Person:
    sub: str
    username: str
    email: str
    groups: list[str]
    name: str = ""


@dataclass
class Provider:
    """The provider's state; `people` by username, the knobs reset per test."""

    issuer: str = ""
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, {"kid": "k1"}))
    other_key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, {"kid": "k1"}))
    people: dict[str, Person] = field(default_factory=dict)
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    sign_with_other_key: bool = False
    expired: bool = False
    audience: str = CLIENT_ID
    token_requests: list[dict[str, str]] = field(default_factory=list)

    def id_token(self, grant: dict[str, Any]) -> str:
        person = grant["person"]
        now = int(time.time())
        issued = now - 3600 if self.expired else now
        claims = {
            "iss": self.issuer, "sub": person.sub, "aud": self.audience, "iat": issued,
            "exp": issued + 300, "nonce": grant["nonce"], "email": person.email,
            "preferred_username": person.username, "name": person.name,
            "groups": person.groups,
        }  # fmt: skip
        key = self.other_key if self.sign_with_other_key else self.key
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _html(self, html: str) -> None:
            data = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                base = provider.issuer
                return self._json(200, {
                    "issuer": base, "authorization_endpoint": f"{base}/authorize",
                    "token_endpoint": f"{base}/token", "jwks_uri": f"{base}/jwks",
                    "response_types_supported": ["code"], "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "code_challenge_methods_supported": ["S256"],
                    "token_endpoint_auth_methods_supported": ["client_secret_basic",
                                                              "client_secret_post"],
                })  # fmt: skip
            if url.path == "/jwks":
                return self._json(200, KeySet([provider.key]).as_dict(private=False))
            if url.path == "/authorize":
                # The sign-in form: one button per person (a real provider asks a password).
                buttons = "".join(
                    f'<button name="username" value="{p.username}">Sign in as {p.username}</button>'
                    for p in provider.people.values()
                )
                hidden = "".join(
                    f'<input type="hidden" name="{k}" value="{v}">' for k, v in query.items()
                )
                return self._html(
                    '<!doctype html><html lang="en"><title>Test provider</title><main>'
                    f'<h1>Test provider</h1><form method="post" action="/authorize">{hidden}'
                    f"{buttons}</form></main></html>"
                )
            if url.path == "/favicon.ico":
                self.send_response(204)
                self.end_headers()
                return None
            return self._json(404, {"error": "not_found"})

        def _form(self) -> dict[str, str]:
            length = int(self.headers.get("Content-Length") or 0)
            return {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}

        def do_POST(self):
            url = urlparse(self.path)
            form = self._form()
            if url.path == "/authorize":
                return self._authorize(form)
            if url.path == "/token":
                return self._token(form)
            return self._json(404, {"error": "not_found"})

        def _authorize(self, form: dict[str, str]) -> None:
            if form.get("client_id") != CLIENT_ID or form.get("code_challenge_method") != "S256":
                return self._json(400, {"error": "invalid_request"})
            code = secrets.token_urlsafe(16)
            provider.codes[code] = {
                "person": provider.people[form["username"]],
                "redirect_uri": form["redirect_uri"],
                "challenge": form["code_challenge"],
                "nonce": form.get("nonce", ""),
            }
            target = form["redirect_uri"] + "?" + urlencode({"code": code,
                                                              "state": form["state"]})  # fmt: skip
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()

        def _token(self, form: dict[str, str]) -> None:
            auth = self.headers.get("Authorization", "")
            if auth.startswith("Basic "):
                client, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
            else:
                client, secret = form.get("client_id", ""), form.get("client_secret", "")
            provider.token_requests.append(form)
            if (client, secret) != (CLIENT_ID, CLIENT_SECRET):
                return self._json(401, {"error": "invalid_client"})
            grant = provider.codes.pop(form.get("code", ""), None)  # a code works once
            if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
                return self._json(400, {"error": "invalid_grant"})
            verifier = form.get("code_verifier", "")
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            if challenge.rstrip(b"=").decode() != grant["challenge"]:
                return self._json(400, {"error": "invalid_grant",
                                        "error_description": "PKCE verifier"})  # fmt: skip
            return self._json(200, {
                "access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                "expires_in": 300, "id_token": provider.id_token(grant),
            })  # fmt: skip

        def log_message(self, *args):
            pass

    return Handler


class Running:
    """The provider served on loopback in a thread; stop() when done."""

    def __init__(self, provider: Provider):
        self.provider = provider
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
        provider.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
