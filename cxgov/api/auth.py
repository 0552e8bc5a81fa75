"""The token endpoint: it holds to the login throttle and to strict input, and issues tokens
that expire (cxgov.tokens)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from cxgov import security, tokens
from cxgov.api import serializers as strict
from cxgov.api.contract import ContractMixin
from cxgov.api.openapi import ErrorSerializer


class TokenObtainSerializer(AuthTokenSerializer):
    username = strict.CharField(label="Username", write_only=True)
    password = strict.CharField(
        label="Password", style={"input_type": "password"}, trim_whitespace=False, write_only=True
    )


class LoginThrottled(Throttled):
    default_detail = "Too many failed logins."


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)
    expires = serializers.DateTimeField(read_only=True)


class TokenObtainView(ContractMixin, ObtainAuthToken):
    """POST a username and password, get the token for `Authorization: Token <token>`.

    Failed attempts count towards the login throttle (cxgov.security); once an account or an
    address is locked out, the answer is 429 with Retry-After, whatever the password.
    """

    permission_classes = []
    authentication_classes = []  # the credentials are in the body
    # ObtainAuthToken names its own parsers; use the project's (with the JSON depth limit).
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES
    serializer_class = TokenObtainSerializer

    @extend_schema(
        request=TokenObtainSerializer,
        responses={
            200: TokenSerializer,
            429: OpenApiResponse(
                ErrorSerializer,
                description="Too many failed logins for this account or from this address; "
                "Retry-After says when to try again.",
            ),
        },
    )
    def post(self, request, *args, **kwargs):
        try:
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
        except ValidationError:
            # django-axes marks the request it was given (this DRF request) when it refused.
            if getattr(request, "axes_locked_out", False):
                raise LoginThrottled(
                    detail=security.lockout_message(), wait=security.retry_after_seconds()
                ) from None
            raise
        token = tokens.token_issue(user=serializer.validated_data["user"])
        return Response(
            TokenSerializer({"token": token.key, "expires": tokens.token_expires_at(token)}).data
        )
