"""The page of API keys: a person's own, and for a municipality's administrators its systems'.
A new key's secret is shown once, on the page the form leads to: kept in the session for the
one redirect (so reloading the page never makes a second key), then gone."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tryghed.api import services
from tryghed.api.forms import SystemTokenForm, TokenForm
from tryghed.api.models import ApiToken
from tryghed.organizations import access


def _page(request, status=200, **context):
    user = request.user
    tokens = ApiToken.objects.visible_to(user).select_related("user", "municipality")
    context = {
        "personal": tokens.filter(user=user),
        "systems": tokens.filter(municipality__in=access.system_token_roots(user)),
        "form": context.pop("form", None) or TokenForm(),
        "system_form": context.pop("system_form", None) or _system_form(user),
        "now": timezone.now(),
        **context,
    }
    return render(request, "api/tokens.html", context, status=status)


def _system_form(user, data=None):
    return SystemTokenForm(data, user=user) if access.system_token_roots(user) else None


@login_required
def tokens(request):
    if not access.may_hold_api_tokens(request.user):
        raise Http404
    if request.method != "POST":
        return _page(request, **_made(request))
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form)
    token, secret = services.create_token(
        user=request.user, by=request.user, request=request, **form.cleaned_data
    )
    return _show_once(request, token, secret)


MADE = "api_token_made"


def _show_once(request, token, secret):
    request.session[MADE] = {"pk": token.pk, "secret": secret}
    return redirect("api:tokens")


def _made(request):
    """The key just made and its secret, once."""
    made = request.session.pop(MADE, None)
    if not made:
        return {}
    token = ApiToken.objects.visible_to(request.user).filter(pk=made["pk"]).first()
    return {"made": token, "secret": made["secret"]} if token else {}


@require_POST
@login_required
def system_token(request):
    form = _system_form(request.user, request.POST)
    if form is None:
        raise Http404
    if not form.is_valid():
        return _page(request, system_form=form)
    token, secret = services.create_token(by=request.user, request=request, **form.cleaned_data)
    return _show_once(request, token, secret)


@require_POST
@login_required
def revoke(request, pk):
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=pk)
    services.revoke_token(token=token, by=request.user, request=request)
    return redirect("api:tokens")
