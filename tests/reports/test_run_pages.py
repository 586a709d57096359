"""Report runs on the portal's pages in words: the filters as "label: value" (names, not slugs or
codes), the status as its label only, the same label in the status JSON; and who sees which run."""

import pytest
from django.urls import reverse
from django.utils import translation

from consortia.models import Consortium
from reports.models import ReportRun
from reports.run_labels import run_filter_items, run_filter_labels, run_status_label
from reports.selectors import report_runs_with_filter_names
from tests.consortia.factories import ConsortiumFactory

from .test_admin_runs import FILTERS  # every filter a run can have

pytestmark = pytest.mark.django_db

KYUSHU_JA = "九州半導体人材育成等コンソーシアム"
KYUSHU_EN = "Kyushu Semiconductor Human Resource Development Consortium"


@pytest.fixture
def kyushu(db):
    return ConsortiumFactory.create(slug="kyushu-semiconductor", name_ja=KYUSHU_JA, name_en=KYUSHU_EN)


def _named(run: ReportRun) -> ReportRun:
    return report_runs_with_filter_names(ReportRun.objects.filter(pk=run.pk)).get()


# --- The labels ---------------------------------------------------------------------------------


def test_every_filter_reads_in_japanese(standard, kyushu):
    run = _named(ReportRun.objects.create(parameters=FILTERS))

    with translation.override("ja"):
        labels = run_filter_labels(run)
        items = run_filter_items(run)

    assert labels == [
        ("期間", "2024-04-01〜2025-03-31"),
        ("都道府県", "北海道"),
        ("人材類型", "ビジネスアーキテクト"),
        ("コンソーシアム", KYUSHU_JA),
    ]
    assert items == [
        "期間：2024-04-01〜2025-03-31",
        "都道府県：北海道",
        "人材類型：ビジネスアーキテクト",
        f"コンソーシアム：{KYUSHU_JA}",
    ]


def test_every_filter_reads_in_english(standard, kyushu):
    run = _named(ReportRun.objects.create(parameters=FILTERS))

    with translation.override("en"):
        items = run_filter_items(run)

    assert items == [
        "Period: 2024-04-01 to 2025-03-31",
        "Prefecture: Hokkaido",
        "Human-resource type: Business Architect",
        f"Consortium: {KYUSHU_EN}",
    ]


@pytest.mark.parametrize(
    ("parameters", "ja", "en"),
    [
        ({"from": "2025-04-01"}, "期間：2025-04-01 から", "Period: from 2025-04-01"),
        ({"to": "2025-06-30"}, "期間：2025-06-30 まで", "Period: until 2025-06-30"),
        ({"prefecture": "47"}, "都道府県：沖縄県", "Prefecture: Okinawa"),
        ({}, "なし（全体）", "None (all)"),
    ],
)
def test_one_filter_or_none(parameters, ja, en):
    run = _named(ReportRun.objects.create(parameters=parameters))

    with translation.override("ja"):
        assert run_filter_items(run) == [ja]
    with translation.override("en"):
        assert run_filter_items(run) == [en]


def test_a_name_no_longer_found_shows_the_slug_and_a_run_read_without_names_too(standard, kyushu):
    gone = _named(ReportRun.objects.create(parameters={"consortium": "closed-consortium"}))
    plain = ReportRun.objects.create(parameters={"hr_type": "business-architect"})

    with translation.override("en"):
        assert run_filter_items(gone) == ["Consortium: closed-consortium"]
        assert run_filter_items(plain) == ["Human-resource type: business-architect"]


def test_an_english_name_left_blank_falls_back_to_the_japanese_one(db):
    ConsortiumFactory.create(slug="tohoku", name_ja="東北コンソーシアム", name_en="")
    run = _named(ReportRun.objects.create(parameters={"consortium": "tohoku"}))

    with translation.override("en"):
        assert run_filter_items(run) == ["Consortium: 東北コンソーシアム"]


@pytest.mark.parametrize(
    ("status", "label_ja", "admin_ja"),
    [
        (ReportRun.Status.QUEUED, "待機中", "待機中（0%）"),
        (ReportRun.Status.RUNNING, "作成中", "作成中（45%）"),
        (ReportRun.Status.SUCCEEDED, "完了", "完了"),
        (ReportRun.Status.FAILED, "失敗", "失敗"),
    ],
)
def test_the_status_is_its_label_and_admin_adds_the_progress_while_under_way(status, label_ja, admin_ja):
    run = ReportRun(status=status, progress=0 if status == ReportRun.Status.QUEUED else 45)

    with translation.override("ja"):
        assert run_status_label(run) == label_ja
        assert run_status_label(run, with_progress=True) == admin_ja


# --- The pages ----------------------------------------------------------------------------------


@pytest.fixture
def runs(figures, actors):
    """A finished run with every filter, a running one with none, and a superuser's exact one."""
    Consortium.objects.filter(slug="kyushu-semiconductor").update(name_ja=KYUSHU_JA, name_en=KYUSHU_EN)
    done = ReportRun.objects.create(
        requested_by=actors["ministry"],
        status=ReportRun.Status.SUCCEEDED,
        progress=100,
        step="done",
        parameters=FILTERS,
    )
    running = ReportRun.objects.create(
        requested_by=actors["ministry"], status=ReportRun.Status.RUNNING, progress=45, step="breakdowns"
    )
    exact = ReportRun.objects.create(
        requested_by=actors["superuser"],
        status=ReportRun.Status.SUCCEEDED,
        progress=100,
        step="done",
        is_exact=True,
        parameters={"prefecture": "13"},
    )
    return {"done": done, "running": running, "exact": exact}


