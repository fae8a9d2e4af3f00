"""What later stages (the follow-up) do when an episode is reported or its report changes.
The register knows nothing of them: an app appends a function here in its ready(), and the
register's services call every one inside their transaction."""

INCIDENT_REPORTED = []  # f(incident)
REPORT_CHANGED = []  # f(incident, changed field names)


def run(hooks, *args):
    for hook in hooks:
        hook(*args)
