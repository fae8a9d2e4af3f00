"""Append-only audit log. Use `audit.record(actor=…, action=…, target=…, unit=…)` for every
read or change worth knowing (services.record documents the arguments)."""


def record(**kwargs):
    from tryghed.audit.services import record as record_event  # the app registry must be ready

    return record_event(**kwargs)
