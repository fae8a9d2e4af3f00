"""The guidance a database starts with, by topic and code: the words are Tryghed's wording
(wording.py), translated when shown. The migration that seeds a new database keeps a frozen
copy (migrations/0001_initial.py); this live copy seeds the demo and the tests, and a test keeps
the two the same. Idempotent: a topic is seeded only while it has no points."""

from tryghed.guidance.wording import CALM_WORDS, FIRST_AID, SOCIAL_MEDIA, STAIRCASE

# topic, [codes in order]
POINTS = [
    ("calm_words", list(CALM_WORDS)),
    ("staircase", list(STAIRCASE)),
    ("first_aid", list(FIRST_AID)),
    ("social_media", list(SOCIAL_MEDIA)),
]


def seed_points(point_model=None):
    if point_model is None:
        from tryghed.guidance.models import GuidancePoint as point_model
    for topic, codes in POINTS:
        if not point_model.objects.filter(topic=topic).exists():
            point_model.objects.bulk_create(
                point_model(topic=topic, code=code, position=i)
                for i, code in enumerate(codes, start=1)
            )
