from allauth.account import views as account_views
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from requests import RequestException

from tryghed.accounts import second_factor, sso
from tryghed.accounts.forms import SupportContactsForm
from tryghed.accounts.models import User
from tryghed.accounts.services import record_login_session
from tryghed.core import demo
from tryghed.organizations import access, directory


@login_required
def profile(request):
    context = {
        "titles": directory.titles(request.user),
        "has_second_factor": second_factor.has_factor(request.user),
        "must_use_second_factor": access.must_use_second_factor(request.user),
        "may_produce_copies": access.may_produce_copies(request.user),
    }
    return render(request, "accounts/profile.html", context)


@login_required
def support_contacts(request):
    """A person names their own support contacts; nobody edits anyone else's."""
    data = request.POST if request.method == "POST" else None
    form = SupportContactsForm(data, person=request.user)
    if form.is_bound and form.is_valid():
        request.user.replace_support_contacts(form.contacts())
        messages.success(request, _("Your support contacts are saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/support_contacts.html", {"form": form})


@require_POST
def demo_login(request):
    """One click to log in as a demo person; exists only while the system runs as the demo."""
    if not settings.DEMO or request.POST.get("email") not in demo.login_emails():
        raise Http404
    person = get_object_or_404(User, email=request.POST["email"], is_active=True)
    login(request, person, backend="django.contrib.auth.backends.ModelBackend")
    # The demo's one-click logins need no second factor; the flag counts only in the demo.
    second_factor.mark_demo_login(request, person)
    record_login_session(request)
    return redirect(settings.LOGIN_REDIRECT_URL)


# Single sign-on: allauth's views, with a Danish page and an audit entry instead of a server
# error when the provider cannot be reached or answers with something unreadable.
def sso_login(request, provider_id):
    return _guarded(oidc_views.login, request, provider_id)


def sso_callback(request, provider_id):
    return _guarded(oidc_views.callback, request, provider_id)


def _guarded(view, request, provider_id):
    try:
        return view(request, provider_id=provider_id)
    except (RequestException, OAuth2Error, KeyError, ValueError) as exception:
        return sso.failure_page(request, error="unreadable", exception=exception)


def password_reset(request):
    """allauth's "forgot your password", gone where passwords are switched off."""
    if not sso.password_login_allowed():
        raise Http404
    return account_views.password_reset(request)
