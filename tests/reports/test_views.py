"""The ministry dashboard, report requests, a run's page and its files: access, suppression, errors."""

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from reports.models import ReportRun

from .access import ACTORS, protected

pytestmark = pytest.mark.django_db

SHEETS = [
    "Summary",
    "Monthly",
    "By prefecture",
    "By type",
    "By consortium",
    "By source",
    "Prefecture × type",
    "By measure",
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.REPORTS_FILES_DIR = tmp_path / "reports"
    return tmp_path


@pytest.fixture
def client_for(client, actors):
    def login(name: str):
        if actors[name] is not None:
            client.force_login(actors[name])
        return client

    return login


@pytest.fixture
def finished_run(figures, actors, django_capture_on_commit_callbacks):
    from reports.services import report_run_request

    with django_capture_on_commit_callbacks(execute=True):
        run = report_run_request(actor=actors["ministry"], params={})
    run.refresh_from_db()
    return run


def _pages(run: ReportRun) -> list[str]:
    return [
        reverse("reports:dashboard"),
        reverse("reports:run-detail", kwargs={"uuid": run.uuid}),
        reverse("reports:run-status", kwargs={"uuid": run.uuid}),
        reverse("reports:run-download", kwargs={"uuid": run.uuid, "kind": "xlsx"}),
        reverse("reports:run-download", kwargs={"uuid": run.uuid, "kind": "csv"}),
    ]


@pytest.mark.parametrize("actor", ACTORS)
def test_pages_are_for_ministry_viewers_and_superusers_only(client_for, finished_run, actor):
    client = client_for(actor)

    statuses = [client.get(url).status_code for url in _pages(finished_run)]

    expected = {"anonymous": 302, "learner": 403, "consortium_admin": 403, "ministry": 200, "superuser": 200}
    assert statuses == [expected[actor]] * 5


def test_anonymous_visitors_are_sent_to_the_login_page(client, figures):
    response = client.get(reverse("reports:dashboard") + "?prefecture=13")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/reports/%3Fprefecture%3D13"


@pytest.mark.parametrize("actor", ["anonymous", "learner", "consortium_admin"])
def test_a_denied_report_request_changes_nothing(
    client_for, figures, actor, django_capture_on_commit_callbacks
):
    client = client_for(actor)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("reports:run-request"), {"prefecture": "13"})

    assert response.status_code == (302 if actor == "anonymous" else 403)
    assert ReportRun.objects.count() == 0
    assert callbacks == []


def test_nav_link_is_shown_only_to_report_readers(client_for, actors):
    link = f'href="{reverse("reports:dashboard")}"'
    shown = {}
    for name in ACTORS:
        client = client_for(name)
        shown[name] = link in client.get("/").content.decode()
        client.logout()

    assert shown == {
        "anonymous": False,
        "learner": False,
        "consortium_admin": False,
        "ministry": True,
        "superuser": True,
    }


def _row(html: str, table_id: str, key: str) -> str:
    start = html.index(f'id="{table_id}"')
    row = html.index(f'data-key="{key}"', start)
    return html[row : html.index("</tr>", row)]


def _cell(html: str, table_id: str, key: str) -> str:
    row = _row(html, table_id, key)
    return row[row.rindex('">') + 2 : row.rindex("</td>")]


def test_ministry_viewer_sees_small_counts_as_x_with_the_footnote(client_for, figures):
    html = client_for("ministry").get(reverse("reports:dashboard")).content.decode()

    assert _cell(html, "table-prefecture", "43") == "x"  # 3 people: below the threshold
    assert _cell(html, "table-prefecture", "27") == str(protected(prefecture="27"))
    assert _cell(html, "table-prefecture", "13") == str(protected(prefecture="13"))
    assert _cell(html, "table-prefecture", "01") == "0"
    assert f'id="kpi-total">{protected()}<' in html
    assert 'id="suppression-note"' in html
    assert 'id="protection-note"' in html
    assert f'href="{reverse("reports:method")}"' in html
    assert "reports-exact-banner" not in html


