"""The home page, and the ministry pages: the progress dashboard, report requests, a run's printable
page and its files.

Every figure comes from the selectors with `exact=actor_sees_exact_figures(actor=...)`, so ministry
viewers only ever see suppressed figures; superusers see exact ones (and a banner saying so).
Charts are plotly.js figures built in reports/charts.py and drawn in the browser by the plotly.js
that the plotly package ships (served by `plotly_js`, never from a CDN); every charted number is
also in a table.
"""

import datetime
import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar, cast

import plotly
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from consortia.models import Consortium
from core.exceptions import ApplicationError
from core.prefectures import Prefecture
from core.types import AuthenticatedHttpRequest
from skills.models import HumanResourceType, StandardVersion

from .charts import dashboard_charts, ranked
from .disclosure import (
    perturbation_max,
    perturbation_sd,
    perturbation_table,
    protection_note,
    threshold,
)
from .measure_figures import measures_table
from .models import ReportRun
from .run_labels import ACTIVE, run_filter_items, run_status_label
from .selectors import (
    FILTER_PARAMS,
    ProgressFilter,
    actor_may_read_reports,
    actor_sees_exact_figures,
    cached,
    cached_recent_runs,
    home_events_upcoming,
    home_figures,
    progress_filter_parse,
    progress_overview,
    report_runs_for,
    report_runs_with_filter_names,
)
from .services import report_path, report_run_request

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """/: the national figure (protected, as every public figure), a way in by type and role, featured
    and new courses, upcoming consortium events and when the figures were last updated.

    Served from the per-generation cache (reports.selectors.home_figures): a warm request reads the
    generation and the cache, and runs no aggregate query."""
    page = home_figures()
    return render(request, "home.html", {"home": page, "events": home_events_upcoming(page)})


def reports_reader_required(view: View) -> View:
    """Anonymous visitors go to the login page; signed-in users who may not read reports get 403."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not actor_may_read_reports(actor=request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return cast(View, wrapper)


def _filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The filters' choices with their labels as text in the current language (for the cached
    form: a lazy label cost a class built on every unpickling, a third of a cached page)."""
    types = HumanResourceType.objects.filter(
        version__part=StandardVersion.Part.PROMOTION, version__is_current=True
    ).order_by("order", "pk")
    return {
        "prefecture": [(code, str(label)) for code, label in Prefecture.choices],
        "hr_type": [(t.slug, str(t.name)) for t in types],
        "consortium": [(c.slug, str(c.name)) for c in Consortium.objects.order_by("slug")],
    }


def _field_labels() -> dict[str, str]:
    return {
        "from": _("From"),
        "to": _("To"),
        "prefecture": _("Prefecture"),
        "hr_type": _("Human-resource type"),
        "consortium": _("Consortium"),
    }


def _params(data: Any) -> dict[str, str]:
    return {name: (data.get(name) or "").strip() for name in FILTER_PARAMS}


@require_GET
@reports_reader_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """/reports/: progress toward the target with filters, charts, tables and the report runs."""
    params = _params(request.GET)
    exact = actor_sees_exact_figures(actor=request.user)
    errors: dict[str, list[str]] = {}
    try:
        f = progress_filter_parse(params, whole_months=not exact)
    except ApplicationError as error:
        errors = error.extra.get("fields") or {"__all__": [error.message]}
        figures = ""
        filters = _filters_form(params, errors)
    else:
        # The figures are rendered once per rollup generation, filter and language (rendering them
        # was most of a request): a repeated question costs the generation and the runs list.
        figures = cached("dashboard-figures", (exact, f, get_language()), lambda: _figures(exact=exact, f=f))
        # The form shows the filters as given, in one spelling per value (20250415 and 2025-04-15
        # are one date): other spellings never build or store anything again.
        shown = _as_parsed(params)
        filters = cached(
            "dashboard-filters", (tuple(shown.items()), get_language()), lambda: _filters_form(shown, {})
        )
    runs_table, runs_active = cached_recent_runs(actor=request.user, compute=_runs_table)
    context = {
        "params": params,
        "filters": mark_safe(filters),  # noqa: S308 (our own template, rendered with autoescape)
        "errors": errors,
        "error_list": [
            (name, _field_labels().get(name, name), message)
            for name, field_errors in errors.items()
            for message in field_errors
        ],
        "figures": mark_safe(figures),  # noqa: S308 (our own template, rendered with autoescape)
        "has_charts": bool(figures),
        "labels": _field_labels(),
        "note": protection_note(),
        "exact": exact,
        "runs_table": mark_safe(runs_table),  # noqa: S308 (our own template, rendered with autoescape)
        "runs_active": runs_active,
        "plotly_version": plotly.__version__,
    }
    return render(request, "reports/dashboard.html", context, status=400 if errors else 200)


def _runs_table(runs: Iterable[ReportRun]) -> tuple[str, bool]:
    """The recent runs' table as HTML, and whether any is still to finish (the page then refreshes
    without JavaScript)."""
    runs = list(runs)
    html = render_to_string(
        "reports/_runs_table.html", {"runs": [(run, run_filter_items(run)) for run in runs]}
    )
    return html, any(run.status in ACTIVE for run in runs)


