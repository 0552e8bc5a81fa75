"""Single sign-on with OpenID Connect (authlib), beside the password login.

Configured from the environment (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_SCOPES,
OIDC_GROUPS_CLAIM): the provider's discovery document gives its endpoints and keys. The code
flow uses PKCE (S256), a state and a nonce kept in the session; the ID token is verified
against the provider's published keys (JWKS), its issuer, audience, expiry and nonce. A state
used once is gone, so a replayed callback is refused.

At each sign-in the person's roles follow the provider's groups through the table the admin
edits (SsoGroupMapping): a role a group maps to is granted, a role no group maps to any more is
removed, and each change is written to RoleChange (who, which role, granted or removed, the
groups). Apps map groups to their own things (a body's membership) through `sso_group_hooks`.

The password login can be turned off (PASSWORD_LOGIN=false) for everyone but the break-glass
accounts named in BREAK_GLASS_USERS: `PasswordBackend` refuses the others on every door that
checks a password (the login page, the admin, the API token).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db import transaction
from joserfc.errors import BadSignatureError, ExpiredTokenError, InvalidClaimError, JoseError

from .errors import DomainError
from .models import RoleChange, SsoGroupMapping, SsoIdentity
from .permissions import forget_roles, user_roles
from .registry import Registry
from .roles import Role

PASSWORD_BACKEND = "cxgov.sso.PasswordBackend"


class SignInRefused(DomainError):
    """The provider's answer did not check out: nobody is signed in."""


# Apps apply the groups to what they own (a body's membership): hook(user=, groups=).
sso_group_hooks: Registry[Callable[..., None]] = Registry("single sign-on group hooks")


def sso_enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID)


def password_login_allowed(username: str) -> bool:
    """Whether this account may sign in with a password: everyone, unless the password login
    is turned off; then only the break-glass accounts."""
    return settings.PASSWORD_LOGIN or username in settings.BREAK_GLASS_USERS


class PasswordBackend(ModelBackend):
    """Django's password check, asked only for accounts allowed a password login."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or not password_login_allowed(username):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


_clients: dict[tuple, Any] = {}


def _client() -> Any:
    """The provider's client, one per configuration (tests change it), discovery cached."""
    key = (
        settings.OIDC_ISSUER,
        settings.OIDC_CLIENT_ID,
        settings.OIDC_CLIENT_SECRET,
        settings.OIDC_SCOPES,
    )
    if key not in _clients:
        oauth = OAuth()
        _clients[key] = oauth.register(
            name="oidc",
            client_id=settings.OIDC_CLIENT_ID,
            client_secret=settings.OIDC_CLIENT_SECRET,
            server_metadata_url=settings.OIDC_ISSUER.rstrip("/")
            + "/.well-known/openid-configuration",
            client_kwargs={"scope": settings.OIDC_SCOPES, "code_challenge_method": "S256"},
        )
    return _clients[key]


def sso_start(request: Any, *, redirect_uri: str) -> Any:
    """The redirect to the provider's sign-in, with state, nonce and PKCE kept in the session."""
    try:
        return _client().authorize_redirect(request, redirect_uri)
    except (requests.RequestException, ValueError, AuthlibBaseError) as exc:
        raise SignInRefused(
            f"The sign-in provider at {settings.OIDC_ISSUER} could not be reached ({exc})."
        ) from None


def _reason(exc: Exception) -> str:
    """What went wrong, in a sentence: authlib and joserfc name their errors by a code."""
    code = str(getattr(exc, "error", "") or "")
    text = str(exc)
    if isinstance(exc, MismatchingStateError) or code == "mismatching_state":
        return (
            "This sign-in answer was already used or does not belong to this browser (its "
            "state is unknown). Start the sign-in again."
        )
    if isinstance(exc, BadSignatureError) or code == "bad_signature":
        return "The ID token's signature does not match the provider's published keys."
    if isinstance(exc, ExpiredTokenError) or code == "expired_token":
        return "The ID token has expired. Start the sign-in again."
    if code in {"invalid_claim", "missing_claim"} or isinstance(exc, InvalidClaimError):
        if "'aud'" in text or "'azp'" in text or getattr(exc, "claim", "") == "aud":
            return "The ID token was issued for another application (its audience is not cxgov)."
        return f"The ID token's claims are not what cxgov expects ({text})."
    if isinstance(exc, OAuthError):
        return f"The sign-in provider refused: {exc.description or exc.error}."
    return f"The sign-in could not be verified ({text})."


def sso_finish(request: Any) -> dict[str, Any]:
    """The verified ID token's claims from the provider's answer, or SignInRefused."""
    try:
        token = _client().authorize_access_token(request)
    except (AuthlibBaseError, JoseError, requests.RequestException, ValueError) as exc:
        raise SignInRefused(_reason(exc)) from None
    claims = token.get("userinfo")
    if not claims or not claims.get("sub"):
        raise SignInRefused("The provider sent no ID token naming the person.")
    return dict(claims)


def _groups(claims: dict[str, Any]) -> list[str]:
    value = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(value, str):
        value = [value]
    return sorted({str(g) for g in value if isinstance(g, str | int)})


def _new_username(claims: dict[str, Any]) -> str:
    User = get_user_model()
    base = str(claims.get("preferred_username") or claims.get("email") or claims["sub"])[:140]
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def roles_apply(*, user: Any, groups: Iterable[str]) -> list[RoleChange]:
    """Make the person's roles those their groups map to; write each change."""
    groups = sorted(set(groups))
    wanted = set(SsoGroupMapping.objects.filter(group__in=groups).values_list("role", flat=True))
    held = set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
    changes = []
    for role in sorted(wanted - held):
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        changes.append(RoleChange(user=user, role=role, granted=True, groups=groups))
    for role in sorted(held - wanted):
        user.groups.remove(*Group.objects.filter(name=role))
        changes.append(RoleChange(user=user, role=role, granted=False, groups=groups))
    RoleChange.objects.bulk_create(changes)
    forget_roles(user)
    return changes


@transaction.atomic
def sso_sign_in(*, claims: dict[str, Any]) -> Any:
    """The account for a verified ID token (made on the first sign-in), with its roles and the
    apps' group mappings applied. An account turned inactive stays out."""
    User = get_user_model()
    identity = (
        SsoIdentity.objects.select_related("user")
        .filter(issuer=settings.OIDC_ISSUER, subject=claims["sub"])
        .first()
    )
    if identity is None:
        user = User(username=_new_username(claims))
        user.set_unusable_password()
        user.save()
        identity = SsoIdentity.objects.create(
            user=user, issuer=settings.OIDC_ISSUER, subject=claims["sub"]
        )
    user = identity.user
    if not user.is_active:
        raise SignInRefused("This account is turned off in cxgov; ask an administrator.")
    user.email = str(claims.get("email") or user.email)[:254]
    full = str(claims.get("name") or "").split(" ", 1)
    if full[0]:
        user.first_name, user.last_name = full[0][:150], (full[1] if len(full) > 1 else "")[:150]
    user.save(update_fields=["email", "first_name", "last_name"])
    groups = _groups(claims)
    roles_apply(user=user, groups=groups)
    for hook in sso_group_hooks:
        hook(user=user, groups=groups)
    return user


def user_role_names(user: Any) -> list[str]:
    return [Role(role).label for role in sorted(r.value for r in user_roles(user))]
