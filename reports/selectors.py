"""Reads for the ministries: totals, breakdowns and series from the rollup tables.

Two audiences (docs/adr/0001-disclosure-control.md): superusers and holders of the
`reports.see_exact_figures` permission see exact figures (`exact=True`); everyone else who may
read reports (the Ministry viewer group, the tokens issued to it) sees protected figures, each cell
passed through reports.disclosure.protect() with its count and key sum. Every figure here, totals
included, is one cell: the people of one period and one set of filters, read with SUM(people) and
SUM(key_sum), so the same cell gives the same answer however it is asked for.

The rollup tables are small (one row per month × prefecture × type × consortium × source), so
each read is a few indexed aggregate queries, never a scan of the learners' records.
"""

import datetime
import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from consortia.models import Consortium, Event
from consortia.selectors import event_list_public, ministry_viewer_membership
from core.backends import load_user
from core.exceptions import ApplicationError
from core.models import User
from core.prefectures import Prefecture
from courses.models import Course
from courses.selectors import course_list
from skills.models import HumanResourceType, StandardVersion
from skills.selectors import UnknownVersionError, hr_type_list, standard_version_get

from .disclosure import SUPPRESSED, TOTAL, perturbation_max, protect, threshold
from .forecast import Forecast, forecast_target
from .models import DailyProgress, MonthlyProgress, ReportRun, RollupState, Source, Target

GROUPS = ("prefecture", "hr_type", "consortium", "month", "source")
# The filters every figure takes, by their parameter names (dashboard, API, report runs).
FILTER_PARAMS = ("from", "to", "prefecture", "hr_type", "consortium")
Actor = User | AnonymousUser


def _access(actor: Actor) -> tuple[bool, bool]:
    """(may read reports, sees exact figures), remembered on the user object (which lives for one
    request), as Django remembers permissions: every figure request asks both. A user signed in by
    a session or an API token comes with both (ACCESS_ANNOTATIONS, loaded by core.backends); any
    other costs one query."""
    if not actor.is_authenticated or not actor.is_active:
        return False, False
    if actor.is_superuser:
        return True, True
    facts = actor.__dict__  # of request.user's lazy wrapper, when it is one: still one request
    remembered = facts.get("_reports_access")
    if remembered is None:
        loaded = actor if all(hasattr(actor, name) for name in ACCESS_ANNOTATIONS) else None
        # Any other user (a Celery task's, a test's) is read again with its facts, in one statement.
        loaded = loaded or load_user(by="pk", value=actor.pk)
        viewer, exact = (bool(getattr(loaded, name, False)) for name in ACCESS_ANNOTATIONS)
        remembered = facts["_reports_access"] = (viewer or exact, exact)
    return remembered


def _exact_permission(user: OuterRef) -> Exists:
    """Holding `reports.see_exact_figures`, directly or through a group, as a subquery."""
    return Exists(
        Permission.objects.filter(content_type__app_label="reports", codename="see_exact_figures").filter(
            Q(user=user) | Q(group__user=user)
        )
    )


# The two facts of _access, as expressions of the user (loaded with a session's user, core.backends).
ACCESS_ANNOTATIONS: dict[str, Callable[[OuterRef], Exists]] = {
    "reports_viewer": ministry_viewer_membership,
    "reports_exact": _exact_permission,
}


def actor_may_read_reports(*, actor: Actor) -> bool:
    """Superusers, members of the Ministry viewer group and holders of the exact-figures permission;
    nobody else (403 for them)."""
    return _access(actor)[0]


def actor_sees_exact_figures(*, actor: Actor) -> bool:
    """Superusers and holders of the `reports.see_exact_figures` permission (a named role, directly
    or through a group); never ministry viewers by virtue of their group."""
    return _access(actor)[1]


