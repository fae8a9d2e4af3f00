"""Tryghed's wording of the guidance points it seeds, by code: English msgids, translated when
shown (core.wording). Written in our own words from the facts of the municipality's guideline
(its advice on de-escalating language, colleague first aid and social media) and the common
model of the conflict staircase."""

from django.utils.translation import pgettext_lazy

CALM_WORDS = {
    "calm.start": pgettext_lazy(
        "guidance point",
        "You can start the way down yourself: do not wait for the other to calm down first.",
    ),
    "calm.agree": pgettext_lazy(
        "guidance point", "Look for what you can agree on, and check that you have understood them."
    ),
    "calm.next": pgettext_lazy(
        "guidance point", "Talk about what can be done next, not about who is right."
    ),
    "calm.listen": pgettext_lazy(
        "guidance point", "Listen to their side, also when you cannot give them what they ask for."
    ),
    "calm.open_mind": pgettext_lazy(
        "guidance point", "Meet the person and the matter without a ready-made opinion."
    ),
    "calm.concrete": pgettext_lazy(
        "guidance point", "Be concrete: give examples instead of general judgements."
    ),
    "calm.pace": pgettext_lazy("guidance point", "Speak slowly and quietly, and let them finish."),
    "calm.body": pgettext_lazy(
        "guidance point", "Your body speaks before your words: face them, nod, keep your arms open."
    ),
    "calm.verdict": pgettext_lazy(
        "guidance point",
        "Someone who feels criticised stops listening: choose words that do not sound like a "
        "verdict on them.",
    ),
}

STAIRCASE = {
    "stair.disagree": pgettext_lazy(
        "guidance point",
        "Disagreement: you disagree about a matter, and still talk about the matter.",
    ),
    "stair.personal": pgettext_lazy(
        "guidance point", "It gets personal: the other person becomes the problem, not the matter."
    ),
    "stair.grows": pgettext_lazy(
        "guidance point", "The problem grows: old grievances and new accusations are pulled in."
    ),
    "stair.talk_stops": pgettext_lazy(
        "guidance point", "Talking stops: people talk about each other instead of with each other."
    ),
    "stair.enemy": pgettext_lazy(
        "guidance point",
        "Enemy images: the other is seen only as bad, and everything seems to prove it.",
    ),
    "stair.hostile": pgettext_lazy(
        "guidance point", "Open hostility: threats, and attempts to hurt or to win at any price."
    ),
    "stair.apart": pgettext_lazy(
        "guidance point", "Apart: contact breaks off, or it ends in violence."
    ),
}

FIRST_AID = {
    "aid.be_there": pgettext_lazy(
        "guidance point", "Be there: show that you care, and see that they are safe."
    ),
    "aid.calm": pgettext_lazy("guidance point", "Find a quiet place, and bring calm around them."),
    "aid.touch": pgettext_lazy(
        "guidance point",
        "Think before you touch: not everyone wants a hand on the shoulder right now.",
    ),
    "aid.needs": pgettext_lazy(
        "guidance point", "Ask what they need, and follow that, not what you would want yourself."
    ),
    "aid.room": pgettext_lazy("guidance point", "Make room for silence, breaks and tears."),
    "aid.listen": pgettext_lazy(
        "guidance point", "Listen more than you talk; ask and talk it through if they want to."
    ),
    "aid.facts": pgettext_lazy(
        "guidance point", "Simple questions about what happened can help them put it in order."
    ),
    "aid.no_blame": pgettext_lazy(
        "guidance point", "Contradict self-blame, and do not put the blame on anyone yourself."
    ),
    "aid.not_small": pgettext_lazy(
        "guidance point", "Do not make it smaller than it was, and hold back on good advice."
    ),
    "aid.emergency": pgettext_lazy(
        "guidance point", "Go with them to the emergency department if they are hurt."
    ),
    "aid.home": pgettext_lazy("guidance point", "See them home, and make sure they are not alone."),
    "aid.practical": pgettext_lazy(
        "guidance point",
        "Help with the practical things: shopping, picking up children, cancelling appointments.",
    ),
}

SOCIAL_MEDIA = {
    "social.no_cases": pgettext_lazy(
        "guidance point",
        "We never handle cases or answer about personal matters on social media: refer the "
        "person to the unit or the professional who has the case.",
    ),
    "social.public_profile": pgettext_lazy(
        "guidance point",
        "Work on social media belongs on the workplace's public profile, not on your private "
        "one: that protects you.",
    ),
    "social.confidentiality": pgettext_lazy(
        "guidance point", "Your duty of confidentiality always applies, also in a debate online."
    ),
    "social.own_behalf": pgettext_lazy(
        "guidance point",
        "You have freedom of speech. When what you write could be read as the municipality's "
        "view, say clearly that you speak on your own behalf.",
    ),
    "social.criticism": pgettext_lazy(
        "guidance point",
        "Criticism of the workplace from others is answered by management or the public "
        "profile rather than from your own profile, as your workplace agrees.",
    ),
    "social.contact_details": pgettext_lazy(
        "guidance point",
        "Never give out private e-mail addresses, phone numbers or other private details, "
        "your own or your colleagues'.",
    ),
    "social.friend_requests": pgettext_lazy(
        "guidance point",
        "It is all right to decline friend requests from citizens, colleagues or managers. "
        "Think before you accept one linked to your work, and follow your workplace's rules "
        "for it.",
    ),
    "social.harassed": pgettext_lazy(
        "guidance point",
        "If you are harassed or threatened online, tell your manager, keep screenshots and "
        "register it in Tryghed.",
    ),
}

POINTS = {**CALM_WORDS, **STAIRCASE, **FIRST_AID, **SOCIAL_MEDIA}
