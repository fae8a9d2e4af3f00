"""The employee's own guidance, as data: each `GuidancePoint` is one piece of advice under a
`Topic` (calm words, the conflict staircase, colleague first aid, the municipality's rules for
social media). Seeded points store a code and show Tryghed's wording for it in the reader's
language; an administrator may reword, reorder, retire or add points (core.wording)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tryghed.core.validators import number_between
from tryghed.core.wording import OWN_TEXT_HINT, code_constraints, code_field, worded
from tryghed.guidance.wording import POINTS
from tryghed.organizations.models import Municipality


class Topic(models.TextChoices):
    CALM_WORDS = "calm_words", _("Calm words: talking a conflict down")
    STAIRCASE = "staircase", _("The conflict staircase")
    FIRST_AID = "first_aid", _("Colleague first aid")
    SOCIAL_MEDIA = "social_media", _("The municipality's rules for social media")


# The employee's own advice, in the order it helps: before, on the way up, afterwards.
ADVICE = [Topic.CALM_WORDS, Topic.STAIRCASE, Topic.FIRST_AID]


class GuidancePointQuerySet(models.QuerySet):
    def for_municipality(self, root_id):
        """The points a person of the municipality with root `root_id` is shown: its own, and
        the shared ones it has no own point with the same code for (an own copy, even one not
        in use, replaces the shared point). None: the shared set."""
        shared = Q(municipality__isnull=True)
        if root_id is None:
            return self.filter(shared)
        replaced = self.filter(municipality_id=root_id).exclude(code="").values("code")
        return self.filter(Q(municipality_id=root_id) | (shared & ~Q(code__in=replaced)))

    def for_reader(self, request):
        """The reader's municipality's points (Municipality.objects.root_for)."""
        return self.for_municipality(Municipality.objects.root_for(request))

    def shown(self):
        return self.filter(is_active=True).order_by("topic", "position", "pk")

    def about(self, topic):
        return self.shown().filter(topic=topic)

    def by_topic(self):
        """{topic: [points]} for every topic, in order; a topic without points is empty."""
        found = {topic: [] for topic in Topic.values}
        for point in self.shown():
            found[point.topic].append(point)
        return found

    def advice(self):
        """[(topic, [points])] of the employee's own advice, in its order."""
        found = self.by_topic()
        return [(topic, found[topic]) for topic in ADVICE]


class GuidancePoint(models.Model):
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    code = code_field()
    text = models.TextField(_("text"), blank=True, help_text=OWN_TEXT_HINT)
    position = models.PositiveSmallIntegerField(
        _("position"),
        default=0,
        validators=number_between(0, 999, _("Write an order from 0 to 999.")),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Empty: shared by every municipality."),
    )

    objects = GuidancePointQuerySet.as_manager()

    class Meta:
        verbose_name = _("guidance point")
        verbose_name_plural = _("guidance points")
        ordering = ["topic", "position", "pk"]
        constraints = code_constraints("text", within="municipality", shared=True)

    def __str__(self):
        return self.label

    def own_copy(self, root_id):
        """This shared point as the own point of the municipality with root `root_id`: it
        keeps the code, so it takes the shared point's place there."""
        copy = GuidancePoint.objects.get(pk=self.pk)
        copy.pk, copy.municipality_id = None, root_id
        copy.save(force_insert=True)
        return copy

    @property
    def label(self):
        return worded(self.text, self.code, POINTS)
