from collections import defaultdict

from allauth.account import views as account_views
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from requests import RequestException

from tryghed import audit
from tryghed.accounts import second_factor, sso
from tryghed.accounts.forms import AccessOverviewFilter, SupportContactsForm
from tryghed.accounts.models import User
from tryghed.audit.models import Action
from tryghed.organizations import access, directory
from tryghed.organizations.models import Membership

PEOPLE_PER_PAGE = 50


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


def login(request):
    """allauth's login page, whose policy lets its button go on to this host's provider."""
    return csp_override(sso.content_security_policy(request))(account_views.login)(request)


# Single sign-on: allauth's views, with a Danish page and an audit entry instead of a server
# error when the provider cannot be reached or answers with something unreadable.
def sso_login(request, provider_id):
    # allauth's page that asks before going on (a GET) posts on to the provider too.
    view = csp_override(sso.content_security_policy(request))(oidc_views.login)
    return _guarded(view, request, provider_id)


def sso_callback(request, provider_id):
    return _guarded(oidc_views.callback, request, provider_id)


def _guarded(view, request, provider_id):
    try:
        return view(request, provider_id=provider_id)
    except (RequestException, OAuth2Error, KeyError, ValueError) as exception:
        return sso.failure_page(request, error="unreadable", exception=exception)


def password_reset(request):
    """allauth's "forgot your password", gone where passwords are switched off."""
    if not sso.password_login_allowed(request):
        raise Http404
    return account_views.password_reset(request)


def logout(request):
    """allauth's logout; its answer also tells the browser to drop what it kept of Tryghed: the
    service worker's pages and the reports kept offline (docs/offline.md). A shared computer
    keeps no report after logout, even where offline.js did not get to run."""
    response = account_views.logout(request)
    if request.method == "POST":
        response["Clear-Site-Data"] = '"cache", "storage"'
    return response


@login_required
def access_overview(request):
    """Who can do what: per person, their roles and units and whether they have a second
    factor. Administrators (their units) and HR (the municipality); everyone else 404. It lives
    with the people, not the organization: whether someone has a second factor is theirs."""
    if not access.may_see_access_overview(request.user):
        raise Http404
    form = AccessOverviewFilter(
        request.GET or None, units=access.access_overview_units(request.user)
    )
    people = User.objects.filter(is_active=True).order_by("name", "email")
    people = form.filter(people) if not form.is_bound or form.is_valid() else people.none()
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("side"))
    rows = access_rows(page.object_list, form.units)
    audit.record(
        actor=request.user,
        action=Action.ACCESS_OVERVIEW_VIEWED,
        request=request,
        unit=form.cleaned_data.get("unit") if form.is_bound and form.is_valid() else None,
        page=page.number,
        searched=bool(request.GET.get("q")),
    )
    context = {"form": form, "page": page, "rows": rows}
    return render(request, "accounts/access_overview.html", context)


def access_rows(people, units):
    """(person, [(title, unit)], has a second factor) for one page: three queries in all. Only
    the memberships in `units` are shown: the rest is not this viewer's to see."""
    people = list(people)
    ids = [p.pk for p in people]
    memberships = defaultdict(list)
    found = Membership.objects.filter(user_id__in=ids, unit_id__in=units).select_related("unit")
    tree = access.tree()
    for membership in found.order_by("unit__name", "role"):
        memberships[membership.user_id].append(
            (directory.role_title(membership, tree, plain=True), membership.unit)
        )
    secured = second_factor.people_with_factor(ids)
    return [(p, memberships[p.pk], p.pk in secured) for p in people]
