"""The organization's news. The organizations app sits below the audit log and the people app,
so it tells of what changed here and leaves the recording to them (audit/receivers.py)."""

from django.dispatch import Signal

# A person's role in a unit was given, changed or taken away: sent inside the change's
# transaction. Arguments: membership, actor, change ("saved", "deleted", "ended"), and request
# (None outside a request) and reason (a short code such as "import", or None).
membership_changed = Signal()
