"""A ministry viewer in a real browser: the dashboard's charts and tables, a filter, a report.

Screenshots: dashboard, reports-method, dashboard-filtered, report-run (1280 px) and
dashboard-phone (390 px); reports-runs-, report-run-detail- and dashboard-chart-{ja,en}-{1280,390}
(a finished run's filters and status in words, the forecast clipped at the chart's horizon).
"""

import io
import re

import pytest
from openpyxl import load_workbook

from reports.models import ReportRun
from reports.rollup import rollup_run

from .portal import rolled_up_population, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def viewer_page(live_server, standard, page, settings, tmp_path):
    settings.REPORTS_FILES_DIR = tmp_path
    sign_in(page.context, live_server, rolled_up_population())
    return page


def test_ministry_viewer_reads_the_dashboard_filters_it_and_downloads_a_report(
    live_server, viewer_page, screenshot, browser
):
    page = viewer_page

    # When the ministry viewer opens the dashboard from the header link
    page.goto(f"{live_server.url}/")
    page.locator(".site-nav a[href='/reports/']").click()
    page.wait_for_url(re.compile(r"/reports/$"))

    # Then the charts are drawn and the 47 prefectures are in the table, with the footnote
    page.locator("#chart-cumulative .js-plotly-plot, #chart-cumulative.js-plotly-plot").first.wait_for()
    for chart in ("cumulative", "monthly", "prefecture", "hr-type", "consortium"):
        assert page.locator(f"#chart-{chart}.js-plotly-plot").count() == 1
    assert page.locator("#table-prefecture tbody tr").count() == 47
    assert page.locator("#chart-prefecture .ytick text", has_text="東京都").count() == 1
    assert page.locator("#suppression-note").is_visible()
    assert page.locator("#protection-note").inner_text().startswith("各数値は個別に保護しています")
    assert page.locator("#kpi-target").inner_text().startswith("2,300,000")
    total = page.locator("#kpi-total").inner_text()
    screenshot("dashboard")

    # The protection is explained in one sentence, with a link to how it works and its table
    page.locator("#protection-note a").click()
    page.wait_for_url(re.compile(r"/reports/method/$"))
    assert page.locator("h1").inner_text() == "数値の保護方法"
    assert page.locator("#perturbation-table tbody tr").count() == 31
    screenshot("reports-method")
    page.go_back()
    page.locator("#chart-prefecture.js-plotly-plot").wait_for()

    # When they choose a prefecture and apply the filters
    page.locator("#id_prefecture").select_option("13")
    page.locator("#filter-form button[type=submit]").click()

    # Then the page shows that prefecture only
    page.wait_for_url(re.compile(r"prefecture=13"))
    page.locator("#chart-prefecture.js-plotly-plot").wait_for()
    assert page.locator("#id_prefecture").input_value() == "13"
    others = page.locator("#table-prefecture tbody tr:not([data-key='13']) td:last-child").all_inner_texts()
    assert len(others) == 46
    assert set(others) == {"0"}
    assert page.locator("#table-prefecture tr[data-key='13'] th").inner_text() == "東京都"
    assert page.locator("#kpi-total").inner_text() != total
    screenshot("dashboard-filtered")

    # When they request a fresh report (Celery is eager in tests: it is built at once)
    page.locator("#report-request").click()
    page.wait_for_url(re.compile(r"/reports/runs/[0-9a-f-]{36}/$"))
    run = ReportRun.objects.get()
    assert run.parameters == {"prefecture": "13"}
    assert page.locator("#run-status").inner_text() == run.get_status_display()
    assert run.status == "succeeded"
    assert page.locator("#xlsx-checksum").inner_text() == run.xlsx_sha256
    assert page.locator(".reports-sheet").count() == 8
    screenshot("report-run")

    # Then the XLSX downloads and opens
    with page.expect_download() as download_info:
        page.locator("#download-xlsx").click()
    download = download_info.value
    assert download.suggested_filename == run.xlsx_file
    content = download.path().read_bytes()
    assert content[:2] == b"PK"
    assert len(load_workbook(io.BytesIO(content), read_only=True).sheetnames) == 8

    # And on a phone the dashboard still lays out in one column
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP", device_scale_factor=1)
    phone.add_cookies(page.context.cookies())
    small = phone.new_page()
    small.goto(f"{live_server.url}/reports/")
    small.locator("#chart-prefecture.js-plotly-plot").wait_for()
    assert small.evaluate("document.documentElement.scrollWidth") <= 390
    small.screenshot(path=str(_artifacts() / "dashboard-phone.png"), full_page=True)
    phone.close()


