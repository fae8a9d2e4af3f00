from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tryghed.notifications.models import Notification, OutboxEmail, OutboxSms


@login_required
def inbox(request):
    notifications = Notification.objects.visible_to(request.user)
    page = Paginator(notifications, 30).get_page(request.GET.get("side"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
def open_notification(request, pk):
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    notification.mark_read()
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("notifications:inbox")


@require_POST
@login_required
def mark_all_read(request):
    Notification.objects.visible_to(request.user).unread().update(read_at=timezone.now())
    return redirect("notifications:inbox")


@login_required
def outbox(request):
    """The demo keeps e-mails and text messages here instead of sending them; in production
    there is no outbox."""
    if not settings.DEMO:
        raise Http404
    page = Paginator(OutboxEmail.objects.all(), 30).get_page(request.GET.get("side"))
    texts = OutboxSms.objects.all()[:30]
    return render(request, "notifications/outbox.html", {"page": page, "texts": texts})
