"""API authentication classes (kept apart from views: DRF imports them while loading its own)."""

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from cxgov import tokens


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, refused once the token is API_TOKEN_TTL_DAYS old."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if tokens.token_is_expired(token):
            raise AuthenticationFailed(
                "This token has expired. Ask for a new one: POST /api/v1/auth/token/."
            )
        return user, token
