"""Look-ups in the task queue (django-tasks-db's table), for the health check and the metrics:
how long the oldest task that is due has waited, how many wait, how many failed."""

from django.db.models import Count, Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max


def waiting():
    """The tasks due to run now that no worker has taken yet."""
    return DBTaskResult.objects.ready()


def oldest_wait_seconds(now=None):
    """Seconds the longest-waiting due task has waited since it became due (when it was
    queued, or, for a task deferred to later, its time), or 0 when none waits."""
    now = now or timezone.now()
    tasks = waiting()
    queued = tasks.filter(run_after=get_date_max()).aggregate(at=Min("enqueued_at"))["at"]
    deferred = tasks.exclude(run_after=get_date_max()).aggregate(at=Min("run_after"))["at"]
    since = min((at for at in (queued, deferred) if at is not None), default=None)
    return max(0.0, (now - since).total_seconds()) if since else 0.0


def failed_by_task():
    """{task name: how many of its runs failed} among the results the queue keeps."""
    rows = DBTaskResult.objects.failed().values("task_path").annotate(n=Count("id"))
    return {row["task_path"].rsplit(".", 1)[-1]: row["n"] for row in rows}
