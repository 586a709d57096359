"""Writes of the reports app: setting up targets and the rule, requesting and building reports."""

import datetime
import hashlib
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from consortia.selectors import MINISTRY_VIEWER_GROUP
from core.exceptions import ApplicationError
from core.files import temporary_beside, write_csv, write_xlsx
from core.models import User
from core.queue import enqueue, enqueue_on_commit
from learners.models import Exam

from .disclosure import SUPPRESSED, TOTAL, protection_note
from .measure_figures import MeasuresTable, measures_table
from .models import CountingRule, LevelRank, ReportRun, Target
from .run_labels import run_filter_items
from .selectors import (
    FILTER_PARAMS,
    ProgressFilter,
    actor_may_read_reports,
    actor_sees_exact_figures,
    cross_table,
    progress_filter_parse,
    progress_overview,
    report_runs_with_filter_names,
)

# What the Ministry viewer group may read in admin: the rule, the targets and their own report runs.
MINISTRY_VIEWER_PERMISSIONS = ("view_countingrule", "view_target", "view_reportrun")
NATIONAL_TARGET = 2_300_000
NATIONAL_DEADLINE = datetime.date(2027, 3, 31)  # end of FY2026 (shared/reference/programs.yaml §1, P1/P4)


@transaction.atomic
def reports_setup() -> list[str]:
    """Create what counting needs, once: the national target, counting rule v1, the Ministry viewer
    group and the nightly schedules. Idempotent; never overwrites what an operator changed."""
    done = []
    _, created = Target.objects.get_or_create(
        scope=Target.Scope.NATIONAL,
        defaults={
            "people": NATIONAL_TARGET,
            "deadline": NATIONAL_DEADLINE,
            "note": "デジタル推進人材 230万人 (FY2022–FY2026 cumulative), デジタル田園都市国家構想. Sources P1, P4, P5.",
        },
    )
    done.append(f"national target {'created' if created else 'kept'}")
    if not CountingRule.objects.exists():
        rule = CountingRule.objects.create(
            version=1,
            name="Initial rule",
            is_active=True,
            min_course_level=LevelRank.C,
            note=(
                "Project default; the official counting method was not found in the sources (programs.yaml "
                "counting_method: verified false). Qualifying exams: IPA level 2 and above."
            ),
        )
        rule.qualifying_exams.set(Exam.objects.filter(level__gte=2))
        done.append("counting rule v1 created")
    group, _ = Group.objects.get_or_create(name=MINISTRY_VIEWER_GROUP)
    reports_permissions = Permission.objects.filter(content_type__app_label="reports")
    group.permissions.add(*reports_permissions.filter(codename__in=MINISTRY_VIEWER_PERMISSIONS))
    # Person-level records, rollup internals and exact figures are never the group's, even where
    # an earlier version granted them (docs/adr/0001-disclosure-control.md).
    group.permissions.remove(*reports_permissions.exclude(codename__in=MINISTRY_VIEWER_PERMISSIONS))
    done.append(periodic_tasks_setup())
    return done