def test_superuser_sees_exact_figures_with_a_banner(client_for, figures):
    html = client_for("superuser").get(reverse("reports:dashboard")).content.decode()

    assert _cell(html, "table-prefecture", "43") == "3"
    assert _cell(html, "table-prefecture", "27") == "40"
    assert "reports-exact-banner" in html
    assert 'id="suppression-note"' not in html


def test_dashboard_embeds_the_charts_and_the_forecast(client_for, figures):
    response = client_for("ministry").get(reverse("reports:dashboard"))
    html = response.content.decode()

    charts = response.context["charts"]
    assert sorted(charts) == ["consortium", "cumulative", "hr_type", "monthly", "prefecture"]
    prefecture_bar = charts["prefecture"]["data"][0]
    assert len(prefecture_bar["y"]) == 47
    assert prefecture_bar["y"][:3] == ["東京都", "大阪府", "熊本県"]  # "x" after the published, no bar
    assert prefecture_bar["x"][:4] == [protected(prefecture="13"), protected(prefecture="27"), None, 0]
    assert prefecture_bar["text"][2:4] == ["x", "0"]
    target_line = charts["cumulative"]["data"][1]
    assert target_line["y"] == [2_300_000, 2_300_000]
    assert target_line["x"][1] == "2027-03-31"
    assert 'id="chart-prefecture-data" type="application/json"' in html
    assert 'src="/reports/plotly.min.js?v=' in html
    assert 'id="kpi-target">2,300,000<' in html
    assert 'id="kpi-needed">' in html
    # 47 prefectures, 5 types and "not classified", 1 consortium and "none", 4 sources
    # and the measures: 6 measure rows, 7 reconciliation rows, 4 overlap rows, 7 audiences
    assert html.count("<tr data-key=") == 47 + 6 + 2 + 4 + 6 + 7 + 4 + 7


def test_filters_narrow_the_figures(client_for, figures):
    client = client_for("superuser")

    response = client.get(
        reverse("reports:dashboard"), {"prefecture": "13", "from": "2025-05-01", "to": "2025-12-31"}
    )

    overview = response.context["overview"]
    assert response.status_code == 200
    assert overview.total == 120  # cumulative to the end of the period, in Tokyo
    assert overview.period_total == 50
    assert [r["people"] for r in overview.by_prefecture.rows if r["key"] == "13"] == [50]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2025-13-01"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"from": "2025-06-01", "to": "2025-05-01"}, "from"),
        ({"prefecture": "48"}, "prefecture"),
        ({"hr_type": "wizard"}, "hr_type"),
        ({"consortium": "nowhere"}, "consortium"),
    ],
)
def test_a_bad_filter_is_a_clear_error_naming_the_field(client_for, figures, params, field):
    response = client_for("ministry").get(reverse("reports:dashboard"), params)

    html = response.content.decode()
    assert response.status_code == 400
    assert str(response.context["figures"]) == ""  # no figure for a question that is not valid
    assert list(response.context["errors"]) == [field]
    assert f'<li data-field="{field}">' in html
    assert f"({field}):" in html


