"""Tryghed's wording of the case templates and tasks it seeds (the guideline's part "Efter"),
by code: English msgids, translated when shown (core.wording). The facts (deadlines, roles) are
the guideline's and the law's; the words are Tryghed's own."""

from django.utils.translation import pgettext_lazy

CASE_TEMPLATES = {
    "violence": pgettext_lazy(
        "case template",
        "Violence, threats and offensive behaviour",
    ),
    "online": pgettext_lazy(
        "case template",
        "Harassment and threats on social media",
    ),
}

TASK_TITLES = {
    "violence.acknowledge": pgettext_lazy(
        "task title",
        "Acknowledge the episode and talk to the employee today",
    ),
    "violence.support": pgettext_lazy(
        "task title",
        "Arrange support, for witnesses too",
    ),
    "violence.counselling": pgettext_lazy(
        "task title",
        "Offer psychological counselling",
    ),
    "violence.police_report": pgettext_lazy(
        "task title",
        "Police report: decide and report",
    ),
    "violence.work_injury": pgettext_lazy(
        "task title",
        "Report the work injury",
    ),
    "violence.inform": pgettext_lazy(
        "task title",
        "Inform the safety rep and decide who else needs to know",
    ),
    "violence.serious_case": pgettext_lazy(
        "task title",
        "Inform the Executive Board and HR of the serious episode",
    ),
    "violence.follow_up_talk": pgettext_lazy(
        "task title",
        "Follow-up talk with those present and the safety rep",
    ),
    "violence.sparring": pgettext_lazy(
        "task title",
        "Offer sparring with colleagues or professional supervision",
    ),
    "violence.evaluation": pgettext_lazy(
        "task title",
        "Evaluate with the health and safety group",
    ),
    "online.acknowledge": pgettext_lazy(
        "task title",
        "Receive the employee's report and take over the handling",
    ),
    "online.evidence": pgettext_lazy(
        "task title",
        "Secure evidence",
    ),
    "online.post_removal": pgettext_lazy(
        "task title",
        "Decide whether posts are to be deleted",
    ),
    "online.blocking": pgettext_lazy(
        "task title",
        "Decide whether the citizen is to be blocked",
    ),
    "online.counselling": pgettext_lazy(
        "task title",
        "Psychological first aid and an offer of psychological counselling",
    ),
    "online.inform": pgettext_lazy(
        "task title",
        "Decide whether others are to be informed",
    ),
    "online.dialogue": pgettext_lazy(
        "task title",
        "Dialogue with the citizen",
    ),
    "online.meeting": pgettext_lazy(
        "task title",
        "A meeting with management, if useful",
    ),
    "online.police_report": pgettext_lazy(
        "task title",
        "Report to the police if it is unlawful",
    ),
    "online.work_injury": pgettext_lazy(
        "task title",
        "Report it as an offensive incident",
    ),
    "online.follow_up_talk": pgettext_lazy(
        "task title",
        "Follow up with the employee",
    ),
    "online.evaluation": pgettext_lazy(
        "task title",
        "Evaluate and adjust practice",
    ),
}