def periodic_tasks_setup() -> str:
    """Beat schedules in code, editable afterwards in admin (django-celery-beat). Idempotent."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    schedules = [
        # Every 15 minutes: incremental rollup, so a finished course reaches the dashboard within
        # the hour (an incremental run takes about 2 s at national scale; one runs at a time).
        (
            "Progress rollup (every 15 minutes)",
            "reports.tasks.rollup_progress_task",
            {"minute": "*/15"},
            "{}",
        ),
        # 03:30 JST every Sunday: full rebuild (picks up deletions, which the watermark cannot see).
        (
            "Progress rollup (weekly full rebuild)",
            "reports.tasks.rollup_progress_task",
            {"minute": "30", "hour": "3", "day_of_week": "0"},
            '{"full": true}',
        ),
        # Every 5 minutes: report runs whose task was lost (broker outage, killed worker).
        (
            "Report runs sweep",
            "reports.tasks.report_run_sweep_task",
            {"minute": "*/5"},
            "{}",
        ),
        # Every 5 minutes: completed courses whose certificate task was lost.
        (
            "Certificates sweep",
            "learners.tasks.credential_sweep_task",
            {"minute": "*/5"},
            "{}",
        ),
        # 06:00 JST on the 1st of each month: the ministry report.
        (
            "Ministry report (monthly)",
            "reports.tasks.report_scheduled_task",
            {"minute": "0", "hour": "6", "day_of_month": "1"},
            "{}",
        ),
    ]
    # The nightly incremental rollup of earlier versions is replaced by the 15-minute one.
    PeriodicTask.objects.filter(name="Progress rollup (nightly)").delete()
    created = 0
    for name, task, cron, kwargs in schedules:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        schedule, _ = CrontabSchedule.objects.get_or_create(timezone=settings.TIME_ZONE, **cron)
        PeriodicTask.objects.create(name=name, task=task, crontab=schedule, kwargs=kwargs)
        created += 1
    return f"{created} periodic tasks created"


@transaction.atomic
def counting_rule_save(*, rule: CountingRule) -> CountingRule:
    """Save a counting rule as a new version (the next number), or save an existing version's
    `is_active`. Activating a version deactivates every other one first (one active rule), so the
    next rollup rebuilds with it. Versions are never edited otherwise (refused here). Superusers only
    (admin enforces it)."""
    if rule.pk is None:
        last = CountingRule.objects.select_for_update().order_by("-version").first()
        rule.version = (last.version if last else 0) + 1
    else:
        stored = CountingRule.objects.select_for_update().get(pk=rule.pk)
        changed = [
            f.name
            for f in CountingRule._meta.concrete_fields
            if f.name not in ("is_active", "updated_at", "created_at")
            and getattr(stored, f.attname) != getattr(rule, f.attname)
        ]
        if changed:
            raise ApplicationError(
                _("A counting rule version cannot be edited; save your changes as a new version."),
                extra={"fields": {name: [_("Saved versions are read-only.")] for name in changed}},
            )
        if stored.is_active and not rule.is_active:
            raise ApplicationError(
                _("One counting rule must stay active: activate another version instead."),
                extra={"fields": {"is_active": [_("Activate another version instead.")]}},
            )
    if rule.is_active:
        CountingRule.objects.filter(is_active=True).exclude(pk=rule.pk).update(is_active=False)
    rule.full_clean()
    rule.save()
    return rule


def report_run_request(*, actor: User | None, params: dict[str, str], exact: bool = False) -> ReportRun:
    """Queue a report build. Validates the parameters first (ApplicationError naming the field).

    Only the exact audience may ask for exact figures; ministry viewers get protected ones.
    """
    if actor is not None and not actor_may_read_reports(actor=actor):
        raise ApplicationError(_("You may not request ministry reports."))
    if exact and (actor is None or not actor_sees_exact_figures(actor=actor)):
        raise ApplicationError(_("Only those who may see exact figures may request them."))
    progress_filter_parse(params)  # raises on bad input
    clean = {k: v for k, v in params.items() if k in FILTER_PARAMS and v}
    run = ReportRun.objects.create(requested_by=actor, parameters=clean, is_exact=exact)
    from .tasks import report_build_task

    enqueue_on_commit(report_build_task, str(run.uuid))
    return run


def _reports_dir() -> Path:
    # Private: never under MEDIA_ROOT (served as public files when debugging); only run_download serves them.
    folder = Path(settings.REPORTS_FILES_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _progress(run: ReportRun, percent: int, step: str) -> None:
    ReportRun.objects.filter(pk=run.pk).update(progress=percent, step=step, updated_at=timezone.now())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def report_build(*, run: ReportRun) -> ReportRun:
    """Build the run's XLSX and CSV. Safe to run twice: only a queued (or failed) run is claimed,
    in one UPDATE, so a second delivery of the same task, or a concurrent one, does nothing.

    Files are written to temporary names and renamed into place only when complete; on any error
    the run is marked failed with the reason and no partial file remains. A worker killed mid-build
    leaves the run "running" with no progress: report_run_sweep starts it again.
    """
    now = timezone.now()
    claimed = ReportRun.objects.filter(
        pk=run.pk, status__in=[ReportRun.Status.QUEUED, ReportRun.Status.FAILED]
    ).update(
        status=ReportRun.Status.RUNNING, started_at=now, finished_at=None, error="", progress=1,
        step="collecting figures", attempts=F("attempts") + 1, updated_at=now,
    )  # fmt: skip
    run.refresh_from_db()
    if not claimed:
        return run
    temporary: list[Path] = []
    try:
        with override("ja"):
            sheets = _report_sheets(run)
        _progress(run, 60, "writing XLSX")
        folder = _reports_dir()
        base = f"progress-report-{timezone.localdate():%Y%m%d}-{run.uuid.hex[:8]}"
        xlsx_tmp, csv_tmp = temporary_beside(folder, ".xlsx.part"), temporary_beside(folder, ".csv.part")
        temporary += [xlsx_tmp, csv_tmp]
        write_xlsx(xlsx_tmp, sheets)
        _progress(run, 85, "writing CSV")
        write_csv(csv_tmp, sheets)
        xlsx_path, csv_path = folder / f"{base}.xlsx", folder / f"{base}.csv"
        os.replace(xlsx_tmp, xlsx_path)
        os.replace(csv_tmp, csv_path)
        run.xlsx_file, run.csv_file = xlsx_path.name, csv_path.name
        run.xlsx_sha256, run.csv_sha256 = _sha256(xlsx_path), _sha256(csv_path)
        run.row_counts = {name: len(rows) - 1 for name, rows in sheets}
        run.status, run.progress, run.step = ReportRun.Status.SUCCEEDED, 100, "done"
    except Exception as error:
        for path in temporary:
            path.unlink(missing_ok=True)
        run.status, run.error, run.step = (
            ReportRun.Status.FAILED,
            f"{type(error).__name__}: {error}",
            "failed",
        )
        run.finished_at = timezone.now()
        run.save()
        raise
    run.finished_at = timezone.now()
    run.save()
    return run


def _cell(value: object) -> object:
    return SUPPRESSED if value == SUPPRESSED else value


def _report_sheets(run: ReportRun) -> list[tuple[str, list[list]]]:
    """The report's tables as (sheet name, rows); the first row of each is its header."""
    f: ProgressFilter = progress_filter_parse(run.parameters, whole_months=not run.is_exact)
    exact = run.is_exact
    named = report_runs_with_filter_names(ReportRun.objects.filter(pk=run.pk)).get()  # names, not slugs
    overview = progress_overview(exact=exact, f=f)
    _progress(run, 25, "breakdowns")
    note = _("Figures are exact.") if exact else protection_note()
    summary: list[list[Any]] = [
        [_("Item"), _("Value")],
        [_("Counted people (cumulative)"), _cell(overview.total)],
        [_("People counted in the period"), _cell(overview.period_total)],
        [
            _("Period"),
            f"{f.date_from.isoformat() if f.date_from else ''}–{f.date_to.isoformat() if f.date_to else ''}",
        ],
        [_("Filters"), " / ".join(run_filter_items(named))],
    ]
    if overview.target:
        summary.append([_("Target"), overview.target.people])
        summary.append([_("Deadline"), overview.target.deadline.isoformat()])
    if overview.forecast:
        fc = overview.forecast
        summary.append(
            [
                _("Recent pace (people per month, %(first)s to %(last)s)")
                % {"first": f"{fc.window_start:%Y-%m}", "last": f"{fc.window_end:%Y-%m}"},
                round(fc.recent_monthly_pace),
            ]
        )
        summary.append(
            # no date (no recent pace): an empty cell, never a "-" placeholder (it would be quoted as text)
            [_("Forecast date the target is reached"), fc.expected_on.isoformat() if fc.expected_on else None]
        )
        summary.append([_("Monthly pace needed to reach it on time"), round(fc.needed_monthly_pace)])
    summary.append([_("Note"), note])
    summary.append([_("Generated at"), timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    monthly: list[list[Any]] = [[_("Month"), _("People added"), _("Cumulative")]]
    cumulative = {row["key"]: row["people"] for row in overview.cumulative}
    for row in overview.months.rows:
        monthly.append([row["label"], _cell(row["people"]), cumulative.get(row["key"])])
    sheets: list[tuple[str, list[list[Any]]]] = [(_("Summary"), summary), (_("Monthly"), monthly)]
    for title, breakdown in (
        (_("By prefecture"), overview.by_prefecture),
        (_("By type"), overview.by_hr_type),
        (_("By consortium"), overview.by_consortium),
        (_("By source"), overview.by_source),
    ):
        rows: list[list[Any]] = [[_("Code"), _("Name"), _("People")]]
        rows += [[r["key"], r["label"], _cell(r["people"])] for r in breakdown.rows]
        rows.append(["", _("Total"), _cell(breakdown.total)])
        sheets.append((title, rows))
    _progress(run, 45, "prefecture × type table")
    cross = cross_table(exact=exact, f=f, rows_by="prefecture", columns_by="hr_type")
    table = cross["table"]
    header = [_("Prefecture"), *[label for _, label in cross["columns"]], _("Total")]
    rows = [header]
    for key, label in cross["rows"]:
        rows.append(
            [
                label,
                *[_cell(table.shown(key, c)) for c, _ in cross["columns"]],
                _cell(table.shown(key, TOTAL)),
            ]
        )
    rows.append(
        [
            _("Total"),
            *[_cell(table.shown(TOTAL, c)) for c, _ in cross["columns"]],
            _cell(table.shown(TOTAL, TOTAL)),
        ]
    )
    sheets.append((_("Prefecture × type"), rows))
    _progress(run, 60, "measures")
    sheets.append((_("By measure"), _measure_rows(measures_table(exact=exact, f=f))))
    return sheets


def _measure_rows(table: MeasuresTable) -> list[list[Any]]:
    """The measures table as one sheet: each measure, head-counts, the total, the reconciliation
    and the overlap (every figure as the dashboard shows it)."""
    rows: list[list[Any]] = [[_("Measure"), _("People")]]
    rows += [[row["label"], _cell(row["people"])] for row in table.measures]
    rows.append(
        [
            _("Consortium head-counts (anonymous attendance)"),
            None if table.head_count is None else _cell(table.head_count),  # None: an empty cell
        ]
    )
    rows.append([_("Unique people counted"), _cell(table.total)])
    rows.append(["", ""])
    rows.append([_("From the sum of measures to unique people"), _("People")])  # a sub-table's header
    rows += [[row["label"], _cell(row["value"])] for row in table.reconciliation]
    rows.append(["", ""])
    rows.append([_("Overlap: people reached by both measures"), *[row["label"] for row in table.overlap]])
    rows += [[row["label"], *[_cell(value) for value in row["cells"]]] for row in table.overlap]
    return rows


# A queued run is normally claimed within seconds, and a running one reports progress between steps
# (a national report takes under a second); past these deadlines the sweep steps in.
QUEUED_DEADLINE = datetime.timedelta(minutes=5)
RUNNING_DEADLINE = datetime.timedelta(minutes=15)
MAX_ATTEMPTS = 3


def report_run_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Recover report runs whose task was lost: a run queued for longer than QUEUED_DEADLINE is
    enqueued again; a run "running" with no progress for RUNNING_DEADLINE (its worker was killed)
    goes back to the queue, or is marked failed with the reason after MAX_ATTEMPTS builds; temporary
    files older than RUNNING_DEADLINE are removed. Idempotent; run by beat every few minutes."""
    from .tasks import report_build_task

    now = now or timezone.now()
    failed, pending = 0, []
    stale = ReportRun.objects.filter(status=ReportRun.Status.RUNNING, updated_at__lt=now - RUNNING_DEADLINE)
    for run in stale:
        still_stale = ReportRun.objects.filter(
            pk=run.pk, status=ReportRun.Status.RUNNING, updated_at=run.updated_at
        )
        if run.attempts >= MAX_ATTEMPTS:
            failed += still_stale.update(
                status=ReportRun.Status.FAILED, step="failed", finished_at=now, updated_at=now,
                error=f"The worker building this report stopped {run.attempts} times; request a new report.",
            )  # fmt: skip
        elif still_stale.update(status=ReportRun.Status.QUEUED, step="queued again", updated_at=now):
            pending.append(run.uuid)
    files_removed = _remove_stale_parts(older_than=now - RUNNING_DEADLINE)
    waiting = ReportRun.objects.filter(status=ReportRun.Status.QUEUED, updated_at__lt=now - QUEUED_DEADLINE)
    pending += list(waiting.exclude(uuid__in=pending).values_list("uuid", flat=True))
    requeued = sum(enqueue(report_build_task, str(uuid)) for uuid in pending)
    return {"requeued": requeued, "failed": failed, "files_removed": files_removed}


def _remove_stale_parts(*, older_than: datetime.datetime) -> int:
    """Temporary report files a killed build left behind (a build in progress renames its own)."""
    removed = 0
    for path in _reports_dir().glob("*.part"):
        try:
            if path.stat().st_mtime < older_than.timestamp():
                path.unlink()
                removed += 1
        except FileNotFoundError:  # renamed or removed meanwhile
            continue
    return removed


def report_path(*, run: ReportRun, kind: str) -> Path | None:
    """The stored file of a finished run ('xlsx' or 'csv'), or None."""
    name = run.xlsx_file if kind == "xlsx" else run.csv_file
    if not name:
        return None
    path = _reports_dir() / Path(name).name
    return path if path.exists() else None
