"""Reads for the ministries: totals, breakdowns and series from the rollup tables.

Ministry viewers (and tokens issued to them) get figures with disclosure control applied
(reports/disclosure.py); only superusers may see exact figures (`exact=True`).
The rollup tables are small (one row per month × prefecture × type × consortium × source), so
each read is a few indexed aggregate queries, never a scan of the learners' records.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from consortia.models import Consortium
from consortia.selectors import actor_is_ministry_viewer
from core.exceptions import ApplicationError
from core.models import User
from core.prefectures import Prefecture
from skills.models import HumanResourceType, StandardVersion

from .disclosure import SUPPRESSED, TOTAL, Table, suppress_series, suppress_total, threshold
from .models import DailyProgress, MonthlyProgress, Source, Target

GROUPS = ("prefecture", "hr_type", "consortium", "month", "source")
Actor = User | AnonymousUser


def actor_may_read_reports(*, actor: Actor) -> bool:
    """Superusers and members of the Ministry viewer group; nobody else (403 for them)."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    return actor.is_superuser or actor_is_ministry_viewer(actor=actor)


def actor_sees_exact_figures(*, actor: Actor) -> bool:
    return bool(actor.is_authenticated and actor.is_superuser)


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

    With `whole_months` (everyone but superusers) the period is widened to whole months: with
    day-level periods, two totals one day apart would give away who was counted that day.
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


def _next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def _period_parts(f: ProgressFilter) -> tuple[Q, Q]:
    """Split the period into whole months (read from the monthly table) and the partial months at
    its edges (read from the daily table). Returns (monthly filter, daily filter)."""
    nothing = Q(pk__in=[])
    if f.date_from and f.date_to and _month_start(f.date_from) == _month_start(f.date_to):
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
}


def progress_counts(*, f: ProgressFilter, group_by: str) -> dict:
    """Exact counts of people first counted in the period, grouped (two small aggregate queries)."""
    if group_by not in GROUPS:
        raise ApplicationError(
            f"group_by: '{group_by}' is not one of {', '.join(GROUPS)}.",
            extra={"fields": {"group_by": [f"Choose one of {', '.join(GROUPS)}."]}},
        )
    monthly_q, daily_q = _period_parts(f)
    dims = f.dimension_q()
    counts: dict = defaultdict(int)
    if group_by == "month":
        for row in MonthlyProgress.objects.filter(monthly_q & dims).values("month").annotate(n=Sum("people")):
            counts[row["month"]] += row["n"]
        daily = DailyProgress.objects.filter(daily_q & dims).annotate(m=TruncMonth("day"))
        for row in daily.values("m").annotate(n=Sum("people")):
            month = row["m"].date() if isinstance(row["m"], datetime.datetime) else row["m"]
            counts[month] += row["n"]
    else:
        key = _FIELD[group_by]
        for model, q in ((MonthlyProgress, monthly_q), (DailyProgress, daily_q)):
            for row in model.objects.filter(q & dims).values(key).annotate(n=Sum("people")):
                counts[row[key]] += row["n"]
    return {k: v for k, v in counts.items() if v}


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


@dataclass
class Breakdown:
    group_by: str
    rows: list[dict] = field(default_factory=list)  # key, label, people (int or "x")
    total: int | str = 0
    suppressed: bool = False


def progress_breakdown(*, exact: bool, f: ProgressFilter, group_by: str) -> Breakdown:
    """Counts by one dimension with the total; suppressed unless `exact` (superusers only)."""
    if not exact and group_by in ("prefecture", "hr_type"):
        return _margin_breakdown(f=f, group_by=group_by)
    counts = progress_counts(f=f, group_by=group_by)
    if group_by == "month":
        return _month_breakdown(exact=exact, counts=counts)
    keys = _all_keys(group_by)
    keys += [k for k in counts if k not in keys]
    values = {k: counts.get(k, 0) for k in keys}
    shown = values | {TOTAL: sum(values.values())} if exact else suppress_series(values)
    labels, slugs = _labels(group_by, keys), _slugs(group_by, keys)
    rows = [{"key": slugs[k], "label": str(labels[k]), "people": shown[k]} for k in keys]
    return Breakdown(group_by, rows, shown[TOTAL], suppressed=any(r["people"] == SUPPRESSED for r in rows))


