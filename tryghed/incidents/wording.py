"""Tryghed's wording of the acts and triggers it seeds, by code: English msgids, translated when
shown (core.wording). The migration stores only the codes."""

from django.utils.translation import pgettext_lazy

ACTS = {
    "assault": pgettext_lazy(
        "act",
        "Assault",
    ),
    "strangling": pgettext_lazy(
        "act",
        "Attempted strangling",
    ),
    "stabbing": pgettext_lazy(
        "act",
        "Stabbing",
    ),
    "kick": pgettext_lazy(
        "act",
        "Kick",
    ),
    "blow": pgettext_lazy(
        "act",
        "Blow",
    ),
    "push": pgettext_lazy(
        "act",
        "Push",
    ),
    "trip": pgettext_lazy(
        "act",
        "Tripping",
    ),
    "hold": pgettext_lazy(
        "act",
        "Holding or grabbing",
    ),
    "throwing": pgettext_lazy(
        "act",
        "Throwing objects",
    ),
    "pinch": pgettext_lazy(
        "act",
        "Pinch",
    ),
    "bite": pgettext_lazy(
        "act",
        "Bite",
    ),
    "scratch": pgettext_lazy(
        "act",
        "Scratch",
    ),
    "spit": pgettext_lazy(
        "act",
        "Spitting",
    ),
    "mockery": pgettext_lazy(
        "act",
        "Mockery",
    ),
    "humiliation": pgettext_lazy(
        "act",
        "Humiliation",
    ),
    "offence": pgettext_lazy(
        "act",
        "Offence",
    ),
    "harassment": pgettext_lazy(
        "act",
        "Harassment of the employee or their family",
    ),
    "death_threat": pgettext_lazy(
        "act",
        "Threat to life",
    ),
    "threat_workplace": pgettext_lazy(
        "act",
        "Threat of vandalism against the workplace",
    ),
    "threat_family": pgettext_lazy(
        "act",
        "Threat against the employee's family",
    ),
    "threat_belongings": pgettext_lazy(
        "act",
        "Threat against the employee's belongings",
    ),
    "defamation": pgettext_lazy(
        "act",
        "Defamation (untrue statements)",
    ),
    "libel": pgettext_lazy(
        "act",
        "Defamatory accusations",
    ),
    "disclosure": pgettext_lazy(
        "act",
        "Disclosure of personal information",
    ),
    "online_threat": pgettext_lazy(
        "act",
        "Threat on social media",
    ),
}

TRIGGERS = {
    "refusal": pgettext_lazy(
        "trigger",
        "Refusal of an application",
    ),
    "demand": pgettext_lazy(
        "trigger",
        "Demands on the citizen",
    ),
    "mistake": pgettext_lazy(
        "trigger",
        "Pointing out a mistake",
    ),
    "waiting": pgettext_lazy(
        "trigger",
        "Waiting time",
    ),
    "intervention": pgettext_lazy(
        "trigger",
        "Intervention",
    ),
    "intoxication": pgettext_lazy(
        "trigger",
        "Under the influence of alcohol or drugs",
    ),
    "unknown": pgettext_lazy(
        "trigger",
        "Unknown",
    ),
    "other": pgettext_lazy(
        "trigger",
        "Other",
    ),
}
