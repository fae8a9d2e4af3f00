from tryghed.core.sweep import sweep_job
from tryghed.retention import services


@sweep_job("retention.sweep", atomic=False)
def retention_sweep(now):
    """Retention: what has passed its period under a confirmed rule is anonymised or removed,
    in batches of their own transactions."""
    return sum(services.sweep(now).values())