def test_a_repeated_dashboard_reads_no_aggregate_and_builds_no_chart(client_for, figures, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports import charts

    client = client_for("ministry")
    first = client.get(reverse("reports:dashboard"), {"prefecture": "13"})
    built = []
    monkeypatch.setattr(charts, "bar_figure", lambda *a, **k: built.append(a) or {})

    with CaptureQueriesContext(connection) as queries:
        again = client.get(reverse("reports:dashboard"), {"prefecture": "13"})

    assert again.status_code == 200
    assert "reports/_figures.html" in [t.name for t in first.templates]
    assert "reports/_figures.html" not in [t.name for t in again.templates]  # rendered once, then cached
    assert str(again.context["figures"]) == str(first.context["figures"])
    assert built == []  # the figures came from the cache
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "reports_monthlyprogress" not in sql
    assert "reports_dailyprogress" not in sql


def test_the_filter_form_is_cached_and_shows_what_each_request_asked(client_for, figures):
    """The form (47 prefectures, the types, the consortia) was a fifth of a cached page's work: it is
    rendered once per filter set. Two days in the same month are one protected filter (whole months)
    but two forms, each showing its own day; the figures are built once for both."""
    client = client_for("ministry")
    first = client.get(reverse("reports:dashboard"), {"from": "2025-04-15", "prefecture": "40"})
    again = client.get(reverse("reports:dashboard"), {"from": "2025-04-15", "prefecture": "40"})
    other_day = client.get(reverse("reports:dashboard"), {"from": "2025-04-20", "prefecture": "40"})

    assert "reports/_filters.html" in [t.name for t in first.templates]
    assert "reports/_filters.html" not in [t.name for t in again.templates]  # from the cache
    for response, day in ((first, "2025-04-15"), (again, "2025-04-15"), (other_day, "2025-04-20")):
        html = response.content.decode()
        assert response.status_code == 200
        assert f'id="id_from" value="{day}"' in html
        assert '<option value="40" selected>' in html
    assert str(other_day.context["figures"]) == str(first.context["figures"])  # the same filter
    assert "reports/_figures.html" not in [t.name for t in other_day.templates]  # built once
    # Another spelling of the same date builds and stores nothing new, and the form shows it in ISO.
    spelt = client.get(reverse("reports:dashboard"), {"from": "20250415", "prefecture": "40"})
    assert spelt.status_code == 200
    rendered = [t.name for t in spelt.templates]
    assert "reports/_figures.html" not in rendered
    assert "reports/_filters.html" not in rendered
    assert 'id="id_from" value="2025-04-15"' in spelt.content.decode()
    invalid = client.get(reverse("reports:dashboard"), {"from": "2025-13-01"})
    assert invalid.status_code == 400
    assert 'id="id_from" value="2025-13-01" aria-invalid="true"' in invalid.content.decode()


def test_the_recent_runs_are_cached_yet_every_change_to_a_run_shows_on_the_next_page(client_for, figures):
    """The runs table (its query with four name subqueries, and its rows) was more than half of a
    cached page: it is cached per runs version, so a repeated page builds neither, and a run that
    is added, moves on or is deleted shows at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    client = client_for("ministry")
    run = ReportRun.objects.create(parameters={"prefecture": "13"})
    first = client.get(reverse("reports:dashboard")).content.decode()
    assert f'data-run="{run.uuid}"' in first
    assert 'data-role="progress"' in first

    with CaptureQueriesContext(connection) as queries:
        again = client.get(reverse("reports:dashboard")).content.decode()

    def runs_table(html: str) -> str:
        return html[
            html.index('<table class="matrix reports-runs"') : html.index(
                "</table>", html.index("reports-runs")
            )
        ]

    assert runs_table(again) == runs_table(first)
    assert not [q for q in queries.captured_queries if "consortia_consortium" in q["sql"]]  # no runs query

    ReportRun.objects.filter(pk=run.pk).update(
        status=ReportRun.Status.SUCCEEDED, progress=100, updated_at=timezone.now()
    )
    done = client.get(reverse("reports:dashboard")).content.decode()
    assert 'data-role="progress"' not in done
    assert reverse("reports:run-download", kwargs={"uuid": run.uuid, "kind": "xlsx"}) in done

    newer = ReportRun.objects.create(parameters={})
    assert f'data-run="{newer.uuid}"' in client.get(reverse("reports:dashboard")).content.decode()
    ReportRun.objects.filter(pk=newer.pk).delete()
    assert f'data-run="{newer.uuid}"' not in client.get(reverse("reports:dashboard")).content.decode()


def test_a_cached_runs_list_with_exact_runs_never_reaches_a_ministry_viewer(client, actors, figures):
    exact = ReportRun.objects.create(parameters={}, is_exact=True)
    protected_run = ReportRun.objects.create(parameters={})
    client.force_login(actors["superuser"])
    assert f'data-run="{exact.uuid}"' in client.get(reverse("reports:dashboard")).content.decode()

    client.force_login(actors["ministry"])
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert f'data-run="{protected_run.uuid}"' in html
    assert f'data-run="{exact.uuid}"' not in html


def test_cached_figures_hold_plain_text_not_lazy_translations(client_for, figures, settings):
    """A lazy label in a cached value is rebuilt as a new class on every read: the prefecture
    choices' 47 labels cost a third of a cached dashboard page. The language is in the key already."""
    from django.core.cache import caches

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lazy"}
    }
    client = client_for("ministry")
    for language in ("ja", "en"):
        with translation.override(language):
            for url in (
                reverse("reports:dashboard"),
                "/api/v1/reports/progress/?group_by=prefecture",
                reverse("home"),
            ):
                assert client.get(url, HTTP_ACCEPT_LANGUAGE=language).status_code == 200

    stored = {key: value for key, value in caches["default"]._cache.items() if ":reports:" in key}
    assert len(stored) >= 6  # page, breakdown, charts, measures, home... in two languages
    lazy = [key for key, value in stored.items() if b"_lazy_proxy_unpickle" in value]
    assert lazy == []


