"""GET /api/v1/reports/measures/ and the dashboard's measures section: access, protection, filters."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from consortia.models import AttendanceAudience, HeadCount
from reports.disclosure import protect
from reports.models import CountedPerson, RecordKey
from reports.rollup import rollup_run
from tests.consortia.factories import EventFactory

from ..access import ACTORS
from ..world import build_world

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/measures/"


def _client(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def rolled_up(counting, actors):
    build_world(21, people=60)
    start = timezone.now() - datetime.timedelta(days=30)
    event = EventFactory.create(starts_at=start, ends_at=start + datetime.timedelta(hours=2), prefecture="40")
    head_count = HeadCount.objects.create(event=event, audience=AttendanceAudience.TEACHERS, persons=35)
    rollup_run(full=True)
    return head_count


@pytest.mark.parametrize("actor", ACTORS)
def test_only_ministry_viewers_and_superusers_may_read_the_measures(actors, rolled_up, actor):
    response = _client(actors[actor]).get(URL)

    expected = {"anonymous": 403, "learner": 403, "consortium_admin": 403, "ministry": 200, "superuser": 200}
    assert response.status_code == expected[actor]


def test_superusers_get_exact_measures_and_the_reconciliation_adds_up(actors, rolled_up):
    body = _client(actors["superuser"]).get(URL).json()

    assert body["total"] == CountedPerson.objects.count()
    assert body["head_count"] == 35
    reconciliation = {row["key"]: row["value"] for row in body["reconciliation"]}
    assert reconciliation["protection"] == 0
    assert reconciliation["total"] == body["total"]
    assert reconciliation["sum_people"] == sum(row["people"] for row in body["measures"])
    assert sum(row["people"] * row["measures"] for row in body["by_number"]) == reconciliation["sum_people"]


def test_ministry_viewers_get_each_figure_protected(actors, rolled_up, settings):
    keys = dict(RecordKey.objects.values_list("person_id", "record_key"))
    people = list(CountedPerson.objects.values_list("person_id", flat=True))

    body = _client(actors["ministry"]).get(URL).json()

    assert body["total"] == protect(len(people), sum(keys[p] for p in people))
    assert body["head_count"] == protect(35, rolled_up.record_key)
    assert "±" in body["note"]


def test_a_type_filter_leaves_head_counts_out_and_bad_filters_are_a_400(actors, rolled_up):
    typed = _client(actors["superuser"]).get(URL, {"hr_type": "business-architect"})
    bad = _client(actors["superuser"]).get(URL, {"prefecture": "99", "to": "2025-13-01"})

    assert typed.status_code == 200
    assert typed.json()["head_count"] is None
    assert bad.status_code == 400
    assert set(bad.json()["extra"]["fields"]) == {"prefecture", "to"}


def test_the_dashboard_shows_the_measures_and_the_report_has_a_measures_sheet(
    actors, rolled_up, client, django_capture_on_commit_callbacks
):
    from reports.services import _report_sheets, report_run_request

    client.force_login(actors["ministry"])
    page = client.get("/reports/").content.decode()
    run = report_run_request(actor=actors["ministry"], params={})
    sheets = dict(_report_sheets(run))

    assert 'id="table-measures"' in page
    assert 'id="table-reconciliation"' in page
    assert 'id="table-overlap"' in page
    measure_sheet = next(
        rows for title, rows in sheets.items() if "施策" in title or "measure" in title.lower()
    )
    assert measure_sheet[0][0] in ("Measure", "施策")
    assert len(measure_sheet) == 1 + 4 + 2 + 2 + 7 + 2 + 4
