from django.conf import settings
from django.contrib.auth import login as log_in
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from tryghed.accounts import second_factor
from tryghed.accounts.models import User
from tryghed.accounts.services import record_login_session
from tryghed.demo import seed


@require_POST
def login(request):
    """One click to log in as a demo person; exists only while the system runs as the demo."""
    if not settings.DEMO or request.POST.get("email") not in seed.login_emails():
        raise Http404
    person = get_object_or_404(User, email=request.POST["email"], is_active=True)
    log_in(request, person, backend="django.contrib.auth.backends.ModelBackend")
    # The demo's one-click logins need no second factor; the flag counts only in the demo.
    second_factor.mark_demo_login(request, person)
    record_login_session(request)
    return redirect(settings.LOGIN_REDIRECT_URL)
