"""Sign-in (a password, or the company's single sign-on) and a person's own API token."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from cxgov import sso, tokens


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sso_enabled=sso.sso_enabled(),
            sso_provider=settings.OIDC_PROVIDER_NAME,
            password_login=settings.PASSWORD_LOGIN,
            **kwargs,
        )


def _refused(request: HttpRequest, reason: str) -> HttpResponse:
    """A sign-in that did not check out: said plainly, and nobody signed in."""
    return render(request, "registration/sso_refused.html", {"reason": reason}, status=400)


@login_not_required
@require_GET
def sso_login(request: HttpRequest) -> HttpResponse:
    """Off to the provider's sign-in (state, nonce and PKCE verifier kept in the session)."""
    if not sso.sso_enabled():
        raise Http404("Single sign-on is not set up.")
    try:
        return sso.sso_start(
            request, redirect_uri=request.build_absolute_uri(reverse("sso-callback"))
        )
    except sso.SignInRefused as refusal:
        return _refused(request, refusal.message)


@login_not_required
@require_GET
def sso_callback(request: HttpRequest) -> HttpResponse:
    """The provider's answer: the ID token verified, the account's roles applied, signed in."""
    if not sso.sso_enabled():
        raise Http404("Single sign-on is not set up.")
    try:
        claims = sso.sso_finish(request)
        user = sso.sso_sign_in(claims=claims)
    except sso.SignInRefused as refusal:
        return _refused(request, refusal.message)
    login(request, user, backend=sso.PASSWORD_BACKEND)
    return redirect("/")


@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """A person's own API token: when it expires; replace it with a new one, or revoke it."""
    new_key = None
    action = request.POST.get("action")
    if action == "revoke":
        tokens.token_revoke(user=request.user)
        messages.success(request, "Your API token is revoked: it no longer works.")
        return redirect("api_token")
    if action == "create":
        new_key = tokens.token_rotate(user=request.user).key  # shown once, on this answer only
    token = tokens.user_token(request.user)
    context = {"token": token, "new_key": new_key}
    if token is not None:
        context |= {
            "expires": tokens.token_expires_at(token),
            "expired": tokens.token_is_expired(token),
        }
    return render(request, "registration/api_token.html", context)
