"""Actors for the access matrix and a small, known set of rollup rows for the reports' pages and API.

The figures (people first counted, all in 2025): Tokyo (13) 120 (70 in April, 50 in May), Osaka (27)
40 in June, Kumamoto (43) 3 in June through a Kyushu programme. Ministry viewers see each cell's
protected figure (`protected()` computes the expected one); Kumamoto's is "x".
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db.models import F

from consortia.models import Consortium
from consortia.selectors import MINISTRY_VIEWER_GROUP
from consortia.services import consortium_admin_create
from core.models import User
from reports.disclosure import protect
from reports.models import DailyProgress, MonthlyProgress
from skills.models import HumanResourceType
from tests.consortia.factories import ConsortiumFactory
from tests.core.factories import UserFactory

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
    key_sum: int | None = None,
) -> None:
    """Rows as the rollup writes them: one daily cell and its month. The key sum (the people's
    record keys added up) is a fixed function of the row unless given, so figures are reproducible."""
    cell = {
        "prefecture": prefecture,
        "hr_type_id": hr_type_id,
        "consortium_id": consortium_id,
        "source": source,
    }
    if key_sum is None:
        key_sum = people * 40_503 + day.toordinal()
    DailyProgress.objects.create(day=day, people=people, key_sum=key_sum, **cell)
    month, created = MonthlyProgress.objects.get_or_create(
        month=day.replace(day=1), defaults={"people": people, "key_sum": key_sum}, **cell
    )
    if not created:
        MonthlyProgress.objects.filter(pk=month.pk).update(
            people=F("people") + people, key_sum=F("key_sum") + key_sum
        )


def protected(**filters: object) -> int | str:
    """The protected figure of the cell of the monthly rows matching `filters` (the expected value)."""
    rows = MonthlyProgress.objects.filter(**filters)
    return protect(sum(r.people for r in rows), sum(r.key_sum for r in rows))


@pytest.fixture
def figures(counting) -> dict:
    business = HumanResourceType.objects.get(slug="business-architect", version__is_current=True)
    consortium = ConsortiumFactory.create(
        slug="kyushu-semiconductor", name_ja="九州半導体人材育成等コンソーシアム"
    )
    progress_add(datetime.date(2025, 4, 10), "13", 70, hr_type_id=business.pk)
    progress_add(datetime.date(2025, 5, 20), "13", 50, hr_type_id=business.pk)
    progress_add(datetime.date(2025, 6, 5), "27", 40)
    progress_add(datetime.date(2025, 6, 7), "43", 3, consortium_id=consortium.pk, source="programme")
    return {"business": business, "consortium": consortium}


@pytest.fixture
def actors(db) -> dict[str, User | None]:
    viewer = UserFactory.create(username="ministry", is_staff=True)
    viewer.groups.add(Group.objects.get_or_create(name=MINISTRY_VIEWER_GROUP)[0])
    consortium = Consortium.objects.filter(slug="kyushu-semiconductor").first() or ConsortiumFactory.create(
        slug="kyushu-semiconductor"
    )
    return {
        "anonymous": None,
        "learner": UserFactory.create(username="plain-learner"),
        "consortium_admin": consortium_admin_create(
            username="kyushu-admin", consortia=[consortium], password=PASSWORD
        ),
        "ministry": viewer,
        "superuser": User.objects.create_superuser("root", "root@example.jp", PASSWORD),
    }
