"""Report runs in admin: the status in words (with the progress while a run is under way) and the
filters in words, never the job's step or the raw parameters."""

import pytest
from django.urls import reverse

from core.models import User
from reports.models import ReportRun
from tests.consortia.factories import ConsortiumFactory

pytestmark = pytest.mark.django_db

FILTERS = {
    "from": "2024-04-01",
    "to": "2025-03-31",
    "prefecture": "01",
    "hr_type": "business-architect",
    "consortium": "kyushu-semiconductor",
}


@pytest.fixture
def runs(standard):
    root = User.objects.create_superuser("root", "root@example.jp", "root-pass-2026")
    ConsortiumFactory.create(
        slug="kyushu-semiconductor",
        name_ja="九州半導体人材育成等コンソーシアム",
        name_en="Kyushu Semiconductor Human Resource Development Consortium",
    )
    done = ReportRun.objects.create(
        requested_by=root, status=ReportRun.Status.SUCCEEDED, progress=100, step="done", parameters=FILTERS
    )
    running = ReportRun.objects.create(
        requested_by=root,
        status=ReportRun.Status.RUNNING,
        progress=45,
        step="measures",
        parameters={"to": "2025-06-30"},
    )
    everything = ReportRun.objects.create(requested_by=root, status=ReportRun.Status.QUEUED, parameters={})
    return {"root": root, "done": done, "running": running, "everything": everything}


def _cell(body: str, field: str, index: int) -> str:
    return body.split(f'class="field-{field}"')[index + 1].split("</td>")[0].split(">", 1)[1]


def test_the_list_shows_statuses_and_filters_in_words(client, runs):
    client.force_login(runs["root"])

    body = client.get(
        reverse("admin:reports_reportrun_changelist"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    # newest first: everything (queued), running, done
    assert [_cell(body, "status_display", i) for i in range(3)] == [
        "Queued (0%)",
        "Running (45%)",
        "Succeeded",
    ]
    assert _cell(body, "filters_display", 0) == "None (all)"
    assert _cell(body, "filters_display", 1) == "Period: until 2025-06-30"
    assert _cell(body, "filters_display", 2) == (
        "Period: 2024-04-01 to 2025-03-31<br>Prefecture: Hokkaido<br>Human-resource type: Business Architect"
        "<br>Consortium: Kyushu Semiconductor Human Resource Development Consortium"
    )
    assert "done" not in body
    assert "prefecture=01" not in body


def test_the_run_page_shows_them_in_words_too(client, runs):
    client.force_login(runs["root"])

    response = client.get(
        reverse("admin:reports_reportrun_change", args=[runs["done"].pk]), HTTP_ACCEPT_LANGUAGE="en"
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Prefecture: Hokkaido" in body
    assert "Succeeded" in body
    assert "(100%)" not in body
    assert "&quot;prefecture&quot;" not in body


def test_filters_read_in_japanese(client, runs):
    client.force_login(runs["root"])

    body = client.get(
        reverse("admin:reports_reportrun_changelist"), HTTP_ACCEPT_LANGUAGE="ja"
    ).content.decode()

    assert "都道府県：北海道" in body
    assert "コンソーシアム：九州半導体人材育成等コンソーシアム" in body
    assert "期間：2024-04-01〜2025-03-31" in body
    assert "作成中（45%）" in body
