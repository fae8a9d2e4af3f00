from allauth.account import views as account_views
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from requests import RequestException

from tryghed.accounts import second_factor, sso
from tryghed.accounts.forms import SupportContactsForm
from tryghed.organizations import access


@login_required
def profile(request):
    context = {
        "titles": access.titles(request.user),
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
