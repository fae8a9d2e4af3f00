"""Prevention's news, for the follow-up."""

from django.dispatch import Signal

# A risk assessment is complete (both signatures, services.sign_risk_assessment), sent inside
# its transaction. Arguments: assessment, revisions (the RevisionRequests it closed).
risk_assessment_completed = Signal()