def _row(html: str, run: ReportRun) -> str:
    return html.split(f'data-run="{run.uuid}"')[1].split("</tr>")[0]


def _detail(run: ReportRun) -> str:
    return reverse("reports:run-detail", kwargs={"uuid": run.uuid})


def _status(run: ReportRun) -> str:
    return reverse("reports:run-status", kwargs={"uuid": run.uuid})


def test_the_recent_reports_table_shows_filters_and_statuses_in_japanese(client, actors, runs):
    client.force_login(actors["ministry"])

    html = client.get(reverse("reports:dashboard"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()

    done, running = _row(html, runs["done"]), _row(html, runs["running"])
    assert (
        '<ul class="reports-filters"><li>期間：2024-04-01〜2025-03-31</li><li>都道府県：北海道</li>'
        "<li>人材類型：ビジネスアーキテクト</li>"
        f"<li>コンソーシアム：{KYUSHU_JA}</li></ul>"
    ) in done
    assert 'data-role="status">完了</span>' in done
    assert '<ul class="reports-filters"><li>なし（全体）</li></ul>' in running
    assert 'data-role="status">作成中</span>' in running
    assert '<progress max="100" value="45" data-role="progress"' in running
    for raw in ("prefecture=", "from=", "consortium=", "<code>", "breakdowns", ">done<", "（45%）"):
        assert raw not in html


def test_the_recent_reports_table_reads_in_english(client, actors, runs):
    client.force_login(actors["ministry"])

    html = client.get(reverse("reports:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    done = _row(html, runs["done"])
    assert "<li>Period: 2024-04-01 to 2025-03-31</li><li>Prefecture: Hokkaido</li>" in done
    assert "<li>Human-resource type: Business Architect</li>" in done
    assert f"<li>Consortium: {KYUSHU_EN}</li>" in done
    assert 'data-role="status">Succeeded</span>' in done


def test_the_run_page_shows_filters_and_status_in_words(client, actors, runs):
    client.force_login(actors["ministry"])

    html = client.get(_detail(runs["done"]), HTTP_ACCEPT_LANGUAGE="ja").content.decode()

    filters = html.split('id="run-filters">')[1].split("</td>")[0]
    assert filters == (
        '<ul class="reports-filters"><li>期間：2024-04-01〜2025-03-31</li><li>都道府県：北海道</li>'
        f"<li>人材類型：ビジネスアーキテクト</li><li>コンソーシアム：{KYUSHU_JA}</li></ul>"
    )
    status = html.split('id="run-status">')[1].split("</td>")[0]
    assert status.startswith("完了</span>")
    assert "(100%)" not in status
    assert "done" not in status
    assert "prefecture=" not in html


def test_a_running_run_page_has_the_label_and_the_bar_and_the_json_says_the_same(client, actors, runs):
    client.force_login(actors["ministry"])

    html = client.get(_detail(runs["running"]), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    status = client.get(_status(runs["running"]), HTTP_ACCEPT_LANGUAGE="ja").json()

    cell = html.split('id="run-status">')[1].split("</td>")[0]
    assert cell.startswith("作成中</span>")
    assert '<progress max="100" value="45" data-role="progress"' in cell
    assert "breakdowns" not in cell
    assert status["status_label"] == "作成中"
    assert (status["progress"], status["is_active"]) == (45, True)
    with translation.override("en"):
        english = client.get(_status(runs["running"]), HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["status_label"] == "Running"


def test_who_sees_which_run_is_unchanged(client, actors, runs):
    # A ministry viewer sees the protected runs, not the superuser's exact one
    client.force_login(actors["ministry"])
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert str(runs["done"].uuid) in html
    assert str(runs["running"].uuid) in html
    assert str(runs["exact"].uuid) not in html
    assert client.get(_detail(runs["exact"])).status_code == 404
    assert client.get(_status(runs["exact"])).status_code == 404

    # The superuser sees all three, the exact one with its filter in words
    client.force_login(actors["superuser"])
    html = client.get(reverse("reports:dashboard"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert all(str(run.uuid) in html for run in runs.values())
    assert "<li>都道府県：東京都</li>" in _row(html, runs["exact"])

    # Someone who may not read reports sees none of them
    client.force_login(actors["learner"])
    assert client.get(_detail(runs["done"])).status_code == 403
    assert client.get(_status(runs["done"])).status_code == 403


def test_the_report_file_names_its_filters_too(client, figures, actors, settings, tmp_path):
    from openpyxl import load_workbook

    from reports.services import report_build

    settings.REPORTS_FILES_DIR = tmp_path
    run = ReportRun.objects.create(
        requested_by=actors["ministry"], parameters={"prefecture": "13", "hr_type": "business-architect"}
    )

    report_build(run=run)

    workbook = load_workbook(tmp_path / run.xlsx_file, read_only=True)
    summary = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(values_only=True)}
    workbook.close()
    assert summary["絞り込み"] == "都道府県：東京都 / 人材類型：ビジネスアーキテクト"
