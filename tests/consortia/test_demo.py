import io

import pytest

from consortia import demo
from consortia.models import Event, Programme
from core.models import User

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_creates_demo_admins(standard):
    demo.seed(io.StringIO())
    counts = (Programme.objects.count(), Event.objects.count())
    demo.seed(io.StringIO())

    assert (Programme.objects.count(), Event.objects.count()) == counts == (8, 16)
    assert not Programme.objects.filter(is_demo=False).exists()
    for username in ("kyushu-admin", "tohoku-admin", "chugoku-admin", "kansai-admin"):
        user = User.objects.get(username=username)
        assert user.is_demo
        assert user.is_staff
        assert user.check_password(demo.DEMO_PASSWORD)
    kyushu = User.objects.get(username="kyushu-admin")
    assert list(kyushu.administered_consortia.values_list("slug", flat=True)) == ["kyushu-semiconductor"]
    for programme in Programme.objects.all():
        assert sorted(event.is_upcoming for event in programme.events.all()) == [False, True]


def test_remove_deletes_demo_programmes(standard):
    demo.seed(io.StringIO())
    demo.remove(io.StringIO())

    assert not Programme.objects.exists()
