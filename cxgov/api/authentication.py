"""API authentication classes (kept apart from views: DRF imports them while loading its own)."""

from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from cxgov import tokens


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, or `Bearer <key>` (what generated clients send, as the
    schema's http bearer scheme tells them), refused once the token is API_TOKEN_TTL_DAYS old."""

    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if words and words[0].lower() == b"bearer":
            self.keyword = "Bearer"  # DRF makes this object per request: this request's word
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if tokens.token_is_expired(token):
            raise AuthenticationFailed(
                "This token has expired. Ask for a new one: POST /api/v1/auth/token/."
            )
        return user, token