def _artifacts():
    from tests.e2e.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def test_ministry_viewer_sees_the_measures_table_change_after_the_rollup(
    live_server, viewer_page, screenshot, browser
):
    import datetime

    from django.utils import timezone

    from consortia.models import AttendanceAudience, HeadCount
    from tests.consortia.factories import EventFactory

    page = viewer_page
    page.goto(f"{live_server.url}/reports/")
    measures = page.locator("#table-measures")
    measures.scroll_into_view_if_needed()
    assert page.locator("#measures-heading").inner_text() == "施策別"
    assert measures.locator("tbody tr").count() == 5
    before = measures.locator("tr[data-key=head_counts] td").inner_text()
    total = measures.locator("tr[data-key=total] td").inner_text()
    assert before == "0"
    assert total == page.locator("#kpi-total").inner_text().split()[0]
    screenshot("dashboard-measures")

    # When a consortium records 120 KOSEN students at a lecture held last month, and the rollup runs
    start = timezone.now() - datetime.timedelta(days=35)
    event = EventFactory.create(starts_at=start, ends_at=start + datetime.timedelta(hours=2), prefecture="43")
    HeadCount.objects.create(event=event, audience=AttendanceAudience.KOSEN_STUDENTS, persons=120)
    page.reload()
    assert (
        page.locator("#table-measures tr[data-key=head_counts] td").inner_text() == "0"
    )  # not before the rollup
    rollup_run()
    page.reload()

    # Then the head-count row and its audience row show the protected figure, and the unique total is unchanged
    shown = page.locator("#table-measures tr[data-key=head_counts] td").inner_text()
    assert abs(int(shown) - 120) <= 15
    assert page.locator("#table-head-counts tr[data-key=kosen_students] td").inner_text() == shown
    assert page.locator("#table-measures tr[data-key=total] td").inner_text() == total
    assert page.locator("#table-reconciliation tr[data-key=less_head_counts] td").inner_text() == f"-{shown}"
    page.locator("#measures").screenshot(
        path=str(screenshot("dashboard-measures-after").with_name("dashboard-measures-section.png"))
    )


def test_report_runs_and_the_forecast_read_in_words_in_both_languages_and_widths(
    live_server, standard, settings, tmp_path, browser
):
    """Screenshots: reports-runs-, report-run-detail- and dashboard-chart-{ja,en}-{1280,390}."""
    import datetime

    from django.utils import timezone

    from reports.models import DailyProgress, Target
    from reports.services import report_run_request
    from tests.reports.access import progress_add

    from .portal import DESKTOP, PHONE, browsing, page_width

    settings.REPORTS_FILES_DIR = tmp_path
    viewer = rolled_up_population()
    # Given a slow recent pace for the national target (as with `seed_demo --national`): about 79
    # people a day against 2,300,000, reached in about 80 years
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    day = next(
        d
        for d in (last_month.replace(day=n) for n in range(1, 29))
        if not DailyProgress.objects.filter(day=d, prefecture="13", hr_type_id=0, consortium_id=0).exists()
    )
    progress_add(day, "13", 7_200, source="external")
    deadline = Target.objects.get(scope=Target.Scope.NATIONAL).deadline
    # And a finished report with filters (Celery is eager in tests: it is built at once)
    run = report_run_request(
        actor=viewer, params={"from": "2025-04-01", "prefecture": "13", "hr_type": "business-architect"}
    )
    run.refresh_from_db()
    assert run.status == "succeeded"

    words = {
        "ja": (["期間：2025-04-01 から", "都道府県：東京都", "人材類型：ビジネスアーキテクト"], "完了"),
        "en": (
            ["Period: from 2025-04-01", "Prefecture: Tokyo", "Human-resource type: Business Architect"],
            "Succeeded",
        ),
    }
    legends = {}
    for language in ("en", "ja"):
        for width in (DESKTOP, PHONE):
            with browsing(browser, width=width, language=language) as page:
                sign_in(page.context, live_server, viewer)
                page.goto(f"{live_server.url}/reports/")
                page.locator("#chart-cumulative.js-plotly-plot").wait_for()
                filters, status = words[language]

                # Then the recent reports say the filters and the status in words
                row = page.locator(f"tr[data-run='{run.uuid}']")
                assert row.locator(".reports-filters li").all_inner_texts() == filters
                assert row.locator("[data-role=status]").inner_text() == status
                assert "prefecture=" not in page.locator("#runs").inner_text()
                assert page_width(page) <= width
                page.locator("#runs").screenshot(
                    path=str(_artifacts() / f"reports-runs-{language}-{width}.png")
                )

                # And the chart ends two years after the deadline; the figure states the true date
                chart = page.evaluate(
                    "() => { const c = document.getElementById('chart-cumulative');"
                    " return {range: c.layout.xaxis.range, data: c.data.map(t => ({name: t.name, x: t.x}))}; }"
                )
                horizon = deadline.replace(year=deadline.year + 2).isoformat()
                assert chart["range"][1] == horizon
                assert max(x for trace in chart["data"] for x in trace["x"]) <= horizon
                expected_on = page.locator("#kpi-forecast").inner_text().split()[0]
                assert expected_on[:4] > str(deadline.year + 50)
                legends[language] = [t["name"] for t in chart["data"]]
                section = page.locator("section[aria-labelledby=cumulative-heading]")
                section.scroll_into_view_if_needed()
                section.screenshot(path=str(_artifacts() / f"dashboard-chart-{language}-{width}.png"))

                # And the run's page too
                page.locator(f"tr[data-run='{run.uuid}'] a").first.click()
                page.wait_for_url(re.compile(r"/reports/runs/[0-9a-f-]{36}/$"))
                assert page.locator("#run-filters li").all_inner_texts() == filters
                assert page.locator("#run-status").inner_text() == status
                assert page_width(page) <= width
                page.screenshot(path=str(_artifacts() / f"report-run-detail-{language}-{width}.png"))
    assert f"Forecast at the recent pace (reached {expected_on[:7]})" in legends["en"]
    # the Japanese legend needs the merged catalogue (/tmp/i18n/ja_runs.py)
    assert f"最近のペースでの見通し（{expected_on[:7]} に到達）" in legends["ja"]