def _margin_breakdown(*, f: ProgressFilter, group_by: str) -> Breakdown:
    """Prefectures or types for ministry viewers: the protected margins of the prefecture × type
    table the report publishes, so that no published table contradicts another's suppression."""
    cross = cross_table(exact=False, f=f, rows_by="prefecture", columns_by="hr_type")
    table = cross["table"]
    if group_by == "prefecture":
        keyed = [(k, label, table.shown(k, TOTAL)) for k, label in cross["rows"]]
    else:
        keyed = [(k, label, table.shown(TOTAL, k)) for k, label in cross["columns"]]
    slugs = _slugs(group_by, [k for k, _, _ in keyed])
    rows = [{"key": slugs[k], "label": label, "people": people} for k, label, people in keyed]
    total = table.shown(TOTAL, TOTAL)
    return Breakdown(group_by, rows, total, suppressed=any(r["people"] == SUPPRESSED for r in rows))


def _month_breakdown(*, exact: bool, counts: dict) -> Breakdown:
    """Monthly additions. For ministry viewers, months are merged forward until each published
    period holds at least the threshold (or none), so that no small count can be derived from
    the series or from the cumulative curve (which is the running sum of published periods)."""
    months = sorted(counts)
    if not months:
        return Breakdown("month", [], 0)
    series = []
    month = months[0]
    while month <= months[-1]:
        series.append((month, counts.get(month, 0)))
        month = _next_month(month)
    total = sum(n for _, n in series)
    if exact:
        rows = [{"key": m.strftime("%Y-%m"), "label": m.strftime("%Y-%m"), "people": n} for m, n in series]
        return Breakdown("month", rows, total)
    limit = threshold()
    if 0 < total < limit:
        return Breakdown("month", [], SUPPRESSED, suppressed=True)
    periods: list[list] = []  # [first month, last month, people]
    for m, n in series:
        if periods and 0 < periods[-1][2] < limit:
            periods[-1][1], periods[-1][2] = m, periods[-1][2] + n
        else:
            periods.append([m, m, n])
    while len(periods) > 1 and 0 < periods[-1][2] < limit:  # a small tail joins the periods before it
        tail = periods.pop()
        periods[-1][1], periods[-1][2] = tail[1], periods[-1][2] + tail[2]
    rows = []
    for first, last, n in periods:
        label = first.strftime("%Y-%m") if first == last else f"{first:%Y-%m}–{last:%Y-%m}"
        rows.append({"key": last.strftime("%Y-%m"), "label": label, "people": n, "from": f"{first:%Y-%m}"})
    merged = any(r["label"] != r["key"] for r in rows)
    return Breakdown("month", rows, total, suppressed=merged)


def cross_table(*, exact: bool, f: ProgressFilter, rows_by: str, columns_by: str) -> dict:
    """A two-way table (e.g. prefecture × type) with margins, protected as one table."""
    monthly_q, daily_q = _period_parts(f)
    dims = f.dimension_q()
    r_key, c_key = _FIELD[rows_by], _FIELD[columns_by]
    cells: dict = defaultdict(int)
    for model, q in ((MonthlyProgress, monthly_q), (DailyProgress, daily_q)):
        for row in model.objects.filter(q & dims).values(r_key, c_key).annotate(n=Sum("people")):
            cells[(row[r_key], row[c_key])] += row["n"]
    rows = _all_keys(rows_by) + sorted({r for r, _ in cells} - set(_all_keys(rows_by)), key=str)
    columns = _all_keys(columns_by) + sorted({c for _, c in cells} - set(_all_keys(columns_by)), key=str)
    table = Table(cells=dict(cells), rows=rows, columns=columns)
    if not exact:
        table.suppress()
    return {
        "rows": [(k, str(v)) for k, v in _labels(rows_by, rows).items()],
        "columns": [(k, str(v)) for k, v in _labels(columns_by, columns).items()],
        "table": table,
    }


def national_target() -> Target | None:
    return Target.objects.filter(scope=Target.Scope.NATIONAL).first()


