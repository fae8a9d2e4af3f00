"""The one module that knows roles: who may see and do what, and where.

A Membership gives a person one role in one unit. Each role grants a set of permissions, and a
permission held in a unit holds in every unit below it. MANAGERs and ADVISORs at the root
(executives, HR) see the whole municipality's statistics but not case contents: those reach
them only through a share decided in a case's follow-up.

Everything else asks this module: querysets through `units_where`, views through the
`visible_to` methods built on it. Nothing outside this module compares a role. It holds rules
only: finding people (the managers of a unit, everyone at a site) is `directory.py`, the alarm
circles are `alarms/circles.py`. The holders of a role nearest a unit (`responsible_for`) stay
here, because they decide who may act on a follow-up task.

organizations/models.py builds its `visible_to` on these rules, so this module reaches the
models through Django's app registry instead of importing them: no import cycle.
"""

import enum
from collections import defaultdict
from functools import cached_property

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from tryghed.core import memo
from tryghed.organizations.roles import DerivedTitle, Role, UnitKind


def _units():
    return apps.get_model("organizations", "Unit").objects


def _memberships():
    return apps.get_model("organizations", "Membership").objects


class Perm(enum.Enum):
    VIEW_UNIT = "view_unit"  # see a unit's page: its people, roles and contacts
    REPORT = "report"  # report an episode that happened in the unit
    VIEW_CASES = "view_cases"  # read the contents of the unit's cases
    EDIT_CASES = "edit_cases"  # complete and correct the report of the unit's cases
    ACT_ON_FOLLOWUP = "act_on_followup"  # run the follow-up of the unit's cases
    VIEW_STATS = "view_stats"  # see the unit's statistics
    ADMINISTER = "administer"  # configure the unit: people, roles, contacts
    SEARCH_AUDIT_LOG = "search_audit_log"  # search the audit log for the unit
    PLACE_EMPLOYEES = "place_employees"  # add a person to the unit as an employee


P = Perm
_MEMBER = {P.VIEW_UNIT, P.REPORT}
_CASEWORK = _MEMBER | {P.VIEW_CASES, P.VIEW_STATS}

# Role -> (permissions in a unit below the root, permissions at the root).
GRANTS = {
    Role.EMPLOYEE: (_MEMBER, _MEMBER),
    Role.MANAGER: (
        _CASEWORK | {P.EDIT_CASES, P.ACT_ON_FOLLOWUP, P.PLACE_EMPLOYEES},
        _MEMBER | {P.VIEW_STATS},
    ),
    Role.SAFETY_REP: (_CASEWORK | {P.EDIT_CASES}, _MEMBER | {P.VIEW_STATS}),
    Role.ADVISOR: (_CASEWORK, _MEMBER | {P.VIEW_STATS}),
    Role.UNION_REP: (_MEMBER, _MEMBER),
    Role.ADMIN: (
        {P.VIEW_UNIT, P.ADMINISTER, P.SEARCH_AUDIT_LOG},
        {P.VIEW_UNIT, P.ADMINISTER, P.SEARCH_AUDIT_LOG},
    ),
}


class Tree:
    """The unit tree as plain ids: one small query, then walks in memory."""

    def __init__(self, rows):
        """`rows`: (pk, parent_id), or (pk, parent_id, name, kind)."""
        rows = list(rows)
        self.parent = {row[0]: row[1] for row in rows}
        self.names = {row[0]: row[2] for row in rows if len(row) > 2}  # for pickers' paths
        self.kinds = {row[0]: row[3] for row in rows if len(row) > 3}
        self.children = defaultdict(list)
        for pk, parent_id in self.parent.items():
            if parent_id is not None:
                self.children[parent_id].append(pk)

    @cached_property
    def root_ids(self):
        return {pk for pk, parent_id in self.parent.items() if parent_id is None}

    def ancestors(self, pk, include_self=False):
        """Ids from `pk` up to the root, nearest first."""
        chain = [pk] if include_self else []
        seen = {pk}
        current = self.parent.get(pk)
        while current is not None and current not in seen:
            chain.append(current)
            seen.add(current)
            current = self.parent.get(current)
        return chain

    def root_of(self, pk):
        return (self.ancestors(pk, include_self=True) or [pk])[-1]

    def descendants(self, pks):
        """The given ids and every id below them."""
        found, stack = set(), list(pks)
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(self.children.get(pk, ()))
        return found