_PHONE_LAYOUT = """() => {
  const inside = (r, box) => r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  const chart = id => {
    const c = document.getElementById(id), box = c.getBoundingClientRect();
    // drawn labels only: plotly leaves an empty box for a suppressed row's "x" (it has no bar)
    const texts = sel => [...c.querySelectorAll(sel)].filter(t => t.textContent && t.getBoundingClientRect().width);
    const labels = [...texts('.xtick text'), ...texts('.ytick text'), ...texts('.bartext')];
    return {layout: c.dataset.layout, height: Math.round(box.height), xticks: texts('.xtick text').length,
            bar_texts: texts('.bartext').length,
            outside: labels.filter(t => !inside(t.getBoundingClientRect(), box)).map(t => { const r = t.getBoundingClientRect();
              return `${t.textContent} at ${Math.round(r.left)},${Math.round(r.top)}-${Math.round(r.right)},${Math.round(r.bottom)} in ${Math.round(box.left)},${Math.round(box.top)}-${Math.round(box.right)},${Math.round(box.bottom)}`; })};
  };
  const badge = document.querySelector('#kpi-forecast .reports-late, #kpi-forecast .reports-ok');
  const style = getComputedStyle(badge);
  return {
    width: document.documentElement.scrollWidth,
    selects_outside: [...document.querySelectorAll('#filter-form select')]
      .filter(s => { const r = s.getBoundingClientRect(); return r.left < 0 || r.right > window.innerWidth; }).length,
    selects: document.querySelectorAll('#filter-form select').length,
    monthly: chart('chart-monthly'), prefecture: chart('chart-prefecture'),
    suppressed_prefectures: [...document.querySelectorAll('#table-prefecture tbody td:last-child')]
      .filter(td => td.textContent.trim() === 'x').length,
    badge_lines: Math.round(badge.getBoundingClientRect().height / parseFloat(style.lineHeight)),
  };
}"""


@pytest.mark.parametrize("language", ["ja", "en"])
def test_on_a_phone_the_filters_charts_and_forecast_fit_the_screen(live_server, standard, browser, language):
    """Screenshots: dashboard-layout-{ja,en}-{1280,390}."""
    from .portal import DESKTOP, PHONE, browsing

    viewer = rolled_up_population()
    seen = {}
    for width in (DESKTOP, PHONE):
        with browsing(browser, width=width, language=language) as page:
            # Given a ministry viewer on the dashboard
            sign_in(page.context, live_server, viewer)
            page.goto(f"{live_server.url}/reports/")
            page.locator("#chart-prefecture.js-plotly-plot").wait_for()
            page.wait_for_timeout(300)  # plotly's responsive relayout
            # When the layout is measured
            seen[width] = page.evaluate(_PHONE_LAYOUT)
            page.screenshot(
                path=str(_artifacts() / f"dashboard-layout-{language}-{width}.png"), full_page=True
            )

    phone, desktop = seen[PHONE], seen[DESKTOP]
    # Then nothing is wider than the phone: not the page, not a filter's select
    assert (phone["width"], phone["selects"], phone["selects_outside"]) == (PHONE, 3, 0)
    # And the monthly chart has a few month labels, all inside the chart, and no number over each
    # bar (unreadably small there; the table below has them)
    assert phone["monthly"]["layout"] == "phone"
    assert 3 <= phone["monthly"]["xticks"] <= 6
    assert (phone["monthly"]["bar_texts"], phone["monthly"]["outside"]) == (0, [])
    # And each of the 47 prefectures has a row 26 px tall, its name and number inside the chart
    assert phone["prefecture"]["layout"] == "phone"
    assert phone["prefecture"]["height"] == 26 * 47 + 64
    drawn = 47 - phone["suppressed_prefectures"]  # an "x" has no bar and plotly draws no text there
    assert (phone["prefecture"]["bar_texts"], phone["prefecture"]["outside"]) == (drawn, [])
    # And the forecast's status 「目標期限に遅れる見込み」 keeps to one line, on the phone and the desktop
    assert (phone["badge_lines"], desktop["badge_lines"]) == (1, 1)
    # And the desktop keeps its own charts
    assert (desktop["width"], desktop["selects_outside"]) == (DESKTOP, 0)
    assert (desktop["monthly"]["layout"], desktop["prefecture"]["layout"]) == ("wide", "wide")
    assert (
        desktop["prefecture"]["height"],
        desktop["monthly"]["outside"],
        desktop["prefecture"]["outside"],
    ) == (
        1100,
        [],
        [],
    )