def cumulative_total(*, f: ProgressFilter, until: datetime.date | None = None) -> int:
    """People counted up to a day (all time when None), with the filter's dimensions (not its period)."""
    qs = MonthlyProgress.objects.filter(f.dimension_q())
    if until is None:
        return qs.aggregate(n=Sum("people"))["n"] or 0
    whole = qs.filter(month__lt=_month_start(until)).aggregate(n=Sum("people"))["n"] or 0
    edge = DailyProgress.objects.filter(
        f.dimension_q(), day__gte=_month_start(until), day__lte=until
    ).aggregate(n=Sum("people"))["n"]
    return whole + (edge or 0)


def daily_series(*, f: ProgressFilter, since: datetime.date) -> dict[datetime.date, int]:
    """Exact people per day since a day (for the forecast's recent pace)."""
    rows = (
        DailyProgress.objects.filter(f.dimension_q(), day__gte=since).values("day").annotate(n=Sum("people"))
    )
    return {row["day"]: row["n"] for row in rows}


def shown_total(*, exact: bool, value: int) -> int | str:
    return value if exact else suppress_total(value)


def today() -> datetime.date:
    return timezone.localdate()


def report_runs_for(*, actor: Actor) -> QuerySet:
    """Report runs the actor may see: every run for ministry viewers and superusers."""
    from .models import ReportRun

    if not actor_may_read_reports(actor=actor):
        return ReportRun.objects.none()
    runs = ReportRun.objects.select_related("requested_by")
    # Exact (unsuppressed) reports are for superusers only.
    return runs if actor_sees_exact_figures(actor=actor) else runs.filter(is_exact=False)


@dataclass
class Overview:
    """Everything the dashboard, the API summary and the report show for one filter."""

    exact: bool
    filter: ProgressFilter
    total: int | str  # cumulative, all time, with the filter's dimensions
    period_total: int | str
    target: Target | None
    forecast: object | None  # reports.forecast.Forecast, or None when there is no target or it would disclose
    months: Breakdown  # additions per month (or merged periods) within the period
    cumulative: list[dict]  # [{"key": "YYYY-MM", "people": int}] running total at each published period end
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


def progress_overview(*, exact: bool, f: ProgressFilter, as_of: datetime.date | None = None) -> Overview:
    """The dashboard's figures for one filter, suppressed unless exact. About a dozen small queries."""
    from .forecast import forecast_target

    as_of = as_of or today()
    all_time = ProgressFilter(None, None, f.prefecture, f.hr_type_id, f.consortium_id)
    total = cumulative_total(f=all_time)
    history = _month_breakdown(exact=exact, counts=progress_counts(f=all_time, group_by="month"))
    running, cumulative = 0, []
    for row in history.rows:
        if row["people"] == SUPPRESSED:
            continue
        running += row["people"]
        cumulative.append({"key": row["key"], "people": running})
    months = progress_breakdown(exact=exact, f=f, group_by="month")
    target = _target_for(f)
    forecast = None
    if target is not None:
        window = 90
        daily = daily_series(f=all_time, since=as_of - datetime.timedelta(days=window - 1))
        recent = sum(daily.values())
        total_published = exact or suppress_total(total) != SUPPRESSED
        if total_published and (exact or not (0 < recent < threshold())):
            forecast = forecast_target(
                daily=daily,
                total=total,
                target=target.people,
                deadline=target.deadline,
                as_of=as_of,
                window_days=window,
            )
    period_total = sum(r["people"] for r in months.rows if r["people"] != SUPPRESSED) if months.rows else 0
    return Overview(
        exact=exact,
        filter=f,
        total=shown_total(exact=exact, value=total),
        period_total=months.total
        if months.total == SUPPRESSED
        else shown_total(exact=exact, value=period_total),
        target=target,
        forecast=forecast,
        months=months,
        cumulative=cumulative,
        by_prefecture=progress_breakdown(exact=exact, f=f, group_by="prefecture"),
        by_hr_type=progress_breakdown(exact=exact, f=f, group_by="hr_type"),
        by_consortium=progress_breakdown(exact=exact, f=f, group_by="consortium"),
        by_source=progress_breakdown(exact=exact, f=f, group_by="source"),
    )
