"""Actors for the access matrix and a small, known set of rollup rows for the reports' pages and API.

The figures (people first counted, all in 2025, source "course"):
Tokyo (13) 120, Osaka (27) 40, Kumamoto (43) 3. With a threshold of 10, Kumamoto is primary-
suppressed and Osaka (the smallest other non-zero count) is suppressed with it, so that Kumamoto
cannot be worked out from the total (163).
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db.models import F

from consortia.models import Consortium
from consortia.selectors import MINISTRY_VIEWER_GROUP
from consortia.services import consortium_admin_create
from core.models import User
from reports.models import DailyProgress, MonthlyProgress
from skills.models import HumanResourceType
from tests.consortia.factories import ConsortiumFactory, UserFactory

PASSWORD = "reports-pass-2026"
ACTORS = ("anonymous", "learner", "consortium_admin", "ministry", "superuser")
READERS = ("ministry", "superuser")


def progress_add(
    day: datetime.date,
    prefecture: str,
    people: int,
    *,
    hr_type_id: int = 0,
    consortium_id: int = 0,
    source: str = "course",
) -> None:
    """Rows as the rollup writes them: one daily cell and its month."""
    cell = {
        "prefecture": prefecture,
        "hr_type_id": hr_type_id,
        "consortium_id": consortium_id,
        "source": source,
    }
    DailyProgress.objects.create(day=day, people=people, **cell)
    month, created = MonthlyProgress.objects.get_or_create(
        month=day.replace(day=1), defaults={"people": people}, **cell
    )
    if not created:
        MonthlyProgress.objects.filter(pk=month.pk).update(people=F("people") + people)


@pytest.fixture
def figures(counting) -> dict:
    business = HumanResourceType.objects.get(slug="business-architect", version__is_current=True)
    consortium = ConsortiumFactory(slug="kyushu-semiconductor", name_ja="九州半導体人材育成等コンソーシアム")
    progress_add(datetime.date(2025, 4, 10), "13", 70, hr_type_id=business.pk)
    progress_add(datetime.date(2025, 5, 20), "13", 50, hr_type_id=business.pk)
    progress_add(datetime.date(2025, 6, 5), "27", 40)
    progress_add(datetime.date(2025, 6, 7), "43", 3, consortium_id=consortium.pk, source="programme")
    return {"business": business, "consortium": consortium}


@pytest.fixture
def actors(db) -> dict[str, User | None]:
    viewer = UserFactory(username="ministry", is_staff=True)
    viewer.groups.add(Group.objects.get_or_create(name=MINISTRY_VIEWER_GROUP)[0])
    consortium = Consortium.objects.filter(slug="kyushu-semiconductor").first() or ConsortiumFactory(
        slug="kyushu-semiconductor"
    )
    return {
        "anonymous": None,
        "learner": UserFactory(username="plain-learner"),
        "consortium_admin": consortium_admin_create(
            username="kyushu-admin", consortia=[consortium], password=PASSWORD
        ),
        "ministry": viewer,
        "superuser": User.objects.create_superuser("root", "root@example.jp", PASSWORD),
    }
