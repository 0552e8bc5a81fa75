"""The /api/v1/ router: each app registers its viewsets through its api/urls.py `register`."""

from django.urls import include, path
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter
from rest_framework.settings import api_settings

from cxgov.api import serializers as strict
from governance.api.urls import register as register_governance


class TokenObtainSerializer(AuthTokenSerializer):
    username = strict.CharField(label="Username", write_only=True)
    password = strict.CharField(
        label="Password", style={"input_type": "password"}, trim_whitespace=False, write_only=True
    )


class TokenObtainView(ObtainAuthToken):
    """POST a username and password, get the token for `Authorization: Token <token>`."""

    permission_classes = []
    # ObtainAuthToken names its own parsers; use the project's (with the JSON depth limit).
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES
    serializer_class = TokenObtainSerializer


router = DefaultRouter()
register_governance(router)

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="api-token"),
    path("", include(router.urls)),
]