TASK_GUIDANCE = {
    "violence.acknowledge": pgettext_lazy(
        "task guidance",
        "Say clearly that what happened is not all right, and that the workplace takes it "
        "seriously. Talk to the employee the same day.\n\n"
        "Peer first aid: Show care and create calm. Find out what the person affected needs, "
        "and follow it. Listen and ask about what happened, without blaming, playing it down "
        "or giving advice. Make room for breaks and feelings. Go along to the emergency room "
        "if necessary, and make sure the person affected is not alone when they come home. "
        "Help with the practical things if you can: shopping, picking up children, "
        "cancellations.",
    ),
    "violence.support": pgettext_lazy(
        "task guidance",
        "See the employee's support contacts below, and agree who follows up. Remember the "
        "colleagues who saw the episode: they may need support as well.",
    ),
    "violence.counselling": pgettext_lazy(
        "task guidance",
        "Tell the employee about the offer of anonymous psychological counselling. The offer "
        "is voluntary. Only the date of the offer is recorded here, never anything about the "
        "counselling itself.",
    ),
    "violence.police_report": pgettext_lazy(
        "task guidance",
        "As a rule, every episode of violence or threats of violence is reported to the "
        "police. The victim's right to compensation requires a report no later than 72 hours "
        "after the episode. If you choose not to report, write down why. Calling the police "
        "is not a report.",
    ),
    "violence.work_injury": pgettext_lazy(
        "task guidance",
        "Violence and threats are reported as a work injury under the Workers' Compensation "
        "Act, together with the form on offensive incidents. The deadline is 14 days after "
        "the first day of absence, or 14 days after the episode if there is no absence.",
    ),
    "violence.inform": pgettext_lazy(
        "task guidance",
        "The safety representative is always informed. Decide whether other colleagues or the"
        " union representative should be informed. No general notice goes to the whole "
        "organization.",
    ),
    "violence.serious_case": pgettext_lazy(
        "task guidance",
        "The episode is serious. As center head, you inform the Executive Board and HR of the"
        " episode and of the information given. Once the task is done, they can see the case.",
    ),
    "violence.follow_up_talk": pgettext_lazy(
        "task guidance",
        "Talk the episode through with those who were present and with the safety representative.",
    ),
    "violence.sparring": pgettext_lazy(
        "task guidance",
        "Offer those involved planned time to reflect on the episode: sparring with "
        "colleagues or a manager, or professional supervision, where an internal or external "
        "supervisor helps one person or a group. Record the day it is planned for and, "
        "afterwards, that it took place. Nothing about what is said is recorded here.",
    ),
    "violence.evaluation": pgettext_lazy(
        "task guidance",
        "Assess with the health and safety group whether more should be done to keep it from "
        "happening again. Create measures with an owner and a deadline, or write why none are"
        " needed.",
    ),
    "online.acknowledge": pgettext_lazy(
        "task guidance",
        "The employee has told management about the harassment. Acknowledge it, and agree "
        "that you or another key person takes over, so the employee is not left alone with "
        "it.",
    ),
    "online.evidence": pgettext_lazy(
        "task guidance",
        "Take screenshots or prints of posts and comments, with address and time, and add "
        "them under Evidence on the case. Evidence is never changed; a correction is new "
        "evidence.",
    ),
    "online.post_removal": pgettext_lazy(
        "task guidance",
        "Posts on the municipality's own pages must be deleted if they harass named "
        "employees, contain personal data or personal cases, or break the law. They may be "
        "deleted if they are off the page's purpose or otherwise inappropriate. Secure the "
        "evidence first.",
    ),
    "online.blocking": pgettext_lazy(
        "task guidance",
        "Blocking requires repetition: at least two episodes from the same person, or a "
        "written reason. The manager decides; IT carries out the block.",
    ),
    "online.counselling": pgettext_lazy(
        "task guidance",
        "Support the employee right away, and tell them about the offer of anonymous "
        "psychological counselling. Only the date of the offer is recorded here.",
    ),
    "online.inform": pgettext_lazy(
        "task guidance",
        "If the case can affect other employees, consider informing them, and perhaps the "
        "safety rep and the union rep.",
    ),
    "online.dialogue": pgettext_lazy(
        "task guidance",
        "Ask the citizen to stop the harassment or the threats, and tell them of the possible"
        " consequences, for example a police report. Explain that the employees act within "
        "the political and managerial framework, not on their own.",
    ),
    "online.meeting": pgettext_lazy(
        "task guidance",
        "The citizen can be invited to a meeting with management to clear up disagreements.",
    ),
    "online.police_report": pgettext_lazy(
        "task guidance",
        "If anything unlawful has happened, the citizen is reported to the police following "
        "the municipality's guideline. If you decide not to report, write down why.",
    ),
    "online.work_injury": pgettext_lazy(
        "task guidance",
        "Report the incident as a work injury, with the form on offensive incidents.",
    ),
    "online.follow_up_talk": pgettext_lazy(
        "task guidance",
        "The manager follows up with the employee. It can be agreed that a colleague, the "
        "safety rep or the union rep follows up too.",
    ),
    "online.evaluation": pgettext_lazy(
        "task guidance",
        "Evaluate the incident later, and adjust practice so that similar incidents are "
        "prevented. Create measures with an owner and a deadline, or write why none are "
        "needed.",
    ),
}
