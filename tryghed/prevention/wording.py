"""Tryghed's wording of the risk-assessment points, onboarding points and courses it seeds, by
code: English msgids, translated when shown (core.wording)."""

from django.utils.translation import pgettext_lazy

RISK_POINTS = {
    "trained": pgettext_lazy(
        "risk point",
        "Employees are trained to handle behavior that can end in violence",
    ),
    "warning_signs": pgettext_lazy(
        "risk point",
        "Employees know the warning signs and react to them",
    ),
    "conflict_skills": pgettext_lazy(
        "risk point",
        "Employees can communicate and handle conflicts",
    ),
    "guideline_known": pgettext_lazy(
        "risk point",
        "Everyone knows the local guideline and their own role in it",
    ),
    "deescalating_language": pgettext_lazy(
        "risk point",
        "We use language that de-escalates, also with refusals and demands",
    ),
    "decisions_explained": pgettext_lazy(
        "risk point",
        "Decisions and refusals are explained so that the citizen can understand them",
    ),
    "loose_objects": pgettext_lazy(
        "risk point",
        "There are no loose objects that can be thrown",
    ),
    "screens": pgettext_lazy(
        "risk point",
        "Screens or counters separate where necessary",
    ),
    "no_private_photos": pgettext_lazy(
        "risk point",
        "No private photos of the employees are on display",
    ),
    "wide_tables": pgettext_lazy(
        "risk point",
        "The tables in the meeting rooms are wide enough to keep a distance",
    ),
    "escape_route": pgettext_lazy(
        "risk point",
        "Both employee and citizen have an escape route out of the room",
    ),
    "alarms_work": pgettext_lazy(
        "risk point",
        "Alarms work, are tested and are within reach",
    ),
    "light_and_space": pgettext_lazy(
        "risk point",
        "There is enough light and space in corridors, waiting areas and meeting rooms",
    ),
    "short_waits": pgettext_lazy(
        "risk point",
        "Waiting times are short",
    ),
    "friendly_reception": pgettext_lazy(
        "risk point",
        "The reception is friendly and welcoming",
    ),
    "clear_information": pgettext_lazy(
        "risk point",
        "The citizen is told clearly what will happen",
    ),
    "fixed_contact": pgettext_lazy(
        "risk point",
        "The citizen has a fixed contact person",
    ),
    "bad_chemistry": pgettext_lazy(
        "risk point",
        "'Bad chemistry' between citizen and employee is taken into account",
    ),
    "two_present": pgettext_lazy(
        "risk point",
        "Meetings with a risk are held with two employees present",
    ),
    "no_pressure": pgettext_lazy(
        "risk point",
        "Employees are not pressed or stressed in their work",
    ),
}

ONBOARDING_POINTS = {
    "guideline": pgettext_lazy(
        "onboarding point",
        "Go through the unit's local guideline and crisis plan",
    ),
    "reporting": pgettext_lazy(
        "onboarding point",
        "Show how an episode is registered in Tryghed, also from the phone",
    ),
    "frustrations": pgettext_lazy(
        "onboarding point",
        "Talk about situations that often frustrate citizens: demands, refusals and waiting time",
    ),
    "local_risks": pgettext_lazy(
        "onboarding point",
        "Show local risk factors, e.g. narrow corridors or awkward escape routes",
    ),
    "fitting_tasks": pgettext_lazy(
        "onboarding point",
        "Agree on tasks that fit the new person's competencies",
    ),
    "training_plan": pgettext_lazy(
        "onboarding point",
        "Make a plan for how the new person is trained in the tasks that can lead to "
        "confrontations",
    ),
    "own_guidance": pgettext_lazy(
        "onboarding point",
        "Go through the advice for employees: calm words, the conflict staircase, colleague first "
        "aid and the municipality's rules for social media",
    ),
}

COURSES = {
    "conflict_high": pgettext_lazy(
        "course",
        "Conflict handling, high risk level",
    ),
    "conflict_medium": pgettext_lazy(
        "course",
        "Conflict handling, medium risk level",
    ),
    "conflict_low": pgettext_lazy(
        "course",
        "Conflict handling, low risk level",
    ),
}