def test_chart_colours_and_font_are_the_design_tokens_of_the_stylesheet(client_for, figures):
    import re

    from django.conf import settings

    charts = client_for("ministry").get(reverse("reports:dashboard")).context["charts"]
    used = set(re.findall(r"var\((--[a-z0-9-]+)\)", json.dumps(charts)))
    css = (Path(settings.BASE_DIR) / "static" / "css" / "portal.css").read_text()
    defined = set(re.findall(r"^\s*(--[a-z0-9-]+):", css, flags=re.MULTILINE))
    assert {"--color-primary", "--color-warning", "--font-sans"} <= used
    assert used <= defined
    assert "#" not in json.dumps({k: c["layout"] for k, c in charts.items()})  # no colour written twice


def test_plotly_is_served_from_the_installed_package_with_a_long_cache(client):
    import plotly

    response = client.get(reverse("reports:plotly-js"))

    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert body == (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()


def test_requesting_a_report_builds_it_and_it_can_be_downloaded(
    client_for, figures, media, django_capture_on_commit_callbacks
):
    client = client_for("ministry")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:run-request"), {"prefecture": "", "hr_type": "business-architect"}
        )

    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:run-detail", kwargs={"uuid": run.uuid})
    assert (run.status, run.progress, run.step, run.error) == ("succeeded", 100, "done", "")
    assert run.parameters == {"hr_type": "business-architect"}
    assert run.is_exact is False
    assert run.requested_by.username == "ministry"
    xlsx, csv = media / "reports" / run.xlsx_file, media / "reports" / run.csv_file
    assert hashlib.sha256(xlsx.read_bytes()).hexdigest() == run.xlsx_sha256
    assert hashlib.sha256(csv.read_bytes()).hexdigest() == run.csv_sha256
    assert sorted(p.name for p in (media / "reports").iterdir()) == sorted([run.xlsx_file, run.csv_file])

    download = client.get(reverse("reports:run-download", kwargs={"uuid": run.uuid, "kind": "xlsx"}))
    content = b"".join(download.streaming_content)
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="{run.xlsx_file}"'
    assert content == xlsx.read_bytes()
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    with translation.override("ja"):  # reports are always built in Japanese
        assert workbook.sheetnames == [translation.gettext(name) for name in SHEETS]
    csv_download = client.get(reverse("reports:run-download", kwargs={"uuid": run.uuid, "kind": "csv"}))
    assert b"".join(csv_download.streaming_content) == csv.read_bytes()

    page = client.get(reverse("reports:run-detail", kwargs={"uuid": run.uuid})).content.decode()
    assert run.xlsx_sha256 in page
    assert page.count('<section class="reports-sheet"') == 8
    assert 'id="suppression-note"' in page
    status = client.get(reverse("reports:run-status", kwargs={"uuid": run.uuid})).json()
    assert status == {
        "status": "succeeded",
        "status_label": status["status_label"],
        "progress": 100,
        "step": "done",
        "is_active": False,
    }


