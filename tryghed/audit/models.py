"""The audit log: `AuditEvent`s record who read or did what, when, in which unit, and why if
asked. The log is append-only: no event can be changed or deleted through the ORM or the admin.
Action codes are a closed list (`Action`) with Danish labels."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryghed.organizations import access


class Action(models.TextChoices):
    LOGGED_IN = "account.logged_in", _("Logged in")
    LOGIN_FAILED = "account.login_failed", _("Failed login")
    SSO_LINKED = "account.sso_linked", _("Linked to their identity at the municipality's login")
    SSO_REFUSED = "account.sso_refused", _("Refused at single sign-on: unknown or deactivated")
    SSO_FAILED = "account.sso_failed", _("Single sign-on failed: the answer was not accepted")
    SECOND_FACTOR_ADDED = "account.second_factor_added", _("Set up a second factor for login")
    SECOND_FACTOR_REMOVED = "account.second_factor_removed", _("Removed a second factor for login")
    RECOVERY_CODES_RENEWED = "account.recovery_codes_renewed", _("Made new recovery codes")
    PERSON_VIEWED = "person.viewed", _("Viewed a person's details")
    MEMBERSHIP_CHANGED = "membership.changed", _("Changed a person's role")
    AUDIT_SEARCHED = "audit.searched", _("Searched the audit log")
    ORGANIZATION_IMPORTED = "organization.imported", _("Imported units and people")
    INCIDENT_REPORTED = "incident.reported", _("Reported an episode")
    INCIDENT_VIEWED = "incident.viewed", _("Opened an episode")
    INCIDENT_CHANGED = "incident.changed", _("Changed an episode")
    INCIDENT_ASSESSED = "incident.assessed", _("Assessed an episode's severity")
    INCIDENT_VOIDED = "incident.voided", _("Marked an episode as registered in error")
    INCIDENTS_LISTED = "incident.listed", _("Listed a unit's episodes")
    ATTACHMENT_ADDED = "attachment.added", _("Added an attachment")
    ATTACHMENT_VIEWED = "attachment.viewed", _("Opened an attachment")
    EVIDENCE_ADDED = "evidence.added", _("Secured evidence")
    EVIDENCE_VIEWED = "evidence.viewed", _("Opened evidence")
    EVIDENCE_DOWNLOADED = "evidence.downloaded", _("Downloaded the evidence")
    POST_REMOVAL_DECIDED = "post_removal.decided", _("Decided to remove a post")
    BLOCK_DECIDED = "block.decided", _("Decided to block a citizen")
    BLOCK_CARRIED_OUT = "block.carried_out", _("Recorded that IT carried out a block")
    FOLLOWUP_TASK_CHANGED = "followup.task_changed", _("Changed a follow-up task")
    CASE_CLOSED = "case.closed", _("Closed a case")
    CASE_REOPENED = "case.reopened", _("Reopened a case")
    CASE_SHARED = "case.shared", _("Shared a case")
    CASE_BRIEFED = "case.briefed", _("Told someone of an episode with a short summary")
    COMMENT_ADDED = "case.commented", _("Commented on a case")
    CORRECTION_ADDED = "incident.corrected", _("Added a correction or objection to their case")
    POLICE_REPORT_SAVED = "police_report.saved", _("Saved a police report")
    POLICE_REPORT_SENT = "police_report.sent", _("Sent a police report")
    POLICE_REPORT_VIEWED = "police_report.viewed", _("Opened a police report")
    RISK_ASSESSMENT_SAVED = "risk_assessment.saved", _("Saved a risk assessment")
    RISK_ASSESSMENT_SIGNED = "risk_assessment.signed", _("Signed a risk assessment")
    GUIDELINE_PUBLISHED = "guideline.published", _("Published a local guideline")
    CRISIS_PLAN_CHANGED = "crisis_plan.changed", _("Changed a crisis plan")
    COURSE_REGISTERED = "course.registered", _("Registered a course")
    REVISION_REQUESTED = "risk_assessment.revision", _("Asked for a revised risk assessment")
    MEASURE_COMPLETED = "measure.completed", _("Marked a measure as done")
    ONBOARDING_TICKED = "onboarding.ticked", _("Ticked off an onboarding checklist")
    ALARM_RAISED = "alarm.raised", _("Raised an alarm")
    ALARM_LEVEL_CHANGED = "alarm.level_changed", _("Changed an alarm's level")
    ALARM_ANSWERED = "alarm.answered", _("Answered an alarm")
    ALARM_ESCALATED = "alarm.escalated", _("An unanswered alarm went one circle out")
    ALARM_RESOLVED = "alarm.resolved", _("Resolved an alarm")
    ALARM_CANCELLED = "alarm.cancelled", _("Cancelled an alarm as a false alarm")
    ALARM_REPORTED = "alarm.reported", _("Reported an episode from an alarm")
    ALARM_POLICE_CALL_CLAIMED = "alarm.police_call_claimed", _("Said they call 112 for an alarm")
    INCIDENT_POLICE_CALLED = (
        "incident.police_called",
        _("Recorded on a case that the police were called during the episode"),
    )
    DOORS_LOCKED = "doors.locked", _("Decided to lock doors")
    DOORS_REOPENED = "doors.reopened", _("Recorded that locked doors are open again")
    GUARD_REQUESTED = "guard_request.made", _("Asked for guard reinforcement")
    GUARD_REQUEST_DECIDED = "guard_request.decided", _("Decided on guard reinforcement")
    EPISODES_EXPORTED = "stats.exported", _("Exported a list of episodes")
    FIGURES_EXPORTED = "stats.figures_exported", _("Exported the overview's figures")
    ANNUAL_REPORT_MADE = "stats.annual_report", _("Made an annual report")
    OWN_COPY_DOWNLOADED = "privacy.own_copy", _("Downloaded their own copy of their data")
    COPY_PRODUCED = "privacy.copy_produced", _("Produced a copy of a person's data on request")
    # Sessions and leavers (issue 15, items 3-5).
    OWN_SESSIONS_ENDED = "account.own_sessions_ended", _("Logged out on their other devices")
    SESSIONS_ENDED = "account.sessions_ended", _("Ended a person's sessions")
    PERSON_DEACTIVATED = "person.deactivated", _("Deactivated a person")
    TASKS_HANDED_OVER = "followup.tasks_handed_over", _("Handed a leaver's open tasks over")
    ACCESS_OVERVIEW_VIEWED = "access.overview_viewed", _("Viewed who can do what")
    RETENTION_CASES_ANONYMISED = (
        "retention.cases_anonymised",
        _("Retention: anonymised closed cases"),
    )
    RETENTION_FILES_DELETED = "retention.files_deleted", _("Retention: deleted files of cases")
    RETENTION_BLOCKS_REMOVED = "retention.blocks_removed", _("Retention: removed blocks")
    RETENTION_PERPETRATORS_REMOVED = (
        "retention.perpetrators_removed",
        _("Retention: removed perpetrator references"),
    )
    RETENTION_AUDIT_PURGED = "retention.audit_purged", _("Retention: removed old audit events")
    RETENTION_ALARMS_CLEARED = "retention.alarms_cleared", _("Retention: cleared old alarms")
    RETENTION_RULE_CONFIRMED = "retention.rule_confirmed", _("Confirmed a retention rule")
    LEGAL_HOLD_PLACED = "retention.legal_hold_placed", _("Put a case on legal hold")
    # Sparring, surveys and the citizen (issue 20, points 5-7).
    SPARRING_PLANNED = "sparring.planned", _("Planned sparring or supervision after an episode")
    SPARRING_HELD = "sparring.held", _("Recorded that sparring or supervision took place")
    MEASURE_PLANNED = "measure.planned", _("Planned a recurring measure")
    MEASURE_SERIES_STOPPED = "measure.series_stopped", _("Stopped a recurring measure")
    SURVEY_RESULT_RECORDED = "survey.recorded", _("Recorded the results of an APV or survey")
    CITIZEN_CONVERSATION_RECORDED = (
        "citizen_conversation.recorded",
        _("Recorded a conversation with a citizen"),
    )
    CITIZEN_CONVERSATION_VIEWED = (
        "citizen_conversation.viewed",
        _("Read a conversation with a citizen"),
    )
    # The settings pages (issue 18, point 6): `setting` names the page, `fields` what changed.
    SETTING_ADDED = "setting.added", _("Added a setting")
    SETTING_CHANGED = "setting.changed", _("Changed a setting")
    SETTING_DELETED = "setting.deleted", _("Deleted a setting")
    # The case file for the journal and the calendar feed (issue 21, points 3-4).
    CASE_FILE_DOWNLOADED = "case_file.downloaded", _("Downloaded a case file for the journal")
    CALENDAR_FEED_CHANGED = (
        "calendar.feed_changed",
        _("Turned on, renewed or turned off their calendar of task deadlines"),
    )
    CALENDAR_FEED_READ = "calendar.feed_read", _("A calendar fetched their task deadlines")
    # The API (issue 21, point 2): its reads, and the keys it is used with.
    API_EPISODES_LISTED = "api.episodes_listed", _("Listed their own episodes through the API")
    API_TASKS_LISTED = "api.tasks_listed", _("Listed their follow-up tasks through the API")
    API_STATISTICS_READ = "api.statistics_read", _("Read the overview's figures through the API")
    API_TOKEN_CREATED = "api_token.created", _("Made an API key")
    API_TOKEN_REVOKED = "api_token.revoked", _("Revoked an API key")


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit events cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit events cannot be deleted")

    def about(self, person):
        """Events on data about `person`: what they may see of who looked at their cases."""
        return self.filter(subjects=person)

    def visible_to(self, user):
        """What `user` may search (the rule is access.audit_events_visible_to)."""
        return access.audit_events_visible_to(user, self)


class AuditEvent(models.Model):
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The codes are `Action`'s; not choices on the column, so a new code needs no migration.
    action = models.CharField(_("action"), max_length=60, db_index=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subjects = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("about"),
        blank=True,
        related_name="audit_events_about",
        help_text=_("The people the data belongs to; they can see this event."),
    )
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    request_id = models.UUIDField(_("request id"), null=True, blank=True)
    # Identifiers and counts only: never names, free text or the story of a case.
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_auditevent_target_idx")
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")

    def get_action_display(self):
        return Action(self.action).label if self.action in Action.values else self.action

    @property
    def target(self):
        if self.target_type_id is None:
            return None
        return self.target_type.get_object_for_this_type(pk=self.target_id)
