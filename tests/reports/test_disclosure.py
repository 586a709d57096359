"""Suppression never leaves a count below the threshold recoverable from what is published."""

import random
from fractions import Fraction

import pytest

from reports.disclosure import SUPPRESSED, TOTAL, Table, suppress_series, suppress_total


def _determined(table: Table) -> set:
    """Hidden cells whose value follows from the published figures (exact linear algebra)."""
    hidden = sorted(table.hidden, key=str)
    index = {cell: i for i, cell in enumerate(hidden)}
    rows_ext = [*table.rows, TOTAL]
    cols_ext = [*table.columns, TOTAL]
    equations = []
    # Each row of the extended table: its cells minus its total = 0, and likewise each column.
    for r in rows_ext:
        eq = [Fraction(0)] * len(hidden)
        for c in table.columns:
            if (r, c) in index:
                eq[index[(r, c)]] += 1
        if (r, TOTAL) in index:
            eq[index[(r, TOTAL)]] -= 1
        equations.append(eq)
    for c in cols_ext:
        eq = [Fraction(0)] * len(hidden)
        for r in table.rows:
            if (r, c) in index:
                eq[index[(r, c)]] += 1
        if (TOTAL, c) in index:
            eq[index[(TOTAL, c)]] -= 1
        equations.append(eq)
    # Row-reduce; a hidden cell is determined iff its unit vector lies in the row space.
    matrix = [row[:] for row in equations if any(row)]
    pivots = []
    r = 0
    for col in range(len(hidden)):
        pivot = next((i for i in range(r, len(matrix)) if matrix[i][col] != 0), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        matrix[r] = [v / matrix[r][col] for v in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][col] != 0:
                factor = matrix[i][col]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[r], strict=True)]
        pivots.append(col)
        r += 1
    determined = set()
    for row in matrix[:r]:
        nonzero = [i for i, v in enumerate(row) if v != 0]
        if len(nonzero) == 1:
            determined.add(hidden[nonzero[0]])
    return determined


def test_a_small_count_is_shown_as_x_and_protected_by_a_second_cell():
    table = Table(cells={("福岡", "a"): 3, ("福岡", "b"): 40, ("熊本", "a"): 25, ("熊本", "b"): 30},
                  rows=["福岡", "熊本"], columns=["a", "b"]).suppress(10)  # fmt: skip

    assert table.shown("福岡", "a") == SUPPRESSED
    assert table.hidden == {("福岡", "a"), ("福岡", "b"), ("熊本", "a"), ("熊本", "b")}
    assert table.shown(TOTAL, TOTAL) == 98
    assert _determined(table) == set()


def test_series_with_one_small_value_hides_the_next_smallest():
    shown = suppress_series({"kyushu": 120, "tohoku": 4, "chugoku": 55, "kansai": 80}, limit=10)

    assert shown == {"kyushu": 120, "tohoku": "x", "chugoku": "x", "kansai": 80, TOTAL: 259}


def test_zero_is_published_and_a_small_total_is_hidden():
    assert suppress_series({"a": 0, "b": 3}, limit=10) == {"a": 0, "b": "x", TOTAL: "x"}
    assert suppress_total(9, limit=10) == "x"
    assert suppress_total(10, limit=10) == 10
    assert suppress_total(0, limit=10) == 0


@pytest.mark.parametrize("seed", range(60))
def test_no_suppressed_cell_is_recoverable_on_random_tables(seed):
    rng = random.Random(seed)
    rows = [f"r{i}" for i in range(rng.randint(1, 7))]
    columns = [f"c{j}" for j in range(rng.randint(1, 6))]
    cells = {(r, c): rng.choice([0, 0, 1, 2, 5, 9, 10, 11, 30, 250]) for r in rows for c in columns}
    table = Table(cells=cells, rows=rows, columns=columns).suppress(10)

    every_small_cell = {cell for cell in table.extended() if 0 < table.value(*cell) < 10}
    assert every_small_cell <= table.hidden
    assert _determined(table) & table.hidden == set()


@pytest.mark.parametrize("seed", range(5))
def test_prefecture_by_type_table_is_protected(seed):
    rng = random.Random(1000 + seed)
    rows, columns = [f"{i:02d}" for i in range(1, 48)], ["ba", "de", "ds", "se", "cs"]
    cells = {(r, c): rng.choice([0, 1, 3, 8, 12, 40, 400, 5000]) for r in rows for c in columns}
    table = Table(cells=cells, rows=rows, columns=columns).suppress(10)

    assert {cell for cell in table.extended() if 0 < table.value(*cell) < 10} <= table.hidden
    assert _determined(table) & table.hidden == set()


def _narrow_lines(table: Table, limit: int = 10) -> list:
    """Lines with a published total whose hidden cells are each bounded below the threshold."""
    rows, columns = [*table.rows, TOTAL], [*table.columns, TOTAL]
    lines = [[(r, c) for c in columns] for r in rows] + [[(r, c) for r in rows] for c in columns]
    narrow = []
    for line in lines:
        if line[-1] in table.hidden:
            continue
        hidden = [cell for cell in line[:-1] if cell in table.hidden]
        if hidden and sum(table.value(*c) for c in hidden) - len(hidden) + 1 < limit:
            narrow.append(line)
    return narrow


def test_two_ones_are_not_given_away_by_the_total():
    # Zeros are published, so two hidden cells summing to 2 would both have to be 1.
    shown = suppress_series({"a": 1, "b": 1, "c": 50, "d": 0}, limit=10)

    assert shown == {"a": "x", "b": "x", "c": "x", "d": 0, TOTAL: 52}


@pytest.mark.parametrize("seed", range(60))
def test_no_hidden_cell_is_bounded_below_the_threshold(seed):
    rng = random.Random(500 + seed)
    rows = [f"r{i}" for i in range(rng.randint(1, 7))]
    columns = [f"c{j}" for j in range(rng.randint(1, 6))]
    cells = {(r, c): rng.choice([0, 0, 1, 1, 2, 5, 9, 10, 11, 30, 250]) for r in rows for c in columns}

    table = Table(cells=cells, rows=rows, columns=columns).suppress(10)

    assert _narrow_lines(table) == []
    assert _determined(table) & table.hidden == set()
