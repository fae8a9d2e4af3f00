from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tryghed.accounts.models import User
from tryghed.core import demo
from tryghed.organizations import access


@login_required
def profile(request):
    return render(request, "accounts/profile.html", {"titles": access.titles(request.user)})


@require_POST
def demo_login(request):
    """One click to log in as a demo person; exists only while the system runs as the demo."""
    emails = {entry.email for entry in demo.DEMO_LOGINS}
    if not settings.DEMO or request.POST.get("email") not in emails:
        raise Http404
    person = get_object_or_404(User, email=request.POST["email"], is_active=True)
    login(request, person, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(settings.LOGIN_REDIRECT_URL)
