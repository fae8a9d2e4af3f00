from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from tryghed import audit
from tryghed.audit.forms import AuditSearchForm
from tryghed.audit.models import Action, AuditEvent
from tryghed.organizations import access


@login_required
def about_me(request):
    """Who has looked at data about me: dates, actions and purposes."""
    events = AuditEvent.objects.about(request.user).select_related("actor", "unit")
    page = Paginator(events, 50).get_page(request.GET.get("side"))
    page.object_list = list(page.object_list)
    _name_targets(page.object_list)
    return render(request, "audit/about_me.html", {"page": page})


def _name_targets(events):
    """Give each event `target_label`: which case (or other thing) it was about, as its model's
    `audit_label()` names it; one query per kind of target."""
    wanted = defaultdict(set)
    for event in events:
        if event.target_type_id:
            wanted[event.target_type_id].add(event.target_id)
    labels = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None or not hasattr(model, "audit_label"):
            continue
        for target in model._base_manager.filter(pk__in=ids):
            labels[(type_id, str(target.pk))] = target.audit_label()
    for event in events:
        event.target_label = labels.get((event.target_type_id, event.target_id), "")


@login_required
def search(request):
    if not access.may_search_audit_log(request.user):
        raise Http404
    form = AuditSearchForm(request.GET or None)
    events = AuditEvent.objects.visible_to(request.user).select_related("actor", "unit")
    if form.is_bound and not form.is_valid():
        events = events.none()
    else:
        events = form.filter(events) if form.is_bound else events
        filters = form.used_fields() if form.is_bound else []
        audit.record(
            actor=request.user, action=Action.AUDIT_SEARCHED, request=request, filters=filters
        )
    page = Paginator(events, 50).get_page(request.GET.get("side"))
    page.object_list = list(page.object_list)
    _name_targets(page.object_list)
    return render(request, "audit/search.html", {"form": form, "page": page})