def tree():
    """The unit tree, loaded once per request (core.memo): every access check, the menu and the
    panic button walk the same one."""
    return memo.per_request("organizations.tree", _load_tree)


def _load_tree():
    return Tree(_units().order_by().values_list("pk", "parent_id", "name", "kind"))


def memberships_of(user):
    """The person's memberships with their units, read once per request: the grants, the
    titles in the header and the panic button all start from them."""
    return memo.per_request(("organizations.memberships", user.pk), lambda: _load_memberships(user))


def _load_memberships(user):
    return list(_memberships().filter(user=user).select_related("unit", "user"))


def _grants(user):
    """{perm: ids of the units where the user holds it directly}, cached on the user object,
    which lives for one request. Callers have checked that the user is active."""
    cached = getattr(user, "_tryghed_grants", None)
    if cached is not None:
        return cached
    memberships = memberships_of(user)
    units = tree() if memberships else Tree([])
    grants = defaultdict(set)
    roles_at_root = set()
    for membership in memberships:
        unit_id, role = membership.unit_id, Role(membership.role)
        at_the_top = unit_id in units.root_ids
        if at_the_top:
            roles_at_root.add((role, unit_id))
        below_root, at_root = GRANTS[role]
        for perm in at_root if at_the_top else below_root:
            grants[perm].add(unit_id)
    result = {perm: frozenset(units.descendants(ids)) for perm, ids in grants.items()}
    user._tryghed_grants = result
    user._tryghed_roles_at_root = frozenset(roles_at_root)
    return result


