"""API tokens: issued with an expiry, revoked by their owner, and ended with the credentials.

A token lives API_TOKEN_TTL_DAYS (an administrator sets it in the environment) from when it
was issued. Whenever an account's password changes or the account is deactivated, by any
path (the password page, the admin, `manage.py changepassword`, a service), its tokens are
deleted in the same save: a token never outlives the password that obtained it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token


def token_ttl() -> dt.timedelta:
    return dt.timedelta(days=settings.API_TOKEN_TTL_DAYS)


def token_expires_at(token: Token) -> dt.datetime:
    return token.created + token_ttl()


def token_is_expired(token: Token, *, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) >= token_expires_at(token)


def user_token(user) -> Token | None:
    return Token.objects.filter(user=user).first()


@transaction.atomic
def token_issue(*, user) -> Token:
    """The person's current token, or a new one if they have none or it has expired."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and not token_is_expired(token):
        return token
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def token_rotate(*, user) -> Token:
    """A new token for the person; the old one stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def token_revoke(*, user) -> int:
    """Delete the person's token. Returns how many were deleted (0 or 1)."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return deleted


_CHANGED = "_cxgov_credentials_changed"


def note_credential_change(sender, instance, update_fields=None, **kwargs) -> None:
    """pre_save: remember whether this save changes the password or deactivates the account."""
    if instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return  # e.g. the last_login stamp on every login: no query
    stored = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    setattr(
        instance,
        _CHANGED,
        stored is not None
        and (
            stored["password"] != instance.password
            or (stored["is_active"] and not instance.is_active)
        ),
    )


def revoke_tokens_on_credential_change(sender, instance, created=False, **kwargs) -> None:
    """post_save: end the tokens if the save changed the password or deactivated the account."""
    if getattr(instance, _CHANGED, False):
        Token.objects.filter(user_id=instance.pk).delete()
        setattr(instance, _CHANGED, False)


def connect_signals() -> None:
    from django.db.models.signals import post_save, pre_save

    user_model = get_user_model()
    pre_save.connect(note_credential_change, sender=user_model, dispatch_uid="cxgov.tokens.pre")
    post_save.connect(
        revoke_tokens_on_credential_change, sender=user_model, dispatch_uid="cxgov.tokens.post"
    )
