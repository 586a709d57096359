"""Reads of progress by policy measure (issue #12): people reached per measure, their overlap, the
anonymous head-counts, and the reconciliation of the sum of measures with the unique-person total.

The government's own tables add up counts per measure; the platform counts unique people. Here
both stand side by side for one set of filters, as of the end of the period:

- a measure's figure is the people (counted under the active rule) reached by it up to that day;
  a person reached by two measures is one person in the total and one in each measure;
- every figure, overlap and head-count is one cell, protected on its own by the cell key method
  (reports/disclosure.py) for every audience without exact figures, exactly as the dashboard's
  figures are: the total here is the same cell as the dashboard's headline, so it is the same
  number;
- the reconciliation rows are arithmetic on figures already shown (nothing new is disclosed), with
  a last row for what protection leaves over.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from consortia.models import AttendanceAudience

from .disclosure import SUPPRESSED
from .models import HeadCountProgress, Measure, MeasureProgress
from .selectors import Cell, ProgressFilter, _sum, cached, figure

Shown = int | str  # a figure as an audience sees it: a count or "x"
NOT_APPLICABLE = None  # a row that does not apply: an empty cell in files, "—" on pages, null in the API


@dataclass
class MeasuresTable:
    exact: bool
    as_of: datetime.date | None  # the end of the period (None: up to now)
    measures: list[dict] = field(default_factory=list)  # key, label, people
    head_count: Shown | None = None  # None: the filter does not apply to head-counts (a type)
    head_counts_by_audience: list[dict] = field(default_factory=list)  # key, label, persons
    total: Shown = 0  # unique people reached by any measure (= the dashboard's headline)
    overlap: list[dict] = field(default_factory=list)  # key, label, cells: [shown per measure]
    by_number: list[dict] = field(default_factory=list)  # k, people reached by exactly k measures
    reconciliation: list[dict] = field(default_factory=list)  # key, label, value


def _popcount(mask: int) -> int:
    return bin(mask).count("1")


def _add(values: list[Shown], factors: list[int] | None = None) -> Shown:
    """A sum of shown figures; "x" when any is hidden (its value is not known to the reader)."""
    if any(value == SUPPRESSED for value in values):
        return SUPPRESSED
    factors = factors or [1] * len(values)
    return sum(int(value) * factor for value, factor in zip(values, factors, strict=True))


def _minus(value: Shown) -> Shown:
    return value if value == SUPPRESSED else -int(value)


def measures_table(*, exact: bool, f: ProgressFilter) -> MeasuresTable:
    """The measures table for one filter (dimensions and the end of its period; its start is not
    used: people reached *up to* the end). Protected unless `exact`; cached per rollup generation
    (uncached: two aggregate queries)."""
    return cached("measures", (exact, f, get_language()), lambda: _measures_table(exact=exact, f=f))


def _measures_table(*, exact: bool, f: ProgressFilter) -> MeasuresTable:
    until = Q(day__lte=f.date_to) if f.date_to else Q()
    rows = (
        MeasureProgress.objects.filter(until & f.dimension_q())
        .values("measures")
        .annotate(n=Sum("people"), k=Sum("key_sum"))
        .order_by()
    )
    by_mask: dict[int, Cell] = {row["measures"]: (row["n"], row["k"]) for row in rows if row["n"]}
    table = MeasuresTable(exact=exact, as_of=f.date_to)

    def shown(test) -> Shown:
        return figure(exact=exact, cell=_sum(cell for mask, cell in by_mask.items() if test(mask)))

    measures = list(Measure)
    for measure in measures:
        table.measures.append(
            {
                "key": measure.name.lower(),
                "label": str(measure.label),
                "people": shown(lambda m, b=measure: m & b),
            }
        )
    table.total = shown(lambda m: True)
    for row_measure in measures:
        table.overlap.append(
            {
                "key": row_measure.name.lower(),
                "label": str(row_measure.label),
                "cells": [shown(lambda m, a=row_measure, b=col: m & a and m & b) for col in measures],
            }
        )
    table.by_number = [
        {"measures": k, "people": shown(lambda m, k=k: _popcount(m) == k)}
        for k in range(1, len(measures) + 1)
    ]
    if f.hr_type_id is None:  # head-counts have no human-resource type
        q = Q()
        if f.prefecture:
            q &= Q(prefecture=f.prefecture)
        if f.consortium_id is not None:
            q &= Q(consortium_id=f.consortium_id)
        counts = {
            row["audience"]: (row["n"], row["k"])
            for row in HeadCountProgress.objects.filter(until & q)
            .values("audience")
            .annotate(n=Sum("persons"), k=Sum("key_sum"))
            .order_by()
        }
        table.head_count = figure(exact=exact, cell=_sum(counts.values()))
        table.head_counts_by_audience = [
            {"key": code, "label": str(label), "persons": figure(exact=exact, cell=counts.get(code))}
            for code, label in AttendanceAudience.choices
        ]
    table.reconciliation = _reconciliation(table)
    return table


def _reconciliation(table: MeasuresTable) -> list[dict]:
    """From the sum of measures (the government's way) to unique people (the platform's)."""
    people = _add([row["people"] for row in table.measures])
    applies = table.head_count is not None
    head_count: Shown = table.head_count if table.head_count is not None else 0
    extra = _add(
        [row["people"] for row in table.by_number[1:]], [row["measures"] - 1 for row in table.by_number[1:]]
    )
    derived = _add([people, _minus(extra)])
    remainder = _add([table.total, _minus(derived)])
    rows: list[tuple[str, str, Shown | None]] = [
        ("sum_people", _("People reached, added up measure by measure"), people),
        ("head_counts", _("Head-counts at consortium events (anonymous)"), head_count),
        ("sum_all", _("Sum of all measures"), _add([people, head_count])),
        (
            "less_head_counts",
            _("Less head-counts: anonymous, so not part of the unique count"),
            _minus(head_count),
        ),
        (
            "less_repeats",
            _("Less people reached by more than one measure, once for each measure after the first"),
            _minus(extra),
        ),
        ("protection", _("Difference left by protecting each figure on its own"), remainder),
        ("total", _("Unique people counted"), table.total),
    ]
    if not applies:  # a type filter: head-counts have none
        rows = [
            (k, label, NOT_APPLICABLE if k in ("head_counts", "less_head_counts") else v)
            for k, label, v in rows
        ]
    return [{"key": key, "label": str(label), "value": value} for key, label, value in rows]