def test_a_report_that_fails_part_way_is_marked_failed_leaves_no_file_and_can_be_requested_again(
    client_for, figures, media, monkeypatch, django_capture_on_commit_callbacks
):
    import reports.services

    client = client_for("ministry")

    def broken(path, sheets):
        path.write_text("half a file")
        raise OSError("disk full")

    monkeypatch.setattr(reports.services, "write_csv", broken)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:run-request"), {})
    failed = ReportRun.objects.get()
    assert (failed.status, failed.error, failed.step) == ("failed", "OSError: disk full", "failed")
    assert (failed.xlsx_file, failed.csv_file, failed.xlsx_sha256) == ("", "", "")
    assert list((media / "reports").iterdir()) == []
    assert (
        client.get(reverse("reports:run-download", kwargs={"uuid": failed.uuid, "kind": "xlsx"})).status_code
        == 404
    )
    page = client.get(reverse("reports:run-detail", kwargs={"uuid": failed.uuid})).content.decode()
    assert "OSError: disk full" in page

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:run-request"), {})

    again = ReportRun.objects.exclude(pk=failed.pk).get()
    assert again.status == "succeeded"
    assert sorted(p.name for p in (media / "reports").iterdir()) == sorted([again.xlsx_file, again.csv_file])


def test_a_missing_file_is_a_404(client_for, finished_run, media):
    (media / "reports" / finished_run.csv_file).unlink()

    response = client_for("ministry").get(
        reverse("reports:run-download", kwargs={"uuid": finished_run.uuid, "kind": "csv"})
    )

    assert response.status_code == 404


