from django.conf import settings

from tryghed.followup.models import FollowUpTask
from tryghed.organizations import access, directory


def layout(request):
    """What the base layout needs on every page: the person's titles and units, unread count,
    and which menu items they may see."""
    user = request.user
    if not user.is_authenticated:
        return {"demo": settings.DEMO}
    return {
        "demo": settings.DEMO,
        "my_titles": directory.titles(user),
        # Guarding a site is an assignment (alarms.Site.guards), not a role: shown beside them.
        "my_guarded_sites": list(user.guarded_sites.select_related("unit")),
        "unread_count": user.notifications.unread().count(),
        "may_administer": access.may_administer(user),
        "may_search_audit_log": access.may_search_audit_log(user),
        "may_see_access_overview": access.may_see_access_overview(user),
        # Asked only where the header gets that far (administrators): no query on other pages.
        "may_see_retention": lambda: bool(access.retention_municipalities(user)),
        "may_view_cases": bool(access.units_where(user, access.Perm.VIEW_CASES)),
        "may_see_statistics": access.may_see_statistics(user),
        "open_task_count": FollowUpTask.objects.open().assigned_to(user).count(),
    }
