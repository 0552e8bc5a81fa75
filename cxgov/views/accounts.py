"""Sign-in and a person's own API token."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cxgov import tokens


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


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