def test_exact_reports_are_for_superusers_only(
    client_for, figures, actors, django_capture_on_commit_callbacks
):
    superuser = client_for("superuser")
    with django_capture_on_commit_callbacks(execute=True):
        superuser.post(reverse("reports:run-request"), {"exact": "on"})
    run = ReportRun.objects.get()
    assert run.is_exact is True
    assert superuser.get(reverse("reports:run-detail", kwargs={"uuid": run.uuid})).status_code == 200
    superuser.logout()

    viewer = client_for("ministry")
    urls = _pages(run)[1:]
    assert [viewer.get(url).status_code for url in urls] == [404, 404, 404, 404]
    assert str(run.uuid) not in viewer.get(reverse("reports:dashboard")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = viewer.post(reverse("reports:run-request"), {"exact": "on"})
    assert response.status_code == 302
    assert ReportRun.objects.count() == 1  # refused: only superusers may ask for exact figures


def test_a_bad_parameter_in_a_request_is_refused(client_for, figures):
    client = client_for("ministry")

    response = client.post(reverse("reports:run-request"), {"prefecture": "99"}, follow=True)

    assert ReportRun.objects.count() == 0
    assert response.redirect_chain == [("/reports/?prefecture=99", 302)]
    with translation.override("ja"):
        expected = translation.gettext("'%(value)s' is not one of the 47 prefecture codes.") % {"value": "99"}
    assert [str(m) for m in response.context["messages"]] == [f"prefecture: {expected}"]


def test_the_dashboard_polls_while_a_run_is_queued(client_for, figures, actors):
    run = ReportRun.objects.create(requested_by=actors["ministry"], parameters={})

    html = client_for("ministry").get(reverse("reports:dashboard")).content.decode()

    assert f'data-status-url="/reports/runs/{run.uuid}/status.json"' in html
    assert '<meta http-equiv="refresh" content="5">' in html


def test_run_status_reports_progress(client_for, figures, actors):
    run = ReportRun.objects.create(
        requested_by=actors["ministry"], parameters={}, status="running", progress=45, step="breakdowns"
    )

    status = client_for("ministry").get(reverse("reports:run-status", kwargs={"uuid": run.uuid})).json()

    assert {k: status[k] for k in ("status", "progress", "step", "is_active")} == {
        "status": "running", "progress": 45, "step": "breakdowns", "is_active": True,
    }  # fmt: skip
    assert json.dumps(status)


# --- Missing values in a run's files and page (a "-" placeholder became "'-" through the guard) ---


def _csv_rows(path: Path) -> list[list[str]]:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _labelled(rows, label: str) -> list:
    return next(list(row) for row in rows if row and row[0] == label)


def test_a_report_without_a_forecast_date_has_empty_cells_and_the_page_says_so(
    client_for, figures, media, django_capture_on_commit_callbacks
):
    # given figures with no progress in the last three months (no recent pace, so no forecast date
    # for the national target), and a second run with a type filter (head-counts do not apply)
    client = client_for("ministry")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:run-request"), {})
        client.post(reverse("reports:run-request"), {"hr_type": "business-architect"})
    run, typed = ReportRun.objects.order_by("created_at")
    with translation.override("ja"):
        forecast = translation.gettext("Forecast date the target is reached")
        head_counts = translation.gettext("Consortium head-counts (anonymous attendance)")
        reconciled = translation.gettext("Head-counts at consortium events (anonymous)")
        less = translation.gettext("Less head-counts: anonymous, so not part of the unique count")
        summary, by_measure = translation.gettext("Summary"), translation.gettext("By measure")

    # when the files are read back
    def files(run: ReportRun) -> tuple[list[list[str]], dict[str, list[tuple]]]:
        workbook = load_workbook(media / "reports" / run.xlsx_file)  # not read-only: rows padded
        sheets = {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}
        return _csv_rows(media / "reports" / run.csv_file), sheets

    (csv_rows, sheets), (typed_csv, typed_sheets) = files(run), files(typed)
    page = client.get(reverse("reports:run-detail", kwargs={"uuid": run.uuid})).content.decode()

    # then a missing value is an empty cell, never the text "-" (quoted as "'-" by the guard)
    assert (run.status, typed.status) == ("succeeded", "succeeded")
    assert _labelled(csv_rows, forecast) == [forecast, ""]
    assert list(_labelled(sheets[summary], forecast)) == [forecast, None]
    for label in (head_counts, reconciled, less):
        assert _labelled(typed_csv, label) == [label, ""]
        assert list(_labelled(typed_sheets[by_measure], label)[:2]) == [label, None]
    for rows in (csv_rows, typed_csv):
        assert [cell for row in rows for cell in row if cell.startswith(("'-", "-"))] == []
    for book in (sheets, typed_sheets):
        cells = [cell for rows in book.values() for row in rows for cell in row]
        assert [cell for cell in cells if isinstance(cell, str) and cell.startswith(("'-", "-"))] == []
    # and the page shows a dash with words for screen readers, in the forecast's row
    with translation.override("ja"):
        no_value = translation.gettext("No value")
    row = (
        f'<th scope="row">{forecast}</th><td class="num">\n'
        '<span class="reports-none" aria-hidden="true">—</span>\n'
        f'<span class="visually-hidden">{no_value}</span>\n</td>'
    )
    assert row in page
    assert "&#x27;-" not in page
    assert "'-" not in page


def test_the_guard_still_quotes_real_text_that_starts_like_a_formula(tmp_path):
    from core.files import write_csv, write_xlsx

    rows = [["=1+1", "+81", "-5 people", "@sum", "\tx", "\rx", None, -5, "plain"]]

    write_csv(tmp_path / "a.csv", [("Sheet", rows)])
    write_xlsx(tmp_path / "a.xlsx", [("Sheet", rows)])

    expected = ["'=1+1", "'+81", "'-5 people", "'@sum", "'\tx", "'\rx"]
    assert _csv_rows(tmp_path / "a.csv")[1] == [*expected, "", "-5", "plain"]
    sheet = load_workbook(tmp_path / "a.xlsx", read_only=True).worksheets[0]
    cells = list(next(sheet.iter_rows(values_only=True)))
    assert cells[5] == "'\nx"  # XML keeps no bare CR: it reads back as a line feed, still quoted
    assert cells[:5] + cells[6:] == [*expected[:5], None, -5, "plain"]