def units_where(user, perm):
    """Ids of every unit where `user` holds `perm`, directly or from a unit above."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return _grants(user).get(perm, frozenset())


def has_perm(user, perm, unit):
    return unit.pk in units_where(user, perm)


def must_use_second_factor(user):
    """Whether `user` must log in with a second factor before seeing anything: everyone whose
    role lets them read other people's cases or data (every role but EMPLOYEE), the site
    guards, who receive alarms, and superusers. Employees may add one; they are not made to."""
    if not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_tryghed_must_use_second_factor", None)
    if cached is None:
        cached = (
            user.is_superuser
            or any(m.role != Role.EMPLOYEE for m in memberships_of(user))
            or user.guarded_sites.exists()
        )
        user._tryghed_must_use_second_factor = cached
    return cached


def may_administer(user):
    """May use the administration (Django's admin): an ADMIN somewhere, or a superuser."""
    return user.is_active and (user.is_superuser or bool(units_where(user, Perm.ADMINISTER)))


def may_search_audit_log(user):
    return bool(units_where(user, Perm.SEARCH_AUDIT_LOG))


def may_see_statistics(user):
    return bool(units_where(user, Perm.VIEW_STATS))


def may_edit_report(user, incident):
    """The reporter, the affected employees, and the unit's managers and safety reps may
    complete and correct a report, until it is marked as registered in error."""
    return not incident.is_voided and (
        incident.reported_by_id == user.pk
        or incident.has_affected(user.pk)
        or incident.unit_id in units_where(user, Perm.EDIT_CASES)
    )


def may_add_correction(user, incident):
    """The affected employees and the reporter add a correction or an objection to their own
    case, in any state, kept beside it; managers and reps correct it itself (may_edit_report)."""
    return incident.reported_by_id == user.pk or incident.has_affected(user.pk)


def may_act_on_followup(user, incident):
    """The unit's managers, up to the center head: assess, correct, mark as registered in
    error."""
    return not incident.is_voided and incident.unit_id in units_where(user, Perm.ACT_ON_FOLLOWUP)


def may_read_police_report(user, incident):
    """The case's managers, and the affected employees, who read it before it is sent."""
    return may_act_on_followup(user, incident) or incident.has_affected(user.pk)


def citizen_conversation_units(user):
    """The units whose conversations with citizens a person reads: where they read the cases
    (managers, safety reps and advisors, below the root), as the agreements name the person a
    case's perpetrator reference stands for."""
    return units_where(user, Perm.VIEW_CASES)


def may_record_citizen_conversation(user, incident):
    """The case's managers record a conversation with the citizen behind its perpetrator
    reference."""
    return incident.perpetrator_id is not None and may_act_on_followup(user, incident)


def responsible_for(unit, role):
    """The people who hold `role` nearest above or at `unit`, below the root: the unit's own
    managers, or, where it has none, those of the unit above."""
    units = tree()
    chain = [pk for pk in units.ancestors(unit.pk, include_self=True) if pk not in units.root_ids]
    return _nearest(chain, role)


def _nearest(unit_ids, role):
    """The active holders of `role` in the first of `unit_ids` that has any, by name: one query
    for the whole chain (a report asks for three roles; a query per unit and role made it slow)."""
    found = defaultdict(dict)
    memberships = _memberships().filter(unit_id__in=unit_ids, role=role, user__is_active=True)
    for membership in memberships.select_related("user").order_by("user__name", "user_id"):
        found[membership.unit_id][membership.user] = None
    return next((list(found[pk]) for pk in unit_ids if pk in found), [])


def center_heads_for(unit):
    """The managers of the nearest center at or above `unit`; where there is none, the unit's
    nearest managers."""
    units = tree()
    chain = units.ancestors(unit.pk, include_self=True)
    centers = [pk for pk in chain if units.kinds.get(pk) == UnitKind.CENTER]
    return _nearest(centers, Role.MANAGER) or responsible_for(unit, Role.MANAGER)


def at_the_root(role, unit):
    """MANAGERs at the root of `unit`'s municipality are its executives; ADVISORs there are its
    HR. Never those of another municipality."""
    return _nearest([tree().root_of(unit.pk)], role)


def task_assignees(assignee, unit):
    """The people who do a follow-up task, from the role the task names (followup.Assignee)."""
    if assignee == "center_head":
        return center_heads_for(unit)
    if assignee == "hr":
        return at_the_root(Role.ADVISOR, unit)
    roles = {
        "manager": [Role.MANAGER],
        "safety_rep": [Role.SAFETY_REP],
        "manager_or_safety_rep": [Role.MANAGER, Role.SAFETY_REP],
    }[assignee]
    return [person for role in roles for person in responsible_for(unit, role)]


def may_act_on_task(user, task):
    """The unit's managers (up to the center head) act on every task of a case; others on the
    tasks given to them (a safety rep files the work-injury report; HR its own tasks)."""
    if task.incident.is_voided or task.incident.closed_at:
        return False
    # Through the (usually prefetched) list, so a page of tasks costs no query per task; and
    # whoever holds the task's role today (a safety rep who joined after the case opened).
    return (
        may_act_on_followup(user, task.incident)
        or user in task.assignees.all()
        or user in _current_holders(user, task.assignee, task.incident.unit)
    )


def _current_holders(user, assignee, unit):
    """task_assignees(), cached on the user object for the request: a page of tasks asks for
    each role and unit once."""
    cache = user.__dict__.setdefault("_tryghed_holders", {})
    if (assignee, unit.pk) not in cache:
        cache[assignee, unit.pk] = task_assignees(assignee, unit)
    return cache[assignee, unit.pk]


def may_complete_measure(user, measure):
    """The owner, or a manager of the measure's unit (up to the center head)."""
    return measure.owner_id == user.pk or measure.unit_id in units_where(user, Perm.ACT_ON_FOLLOWUP)


def may_see_support_contacts(user, incident, person):
    """An employee's support contacts: only the managers of that employee's own units, in the
    follow-up of a case about them."""
    managed = units_where(user, Perm.ACT_ON_FOLLOWUP)
    return (
        may_act_on_followup(user, incident) and person.memberships.filter(unit__in=managed).exists()
    )


def people_administered_by(user, people):
    """Of `people`, those an administrator may manage: people all of whose places are in units
    they administer (and, for an administrator at the root, people not placed yet). Never
    themselves and never a superuser, so nobody can raise their own rights."""
    if user.is_superuser:
        return people
    units = units_where(user, Perm.ADMINISTER)
    if not units:
        return people.none()
    elsewhere = _memberships().exclude(unit__in=units).values("user")
    result = people.exclude(is_superuser=True).exclude(pk=user.pk).exclude(pk__in=elsewhere)
    if not units & tree().root_ids:
        result = result.filter(memberships__isnull=False)
    return result.distinct()


def administered_units(user):
    """The units an administrator configures (all of them for a superuser)."""
    if user.is_superuser:
        return set(_units().values_list("pk", flat=True))
    return units_where(user, Perm.ADMINISTER)


# --- Prevention (risk assessment, local guideline, crisis plan, training, onboarding) ----------


def may_list_measures(user, owned):
    """Measures are read where cases are (managers, safety reps, advisors) and by their owners
    (`owned`: the measures the person owns, a queryset); executives and HR follow prevention in
    figures without them."""
    return bool(units_where(user, Perm.VIEW_CASES)) or owned.exists()


def prevention_units(user):
    """The units whose prevention a person follows (risk assessments with the unit's figures,
    courses): where they see statistics."""
    return units_where(user, Perm.VIEW_STATS)


def signing_roles(user, unit):
    """The roles in which a person signs a unit's risk assessment: MANAGER and SAFETY_REP held
    in the unit or a unit above it, below the root."""
    units = tree()
    chain = [pk for pk in units.ancestors(unit.pk, include_self=True) if pk not in units.root_ids]
    held = (
        _memberships()
        .filter(
            user=user,
            user__is_active=True,
            unit__in=chain,
            role__in=[Role.MANAGER, Role.SAFETY_REP],
        )
        .values_list("role", flat=True)
    )
    return {Role(role) for role in held}


def signatures(user, unit):
    """The signatures `user` may give on a unit's risk assessment, named by the role they are
    given in: "manager" as a MANAGER, "safety_rep" as a SAFETY_REP (signing_roles)."""
    return {str(role) for role in signing_roles(user, unit)}


def signatures_to_give(user, assessment):
    """The signatures `user` may still give on a risk assessment, the manager's first: those of
    their signing roles not given yet, and none once it is complete or they have signed it (one
    person never gives both)."""
    signed_by = {assessment.manager_signed_by_id, assessment.safety_rep_signed_by_id}
    if assessment.is_complete or user.pk in signed_by:
        return []
    given = {
        Role.MANAGER: assessment.manager_signed_at,
        Role.SAFETY_REP: assessment.safety_rep_signed_at,
    }
    held = signing_roles(user, assessment.unit)
    return [str(role) for role, signed_at in given.items() if role in held and not signed_at]


def gives_manager_signature(role):
    """Of a risk assessment's two signatures, MANAGER gives the manager's, SAFETY_REP the
    safety rep's."""
    return role == Role.MANAGER


def may_work_on_prevention(user, unit):
    """Managers and safety reps of the unit (or above, below the root) make its risk
    assessment, write its local guideline and crisis plan, and register courses."""
    return bool(signing_roles(user, unit))


def may_read_unit_guidance(user, unit):
    """A unit's local guideline and crisis plan: everyone placed in it or above it, and those
    who follow its prevention."""
    return unit.pk in units_where(user, Perm.VIEW_UNIT) or unit.pk in prevention_units(user)


def may_tick_onboarding(user, checklist):
    """The managers of the unit (up to the center head) tick off a new person's checklist."""
    return checklist.unit_id in units_where(user, Perm.ACT_ON_FOLLOWUP)


# ---------------------------------------------------------------------------------------------
# Alarms (issue 8): door locking and guard reinforcement (the circles are alarms/circles.py).
# A site guard is not a role but an assignment to a site (alarms.Site.guards); a site is the
# building around a unit (alarms.Site.unit). These rules take those objects as arguments, so
# this module imports nothing from the alarms app.
# ---------------------------------------------------------------------------------------------


def manages_at_site(user, site):
    """A manager of a unit at the site, or the center head above it (not the executives, whose
    grants at the root carry no case work)."""
    return bool(units_where(user, Perm.ACT_ON_FOLLOWUP) & tree().descendants([site.unit_id]))


def may_lock_doors(user, site):
    return site.is_town_hall and manages_at_site(user, site)


def is_hr_in(user, unit_id):
    """Whether `user` is HR (an ADVISOR at the root) of the municipality `unit_id` is in."""
    return tree().root_of(unit_id) in is_hr_of(user)


def may_see_door_locks(user, site):
    """The log of door-locking decisions: the site's managers and its municipality's HR."""
    return manages_at_site(user, site) or is_hr_in(user, site.unit_id)


def may_request_guard(user, site):
    return manages_at_site(user, site)


def decides_guard_requests(user, security_unit):
    """The people placed in the configured security unit (Ishøj: Forsikring & Risikostyring)."""
    return _placed_in(user, security_unit)


def _placed_in(user, unit):
    if unit is None or not user.is_authenticated or not user.is_active:
        return False
    ids = tree().descendants([unit.pk])
    return any(membership.unit_id in ids for membership in memberships_of(user))


# --- Blocking on social media: IT carries a block out ---------------------------------------


def carries_out_blocks(user, it_unit):
    """The people placed in the municipality's IT unit (Municipality.it_unit) see the blocks
    waiting for them, with the profile and platform only, never the case, and record each one
    done."""
    return _placed_in(user, it_unit)


# --- The overview (stats) -----------------------------------------------------------------
# Who sees which units' statistics, and when small counts must be protected.


def stats_units(user):
    """Ids of the units whose statistics `user` may see (empty: no overview at all)."""
    return units_where(user, Perm.VIEW_STATS)


def reads_every_case_in(user, unit_ids):
    """Whether `user` may open the cases of every one of the units: then the overview's
    counts need no protection, and exports may carry the cases' free text."""
    return bool(unit_ids) and set(unit_ids) <= units_where(user, Perm.VIEW_CASES)


# --- Who can do what (issue 15, item 5) ---------------------------------------------------
# Administrators and HR list the people of the units they look after, with their roles and
# whether they have a second factor.


def is_hr_of(user):
    """Ids of the roots where `user` is HR (an ADVISOR at the root); from the grants cached
    for the request, so the menu asks no extra query."""
    if not user.is_authenticated or not user.is_active:
        return set()
    _grants(user)
    return {unit_id for role, unit_id in user._tryghed_roles_at_root if role == Role.ADVISOR}


def access_overview_units(user):
    """Ids of the units whose people `user` may list with their roles: the units an
    administrator configures, and for HR their whole municipality. Empty for everyone else."""
    units = set(administered_units(user)) if may_administer(user) else set()
    hr_roots = is_hr_of(user)
    if hr_roots:
        units |= tree().descendants(hr_roots)
    return units


def may_see_access_overview(user):
    return may_administer(user) or bool(is_hr_of(user))


def derived_title(membership, units):
    """What the tree makes of a membership (DESIGN.md, "Roles come from the tree"): MANAGERs
    at the root are the executives, ADVISORs there HR, a center's MANAGER its head; None for
    every other place. `units` is the Tree; `membership.unit` loaded."""
    at_root = membership.unit_id in units.root_ids
    if membership.role == Role.MANAGER and at_root:
        return DerivedTitle.EXECUTIVE
    if membership.role == Role.ADVISOR and at_root:
        return DerivedTitle.HR
    if membership.role == Role.MANAGER and membership.unit.kind == UnitKind.CENTER:
        return DerivedTitle.CENTER_HEAD
    return None


def is_employee_role(membership):
    """Whether the membership is the EMPLOYEE role, which colleagues call by the person's
    employment when it is not permanent ("Vikar", "Elev")."""
    return membership.role == Role.EMPLOYEE


# --- The employee's own copy of their data (GDPR art. 15) ----------------------------------
# Everyone may download their own copy; HR (ADVISORs at the root) produce one on request for a
# person placed in their own municipality, never across municipalities.


def may_produce_copies(user):
    """HR produce a person's copy of their data on request."""
    return bool(is_hr_of(user))


def copy_subjects_for(user, people):
    """Of `people`, those whose copy `user` may produce for them: HR, for the people placed in
    its own municipality and, as a root administrator may, people placed nowhere (not yet, or
    a leaver: they may ask for their data too). Never those placed only in another one."""
    roots = is_hr_of(user)
    if not roots:
        return people.none()
    units = tree().descendants(roots)
    placed_here = _memberships().filter(unit__in=units).values("user")
    placed_anywhere = _memberships().values("user")
    return people.filter(models.Q(pk__in=placed_here) | ~models.Q(pk__in=placed_anywhere))


# Retention ---------------------------------------------------------------------------------


def may_place_legal_hold(user, incident):
    """HR and the case's managers may keep a case from the retention sweep while a police
    case, a work-injury case or a complaint is open; an anonymised case has nothing to keep."""
    return incident.anonymised_at is None and (
        may_act_on_followup(user, incident) or is_hr_in(user, incident.unit_id)
    )


def municipality_of(user):
    """The id of the person's own municipality (the root above their memberships; the first if
    there were several), or None; from the request's memberships and tree, so no query."""
    units = tree()
    roots = {units.root_of(m.unit_id) for m in memberships_of(user) if m.user.is_active}
    return min(roots, default=None)


def retention_municipalities(user):
    """Root unit ids whose retention schedule `user` sees: the root's administrators and HR."""
    if not user.is_authenticated or not user.is_active:
        return set()
    roots = tree().root_ids
    administered = set(administered_units(user)) & set(roots)
    return administered | is_hr_of(user)


def may_confirm_retention(user, root_id):
    """Only the municipality's administrators confirm its retention rules."""
    return root_id in set(administered_units(user)) & set(tree().root_ids)


def audit_events_visible_to(user, events):
    """Of `events` (audit events), those `user` may search: in the units where they hold
    SEARCH_AUDIT_LOG, and those without a unit (logins, imports) when they hold it at the root."""
    unit_ids = units_where(user, Perm.SEARCH_AUDIT_LOG)
    scope = models.Q(unit_id__in=unit_ids)
    if unit_ids & tree().root_ids:
        scope |= models.Q(unit__isnull=True)
    return events.filter(scope)


# --- Settings pages (issue 18, point 6) ----------------------------------------------------
# The settings an administrator edits often get pages of their own (tryghed/setup); the same
# people may use them as may edit the same things in the administration (admin.py of each app).


def may_edit_settings(user):
    """The settings section and its menu item: administrators. A manager adds people to their
    units from the unit's page (placing_units), without the section."""
    return may_administer(user)


def contact_units(user):
    """The units whose contacts `user` edits: those they administer, as in the administration."""
    return administered_units(user) if may_administer(user) else frozenset()


def may_edit_host_names(user):
    """A municipality's host names point the deployment's address at it: the operator's
    (superusers), never a municipality's own administrators."""
    return user.is_active and user.is_superuser


def may_edit_login_providers(user):
    """Who gets in, by which secret variable: the operator's, as the host names are."""
    return may_edit_host_names(user)


def may_edit_shared_settings(user):
    """What all municipalities share (guidance, case templates, acts and triggers, the risk
    assessment's points, onboarding steps, courses): superusers, and administrators of every
    municipality there is, so one never changes what another's people are given."""
    if not may_administer(user):
        return False
    if user.is_superuser:
        return True
    units = tree()
    touched = {units.root_of(pk) for pk in administered_units(user)}
    return units.root_ids <= touched


def may_edit_guidance(user):
    """The employee's guidance: the shared points (may_edit_shared_settings), or the own
    points of the municipalities whose own copies `user` keeps (own_copy_roots)."""
    return may_edit_shared_settings(user) or bool(own_copy_roots(user))


def may_edit_case_templates(user):
    """Case templates and their tasks: the shared ones (may_edit_shared_settings), or the own
    ones of the municipalities whose own copies `user` keeps (own_copy_roots)."""
    return may_edit_shared_settings(user) or bool(own_copy_roots(user))


def own_copy_roots(user):
    """Ids of the municipalities (roots) whose own case templates and guidance points `user`
    sees, copies the shared ones for and edits: those they administer at the root. With one
    municipality the shared set is its own, so there is nothing to copy."""
    if len(tree().root_ids) < 2:
        return set()
    return administered_roots(user)


def shared_or_own(user, *, editing, field="municipality"):
    """A Q on `field` (a municipality) of the templates or guidance points `user` sees in the
    settings (editing=False) or may change (editing=True): their municipalities' own, never
    another's, and the shared set (`field` empty), changed only by may_edit_shared_settings."""
    rows = models.Q(**{f"{field}__in": own_copy_roots(user)})
    if not editing or may_edit_shared_settings(user):
        rows |= models.Q(**{f"{field}__isnull": True})
    return rows


def administered_roots(user):
    """Ids of the municipalities (roots) whose own settings `user` edits: recipients and
    retention. Administrators at the root, and superusers."""
    if not may_administer(user):
        return set()
    return set(administered_units(user)) & set(tree().root_ids)


def roles_to_grant(user, unit):
    """The roles `user` may give a person in `unit`: every role where they administer, the
    EMPLOYEE role (with any employment: a temp, an intern) where they manage below the root,
    else none."""
    if may_administer(user) and unit.pk in administered_units(user):
        return list(Role)
    if unit.pk in units_where(user, Perm.PLACE_EMPLOYEES):
        return [Role.EMPLOYEE]
    return []


def placing_units(user):
    """Ids of the units where `user` may place people (roles_to_grant is not empty there)."""
    administered = administered_units(user) if may_administer(user) else frozenset()
    return set(administered) | set(units_where(user, Perm.PLACE_EMPLOYEES))


def may_place_person(user, person, unit):
    """Whether `user` may give an existing `person` a role in `unit`: never themselves or a
    superuser, never someone inactive, and only a person placed nowhere or only within the
    unit's own municipality (nothing crosses from one municipality to another)."""
    if person.pk == user.pk or person.is_superuser or not person.is_active:
        return False
    units = tree()
    root = units.root_of(unit.pk)
    placed = _memberships().filter(user=person).values_list("unit_id", flat=True)
    return all(units.root_of(unit_id) == root for unit_id in placed)


# --- The front page: one start page per role ------------------------------------------------
# A person with several roles starts on the page of their highest one and may switch to the
# others. Guarding a site is an assignment (alarms.Site.guards), so the caller says whether the
# person guards one; everything else comes from the memberships read for the request.


class StartPage(enum.StrEnum):
    OVERVIEW = "overblik"  # executives, HR and advisors: their area and its serious cases
    MANAGER = "leder"  # managers below the root, center heads included: their tasks by case
    GUARD = "vagt"  # the site guards: the alarm console
    REPRESENTATIVE = "tillidsvalgt"  # safety and union reps: the cases they follow
    EMPLOYEE = "medarbejder"  # everyone: report, their own episodes, the quick guide


def start_pages(user, guards_a_site=False):
    """The start pages `user` may see, the one for their highest role first; every person has
    the employee's."""
    if not user.is_authenticated or not user.is_active:
        return []
    units = tree()
    pages = {StartPage.EMPLOYEE}
    for membership in memberships_of(user):
        pages.add(_start_page_of(membership.role, membership.unit_id in units.root_ids))
    if guards_a_site:
        pages.add(StartPage.GUARD)
    return [page for page in StartPage if page in pages]


def _start_page_of(role, at_root):
    if role == Role.ADVISOR or (role == Role.MANAGER and at_root):
        return StartPage.OVERVIEW
    if role == Role.MANAGER:
        return StartPage.MANAGER
    if role in (Role.SAFETY_REP, Role.UNION_REP):
        return StartPage.REPRESENTATIVE
    return StartPage.EMPLOYEE


def start_page_for(user, asked="", guards_a_site=False):
    """(the page to show, the pages to choose from): the one asked for if the person has it,
    else the one for their highest role."""
    pages = start_pages(user, guards_a_site)
    chosen = next((page for page in pages if page == asked), pages[0] if pages else None)
    return chosen, pages


# --- The API (issue 21, point 2) -------------------------------------------------------------
# A personal token acts as its person, through every rule above. A system token acts as no one:
# its scope says what it reads. The one scope, statistics, reads one municipality's figures,
# always protected, since a system opens no case.


def may_hold_api_tokens(user):
    """Everyone logged in may make and revoke personal tokens of their own."""
    return user.is_authenticated and user.is_active


def system_token_roots(user):
    """Ids of the municipalities whose system tokens `user` makes and revokes: their
    administrators at the root (and superusers)."""
    return administered_roots(user)


def api_tokens_visible_to(user, tokens):
    """Of `tokens`, those `user` sees and may revoke: their own, the system tokens of the
    municipalities they administer, and the personal tokens of the people they administer (a
    leaver's)."""
    if not may_hold_api_tokens(user):
        return tokens.none()
    people = people_administered_by(user, get_user_model().objects.all())
    return tokens.filter(
        models.Q(user=user)
        | models.Q(municipality__in=system_token_roots(user))
        | models.Q(user__in=people.values("pk"))
    )


def statistics_token_units(root_id):
    """The units whose figures a statistics token reads: its whole municipality."""
    return frozenset(tree().descendants([root_id]))
