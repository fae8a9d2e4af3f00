from django.conf import settings

from tryghed.alarms import header as alarm_header
from tryghed.home import layout as layouts


def layout(request):
    """What the base layout needs on every page: the person's titles and the sites they guard,
    the counters, which menu items they may see, and the panic button. Each value is a callable
    the template calls when it shows it (home/layout.py computes them once per request)."""
    user = request.user
    if not user.is_authenticated:
        return {"demo": settings.DEMO}
    page = layouts.for_request(request)
    context = {
        "demo": settings.DEMO,
        "my_titles": page.titles,
        "my_guarded_sites": page.guarded_sites,
        "unread_count": page.unread_count,
        "open_task_count": page.open_task_count,
        "municipality": page.municipality,
        "menu": layouts.Menu(request, page),
        **page.menu(),
    }
    if not getattr(request, "second_factor_missing", False):
        context.update(alarm_header.context(user, lambda: page.alarm_place))
    return context