def _filters_form(params: dict[str, str], errors: dict[str, list[str]]) -> str:
    """The filter form as HTML, showing `params` (a fifth of a cached page's rendering: 47
    prefectures, the types and the consortia)."""
    return render_to_string(
        "reports/_filters.html",
        {"params": params, "choices": _filter_choices(), "errors": errors, "labels": _field_labels()},
    )


def _as_parsed(params: dict[str, str]) -> dict[str, str]:
    """Valid filters (progress_filter_parse accepted them) with their dates in ISO form."""
    return {
        name: datetime.date.fromisoformat(value).isoformat() if name in ("from", "to") and value else value
        for name, value in params.items()
    }


def _figures(*, exact: bool, f: ProgressFilter) -> str:
    """The dashboard's figures as HTML (tables, charts' data, measures)."""
    overview = progress_overview(exact=exact, f=f)
    figures = render_to_string(
        "reports/_figures.html",
        {
            "overview": overview,
            "measures": measures_table(exact=exact, f=f),
            "exact": exact,
            "labels": _field_labels(),
            "charts": dashboard_charts(overview=overview, exact=exact, f=f),
            "ranked_prefectures": ranked(overview.by_prefecture),
            "note": protection_note(),
            "threshold": threshold(),
        },
    )
    return figures


@require_POST
@reports_reader_required
def report_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Queue a fresh report with the dashboard's filters; superusers may ask for exact figures."""
    params = _params(request.POST)
    exact = request.POST.get("exact") == "on"
    try:
        run = report_run_request(actor=request.user, params=params, exact=exact)
    except ApplicationError as error:
        messages.error(request, error.message)
        query = urlencode({k: v for k, v in params.items() if v})
        return redirect(f"{reverse('reports:dashboard')}?{query}" if query else reverse("reports:dashboard"))
    messages.success(request, _("Your report has been requested. This page updates while it is built."))
    return redirect(run_url(run))


def run_url(run: ReportRun) -> str:
    return reverse("reports:run-detail", kwargs={"uuid": run.uuid})


def _run_or_404(request: AuthenticatedHttpRequest, uuid: str, *, with_names: bool = False) -> ReportRun:
    runs = report_runs_for(actor=request.user)
    run = (report_runs_with_filter_names(runs) if with_names else runs).filter(uuid=uuid).first()
    if run is None:
        raise Http404
    return run


@require_GET
@reports_reader_required
def run_detail(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    """A run's printable page: who asked, parameters, status and timings, then the report's tables
    read back from its XLSX file (so the page shows exactly what was delivered)."""
    run = _run_or_404(request, uuid, with_names=True)
    path = report_path(run=run, kind="xlsx") if run.status == ReportRun.Status.SUCCEEDED else None
    context = {
        "run": run,
        "is_active": run.status in ACTIVE,
        "sheets": _sheets(path) if path else [],
        "has_xlsx": path is not None,
        "has_csv": report_path(run=run, kind="csv") is not None,
        "note": protection_note(),
        "filters": run_filter_items(run),
        "status_label": run_status_label(run),
    }
    return render(request, "reports/run_detail.html", context)


@require_GET
@reports_reader_required
def run_status(request: AuthenticatedHttpRequest, uuid: str) -> JsonResponse:
    """The status of a run, polled by the pages while it is queued or running: `status_label` is the
    label the pages show (the progress is separate, for their progress bar)."""
    run = _run_or_404(request, uuid)
    return JsonResponse(
        {
            "status": run.status,
            "status_label": run_status_label(run),
            "progress": run.progress,
            "step": run.step,
            "is_active": run.status in ACTIVE,
        }
    )


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@require_GET
@reports_reader_required
def run_download(request: AuthenticatedHttpRequest, uuid: str, kind: str) -> FileResponse:
    """A run's XLSX or CSV file; 404 when the run is not visible to the actor or has no file."""
    run = _run_or_404(request, uuid)
    path = report_path(run=run, kind=kind)
    if path is None:
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type=CONTENT_TYPES[kind]
    )


@require_GET
@reports_reader_required
def method(request: AuthenticatedHttpRequest) -> HttpResponse:
    """/reports/method/: how the figures are protected, with the published perturbation table."""
    context = {
        "threshold": threshold(),
        "bound": perturbation_max(),
        "sd": perturbation_sd(),
        "table": [(d, keys, f"{share:.6%}") for d, keys, share in perturbation_table()],
        "exact": actor_sees_exact_figures(actor=request.user),
    }
    return render(request, "reports/method.html", context)


@require_GET
def plotly_js(request: HttpRequest) -> FileResponse:
    """The plotly.js bundled with the installed plotly package (no CDN, no copy in the repository).

    Pages ask for it with ?v=<plotly version>, so it can be cached for a year."""
    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    response = FileResponse(path.open("rb"), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def _sheets(path: Path) -> list[tuple[str, list[list]]]:
    """The workbook's sheets as rows at least as wide as their header: an empty cell of a labelled
    row is None (a missing value, shown as "—"); the cells of an unlabelled row (a spacer, a total's
    code) are ""."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    try:
        sheets = []
        for sheet in workbook.worksheets:
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
            width = len(rows[0]) if rows else 0  # the header's; a write-only file omits empty cells
            rows = [row + [None] * (width - len(row)) for row in rows]
            sheets.append(
                (
                    sheet.title,
                    [
                        row if row[0] not in (None, "") else ["" if v is None else v for v in row]
                        for row in rows
                    ],
                )
            )
        return sheets
    finally:
        workbook.close()