@dataclass(frozen=True)
class ProgressFilter:
    """Validated filters: a closed period and optional prefecture, type and consortium (ids; 0 = none)."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    prefecture: str = ""
    hr_type_id: int | None = None
    consortium_id: int | None = None

    def dimension_q(self) -> Q:
        q = Q()
        if self.prefecture:
            q &= Q(prefecture=self.prefecture)
        if self.hr_type_id is not None:
            q &= Q(hr_type_id=self.hr_type_id)
        if self.consortium_id is not None:
            q &= Q(consortium_id=self.consortium_id)
        return q


EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)


def progress_filter_parse(params: dict[str, str], *, whole_months: bool = False) -> ProgressFilter:
    """Turn query-string values into a ProgressFilter; a bad value raises ApplicationError naming it.

    With `whole_months` (every audience that sees protected figures) the period is the whole months
    it touches, exactly those (`to=2022-11-30` is November; `to=2023-01-28` is January): the
    protected cells are whole months, so a day-level period is never a cell of its own.
    """
    errors: dict[str, list[str]] = {}

    def parse_date(name: str) -> datetime.date | None:
        value = (params.get(name) or "").strip()
        if not value:
            return None
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            errors[name] = [_("'%(value)s' is not a date in the form YYYY-MM-DD.") % {"value": value}]
            return None
        if not EARLIEST <= day <= LATEST:
            errors[name] = [_("'%(value)s' is outside the years 2000 to 2100.") % {"value": value}]
            return None
        return day

    date_from, date_to = parse_date("from"), parse_date("to")
    if date_from and date_to and date_from > date_to:
        errors["from"] = [_("'from' must not be after 'to'.")]
    prefecture = (params.get("prefecture") or "").strip()
    if prefecture and prefecture not in Prefecture.values:
        errors["prefecture"] = [
            _("'%(value)s' is not one of the 47 prefecture codes.") % {"value": prefecture}
        ]
    hr_type_id = None
    if slug := (params.get("hr_type") or "").strip():
        found = HumanResourceType.objects.filter(
            slug=slug, version__part=StandardVersion.Part.PROMOTION, version__is_current=True
        ).first()
        if found is None:
            errors["hr_type"] = [_("'%(value)s' is not a human-resource type.") % {"value": slug}]
        else:
            hr_type_id = found.pk
    consortium_id = None
    if slug := (params.get("consortium") or "").strip():
        consortium = Consortium.objects.filter(slug=slug).first()
        if consortium is None:
            errors["consortium"] = [_("'%(value)s' is not a consortium.") % {"value": slug}]
        else:
            consortium_id = consortium.pk
    if errors:
        first = next(iter(errors))
        raise ApplicationError(f"{first}: {errors[first][0]}", extra={"fields": errors})
    if whole_months:
        date_from = date_from.replace(day=1) if date_from else None
        date_to = _next_month(date_to) - datetime.timedelta(days=1) if date_to else None
    return ProgressFilter(date_from, date_to, prefecture, hr_type_id, consortium_id)


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    """The first day of the month after the month of `day` (any day of it)."""
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def _period_parts(f: ProgressFilter) -> tuple[Q, Q]:
    """Split the period into whole months (read from the monthly table) and the partial months at
    its edges (read from the daily table; only exact audiences have day-level periods).
    Returns (monthly filter, daily filter)."""
    nothing = Q(pk__in=[])
    if f.date_from and f.date_to and _month_start(f.date_from) == _month_start(f.date_to):
        if f.date_from.day == 1 and f.date_to == _next_month(f.date_to) - datetime.timedelta(days=1):
            return Q(month=_month_start(f.date_from)), nothing
        return nothing, Q(day__gte=f.date_from, day__lte=f.date_to)
    monthly, daily = Q(), nothing
    if f.date_from:
        if f.date_from.day == 1:
            monthly &= Q(month__gte=f.date_from)
        else:
            monthly &= Q(month__gte=_next_month(f.date_from))
            daily |= Q(day__gte=f.date_from, day__lt=_next_month(f.date_from))
    if f.date_to:
        if f.date_to == _next_month(f.date_to) - datetime.timedelta(days=1):
            monthly &= Q(month__lte=_month_start(f.date_to))
        else:
            monthly &= Q(month__lt=_month_start(f.date_to))
            daily |= Q(day__gte=_month_start(f.date_to), day__lte=f.date_to)
    return monthly, daily


_FIELD = {
    "prefecture": "prefecture",
    "hr_type": "hr_type_id",
    "consortium": "consortium_id",
    "source": "source",
    "month": "month",
}

Cell = tuple[int, int]  # (people, sum of their record keys)
T = TypeVar("T")


def _as_date(value: object) -> object:
    return value.date() if isinstance(value, datetime.datetime) else value


def progress_cells(*, f: ProgressFilter, group: tuple[str, ...] = ()) -> dict[tuple, Cell]:
    """The exact (people, key sum) of the filter's cells, grouped by row fields (`month`,
    `prefecture`, `hr_type_id`, `consortium_id`, `source`); with no group, the one cell under key ().

    One aggregate query on the monthly table, and one on the daily table only for a day-level
    period (exact audiences only). Empty cells are left out. Exact: callers protect the figures.
    """
    monthly_q, daily_q = _period_parts(f)
    dims = f.dimension_q()
    found: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for model, q in ((MonthlyProgress, monthly_q), (DailyProgress, daily_q)):
        queryset = model.objects.filter(q & dims)
        fields = list(group)
        if model is DailyProgress and "month" in fields:
            queryset = queryset.annotate(of_month=TruncMonth("day"))
            fields = ["of_month" if name == "month" else name for name in fields]
        if fields:
            rows = list(queryset.values(*fields).annotate(n=Sum("people"), k=Sum("key_sum")).order_by())
        else:
            rows = [queryset.aggregate(n=Coalesce(Sum("people"), 0), k=Coalesce(Sum("key_sum"), 0))]
        for row in rows:
            if row["n"]:
                cell = found[tuple(_as_date(row[name]) for name in fields)]
                cell[0] += row["n"]
                cell[1] += row["k"]
    return {key: (n, k) for key, (n, k) in found.items() if n}


def _sum(cells: Iterable[Cell]) -> Cell:
    """The cell made of several disjoint cells: counts and key sums both add up."""
    people, keys = 0, 0
    for n, k in cells:
        people, keys = people + n, keys + k
    return people, keys


def figure(*, exact: bool, cell: Cell | None) -> int | str:
    """What an audience sees of a cell: the count, or its protected figure (reports/disclosure.py)."""
    people, keys = cell or (0, 0)
    return people if exact else protect(people, keys)


def _labels(group_by: str, keys: Iterable) -> dict:
    if group_by == "prefecture":
        return {k: (Prefecture(k).label if k in Prefecture.values else _("Unknown")) for k in keys}
    if group_by == "hr_type":
        names = {t.pk: t.name for t in HumanResourceType.objects.filter(pk__in=[k for k in keys if k])}
        return {k: names.get(k, _("Not classified")) for k in keys}
    if group_by == "consortium":
        names = {c.pk: c.name for c in Consortium.objects.filter(pk__in=[k for k in keys if k])}
        return {k: names.get(k, _("No consortium")) for k in keys}
    if group_by == "source":
        return {k: Source(k).label for k in keys}
    return {k: k.strftime("%Y-%m") for k in keys}


def _slugs(group_by: str, keys: Iterable) -> dict:
    if group_by == "hr_type":
        slugs = dict(HumanResourceType.objects.filter(pk__in=list(keys)).values_list("pk", "slug"))
        return {k: slugs.get(k, "") for k in keys}
    if group_by == "consortium":
        slugs = dict(Consortium.objects.filter(pk__in=list(keys)).values_list("pk", "slug"))
        return {k: slugs.get(k, "") for k in keys}
    if group_by == "month":
        return {k: k.strftime("%Y-%m") for k in keys}
    return {k: k for k in keys}


def _all_keys(group_by: str) -> list:
    """Every category of a dimension, so that zero rows show as 0 (the 47 prefectures, the 5 types...)."""
    if group_by == "prefecture":
        return list(Prefecture.values)
    if group_by == "hr_type":
        return list(
            HumanResourceType.objects.filter(
                version__part=StandardVersion.Part.PROMOTION, version__is_current=True
            ).values_list("pk", flat=True)
        )
    if group_by == "consortium":
        return list(Consortium.objects.order_by("pk").values_list("pk", flat=True))
    if group_by == "source":
        return list(Source.values)
    return []


def _months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], _month_start(first)
    while month <= last:
        months.append(month)
        month = _next_month(month)
    return months


@dataclass
class Breakdown:
    group_by: str
    rows: list[dict] = field(default_factory=list)  # key, label, people (int or "x")
    total: int | str = 0
    suppressed: bool = False  # any row or the total shown as "x"
    row_sum: int = 0  # the shown rows added up ("x" rows left out)
    tolerance: int = 0  # how far row_sum may be from the shown total (0 for exact figures)


def _breakdown(*, exact: bool, group_by: str, keyed: list[tuple[object, Cell | None]]) -> Breakdown:
    """Rows of one table, each its own cell, and their total (the union of the rows' cells)."""
    keys = [k for k, _ in keyed]
    labels, slugs = _labels(group_by, keys), _slugs(group_by, keys)
    rows = [
        {"key": slugs[k], "label": str(labels[k]), "people": figure(exact=exact, cell=c)} for k, c in keyed
    ]
    total = figure(exact=exact, cell=_sum(c for _, c in keyed if c))
    shown = [r["people"] for r in rows if r["people"] != SUPPRESSED]
    hidden = len(rows) - len(shown)
    adjusted = sum(1 for n in shown if n)  # zeros are exact
    tolerance = 0 if exact else tolerance_for(rows=adjusted, hidden=hidden)
    return Breakdown(
        group_by,
        rows,
        total,
        suppressed=bool(hidden) or total == SUPPRESSED,
        row_sum=sum(int(n) for n in shown),
        tolerance=tolerance,
    )


def tolerance_for(*, rows: int, hidden: int) -> int:
    """How far the shown rows of a protected table may add up from its shown total: each non-zero
    shown row and the total may be B from the truth, and each "x" row (left out) holds under
    threshold + B."""
    bound = perturbation_max()
    return bound * (rows + 1) + hidden * (threshold() - 1 + bound)


# The generation this process read last and when (time.monotonic() before the read), or None.
_generation_read: tuple[float, int] | None = None


def rollup_generation() -> int:
    """The rollup's generation: it grows with every run, so it keys every cached figure.

    Each process keeps what it read for REPORTS_GENERATION_SECONDS (a second by default), so a
    cached answer costs no query for it; a finished run reaches the other processes' figures within
    that time and its own process's at once (forget_rollup_generation, on commit)."""
    global _generation_read
    now = time.monotonic()
    read = _generation_read
    if read is not None and now - read[0] < settings.REPORTS_GENERATION_SECONDS:
        return read[1]
    # A plain statement: the ORM's .first() cost 0.6 ms of CPU to build, on every cached answer.
    table = connection.ops.quote_name(RollupState._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT {table}."generation" FROM {table} ORDER BY {table}."id" LIMIT 1')  # noqa: S608
        row = cursor.fetchone()
    generation = row[0] if row else 0
    if not connection.in_atomic_block:  # a value read inside a transaction may yet roll back
        _generation_read = (now, generation)
    return generation


def forget_rollup_generation() -> None:
    """Read the generation afresh on the next figure (after a rollup in this process commits)."""
    global _generation_read
    _generation_read = None


def cached(kind: str, parts: tuple, compute: Callable[[], T]) -> T:
    """`compute()` once per rollup generation and parameter set (Redis when CACHE_URL is set, so
    every web process shares it; local memory otherwise). A repeated question costs one indexed
    read of the generation and no aggregate query; the next rollup starts a new generation."""
    # The protection's settings are part of the key: a changed table never mixes with cached figures.
    protection = (threshold(), perturbation_max(), settings.REPORTS_PERTURBATION_SD)
    return _cache_through(
        (kind, rollup_generation(), protection, *parts), compute, timeout=settings.REPORTS_CACHE_SECONDS
    )


def _cache_through(parts: tuple, compute: Callable[[], T], *, timeout: int) -> T:
    """The cached value for `parts` (hashed into the key), computed and stored when missing."""
    key = "reports:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout=timeout)
    return found


def progress_breakdown(*, exact: bool, f: ProgressFilter, group_by: str) -> Breakdown:
    """People first counted in the period by one dimension, with the total; protected unless
    `exact`. Cached per rollup generation; uncached, one or two aggregate queries plus the labels."""
    if group_by not in GROUPS:
        raise ApplicationError(
            f"group_by: '{group_by}' is not one of {', '.join(GROUPS)}.",
            extra={"fields": {"group_by": [f"Choose one of {', '.join(GROUPS)}."]}},
        )
    return cached(
        "breakdown",
        (exact, f, group_by, get_language()),
        lambda: _progress_breakdown(exact=exact, f=f, group_by=group_by),
    )


def _progress_breakdown(*, exact: bool, f: ProgressFilter, group_by: str) -> Breakdown:
    cells = {key[0]: cell for key, cell in progress_cells(f=f, group=(_FIELD[group_by],)).items()}
    if group_by == "month":
        keys = _months_between(min(cells), max(cells)) if cells else []
    else:
        keys = _all_keys(group_by)
        keys += [k for k in cells if k not in keys]
    return _breakdown(exact=exact, group_by=group_by, keyed=[(k, cells.get(k)) for k in keys])


@dataclass
class Grid:
    """A two-way table with its margins; every cell and margin is its own protected cell."""

    rows: list
    columns: list
    figures: dict = field(default_factory=dict)  # (row, column) -> shown; TOTAL addresses margins

    def shown(self, row: object, column: object) -> int | str:
        return self.figures.get((row, column), 0)


def cross_table(*, exact: bool, f: ProgressFilter, rows_by: str, columns_by: str) -> dict:
    """A two-way table (e.g. prefecture × type) with margins, from one aggregate query."""
    r_key, c_key = _FIELD[rows_by], _FIELD[columns_by]
    cells = progress_cells(f=f, group=(r_key, c_key))
    rows = _all_keys(rows_by) + sorted({r for r, _ in cells} - set(_all_keys(rows_by)), key=str)
    columns = _all_keys(columns_by) + sorted({c for _, c in cells} - set(_all_keys(columns_by)), key=str)
    grid = Grid(rows=rows, columns=columns)
    for r in rows:
        for c in columns:
            grid.figures[(r, c)] = figure(exact=exact, cell=cells.get((r, c)))
        grid.figures[(r, TOTAL)] = figure(
            exact=exact, cell=_sum(v for (rr, _), v in cells.items() if rr == r)
        )
    for c in columns:
        grid.figures[(TOTAL, c)] = figure(
            exact=exact, cell=_sum(v for (_, cc), v in cells.items() if cc == c)
        )
    grid.figures[(TOTAL, TOTAL)] = figure(exact=exact, cell=_sum(cells.values()))
    return {
        "rows": [(k, str(v)) for k, v in _labels(rows_by, rows).items()],
        "columns": [(k, str(v)) for k, v in _labels(columns_by, columns).items()],
        "table": grid,
    }


def national_target() -> Target | None:
    return Target.objects.filter(scope=Target.Scope.NATIONAL).first()


def today() -> datetime.date:
    return timezone.localdate()


def report_runs_for(*, actor: Actor) -> QuerySet[ReportRun]:
    """Report runs the actor may see: every run for ministry viewers and superusers."""
    if not actor_may_read_reports(actor=actor):
        return ReportRun.objects.none()
    runs = ReportRun.objects.select_related("requested_by")
    # Exact reports are for the exact audience only.
    return runs if actor_sees_exact_figures(actor=actor) else runs.filter(is_exact=False)


# The longest a cached list of recent runs shows a renamed requester, type or consortium (names
# change without touching a run); a run's own changes show at once (report_runs_version).
RECENT_RUNS_CACHE_SECONDS = 60


def report_runs_version() -> tuple:
    """What changes whenever a run is added, deleted or changed: their number and latest update
    (every write to a run sets updated_at, reports.services): one aggregate over a small table,
    as a plain statement."""
    table = connection.ops.quote_name(ReportRun._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COUNT(*), MAX("updated_at"), MAX("id") FROM {table}')  # noqa: S608
        return tuple(cursor.fetchone())


def cached_recent_runs(*, actor: Actor, compute: Callable[[QuerySet[ReportRun]], T]) -> T:
    """`compute(runs)` for the actor's ten most recent runs (with their filter names), cached per
    runs version, audience (exact or not: the runs differ), language and time zone. Building and
    compiling that query and rendering its rows was more than half of a cached dashboard page."""
    exact = actor_sees_exact_figures(actor=actor)
    return _cache_through(
        ("runs", exact, get_language(), timezone.get_current_timezone_name(), report_runs_version()),
        lambda: compute(report_runs_with_filter_names(report_runs_for(actor=actor))[:10]),
        timeout=RECENT_RUNS_CACHE_SECONDS,
    )


def report_runs_with_filter_names(runs: QuerySet[ReportRun]) -> QuerySet[ReportRun]:
    """The runs with the names of the type and the consortium their filters name by slug (in both
    languages; None when no longer found), read in the same query as the runs, for
    reports.run_labels. Narrows nothing: pass it a queryset already scoped to the actor."""
    types = HumanResourceType.objects.filter(
        slug=KeyTextTransform("hr_type", OuterRef("parameters")),
        version__part=StandardVersion.Part.PROMOTION,
        version__is_current=True,
    )
    consortia = Consortium.objects.filter(slug=KeyTextTransform("consortium", OuterRef("parameters")))
    return runs.annotate(
        hr_type_name_ja=Subquery(types.values("name_ja")[:1]),
        hr_type_name_en=Subquery(types.values("name_en")[:1]),
        consortium_name_ja=Subquery(consortia.values("name_ja")[:1]),
        consortium_name_en=Subquery(consortia.values("name_en")[:1]),
    )


@dataclass
class Overview:
    """Everything the dashboard, the API summary and the report show for one filter."""

    exact: bool
    filter: ProgressFilter
    total: (
        int | str
    )  # cumulative up to the end of the period (all time without one), with the filter's dimensions
    period_total: int | str  # the people first counted in the period
    target: Target | None
    forecast: Forecast | None  # None when there is no target or it would disclose a hidden figure
    months: Breakdown  # additions per month within the period
    cumulative: list[
        dict
    ]  # [{"key": "YYYY-MM", "people": int | "x"}] people counted up to the end of each month
    by_prefecture: Breakdown
    by_hr_type: Breakdown
    by_consortium: Breakdown
    by_source: Breakdown


def _target_for(f: ProgressFilter) -> Target | None:
    if f.consortium_id is not None and not f.prefecture and f.hr_type_id is None:
        return Target.objects.filter(scope=Target.Scope.CONSORTIUM, consortium_id=f.consortium_id).first()
    if f.prefecture and f.consortium_id is None and f.hr_type_id is None:
        return Target.objects.filter(scope=Target.Scope.PREFECTURE, prefecture=f.prefecture).first()
    if not f.prefecture and f.consortium_id is None and f.hr_type_id is None:
        return national_target()
    return None


FORECAST_MONTHS = 3  # the recent pace: the last three complete months


def _forecast_window(as_of: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last FORECAST_MONTHS complete months before the month of `as_of`: whole months, so that
    the pace is a figure the audience could ask for itself (a day-level window would not be)."""
    end = _month_start(as_of) - datetime.timedelta(days=1)
    start = _month_start(end)
    for _month in range(FORECAST_MONTHS - 1):
        start = _month_start(start - datetime.timedelta(days=1))
    return start, end


def progress_overview(*, exact: bool, f: ProgressFilter, as_of: datetime.date | None = None) -> Overview:
    """The dashboard's figures for one filter, protected unless exact; cached per rollup generation
    (uncached, about a dozen small queries)."""
    as_of = as_of or today()
    return cached(
        "overview",
        (exact, f, as_of, get_language()),
        lambda: _progress_overview(exact=exact, f=f, as_of=as_of),
    )


def _progress_overview(*, exact: bool, f: ProgressFilter, as_of: datetime.date) -> Overview:
    """The dashboard's figures for one filter (cached as a whole by progress_overview, so the
    breakdowns are computed directly, not each through the cache).

    Every number is the figure of one cell: the headline is the people counted up to the end of the
    period, the cumulative curve the people up to the end of each month, the forecast's pace the
    people of the last three complete months. None is derived by adding up other published figures.
    """
    until_end = replace(f, date_from=None)
    history = {key[0]: cell for key, cell in progress_cells(f=until_end, group=("month",)).items()}
    cumulative, running = [], (0, 0)
    if history:
        for month in _months_between(min(history), max(history)):
            running = _sum([running, history.get(month, (0, 0))])
            cumulative.append({"key": month.strftime("%Y-%m"), "people": figure(exact=exact, cell=running)})
    months = _progress_breakdown(exact=exact, f=f, group_by="month")
    target = _target_for(f)
    forecast = None
    if target is not None:
        now = (
            running
            if f.date_to is None
            else progress_cells(f=replace(f, date_from=None, date_to=None)).get(())
        )
        start, end = _forecast_window(as_of)
        recent = figure(exact=exact, cell=progress_cells(f=replace(f, date_from=start, date_to=end)).get(()))
        total_now = figure(exact=exact, cell=now)
        if SUPPRESSED not in (recent, total_now):  # a pace from a hidden figure would reveal it
            forecast = forecast_target(
                recent_people=int(recent),
                window_start=start,
                window_days=(end - start).days + 1,
                total=int(total_now),
                target=target.people,
                deadline=target.deadline,
                as_of=as_of,
            )
    return Overview(
        exact=exact,
        filter=f,
        total=figure(exact=exact, cell=running),
        period_total=months.total,
        target=target,
        forecast=forecast,
        months=months,
        cumulative=cumulative,
        by_prefecture=_progress_breakdown(exact=exact, f=f, group_by="prefecture"),
        by_hr_type=_progress_breakdown(exact=exact, f=f, group_by="hr_type"),
        by_consortium=_progress_breakdown(exact=exact, f=f, group_by="consortium"),
        by_source=_progress_breakdown(exact=exact, f=f, group_by="source"),
    )


# --- The home page -------------------------------------------------------------------------------

HOME_COURSES = 4  # courses in each of the home page's two lists
HOME_EVENTS = 4  # upcoming events shown
HOME_EVENTS_CACHED = 12  # read per generation, so events that start before the next rollup drop off


@dataclass(frozen=True)
class NationalFigure:
    """The national headline as the public sees it: every number a protected figure of the
    dashboard's own overview (exact=False), or computed from such figures only."""

    total: int | str  # people counted so far, protected ("x" below the threshold)
    target: Target | None
    percent: float | None  # of the target, from the protected total; None when hidden or no target
    forecast: Forecast | None  # needed and recent pace; None when it would disclose a hidden figure

    @property
    def percent_shown(self) -> str:
        """The share as text: two decimals below 1 % (early on, 0.0 % would say nothing), one above."""
        if self.percent is None:
            return ""
        return f"{self.percent:.2f}" if self.percent < 1 else f"{self.percent:.1f}"


@dataclass(frozen=True)
class HomePage:
    """Everything the home page shows, computed once per rollup generation, day and language."""

    figure: NationalFigure
    updated_at: datetime.datetime | None  # when the rollup last ran; None before its first run
    version: StandardVersion | None  # the current DSS-P version, None before the standard is loaded
    hr_types: list[HumanResourceType]  # with their roles prefetched
    featured: list[Course]  # published courses most learners enrolled in
    new: list[Course]  # the newest published courses not among the featured ones
    events: list[Event]  # upcoming consortium events, earliest first


def national_figure(*, as_of: datetime.date | None = None) -> NationalFigure:
    """The public's national figure: the protected overview the dashboard shows a non-exact viewer
    for the whole country and all time (same filter, same cache), never a count of its own."""
    overview = progress_overview(exact=False, f=progress_filter_parse({}, whole_months=True), as_of=as_of)
    percent = None
    if overview.target is not None and overview.total != SUPPRESSED and overview.target.people:
        percent = int(overview.total) / overview.target.people * 100
    return NationalFigure(
        total=overview.total, target=overview.target, percent=percent, forecast=overview.forecast
    )


def home_figures(*, as_of: datetime.date | None = None) -> HomePage:
    """The home page's content, cached per rollup generation, day and language: a warm request costs
    the generation read and one cache get, and no aggregate query. Public data only; the figure is
    protected for every visitor (the home page has no exact audience)."""
    as_of = as_of or today()
    return cached("home", (as_of, get_language()), lambda: _home_figures(as_of=as_of))


def _home_figures(*, as_of: datetime.date) -> HomePage:
    try:
        version: StandardVersion | None = standard_version_get()
    except UnknownVersionError:
        version = None
    hr_types = list(hr_type_list(version=version).order_by("order", "pk")) if version else []
    # Featured: the published courses most learners have enrolled in (an ordering, not a figure: the
    # counts are never shown); ties go to the newer course.
    featured: list[Course] = list(
        course_list()
        .annotate(enrolled=Count("enrolments"))
        .filter(enrolled__gt=0)
        .order_by("-enrolled", "-created_at", "-pk")[:HOME_COURSES]
    )
    new = list(course_list().exclude(pk__in=[c.pk for c in featured])[:HOME_COURSES])
    return HomePage(
        figure=national_figure(as_of=as_of),
        updated_at=RollupState.objects.values_list("last_run_at", flat=True).first(),
        version=version,
        hr_types=hr_types,
        featured=featured,
        new=new,
        events=list(event_list_public(upcoming_only=True)[:HOME_EVENTS_CACHED]),
    )


def home_events_upcoming(page: HomePage, *, now: datetime.datetime | None = None) -> list[Event]:
    """The home page's events that have not started yet (the cached list is read once per
    generation; the ones that started since drop off here, without a query)."""
    now = now or timezone.now()
    return [event for event in page.events if event.starts_at > now][:HOME_EVENTS]
