"""The Kyushu consortium as the admin browser tests find it: the reference loaded, its admin
(kyushu-admin), and an outreach lecture held five days ago, so attendance may be recorded."""

import datetime

from django.utils import timezone

from consortia.models import Consortium, Event, Programme
from consortia.services import consortium_admin_create, consortium_reference_load_file

ADMIN = "kyushu-admin"


def kyushu_held_event(*, password: str, name_ja: str, venue: str) -> Event:
    """The consortium, its admin signing in with `password`, and an event five days ago."""
    consortium_reference_load_file()
    kyushu = Consortium.objects.get(slug="kyushu-semiconductor")
    consortium_admin_create(username=ADMIN, consortia=[kyushu], password=password)
    programme = Programme.objects.create(
        consortium=kyushu,
        name_ja=name_ja,
        name_en="Introduction to semiconductor manufacturing",
        kind="outreach_lecture",
    )
    start = timezone.now() - datetime.timedelta(days=5)
    return Event.objects.create(
        programme=programme,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        venue=venue,
        prefecture="43",
        capacity=200,
    )
