from django.conf import settings

from tryghed.demo import seed, vallensbaek


def logins(request):
    """The one-click logins the login page offers, only while the system runs as the demo and
    nobody is logged in."""
    if not settings.DEMO or request.user.is_authenticated:
        return {}
    return {
        "demo_logins": seed.DEMO_LOGINS,
        "case_logins": seed.CASE_LOGINS,
        "other_municipality_logins": vallensbaek.LOGINS,
    }
