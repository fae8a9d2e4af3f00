from tryghed.alarms import services
from tryghed.core.sweep import sweep_job


@sweep_job("alarms.escalate")
def escalate(now):
    return services.escalate_due(now)
