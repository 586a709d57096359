"""The cell key method (reports/disclosure.py): the perturbation table and protected figures."""

import statistics

import pytest

from reports.disclosure import (
    KEY_SPACE,
    SUPPRESSED,
    perturbation,
    perturbation_max,
    perturbation_table,
    protect,
    threshold,
)

KEYS = range(0, KEY_SPACE, 97)  # a spread sample of cell keys


def test_the_table_covers_the_key_space_and_every_adjustment_can_occur():
    table = perturbation_table()

    assert [d for d, _, _ in table] == list(range(-15, 16))
    assert sum(keys for _, keys, _ in table) == KEY_SPACE
    assert all(keys >= 1 for _, keys, _ in table)
    assert [keys for _, keys, _ in table] == [keys for _, keys, _ in reversed(table)]  # symmetric


def test_adjustments_are_small_unbiased_and_bounded():
    noise = [perturbation(120, k) for k in KEYS]

    assert max(abs(d) for d in noise) <= perturbation_max()
    assert abs(statistics.mean(noise)) < 0.05
    assert 1.9 < statistics.pstdev(noise) < 2.1
    assert sum(abs(d) <= 2 for d in noise) / len(noise) > 0.75


def test_the_same_count_and_key_always_give_the_same_figure():
    assert [protect(57, k) for k in KEYS] == [protect(57, k) for k in KEYS]
    assert protect(57, 123) == protect(57, 123 + KEY_SPACE)  # the key is the sum modulo the key space


def test_one_more_person_moves_the_figure_by_fresh_noise():
    # Adding a person with key r moves the cell key by r: the new adjustment is another draw.
    pairs = [(perturbation(40, k), perturbation(41, (k + 4321) % KEY_SPACE)) for k in KEYS]

    assert abs(statistics.correlation([a for a, _ in pairs], [b for _, b in pairs])) < 0.05


@pytest.mark.parametrize("people", [1, 5, 9, 10, 11, 24, 1000, 2_300_000])
def test_figures_stay_within_the_bound_and_below_the_threshold_show_as_x(people):
    for key in KEYS:
        shown = protect(people, key)
        if shown == SUPPRESSED:
            assert people - perturbation_max() < threshold()
        else:
            assert shown >= threshold()
            assert abs(shown - people) <= perturbation_max()


def test_an_empty_cell_is_zero_and_small_cells_are_mostly_x():
    assert protect(0, 999) == 0
    assert sum(protect(3, k) == SUPPRESSED for k in KEYS) / len(KEYS) > 0.99
